/**
 * The catalog at run time: the config file's entries merged with those made through the write
 * API. Every change is validated by the config's own schemas, stored (so it survives a
 * restart), synced for its one provider, and handed to the subscribers (the monitor and the
 * notice collector), which pick it up at once. Changes run one at a time.
 *
 * Config entries are the file's: the API refuses to change or archive them (409), and an API
 * entry whose id the file later defines gives way to the file's definition at the next start.
 */
import type { Catalog, Channel, Provider } from '../domain/catalog.ts';
import { ApiError } from '../api/errors.ts';
import type { Logger } from '../log.ts';
import { syncCatalog, type CatalogKeys } from '../store/catalog-sync.ts';
import type { Database } from '../store/database.ts';
import { isPlainObject, mergePatch, parseChannel, parseProvider, type Body } from './definitions.ts';
import { fromConfig, invalid, valid } from './problems.ts';
import { deleteEntry, deleteProviderEntries, loadApiEntries, putEntry, type ApiEntry } from './entries.ts';
import { exportCatalogYaml } from './export-yaml.ts';
import { mergeCatalog, type ApiIds } from './merge.ts';
import { archiveLeftOut, syncProvider, type ProviderKeys } from './sync-provider.ts';

/** A provider after a change (null: archived) with its keys, for whoever runs it. */
export interface ProviderChange {
  id: string;
  provider: Provider | null;
  keys: ProviderKeys;
}

/** An entry as the write API answers: its definition as in the YAML file, and where it came from. */
export interface EntryView {
  id: string;
  provider: string;
  source: 'config' | 'api';
  definition: Body;
  updated_at: string;
  updated_by: string;
}

export interface CatalogAdminOptions {
  database: Database;
  /** The config file's catalog. */
  config: Catalog;
  log: Logger;
  now?: () => number;
}

export class CatalogAdmin {
  private readonly database: Database;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly entries = new Map<string, ApiEntry>();
  private readonly listeners: Array<(change: ProviderChange) => void> = [];
  private current: Catalog;
  private api: ApiIds;
  private queue: Promise<unknown> = Promise.resolve();
  private lastStamp: number;

  private constructor(options: CatalogAdminOptions, merged: { catalog: Catalog; api: ApiIds }, entries: ApiEntry[], stamp: number) {
    this.database = options.database;
    this.log = options.log;
    this.now = options.now ?? Date.now;
    this.current = merged.catalog;
    this.api = merged.api;
    for (const entry of entries) this.entries.set(entryKey(entry.kind, entry.id), entry);
    this.lastStamp = stamp;
  }

  /**
   * Merges the config with the stored API entries, syncs the merged catalog to the database,
   * and returns the admin with the catalog's keys (for the monitor and the collector).
   *
   * @example const { admin, keys } = await CatalogAdmin.open({ database, config, log });
   */
  static async open(options: CatalogAdminOptions): Promise<{ admin: CatalogAdmin; keys: CatalogKeys }> {
    const entries = await loadApiEntries(options.database.db);
    const merged = mergeCatalog(options.config, entries);
    for (const { entry, reason } of merged.leftOut) options.log.warn('API catalog entry left out', { kind: entry.kind, id: entry.id, provider: entry.providerId, reason });
    const stamp = (options.now ?? Date.now)();
    const keys = await syncCatalog(options.database, merged.catalog, stamp, merged.api);
    const live = { providers: new Set(merged.catalog.providers.map((p) => p.id)), channels: new Set(merged.catalog.providers.flatMap((p) => p.channels.map((c) => c.id))) };
    const gone = (kind: ApiEntry['kind'], ids: Set<string>) => merged.leftOut.filter((l) => l.entry.kind === kind && !ids.has(l.entry.id)).map((l) => l.entry.id);
    await archiveLeftOut(options.database, { providers: gone('provider', live.providers), channels: gone('channel', live.channels) }, stamp);
    return { admin: new CatalogAdmin(options, merged, entries, stamp), keys };
  }

  /** The merged catalog now. Never mutated: each change makes a new one. */
  get catalog(): Catalog {
    return this.current;
  }

  /** Hears of every change, after it is stored. */
  subscribe(listener: (change: ProviderChange) => void): void {
    this.listeners.push(listener);
  }

  /** The whole catalog as a config file (see `exportCatalogYaml`). */
  exportYaml(): string {
    return exportCatalogYaml(this.current);
  }

  /** Makes a provider with its channels (`body` is a provider of the YAML file). */
  createProvider(body: Body, who: string): Promise<EntryView> {
    return this.serially(async () => {
      const id = String(body.id ?? '');
      this.refuseTakenProvider(id);
      const channels = Array.isArray(body.channels) ? body.channels : [];
      channels.forEach((c, i) => {
        const channelId = isPlainObject(c) ? c.id : undefined;
        if (typeof channelId !== 'string') return;
        this.refuseTakenChannel(channelId);
        if (channels.findIndex((d) => isPlainObject(d) && d.id === channelId) !== i) throw invalid([{ path: `channels[${i}].id`, message: `duplicate channel id "${channelId}"` }]);
      });
      const provider = valid(parseProvider(body));
      const stamp = this.stamp();
      const { channels: bodies, ...own } = body as Body & { channels: Body[] };
      const written = [entryOf('provider', provider.id, provider.id, own, stamp, who), ...bodies.map((c) => entryOf('channel', String(c.id), provider.id, c, stamp, who))];
      await this.database.transact(written.map((e) => putEntry(this.database.db, e)));
      this.api.providers.add(provider.id);
      for (const e of written) {
        this.entries.set(entryKey(e.kind, e.id), e);
        if (e.kind === 'channel') this.api.channels.add(e.id);
      }
      await this.apply(provider.id, provider, stamp);
      return this.providerView(provider.id);
    });
  }

  /** Changes an API-made provider's own fields by a JSON merge patch (its channels one at a time). */
  updateProvider(id: string, patch: Body, who: string): Promise<EntryView> {
    return this.serially(async () => {
      const entry = this.apiEntry('provider', id);
      if ('channels' in patch) throw invalid([{ path: 'channels', message: 'channels are changed one at a time: POST /api/v1/providers/:id/channels, PATCH or DELETE /api/v1/channels/:id' }]);
      if (patch.id !== undefined && patch.id !== id) throw invalid([{ path: 'id', message: 'the id of a provider cannot change; archive it and make a new one' }]);
      const body = mergePatch(entry.body, patch) as Body;
      const channelBodies = this.channelEntriesOf(id).map((c) => c.body);
      const provider = valid(parseProvider({ ...body, channels: channelBodies }));
      const stamp = this.stamp();
      const next = entryOf('provider', id, id, body, stamp, who, entry.createdAt);
      await this.database.transact([putEntry(this.database.db, next)]);
      this.entries.set(entryKey('provider', id), next);
      await this.apply(id, provider, stamp);
      return this.providerView(id);
    });
  }

  /** Archives an API-made provider and its channels (their history stays). */
  archiveProvider(id: string): Promise<void> {
    return this.serially(async () => {
      this.apiEntry('provider', id);
      await this.database.transact([deleteProviderEntries(this.database.db, id)]);
      for (const [key, entry] of this.entries) {
        if (entry.providerId !== id) continue;
        this.entries.delete(key);
        if (entry.kind === 'channel') this.api.channels.delete(entry.id);
      }
      this.api.providers.delete(id);
      await this.apply(id, null, this.stamp());
    });
  }

  /** Adds a channel (a channel of the YAML file) to a provider of either source. */
  createChannel(providerId: string, body: Body, who: string): Promise<EntryView> {
    return this.serially(async () => {
      const provider = this.providerOf(providerId);
      if (typeof body.id === 'string') this.refuseTakenChannel(body.id);
      const channel = valid(parseChannel(body, provider));
      const stamp = this.stamp();
      const entry = entryOf('channel', channel.id, providerId, body, stamp, who);
      await this.database.transact([putEntry(this.database.db, entry)]);
      this.entries.set(entryKey('channel', channel.id), entry);
      this.api.channels.add(channel.id);
      await this.apply(providerId, { ...provider, channels: [...provider.channels, channel] }, stamp);
      return this.channelView(channel.id);
    });
  }

  /** Changes an API-made channel by a JSON merge patch of its definition. */
  updateChannel(id: string, patch: Body, who: string): Promise<EntryView> {
    return this.serially(async () => {
      const entry = this.apiEntry('channel', id);
      if (patch.id !== undefined && patch.id !== id) throw invalid([{ path: 'id', message: 'the id of a channel cannot change; archive it and make a new one' }]);
      const provider = this.providerOf(entry.providerId);
      const body = mergePatch(entry.body, patch) as Body;
      const channel = valid(parseChannel(body, provider));
      const stamp = this.stamp();
      const next = entryOf('channel', id, entry.providerId, body, stamp, who, entry.createdAt);
      await this.database.transact([putEntry(this.database.db, next)]);
      this.entries.set(entryKey('channel', id), next);
      await this.apply(provider.id, { ...provider, channels: provider.channels.map((c): Channel => (c.id === id ? channel : c)) }, stamp);
      return this.channelView(id);
    });
  }

  /** Archives an API-made channel: unscheduled, hidden from views, its history kept. */
  archiveChannel(id: string): Promise<void> {
    return this.serially(async () => {
      const entry = this.apiEntry('channel', id);
      const provider = this.providerOf(entry.providerId);
      if (provider.channels.length === 1) {
        throw new ApiError(409, 'conflict', `"${id}" is the last channel of provider "${provider.id}", and a provider needs one; archive the provider instead (DELETE /api/v1/providers/${provider.id}).`);
      }
      await this.database.transact([deleteEntry(this.database.db, 'channel', id)]);
      this.entries.delete(entryKey('channel', id));
      this.api.channels.delete(id);
      await this.apply(provider.id, { ...provider, channels: provider.channels.filter((c) => c.id !== id) }, this.stamp());
    });
  }

  /** Swaps the provider into the catalog, syncs it, and tells the subscribers. */
  private async apply(id: string, provider: Provider | null, stamp: number): Promise<void> {
    const providers = [...this.current.providers];
    const index = providers.findIndex((p) => p.id === id);
    if (provider === null) providers.splice(index, index >= 0 ? 1 : 0);
    else if (index >= 0) providers[index] = provider;
    else providers.push(provider);
    this.current = { ...this.current, providers };
    const keys = await syncProvider(this.database, id, provider, this.api, stamp);
    this.log.info(provider === null ? 'provider archived through the API' : 'catalog changed through the API', { provider: id, channels: provider?.channels.length ?? 0 });
    for (const listener of this.listeners) listener({ id, provider, keys });
  }

  /** The API entry of that kind and id: 404 for none, 409 for a config entry. */
  private apiEntry(kind: ApiEntry['kind'], id: string): ApiEntry {
    const entry = this.entries.get(entryKey(kind, id));
    const live = kind === 'provider' ? this.api.providers.has(id) : this.api.channels.has(id);
    if (entry && live) return entry;
    const inCatalog = kind === 'provider' ? this.current.providers.some((p) => p.id === id) : this.current.providers.some((p) => p.channels.some((c) => c.id === id));
    if (inCatalog) throw fromConfig(kind, id);
    throw new ApiError(404, 'not_found', `No ${kind} "${id}"`);
  }

  private providerOf(id: string): Provider {
    const provider = this.current.providers.find((p) => p.id === id);
    if (!provider) throw new ApiError(404, 'not_found', `No provider "${id}"`);
    return provider;
  }

  private channelEntriesOf(providerId: string): ApiEntry[] {
    const provider = this.providerOf(providerId);
    return provider.channels.map((c) => this.entries.get(entryKey('channel', c.id))!);
  }

  private refuseTakenProvider(id: string): void {
    if (!this.current.providers.some((p) => p.id === id)) return;
    if (!this.api.providers.has(id)) throw fromConfig('provider', id);
    throw new ApiError(409, 'conflict', `Provider "${id}" exists already; change it with PATCH /api/v1/providers/${id}.`);
  }

  private refuseTakenChannel(id: string): void {
    const owner = this.current.providers.find((p) => p.channels.some((c) => c.id === id));
    if (!owner) return;
    if (!this.api.channels.has(id)) throw fromConfig('channel', id);
    throw new ApiError(409, 'conflict', `Channel "${id}" exists already (provider "${owner.id}"); change it with PATCH /api/v1/channels/${id}.`);
  }

  private providerView(id: string): EntryView {
    const entry = this.entries.get(entryKey('provider', id))!;
    const channels = this.channelEntriesOf(id).map((c) => c.body);
    return view(entry, { ...entry.body, channels });
  }

  private channelView(id: string): EntryView {
    const entry = this.entries.get(entryKey('channel', id))!;
    return view(entry, entry.body);
  }

  /** A stamp later than every earlier one: rows not carrying it are the ones a sync archives. */
  private stamp(): number {
    this.lastStamp = Math.max(this.now(), this.lastStamp + 1);
    return this.lastStamp;
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function entryKey(kind: ApiEntry['kind'], id: string): string {
  return `${kind}:${id}`;
}

function entryOf(kind: ApiEntry['kind'], id: string, providerId: string, body: Body, stamp: number, who: string, createdAt = stamp): ApiEntry {
  return { kind, id, providerId, body, createdAt, updatedAt: stamp, updatedBy: who };
}

function view(entry: ApiEntry, definition: Body): EntryView {
  return { id: entry.id, provider: entry.providerId, source: 'api', definition, updated_at: new Date(entry.updatedAt).toISOString(), updated_by: entry.updatedBy };
}
