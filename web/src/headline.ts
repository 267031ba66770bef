/**
 * The one answer at the top of a provider's page. The provider's state comes from the API
 * (the same rule as everywhere: unknown channels do not vote, closed only when all are
 * closed); the channels add what the words need: whether any is down, when it opens.
 */
import type { Channel, ChannelState } from './api/types.ts';

export type HeadlineKind = 'reachable' | 'slow' | 'partial' | 'down' | 'closed' | 'maintenance' | 'unknown';

export interface Headline {
  kind: HeadlineKind;
  /** The state whose colour and icon the headline wears. */
  state: ChannelState;
  /** For `closed`: the earliest opening (ISO), if any channel will open. */
  opensAt: string | null;
  /** For `maintenance`: the earliest end of a window in force (ISO). */
  until: string | null;
}

function earliest(values: (string | null | undefined)[]): string | null {
  let best: string | null = null;
  for (const v of values) if (v && (best === null || Date.parse(v) < Date.parse(best))) best = v;
  return best;
}

/**
 * The headline of a provider.
 *
 * @example headlineOf({ state: 'degraded', channels: [{ state: 'down' }, { state: 'up' }] }).kind // 'partial'
 */
export function headlineOf(provider: { state: ChannelState; channels: readonly Pick<Channel, 'state' | 'opens_at' | 'maintenance'>[] }): Headline {
  const base = { state: provider.state, opensAt: null, until: null };
  switch (provider.state) {
    case 'up':
      return { ...base, kind: 'reachable' };
    case 'degraded':
      return { ...base, kind: provider.channels.some((c) => c.state === 'down') ? 'partial' : 'slow' };
    case 'down':
      return { ...base, kind: 'down' };
    case 'closed':
      return { ...base, kind: 'closed', opensAt: earliest(provider.channels.map((c) => c.opens_at)) };
    case 'maintenance':
      return {
        ...base,
        kind: 'maintenance',
        until: earliest(provider.channels.map((c) => (c.state === 'maintenance' && c.maintenance?.active ? c.maintenance.ends_at : null))),
      };
    case 'unknown':
      return { ...base, kind: 'unknown' };
  }
}
