import { describe, expect, it } from 'vitest';
import type { ServiceHours } from '../../../src/domain/catalog.ts';
import { bucketOf, bucketValue, histogramOf } from '../../../src/domain/history/latency-histogram.ts';
import { emptyRollup, rollUpChannel, type Rollup } from '../../../src/domain/history/rollup.ts';
import { dailyBars, heatmap, uptimeOf, worstState } from '../../../src/domain/history/uptime.ts';
import type { MaintenanceWindow } from '../../../src/domain/maintenance.ts';

const utc = (iso: string): number => Date.parse(iso);
const MIN = 60_000;
const HOUR = 3_600_000;
const SHANGHAI = 'Asia/Shanghai';
const BERLIN = 'Europe/Berlin';

/** A rollup at `start` with the given seconds (others 0) and latency samples. */
function rollup(start: number | string, seconds: Partial<Rollup['seconds']>, latency: number[] = []): Rollup {
  const empty = emptyRollup(typeof start === 'string' ? utc(start) : start);
  return { ...empty, seconds: { ...empty.seconds, ...seconds }, latency: histogramOf(latency) };
}

describe('uptimeOf', () => {
  it.each<{ name: string; rollups: Rollup[]; uptime: number | null; down: number; measured: number }>([
    { name: 'nothing at all', rollups: [], uptime: null, down: 0, measured: 0 },
    { name: 'all up', rollups: [rollup(0, { up: 3600 })], uptime: 1, down: 0, measured: 3600 },
    { name: 'degraded counts as available', rollups: [rollup(0, { up: 1800, degraded: 1800 })], uptime: 1, down: 0, measured: 3600 },
    { name: 'a quarter down', rollups: [rollup(0, { up: 2700, down: 900 })], uptime: 0.75, down: 900, measured: 3600 },
    { name: 'closed time never counts', rollups: [rollup(0, { up: 2700, down: 900, closed: 50_000 })], uptime: 0.75, down: 900, measured: 3600 },
    { name: 'maintenance never counts', rollups: [rollup(0, { up: 2700, down: 900, maintenance: 7200 })], uptime: 0.75, down: 900, measured: 3600 },
    { name: 'only closed and maintenance: null', rollups: [rollup(0, { closed: 3600, maintenance: 600 })], uptime: null, down: 0, measured: 0 },
    { name: 'all down', rollups: [rollup(0, { down: 60 })], uptime: 0, down: 60, measured: 60 },
    {
      name: 'over several rollups, weighted by time',
      rollups: [rollup(0, { up: 3600 }), rollup(HOUR, { up: 1800, down: 1800 }), rollup(2 * HOUR, { closed: 3600 })],
      uptime: 0.75,
      down: 1800,
      measured: 7200,
    },
  ])('$name', ({ rollups, uptime, down, measured }) => {
    expect(uptimeOf(rollups)).toEqual({ uptime, downSeconds: down, measuredSeconds: measured });
  });

  it('from checks: a channel down every night while closed, and during maintenance, has 100 % uptime', () => {
    // Mon–Fri 09:00–18:00 Shanghai; a 30-minute window at 12:00 on Wednesday; down outside 10:00–17:00 every day.
    const hours: ServiceHours = { kind: 'weekly', ranges: [1, 2, 3, 4, 5].map((day) => ({ day, start: 540, end: 1080 })), exceptions: {} };
    const from = utc('2026-03-01T16:00:00Z'); // Mon 2026-03-02 00:00 Shanghai
    const to = from + 7 * 24 * HOUR;
    const maintenance: MaintenanceWindow[] = [{ kind: 'once', startsAt: utc('2026-03-04T04:00:00Z'), endsAt: utc('2026-03-04T04:30:00Z') }];
    const checks = Array.from({ length: (to - from) / MIN }, (_, i) => {
      const startedAt = from + i * MIN;
      const localHour = ((startedAt - from) / HOUR) % 24;
      const dailyOutage = localHour < 9 || localHour >= 18; // whenever closed
      const wednesdayNoon = startedAt >= utc('2026-03-04T04:00:00Z') && startedAt < utc('2026-03-04T04:30:00Z');
      return { probeKey: 'p', startedAt, outcome: dailyOutage || wednesdayNoon ? ('down' as const) : ('up' as const), durationMs: 150 };
    });
    const probes = [{ key: 'p', intervalMs: MIN, failureThreshold: 1, successThreshold: 1 }];
    const daily = rollUpChannel({ probes, checks, hours, maintenance, timezone: SHANGHAI, from, to, unit: 'day' });
    expect(daily).toHaveLength(7);
    const week = uptimeOf(daily);
    expect(week).toEqual({ uptime: 1, downSeconds: 0, measuredSeconds: 5 * 9 * 3600 - 1800 });
    expect(daily.map(worstState)).toEqual(['up', 'up', 'maintenance', 'up', 'up', 'closed', 'closed']);
    // Saturday and Sunday: nothing measured.
    expect(uptimeOf([daily[5]!, daily[6]!]).uptime).toBeNull();
  });
});

describe('worstState', () => {
  it.each<[string, Partial<Rollup['seconds']>, string | null]>([
    ['nothing', {}, null],
    ['only closed', { closed: 10 }, 'closed'],
    ['up beats closed', { closed: 10, up: 1 }, 'up'],
    ['maintenance beats up', { up: 1000, maintenance: 1 }, 'maintenance'],
    ['degraded beats maintenance', { up: 1000, maintenance: 10, degraded: 1 }, 'degraded'],
    ['down beats everything', { up: 1000, maintenance: 10, degraded: 10, closed: 10, down: 0.5 }, 'down'],
  ])('%s', (_name, seconds, expected) => {
    expect(worstState(rollup(0, seconds))).toBe(expected);
  });
});

describe('dailyBars', () => {
  // 2026-03-06T17:00Z is Saturday 2026-03-07 01:00 in Shanghai.
  const now = utc('2026-03-06T17:00:00Z');

  it('gives one bar per local day, oldest first, today last, with gaps as null', () => {
    const rollups = [
      rollup('2026-03-03T16:00:00Z', { up: 86_400 }), // 03-04
      rollup('2026-03-05T16:00:00Z', { up: 43_200, down: 43_200 }), // 03-06
      rollup('2026-03-06T16:00:00Z', { up: 3600 }), // 03-07, today so far
    ];
    expect(dailyBars(rollups, 5, SHANGHAI, now)).toEqual([
      { date: '2026-03-03', start: utc('2026-03-02T16:00:00Z'), uptime: null, downSeconds: 0, state: null },
      { date: '2026-03-04', start: utc('2026-03-03T16:00:00Z'), uptime: 1, downSeconds: 0, state: 'up' },
      { date: '2026-03-05', start: utc('2026-03-04T16:00:00Z'), uptime: null, downSeconds: 0, state: null },
      { date: '2026-03-06', start: utc('2026-03-05T16:00:00Z'), uptime: 0.5, downSeconds: 43_200, state: 'down' },
      { date: '2026-03-07', start: utc('2026-03-06T16:00:00Z'), uptime: 1, downSeconds: 0, state: 'up' },
    ]);
  });

  it('merges hourly rollups of the same local day and ignores those outside the range', () => {
    const rollups = [
      rollup('2026-03-05T15:00:00Z', { down: 3600 }), // 03-05 23:00 local: before the range
      rollup('2026-03-05T16:00:00Z', { up: 3600 }), // 03-06 00:00 local
      rollup('2026-03-06T15:00:00Z', { down: 1200, up: 2400 }), // 03-06 23:00 local
      rollup('2026-03-07T16:00:00Z', { down: 3600 }), // tomorrow: after the range
    ];
    expect(dailyBars(rollups, 2, SHANGHAI, now).map((b) => [b.date, b.uptime, b.downSeconds, b.state])).toEqual([
      ['2026-03-06', 6000 / 7200, 1200, 'down'],
      ['2026-03-07', null, 0, null],
    ]);
  });

  it('follows the zone: the same rollups are other days in UTC', () => {
    const rollups = [rollup('2026-03-06T16:00:00Z', { up: 3600 })];
    expect(dailyBars(rollups, 1, 'UTC', now).map((b) => [b.date, b.uptime])).toEqual([['2026-03-06', 1]]);
    expect(dailyBars(rollups, 1, SHANGHAI, now).map((b) => [b.date, b.uptime])).toEqual([['2026-03-07', 1]]);
  });

  it('starts each bar at local midnight, 23 and 25 hours apart around Berlin DST', () => {
    const bars = dailyBars([], 4, BERLIN, utc('2026-03-30T12:00:00Z'));
    expect(bars.map((b) => b.date)).toEqual(['2026-03-27', '2026-03-28', '2026-03-29', '2026-03-30']);
    expect(bars.slice(1).map((b, i) => (b.start - bars[i]!.start) / HOUR)).toEqual([24, 24, 23]);
    const autumn = dailyBars([], 3, BERLIN, utc('2026-10-26T12:00:00Z'));
    expect(autumn.slice(1).map((b, i) => (b.start - autumn[i]!.start) / HOUR)).toEqual([24, 25]); // 24 → 25 → 26 October
  });

  it('gives no bar for zero days', () => {
    expect(dailyBars([rollup(now, { up: 1 })], 0, SHANGHAI, now)).toEqual([]);
  });
});

describe('heatmap', () => {
  it('is 7 × 24 cells, empty ones null', () => {
    const cells = heatmap([], SHANGHAI);
    expect(cells).toHaveLength(7);
    for (const [weekday, row] of cells.entries()) {
      expect(row).toHaveLength(24);
      for (const [hour, cell] of row.entries()) expect(cell).toEqual({ weekday, hour, uptime: null, measuredSeconds: 0, medianLatencyMs: null });
    }
  });

  it('places rollups by local weekday and hour', () => {
    // 2026-03-06T01:00Z is Friday 09:00 in Shanghai; 2026-03-06T16:00Z is Saturday 00:00 there (Friday 16:00 in UTC).
    const rollups = [rollup('2026-03-06T01:00:00Z', { up: 3600 }, [100]), rollup('2026-03-06T16:00:00Z', { down: 3600 }, [])];
    const shanghai = heatmap(rollups, SHANGHAI);
    expect(shanghai[5]![9]).toMatchObject({ weekday: 5, hour: 9, uptime: 1, measuredSeconds: 3600, medianLatencyMs: bucketValue(bucketOf(100)) });
    expect(shanghai[6]![0]).toMatchObject({ uptime: 0, medianLatencyMs: null });
    const inUtc = heatmap(rollups, 'UTC');
    expect(inUtc[5]![1]!.uptime).toBe(1);
    expect(inUtc[5]![16]!.uptime).toBe(0);
    expect(inUtc[6]![0]!.uptime).toBeNull();
  });

  it('merges the same cell over weeks: time-weighted uptime and the median of all latencies', () => {
    const mondays9 = ['2026-03-02T01:00:00Z', '2026-03-09T01:00:00Z', '2026-03-16T01:00:00Z'];
    const rollups = [
      rollup(mondays9[0]!, { up: 3600 }, [100, 100]),
      rollup(mondays9[1]!, { up: 1800, down: 1800 }, [2000]),
      rollup(mondays9[2]!, { up: 3600, closed: 100 }, [100, 3000]),
    ];
    const cell = heatmap(rollups, SHANGHAI)[1]![9]!;
    expect(cell.uptime).toBeCloseTo(9000 / 10_800, 12);
    expect(cell.measuredSeconds).toBe(10_800);
    expect(cell.medianLatencyMs).toBe(bucketValue(bucketOf(100))); // 100, 100, 100, 2000, 3000
  });

  it('puts both 02:00 hours of the Berlin fall-back night in Sunday 02:00', () => {
    const rollups = [rollup('2026-10-25T00:00:00Z', { up: 3600 }), rollup('2026-10-25T01:00:00Z', { down: 3600 })];
    const cell = heatmap(rollups, BERLIN)[0]![2]!;
    expect(cell).toMatchObject({ uptime: 0.5, measuredSeconds: 7200 });
  });
});
