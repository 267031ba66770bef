/**
 * The history queries over a real database: whatever mix of daily rows, hourly rows and raw
 * checks answers a question, the answer is the one a roll-up of all the raw checks gives.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daysBack, rollUpChannel, uptimeOf, windowStart, type HistoryWindow } from '../../src/domain/history/index.ts';
import { channelDaily, channelHeatmap, channelLatency, channelUptime, providerUptimes } from '../../src/history/queries.ts';
import { writeBatch, type CheckRow } from '../../src/store/writes.ts';
import { DAY, HOUR, MIN, historyBed, type HistoryBed } from './seed.ts';

const probe = `probes: [{ type: http, url: "https://help.example.com/health" }]`;
const CONFIG = `providers:
  - id: india
    name: India Pay
    timezone: Asia/Kolkata
    channels:
      - { id: india-chat, kind: live_chat, name: Chat, ${probe} }
      - { id: india-mail, kind: email, name: Mail, hours: { mon-sat: "09:00-21:00" }, ${probe} }
`;

/** Sunday 2026-11-22 18:37 in Kolkata: the open hour is 18:30–19:30 local. */
const NOW = Date.parse('2026-11-22T13:07:00Z');
const START = NOW - 10 * DAY;

let bed: HistoryBed;
const raw = new Map<string, CheckRow[]>();

/** A fixed, irregular pattern: outages of 5–40 minutes, slow answers, a few gaps. */
function pattern(seed: number, minutes: number): string {
  let x = seed;
  const next = () => (x = (x * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  let out = '';
  while (out.length < minutes) {
    const r = next();
    out += r < 0.004 ? 'd'.repeat(5 + Math.floor(next() * 35)) : r < 0.03 ? 'g' : r < 0.035 ? '...' : 'u';
  }
  return out.slice(0, minutes);
}

beforeAll(async () => {
  bed = await historyBed(CONFIG);
  const minutes = (NOW - START) / MIN;
  for (const [id, seed] of [['india-chat', 7], ['india-mail', 11]] as const) {
    raw.set(id, await bed.checks(id, START, pattern(seed, minutes), (i) => 40 + ((i * 37) % 400)));
  }
  await bed.incidents([
    { kind: 'incident_open', channelPk: bed.keys.channelPk.get('india-chat')!, startedAt: NOW - 2 * DAY, causeClass: 'timeout', causeMessage: null },
    { kind: 'incident_close', channelPk: bed.keys.channelPk.get('india-chat')!, endedAt: NOW - 2 * DAY + 20 * MIN },
    { kind: 'incident_open', channelPk: bed.keys.channelPk.get('india-chat')!, startedAt: NOW - 30 * MIN, causeClass: 'timeout', causeMessage: null },
  ]);
  await bed.housekeep(NOW);
});

afterAll(() => bed.close());

/** The uptime a roll-up of every raw check gives for the window. */
async function fromRaw(id: string, window: HistoryWindow) {
  const channel = await bed.channel(id);
  const from = windowStart(window, NOW, channel.timezone);
  const checks = raw.get(id)!.map((c) => ({ ...c, probeKey: String(c.probePk) }));
  return uptimeOf(rollUpChannel({ ...channel, checks, from, to: NOW, unit: 'hour' }));
}

describe('channelUptime', () => {
  it.each(['24h', '7d'] as const)('over %s equals the uptime of all the raw checks (to the rounding of stored seconds)', async (window) => {
    for (const id of ['india-chat', 'india-mail']) {
      const expected = await fromRaw(id, window);
      const got = await channelUptime(bed.handle.db, await bed.channel(id), window, NOW);
      expect(got.uptime).toBeCloseTo(expected.uptime!, 4);
      // Each stored hour rounds its seconds to whole ones.
      expect(Math.abs(got.downSeconds - expected.downSeconds)).toBeLessThanOrEqual(7 * 24);
      expect(expected.downSeconds).toBeGreaterThan(0);
    }
  });

  it('counts the incidents open at any time in the window', async () => {
    const chat = await bed.channel('india-chat');
    expect((await channelUptime(bed.handle.db, chat, '24h', NOW)).incidents).toBe(1); // the one still open
    expect((await channelUptime(bed.handle.db, chat, '7d', NOW)).incidents).toBe(2);
  });

  it('answers from raw checks alone before housekeeping has run, the same way', async () => {
    const fresh = await historyBed(CONFIG);
    try {
      await writeBatch(fresh.handle, raw.get('india-chat')!.filter((c) => c.startedAt >= NOW - 30 * HOUR), []);
      const got = await channelUptime(fresh.handle.db, await fresh.channel('india-chat'), '24h', NOW);
      expect(got.uptime).toBe((await fromRaw('india-chat', '24h')).uptime);
    } finally {
      fresh.close();
    }
  });
});

describe('providerUptimes', () => {
  it("gives each channel the figures of its own uptime route, in one pass", async () => {
    const channels = [await bed.channel('india-chat'), await bed.channel('india-mail')];
    const all = await providerUptimes(bed.handle.db, channels, NOW);
    for (const c of channels) {
      const one = async (w: HistoryWindow) => (await channelUptime(bed.handle.db, c, w, NOW)).uptime;
      expect(all.get(c.pk)).toEqual({ uptime24h: await one('24h'), uptime30d: await one('30d'), uptime90d: await one('90d') });
    }
  });
});

describe('channelDaily', () => {
  it("gives one entry per Kolkata day, today's so far last, with that day's incidents", async () => {
    const days = await channelDaily(bed.handle.db, await bed.channel('india-chat'), 12, NOW);
    expect(days.map((d) => d.date)).toEqual(Array.from({ length: 12 }, (_, i) => `2026-11-${String(11 + i).padStart(2, '0')}`));
    expect(days[0]).toMatchObject({ uptime: null, worstState: null }); // before the first check
    expect(days.at(-1)!.start).toBe(Date.parse('2026-11-21T18:30:00Z'));
    expect(days.map((d) => d.incidents)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1]);
    // The days add up to the 7-day window.
    const week = days.slice(-7);
    const seven = await channelUptime(bed.handle.db, await bed.channel('india-chat'), '7d', NOW);
    expect(week.reduce((s, d) => s + d.downSeconds, 0)).toBeCloseTo(seven.downSeconds, 6);
  });

  it("colours a day by its worst state, and a closed Sunday as closed", async () => {
    const days = await channelDaily(bed.handle.db, await bed.channel('india-mail'), 7, NOW);
    expect(days.at(-1)).toMatchObject({ date: '2026-11-22', uptime: null, worstState: 'closed' });
    expect(days.filter((d) => d.worstState === 'down').length).toBeGreaterThan(0);
  });
});

describe('channelLatency', () => {
  const answered = (id: string, from: number, to: number) => raw.get(id)!.filter((c) => c.outcome !== 'down' && c.startedAt >= from && c.startedAt < to);

  it.each([
    ['24h', '5m'],
    ['24h', '1h'],
    ['7d', '1h'],
    ['7d', '1d'],
  ] as const)('over %s in %s steps counts every answered check once, with percentiles within 5 %', async (window, step) => {
    const chat = await bed.channel('india-chat');
    const points = await channelLatency(bed.handle.db, chat, window, step, NOW);
    const from = windowStart(window, NOW, chat.timezone);
    expect(points.reduce((s, p) => s + p.count, 0)).toBe(answered('india-chat', from, NOW).length);
    points.forEach((p, i) => {
      const own = answered('india-chat', Math.max(from, p.start), points[i + 1]?.start ?? NOW).map((c) => c.durationMs).sort((a, b) => a - b);
      expect(p.count).toBe(own.length);
      if (own.length === 0) return expect(p.p50).toBeNull();
      for (const [q, value] of [[0.5, p.p50], [0.95, p.p95], [0.99, p.p99]] as const) {
        expect(Math.abs(value! / own[Math.max(1, Math.ceil(q * own.length - 1e-9)) - 1]! - 1)).toBeLessThanOrEqual(0.05);
      }
    });
  });
});

describe('channelHeatmap', () => {
  it("places hours by Kolkata weekday and hour, with the median latency of the cell", async () => {
    const chat = await bed.channel('india-chat');
    const grid = await channelHeatmap(bed.handle.db, chat, 7, NOW);
    expect(grid).toHaveLength(7);
    expect(grid.every((row) => row.length === 24)).toBe(true);
    // Sunday 18:00–19:00 Kolkata is 12:30–13:30 UTC; today's Sunday is the only one in 7 days.
    const cell = grid[0]![18]!;
    const local = (at: number) => new Date(at + 5.5 * HOUR);
    const inCell = raw
      .get('india-chat')!
      .filter((c) => c.outcome !== 'down' && c.startedAt >= daysBack(NOW, 7, 'Asia/Kolkata') && local(c.startedAt).getUTCDay() === 0 && local(c.startedAt).getUTCHours() === 18);
    expect(inCell.length).toBeGreaterThan(0);
    const sorted = inCell.map((c) => c.durationMs).sort((a, b) => a - b);
    expect(Math.abs(cell.medianLatencyMs! / sorted[Math.ceil(sorted.length / 2) - 1]! - 1)).toBeLessThanOrEqual(0.05);
    expect(cell.measuredSeconds).toBeGreaterThan(0);
  });
});
