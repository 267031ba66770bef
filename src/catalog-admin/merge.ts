/**
 * One catalog from two sources: the config file and the entries made through the write API.
 * Config entries win: an API entry whose id the config now defines is left out (and reported),
 * so editing the file is always the last word. Pure.
 */
import type { Catalog, Channel, Provider } from '../domain/catalog.ts';
import type { ApiEntry } from './entries.ts';
import { parseChannel, parseProvider, type DefinitionProblem } from './definitions.ts';

/** Which live entries came from the API; everything else in the catalog is from the config. */
export interface ApiIds {
  providers: Set<string>;
  channels: Set<string>;
}

/** An API entry that is stored but not in the catalog, and why. */
export interface LeftOut {
  entry: Pick<ApiEntry, 'kind' | 'id' | 'providerId'>;
  reason: string;
}

export interface MergedCatalog {
  catalog: Catalog;
  api: ApiIds;
  leftOut: LeftOut[];
}

/**
 * Merges the config catalog with the stored API entries. API channels of a config provider
 * come after its config channels, in the order they were made. An API channel whose provider
 * is in neither source (it was removed from the config) is left out but stays stored: it comes
 * back if the provider does.
 *
 * @example const { catalog, api } = mergeCatalog(loadConfigFile(path), await loadApiEntries(db));
 */
export function mergeCatalog(config: Catalog, entries: readonly ApiEntry[]): MergedCatalog {
  const configProviders = new Set(config.providers.map((p) => p.id));
  const configChannels = new Set(config.providers.flatMap((p) => p.channels.map((c) => c.id)));
  const api: ApiIds = { providers: new Set(), channels: new Set() };
  const leftOut: LeftOut[] = [];
  const channelsOf = new Map<string, ApiEntry[]>();
  for (const entry of entries) {
    if (entry.kind !== 'channel') continue;
    if (configChannels.has(entry.id)) {
      leftOut.push({ entry, reason: `the config file now defines channel "${entry.id}"; its definition is used` });
      continue;
    }
    const own = channelsOf.get(entry.providerId);
    if (own) own.push(entry);
    else channelsOf.set(entry.providerId, [entry]);
  }

  const providers: Provider[] = config.providers.map((provider) => {
    const extra = channelsOf.get(provider.id);
    channelsOf.delete(provider.id);
    if (!extra) return provider;
    const channels: Channel[] = [...provider.channels];
    for (const entry of extra) {
      const parsed = parseChannel(entry.body, provider);
      if (!parsed.ok) leftOut.push({ entry, reason: invalid(parsed.problems) });
      else channels.push(parsed.value), api.channels.add(entry.id);
    }
    return { ...provider, channels };
  });

  for (const entry of entries) {
    if (entry.kind !== 'provider') continue;
    if (configProviders.has(entry.id)) {
      leftOut.push({ entry, reason: `the config file now defines provider "${entry.id}"; its definition is used` });
      continue;
    }
    const own = channelsOf.get(entry.id) ?? [];
    channelsOf.delete(entry.id);
    const parsed = parseProvider({ ...entry.body, channels: own.map((c) => c.body) });
    if (!parsed.ok) {
      leftOut.push({ entry, reason: invalid(parsed.problems) });
      continue;
    }
    providers.push(parsed.value);
    api.providers.add(entry.id);
    for (const channel of own) api.channels.add(channel.id);
  }
  for (const orphans of channelsOf.values()) {
    for (const entry of orphans) leftOut.push({ entry, reason: `provider "${entry.providerId}" is in neither the config file nor the API entries` });
  }
  return { catalog: { ...config, providers }, api, leftOut };
}

function invalid(problems: readonly DefinitionProblem[]): string {
  return `its stored definition is no longer valid: ${problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; ')}`;
}
