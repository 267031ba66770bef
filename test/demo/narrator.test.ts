import { describe, expect, it } from 'vitest';
import { channelLines, clock, incidentLines, stateReason, type ApiChannel, type ApiIncident } from '../../src/demo/narrator.ts';

const TZ = 'Asia/Shanghai';

function ch(id: string, state: string, extra: Partial<ApiChannel> = {}): ApiChannel {
  return { id, state, state_reason: null, opens_at: null, last_check: null, ...extra };
}

const failed503 = { latency_ms: 4, http_status: 503, error: { class: 'http_status', message: 'expected status 200, got 503' } };

describe('clock', () => {
  it.each([
    [0, '00:00'],
    [999, '00:00'],
    [42_000, '00:42'],
    [75_500, '01:15'],
    [3_600_000, '60:00'],
    [-5, '00:00'],
  ])('%i ms → %s', (ms, text) => {
    expect(clock(ms)).toBe(text);
  });
});

describe('stateReason', () => {
  it.each([
    ['down with an error', ch('a', 'down', { last_check: failed503 }), 'http_status: expected status 200, got 503'],
    ['down, error without message', ch('a', 'down', { last_check: { ...failed503, error: { class: 'timeout', message: null } } }), 'timeout'],
    ['degraded', ch('a', 'degraded', { last_check: { latency_ms: 2503, http_status: 200, error: null } }), 'slow: answered in 2503 ms'],
    ['up', ch('a', 'up', { last_check: { latency_ms: 3, http_status: 200, error: null } }), 'HTTP 200 in 3 ms'],
    ['up, never checked', ch('a', 'up'), null],
    [
      'closed with an opening',
      ch('a', 'closed', { state_reason: 'outside service hours', opens_at: '2026-11-23T09:00:00.000Z' }),
      'outside service hours; opens at 17:00 Asia/Shanghai time',
    ],
    ['closed for good', ch('a', 'closed', { state_reason: 'outside service hours' }), 'outside service hours'],
    ['unknown', ch('a', 'unknown', { state_reason: 'no check yet' }), 'no check yet'],
  ])('%s', (_name, channel, reason) => {
    expect(stateReason(channel, TZ)).toBe(reason);
  });
});

describe('channelLines', () => {
  const cases: [string, [string, string][], ApiChannel[], string[]][] = [
    ['nothing changed', [['demopay-chat', 'up']], [ch('demopay-chat', 'up')], []],
    [
      'a change, with its reason',
      [['demopay-hotline', 'up']],
      [ch('demopay-hotline', 'down', { last_check: failed503 })],
      ['00:42  demopay-hotline  up → down  (http_status: expected status 200, got 503)'],
    ],
    [
      'a new channel, padded to the longest id',
      [['demopay-hotline', 'up']],
      [ch('demopay-hotline', 'up'), ch('demopay-email', 'unknown', { state_reason: 'no probe' })],
      ['00:42  demopay-email    unknown  (no probe)'],
    ],
    ['a change with nothing to explain', [['x', 'unknown']], [ch('x', 'up')], ['00:42  x  unknown → up']],
  ];
  it.each(cases)('%s', (_name, before, channels, lines) => {
    expect(channelLines(new Map(before), channels, '00:42', TZ)).toEqual(lines);
  });
});

describe('incidentLines', () => {
  const open: ApiIncident = { id: 1, channel: 'demopay-hotline', ended_at: null, duration_s: 10, cause: failed503.error };
  const closed: ApiIncident = { ...open, ended_at: '2026-11-23T10:01:30.000Z', duration_s: 40 };
  const opened = '01:00  incident #1 opened on demopay-hotline  (http_status: expected status 200, got 503)';
  const ended = '01:00  incident #1 closed on demopay-hotline after 40 s';

  const cases: [string, [number, boolean][], ApiIncident[], string[]][] = [
    ['a new open incident', [], [open], [opened]],
    ['still open', [[1, true]], [open], []],
    ['closed since', [[1, true]], [closed], [ended]],
    ['already closed when first seen', [], [closed], [opened, ended]],
    ['closed and known', [[1, false]], [closed], []],
    ['without a cause', [], [{ ...open, cause: null }], ['01:00  incident #1 opened on demopay-hotline']],
    [
      'several, told oldest first',
      [],
      [{ ...open, id: 2, channel: 'demopay-chat' }, open],
      [opened, opened.replace('#1', '#2').replace('demopay-hotline', 'demopay-chat')],
    ],
  ];
  it.each(cases)('%s', (_name, before, incidents, lines) => {
    expect(incidentLines(new Map(before), incidents, '01:00')).toEqual(lines);
  });
});
