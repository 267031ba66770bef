/**
 * Housekeeping against a real SQLite database: what it writes for each local hour and day,
 * that recomputing replaces, that days are the provider's, and what retention may delete.
 */
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { HISTORY_WATERMARK_KEY, meta } from '../../db/schema.ts';
import { decodeHistogramBytes, histogramCount } from '../../src/domain/history/index.ts';
import { createHistoryHousekeeping } from '../../src/history/housekeeping.ts';
import { splitKey } from '../../src/history/keys.ts';
import { channelDaily, channelUptime } from '../../src/history/queries.ts';
import { deleteChecksBefore } from '../../src/store/retention.ts';
import { DAY, HOUR, MIN, historyBed, type HistoryBed } from './seed.ts';

const utc = (iso: string): number => Date.parse(iso);
const probe = `probes: [{ type: http, url: "https://help.example.com/health" }]`;

const CONFIG = `providers:
  - id: acme
    name: Acme
    timezone: UTC
    channels:
      - { id: acme-chat, kind: live_chat, name: Chat, ${probe} }
      - { id: acme-hotline, kind: hotline, name: Hotline, contact: "+1 800 000 0000" }
  - id: east
    name: East Pay
    timezone: Asia/Shanghai
    channels:
      - { id: east-chat, kind: live_chat, name: Chat, ${probe} }
      - id: east-form
        kind: web_form
        name: Form
        hours: { mon-fri: "09:00-18:00" }
        maintenance: [{ start: "2026-11-20 12:00", end: "2026-11-20 13:00" }]
        ${probe}
`;

/** Friday 2026-11-20 00:00 UTC. */
const T0 = utc('2026-11-20T00:00:00Z');

let bed: HistoryBed;
afterEach(() => bed?.close());

/** A row with its key split and its histogram counted. */
function readable(row: Record<string, unknown>, unit: 'hour' | 'day'): Record<string, unknown> & { channelPk: number; start: string; answered: number } {
  const { key, latency, ...rest } = row;
  const { channelPk, start } = splitKey(unit, key as number);
  return { channelPk, start: new Date(start).toISOString(), ...rest, answered: histogramCount(decodeHistogramBytes(latency as Buffer | null)) };
}

describe('hourly rollups', () => {
  it('holds time and checks per state for each complete hour, and no row for a channel without probes', async () => {
    bed = await historyBed(CONFIG);
    // 70 good minutes, a 20-minute outage, 90 good minutes.
    await bed.checks('acme-chat', T0, 'u'.repeat(70) + 'd'.repeat(20) + 'u'.repeat(90), (i) => 100 + (i % 10));
    const [report] = await bed.housekeep(T0 + 3 * HOUR + 5 * MIN);
    expect(report).toMatchObject({ hourlyRows: 3, dailyRows: 0 });
    const chat = bed.keys.channelPk.get('acme-chat')!;
    expect(bed.rows('rollups_hourly').map((r) => readable(r, 'hour'))).toEqual([
      { channelPk: chat, start: '2026-11-20T00:00:00.000Z', ...seconds({ up: 3600 }), ...checks({ up: 60 }), answered: 60 },
      // Down from the first failed check (minute 70) to the first good one (minute 90), as incidents are dated.
      { channelPk: chat, start: '2026-11-20T01:00:00.000Z', ...seconds({ up: 2400, down: 1200 }), ...checks({ up: 40, down: 20 }), answered: 40 },
      { channelPk: chat, start: '2026-11-20T02:00:00.000Z', ...seconds({ up: 3600 }), ...checks({ up: 60 }), answered: 60 },
    ]);
    expect(bed.rows('rollups_daily')).toEqual([]);
    // The open hour waits; the watermark says how far rollups go: now minus the settling time
    // (the next check that could confirm a failure, its timeout, and 30 s to be written).
    const [mark] = await bed.handle.db.select().from(meta).where(eq(meta.key, HISTORY_WATERMARK_KEY));
    expect(Number(mark!.value)).toBe(T0 + 3 * HOUR + 5 * MIN - (2 * MIN + 10_000 + 30_000));
  });

  it('does nothing more when run again, and recomputing a span replaces its rows', async () => {
    bed = await historyBed(CONFIG);
    await bed.checks('acme-chat', T0, 'u'.repeat(180));
    await bed.housekeep(T0 + 3 * HOUR + 5 * MIN);
    const first = bed.rows('rollups_hourly');
    expect((await bed.housekeep(T0 + 3 * HOUR + 5 * MIN))[0]).toMatchObject({ hourlyRows: 0, dailyRows: 0 });

    // Rewound to the start, everything is recomputed to the same rows.
    await rewind(bed, T0);
    await bed.housekeep(T0 + 3 * HOUR + 5 * MIN);
    expect(bed.rows('rollups_hourly')).toEqual(first);

    // With the last hour's checks gone, its row becomes what the checks now say: the last
    // result of the hour before holds for two intervals, then nothing is known.
    bed.handle.raw.prepare('DELETE FROM checks WHERE started_at >= ?').run(T0 + 2 * HOUR);
    await rewind(bed, T0 + 2 * HOUR);
    await bed.housekeep(T0 + 3 * HOUR + 5 * MIN);
    expect(bed.rows('rollups_hourly').map((r) => readable(r, 'hour')).at(-1)).toMatchObject({ start: '2026-11-20T02:00:00.000Z', up_seconds: 60, up_checks: 0, answered: 0 });
  });

  it('catches up on a backlog in passes of bounded size', async () => {
    bed = await historyBed(CONFIG);
    await bed.checks('acme-chat', T0, 'u'.repeat(6 * 60));
    const history = createHistoryHousekeeping({ database: bed.handle, now: () => T0 + 6 * HOUR + 5 * MIN, rollupRetentionMs: 400 * DAY, maxHoursPerPass: 2 });
    expect((await history.pass()).hourlyRows).toBe(2);
    expect((await history.pass()).hourlyRows).toBe(2);
    expect((await history.pass()).hourlyRows).toBe(2);
    expect((await history.pass()).hourlyRows).toBe(0);
    expect(bed.rows('rollups_hourly')).toHaveLength(6);
  });

  it('stops between batches and finishes the step on the next pass', async () => {
    bed = await historyBed(CONFIG);
    await bed.checks('acme-chat', T0, 'u'.repeat(120));
    const history = createHistoryHousekeeping({ database: bed.handle, now: () => T0 + 2 * HOUR + 5 * MIN, rollupRetentionMs: 400 * DAY });
    const running = history.pass();
    await history.stop();
    await running;
    expect((await history.pass()).hourlyRows).toBe(0); // stopped: passes do nothing any more
  });
});

describe('daily rollups are days of the provider zone', () => {
  it('rolls a Shanghai day up from 16:00 to 16:00 UTC, as the sum of its hours', async () => {
    bed = await historyBed(CONFIG);
    const start = utc('2026-11-20T14:00:00Z');
    // A 10-minute outage at 17:00 UTC: on 2026-11-20 by UTC, but 01:00 on 2026-11-21 in Shanghai.
    const outageAt = (utc('2026-11-20T17:00:00Z') - start) / MIN;
    await bed.checks('east-chat', start, 'u'.repeat(outageAt) + 'd'.repeat(10) + 'u'.repeat(28 * 60 - outageAt - 10));
    await bed.housekeep(utc('2026-11-21T18:05:00Z'));

    const days = bed.rows('rollups_daily').map((r) => readable(r, 'day'));
    expect(days.map((d) => d.start)).toEqual(['2026-11-19T16:00:00.000Z', '2026-11-20T16:00:00.000Z']);
    expect(days[0]).toMatchObject(seconds({ up: 2 * 3600 })); // 14:00–16:00 UTC of Shanghai's 20th
    expect(days[1]).toMatchObject({ ...seconds({ up: 86_400 - 600, down: 600 }), ...checks({ up: 1430, down: 10 }), answered: 1430 });
    const hoursOfDay = bed.rows('rollups_hourly').map((r) => readable(r, 'hour')).filter((h) => h.start >= '2026-11-20T16:00' && h.start < '2026-11-21T16:00');
    expect(hoursOfDay).toHaveLength(24);
    expect(hoursOfDay.reduce((sum, h) => sum + (h.down_seconds as number), 0)).toBe(600);

    const east = await bed.channel('east-chat');
    const daily = await channelDaily(bed.handle.db, east, 3, utc('2026-11-21T18:05:00Z'));
    expect(daily.map((d) => [d.date, d.downSeconds, d.worstState])).toEqual([
      ['2026-11-20', 0, 'up'],
      ['2026-11-21', 600, 'down'],
      ['2026-11-22', 0, 'up'], // Shanghai's 22nd began at 16:00 UTC; two hours so far
    ]);
  });
});

describe('uptime counts only open time outside maintenance', () => {
  it('ignores failures while closed and in a window, and counts the rest by time', async () => {
    bed = await historyBed(CONFIG);
    // Friday 2026-11-20 in Shanghai, minute by minute: failing while closed (before 09:00 and
    // from 18:00) and through the 12:00–13:00 window, and for 30 minutes from 15:00.
    const dayStart = utc('2026-11-19T16:00:00Z');
    const pattern = Array.from({ length: 1440 }, (_, m) => (m < 540 || m >= 1080 || (m >= 720 && m < 780) || (m >= 900 && m < 930) ? 'd' : 'u')).join('');
    await bed.checks('east-form', dayStart, pattern);
    const now = utc('2026-11-20T16:05:00Z'); // Saturday 00:05 in Shanghai: closed
    await bed.housekeep(now);

    const [day] = bed.rows('rollups_daily').map((r) => readable(r, 'day')).filter((d) => d.channelPk === bed.keys.channelPk.get('east-form'));
    expect(day).toMatchObject({ start: '2026-11-19T16:00:00.000Z', ...seconds({ up: 8 * 3600 - 1800, down: 1800, closed: 15 * 3600, maintenance: 3600 }) });
    const form = await bed.channel('east-form');
    // (up + degraded) / (up + degraded + down) = 27,000 / 28,800.
    expect(await channelUptime(bed.handle.db, form, '7d', now)).toMatchObject({ uptime: 0.9375, downSeconds: 1800 });
    // The 24 hours before Saturday noon hold Friday 13:00–18:00 open: 4.5 of 5 hours good.
    expect((await channelUptime(bed.handle.db, form, '24h', utc('2026-11-21T04:00:00Z'))).uptime).toBe(0.9);
    // Saturday is closed: nothing measured, so no uptime rather than 100 %.
    expect((await channelDaily(bed.handle.db, form, 1, now))[0]).toMatchObject({ date: '2026-11-21', uptime: null, worstState: 'closed' });
  });
});

describe('retention', () => {
  it('deleting raw checks never deletes a rollup, and history still answers', async () => {
    bed = await historyBed(CONFIG);
    await bed.checks('acme-chat', T0, 'u'.repeat(70) + 'd'.repeat(20) + 'u'.repeat(90));
    const now = T0 + 3 * HOUR;
    await bed.housekeep(now + 5 * MIN);
    const rollups = [bed.rows('rollups_hourly'), bed.rows('rollups_daily')];
    const chat = await bed.channel('acme-chat');
    const before = await channelUptime(bed.handle.db, chat, '7d', now);

    expect(await deleteChecksBefore(bed.handle.db, now + HOUR)).toBe(180);
    expect([bed.rows('rollups_hourly'), bed.rows('rollups_daily')]).toEqual(rollups);
    expect(await channelUptime(bed.handle.db, chat, '7d', now)).toEqual(before);
    expect(before).toMatchObject({ uptime: 1 - 1200 / (3 * 3600), downSeconds: 1200 });
  });

  it('deletes rollups only once they are older than retention.rollups', async () => {
    bed = await historyBed(CONFIG);
    await bed.checks('acme-chat', T0, 'u'.repeat(180));
    await bed.housekeep(T0 + 3 * HOUR + 5 * MIN);
    // Two days later, with rollups kept for two days: periods that started before now − 2 days go.
    const later = T0 + 2 * DAY + 90 * MIN;
    const reports = await bed.housekeep(later, { rollupRetentionMs: 2 * DAY });
    expect(reports[0]!.deletedRollups).toBeGreaterThan(0);
    expect(bed.rows('rollups_hourly').map((r) => new Date(splitKey('hour', r.key as number).start).toISOString())).toEqual([
      '2026-11-20T02:00:00.000Z',
      '2026-11-20T03:00:00.000Z', // the last result of 02:59 still held for two minutes
    ]);
    expect(bed.rows('rollups_daily')).toEqual([]); // the 20th started before the cut-off
  });

  it('expires daily rows at most once a day, remembering when across restarts', async () => {
    bed = await historyBed(CONFIG);
    await bed.checks('acme-chat', T0, 'u'.repeat(180));
    await bed.housekeep(T0 + DAY + 5 * MIN); // rolls up the 20th; expires nothing yet
    expect(bed.rows('rollups_daily')).toHaveLength(1);
    const hourly = bed.rows('rollups_hourly').length;

    // A "restarted" monitor 20 hours later, keeping one day: hourly rows of the 20th go at
    // once; the daily row waits, because days were expired less than a day ago.
    const soon = await bed.housekeep(T0 + DAY + 20 * HOUR, { rollupRetentionMs: DAY });
    expect(soon[0]!.deletedRollups).toBe(hourly);
    expect(bed.rows('rollups_hourly')).toEqual([]);
    expect(bed.rows('rollups_daily')).toHaveLength(1);

    const nextDay = await bed.housekeep(T0 + 2 * DAY + 10 * MIN, { rollupRetentionMs: DAY });
    expect(nextDay[0]!.deletedRollups).toBe(1);
    expect(bed.rows('rollups_daily')).toEqual([]);
  });
});

function seconds(s: Partial<Record<'up' | 'degraded' | 'down' | 'closed' | 'maintenance', number>>) {
  return { up_seconds: 0, degraded_seconds: 0, down_seconds: 0, closed_seconds: 0, maintenance_seconds: 0, ...Object.fromEntries(Object.entries(s).map(([k, v]) => [`${k}_seconds`, v])) };
}

function checks(c: Partial<Record<'up' | 'degraded' | 'down' | 'closed' | 'maintenance', number>>) {
  return { up_checks: 0, degraded_checks: 0, down_checks: 0, closed_checks: 0, maintenance_checks: 0, ...Object.fromEntries(Object.entries(c).map(([k, v]) => [`${k}_checks`, v])) };
}

async function rewind(b: HistoryBed, to: number): Promise<void> {
  await b.handle.db.update(meta).set({ value: String(to) }).where(eq(meta.key, HISTORY_WATERMARK_KEY));
}
