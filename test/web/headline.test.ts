/** The customer page's one-line answer, from the provider state the API gives and its channels. */
import { describe, expect, it } from 'vitest';
import type { Channel, ChannelState } from '../../web/src/api/types.ts';
import { headlineOf, type HeadlineKind } from '../../web/src/headline.ts';

type Ch = Pick<Channel, 'state' | 'opens_at' | 'maintenance'>;
const ch = (state: ChannelState, extra: Partial<Ch> = {}): Ch => ({ state, opens_at: null, maintenance: null, ...extra });

describe('headlineOf', () => {
  it.each<[string, ChannelState, Ch[], HeadlineKind]>([
    ['all up', 'up', [ch('up'), ch('up')], 'reachable'],
    ['up with a closed and an unknown channel', 'up', [ch('up'), ch('closed'), ch('unknown')], 'reachable'],
    ['one down among up ones', 'degraded', [ch('down'), ch('up')], 'partial'],
    ['only slow', 'degraded', [ch('degraded'), ch('up')], 'slow'],
    ['all open ones down', 'down', [ch('down'), ch('closed')], 'down'],
    ['all closed', 'closed', [ch('closed'), ch('closed')], 'closed'],
    ['all in maintenance', 'maintenance', [ch('maintenance')], 'maintenance'],
    ['no data', 'unknown', [ch('unknown')], 'unknown'],
  ])('%s → %s', (_name, state, channels, kind) => {
    expect(headlineOf({ state, channels }).kind).toBe(kind);
  });

  it('names the earliest opening when support is closed', () => {
    const hl = headlineOf({
      state: 'closed',
      channels: [ch('closed', { opens_at: '2026-11-24T01:00:00.000Z' }), ch('closed', { opens_at: '2026-11-23T23:30:00.000Z' }), ch('closed')],
    });
    expect(hl).toMatchObject({ kind: 'closed', state: 'closed', opensAt: '2026-11-23T23:30:00.000Z' });
  });

  it('names the earliest end of a maintenance window in force', () => {
    const window = (ends_at: string, active = true) => ({ active, starts_at: '2026-11-23T00:00:00.000Z', ends_at });
    const hl = headlineOf({
      state: 'maintenance',
      channels: [ch('maintenance', { maintenance: window('2026-11-23T04:00:00.000Z') }), ch('maintenance', { maintenance: window('2026-11-23T03:00:00.000Z') }), ch('up', { maintenance: window('2026-11-23T01:00:00.000Z', false) })],
    });
    expect(hl.until).toBe('2026-11-23T03:00:00.000Z');
  });
});
