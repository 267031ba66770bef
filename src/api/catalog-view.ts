import type { Db } from '../store/database.ts';
import { catalogVersion, listChannelInfo, listProviders, type ChannelInfo, type ProviderRow } from '../store/reads.ts';

/** The catalog as the API reads it: providers and their channels, hours and windows parsed. */
export interface CatalogView {
  version: string | null;
  providers: ProviderRow[];
  providerById: Map<string, ProviderRow>;
  channelsByProvider: Map<number, ChannelInfo[]>;
}

/**
 * Returns the catalog view, rebuilt only when the catalog version changes (one primary-key
 * read per request). Keeping the parsed hours objects across requests also lets the service
 * hours code reuse its per-object caches, which fresh rows every request would defeat.
 */
export function catalogViewCache(db: Db): () => Promise<CatalogView> {
  let cached: CatalogView | undefined;
  return async function catalogView() {
    const version = await catalogVersion(db);
    if (cached && cached.version === version) return cached;
    const [providers, channels] = await Promise.all([listProviders(db), listChannelInfo(db)]);
    const channelsByProvider = new Map<number, ChannelInfo[]>();
    for (const channel of channels) {
      const own = channelsByProvider.get(channel.providerPk);
      if (own) own.push(channel);
      else channelsByProvider.set(channel.providerPk, [channel]);
    }
    cached = { version, providers, providerById: new Map(providers.map((p) => [p.id, p])), channelsByProvider };
    return cached;
  };
}
