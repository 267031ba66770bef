import type { TimelineProbe } from '../domain/history/index.ts';
import { historyChannelOf, loadTimelineProbes, type HistoryChannel } from '../history/channels.ts';
import type { Db } from '../store/database.ts';
import { ApiError } from './errors.ts';
import { catalogVersion, listChannelInfo, listProviders, type ChannelInfo, type ProviderRow } from '../store/reads.ts';

/** The catalog as the API reads it: providers and their channels, hours and windows parsed. */
export interface CatalogView {
  version: string | null;
  providers: ProviderRow[];
  providerById: Map<string, ProviderRow>;
  channelsByProvider: Map<number, ChannelInfo[]>;
  /** Active channels by id, with their provider. */
  channelById: Map<string, { channel: ChannelInfo; provider: ProviderRow }>;
  /** Every probe's timing (archived ones too) by channel key, for history read from checks. */
  probesByChannel: Map<number, TimelineProbe[]>;
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
    const [providers, channels, probesByChannel] = await Promise.all([listProviders(db), listChannelInfo(db), loadTimelineProbes(db)]);
    const providerByPk = new Map(providers.map((p) => [p.pk, p]));
    const channelsByProvider = new Map<number, ChannelInfo[]>();
    const channelById = new Map<string, { channel: ChannelInfo; provider: ProviderRow }>();
    for (const channel of channels) {
      const own = channelsByProvider.get(channel.providerPk);
      if (own) own.push(channel);
      else channelsByProvider.set(channel.providerPk, [channel]);
      const provider = providerByPk.get(channel.providerPk);
      if (provider) channelById.set(channel.id, { channel, provider });
    }
    cached = { version, providers, providerById: new Map(providers.map((p) => [p.id, p])), channelsByProvider, channelById, probesByChannel };
    return cached;
  };
}

/**
 * A channel of the catalog as history reads it (its provider's zone and windows, its probes'
 * timing), or a `not_found` problem for an unknown or archived id.
 *
 * @example historyChannelById(await deps.catalog(), 'examplepay-chat')
 */
export function historyChannelById(catalog: CatalogView, id: string): HistoryChannel {
  const found = catalog.channelById.get(id);
  if (!found) throw new ApiError(404, 'not_found', `No channel "${id}"`);
  return historyChannelOf(found.provider, found.channel, catalog.probesByChannel.get(found.channel.pk) ?? []);
}
