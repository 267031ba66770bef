/**
 * Channel states as metrics, computed by the app at each scrape from the same reads and the
 * same rule (`channelStateNow`) as the API, so a dashboard and an alert agree with the page.
 *
 * Cardinality: a state-set (one series per channel and state) would be 600,000 series at
 * 100,000 channels. Instead:
 * - `supportwatch_channels{state}`: how many channels are in each state (6 series);
 * - `supportwatch_channel_up{provider,channel}`: 1 up or degraded, 0 down, and no sample
 *   while a channel is closed, in maintenance or unknown, so `supportwatch_channel_up == 0`
 *   fires only on a real outage (one series per channel, present only while it is measured).
 */
import type { RouteDeps } from '../api/deps.ts';
import { channelStateNow } from '../api/views.ts';
import { CHANNEL_STATES, type ChannelState } from '../domain/vocabulary.ts';
import { listLiveNotices, type StoredNotice } from '../notices/store.ts';
import { listChannelStates, withState } from '../store/reads.ts';
import type { Family } from './exposition.ts';

/** One channel's state now. */
export interface ChannelStateSample {
  provider: string;
  channel: string;
  state: ChannelState;
}

/**
 * The channel-state families from the samples.
 *
 * @example channelStateFamilies([{ provider: 'acme', channel: 'acme-chat', state: 'down' }])
 * // supportwatch_channels{state="down"} 1 (0 for the other states), supportwatch_channel_up{provider="acme",channel="acme-chat"} 0
 */
export function channelStateFamilies(samples: readonly ChannelStateSample[]): Family[] {
  const counts = new Map<ChannelState, number>(CHANNEL_STATES.map((s) => [s, 0]));
  const up: Family['samples'][number][] = [];
  for (const s of samples) {
    counts.set(s.state, counts.get(s.state)! + 1);
    if (s.state === 'up' || s.state === 'degraded' || s.state === 'down') {
      up.push({ labels: { provider: s.provider, channel: s.channel }, value: s.state === 'down' ? 0 : 1 });
    }
  }
  return [
    {
      name: 'supportwatch_channels',
      help: 'Channels by state now (up, degraded, down, closed, maintenance, unknown).',
      type: 'gauge',
      samples: CHANNEL_STATES.map((state) => ({ labels: { state }, value: counts.get(state)! })),
    },
    {
      name: 'supportwatch_channel_up',
      help: 'Whether a channel answers now: 1 up or degraded, 0 down; absent while closed, in maintenance or unknown.',
      type: 'gauge',
      samples: up,
    },
  ];
}

/**
 * Every active channel's state now: one read of the measured states and one of the notices
 * in effect, then the API's rule per channel (service hours, maintenance, announced outages).
 */
export async function readChannelStates(deps: Pick<RouteDeps, 'database' | 'catalog' | 'now'>): Promise<ChannelStateSample[]> {
  const catalog = await deps.catalog();
  const now = deps.now();
  const { db } = deps.database;
  const [states, live] = await Promise.all([listChannelStates(db), listLiveNotices(db, { now })]);
  const noticesOf = new Map<number, StoredNotice[]>();
  for (const notice of live) {
    const own = noticesOf.get(notice.providerPk);
    if (own) own.push(notice);
    else noticesOf.set(notice.providerPk, [notice]);
  }
  const samples: ChannelStateSample[] = [];
  for (const provider of catalog.providers) {
    const notices = noticesOf.get(provider.pk) ?? [];
    for (const info of catalog.channelsByProvider.get(provider.pk) ?? []) {
      samples.push({ provider: provider.id, channel: info.id, state: channelStateNow(withState(info, states.get(info.pk)), provider, now, notices) });
    }
  }
  return samples;
}
