/**
 * Best time to reach a channel, on synthetic 28-day histories built the way the store builds
 * them (hourly rollups → `heatmap()`), in Shanghai; one daylight-saving case in Berlin.
 */
import { describe, expect, it } from 'vitest';
import { bestTimes, MIN_WINDOW_MS } from '../../src/advice/best-time.ts';
import type { ServiceHours } from '../../src/domain/catalog.ts';
import { TZ, WEEKDAYS, local, measuredTable, weekly } from './fixtures.ts';

const OFFICE = weekly(WEEKDAYS, '09:00', '18:00');
const isOpen = (wd: number, h: number) => wd >= 1 && wd <= 5 && h >= 9 && h < 18;

/** Peaks at 09–11 and 14–16 (3 s), quick at 12 (0.3 s) and 17 (0.33 s), 1 s otherwise. */
function officeLatency(wd: number, h: number): number {
  if (h === 12) return 300;
  if (h === 17) return 330;
  if (h === 9 || h === 10 || h === 14 || h === 15) return 3000;
  return 1000;
}

const MON_0800 = local('2026-11-23 08:00');
const HISTORY = measuredTable(MON_0800, 28, officeLatency, { open: isOpen });

function spans(windows: { start: number; end: number }[]): [string, string][] {
  const fmt = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
  return windows.map((w) => [fmt(w.start), fmt(w.end)]);
}

interface Row {
  name: string;
  hours: ServiceHours;
  history: ReturnType<typeof measuredTable> | null;
  now: number;
  basis: 'measured' | 'default';
  windows: [string, string][];
}

const rows: Row[] = [
  {
    name: 'from Monday 08:00: the lunch hour, the last hour, then Tuesday lunch',
    hours: OFFICE,
    history: HISTORY,
    now: MON_0800,
    basis: 'measured',
    windows: [['2026-11-23 12:00', '2026-11-23 13:00'], ['2026-11-23 17:00', '2026-11-23 18:00'], ['2026-11-24 12:00', '2026-11-24 13:00']],
  },
  {
    name: 'inside a quick hour: the first window starts now',
    hours: OFFICE,
    history: HISTORY,
    now: local('2026-11-23 12:30'),
    basis: 'measured',
    windows: [['2026-11-23 12:30', '2026-11-23 13:00'], ['2026-11-23 17:00', '2026-11-23 18:00'], ['2026-11-24 12:00', '2026-11-24 13:00']],
  },
  {
    name: 'ten minutes left of a quick hour: too short to offer',
    hours: OFFICE,
    history: HISTORY,
    now: local('2026-11-23 12:50'),
    basis: 'measured',
    windows: [['2026-11-23 17:00', '2026-11-23 18:00'], ['2026-11-24 12:00', '2026-11-24 13:00'], ['2026-11-24 17:00', '2026-11-24 18:00']],
  },
  {
    name: 'Friday evening: over the closed weekend to Monday',
    hours: OFFICE,
    history: HISTORY,
    now: local('2026-11-27 17:30'),
    basis: 'measured',
    windows: [['2026-11-27 17:30', '2026-11-27 18:00'], ['2026-11-30 12:00', '2026-11-30 13:00'], ['2026-11-30 17:00', '2026-11-30 18:00']],
  },
  {
    name: 'adjacent quick hours make one window',
    hours: OFFICE,
    history: measuredTable(MON_0800, 28, (wd, h) => (h === 12 || h === 13 ? 300 : officeLatency(wd, h)), { open: isOpen }),
    now: MON_0800,
    basis: 'measured',
    windows: [['2026-11-23 12:00', '2026-11-23 14:00'], ['2026-11-23 17:00', '2026-11-23 18:00'], ['2026-11-24 12:00', '2026-11-24 14:00']],
  },
  {
    name: 'a quick but unreliable hour is skipped',
    hours: OFFICE,
    history: measuredTable(MON_0800, 28, officeLatency, { open: isOpen, uptime: (wd, h) => (wd === 1 && h === 12 ? 0.9 : 1) }),
    now: MON_0800,
    basis: 'measured',
    windows: [['2026-11-23 17:00', '2026-11-23 18:00'], ['2026-11-24 12:00', '2026-11-24 13:00'], ['2026-11-24 17:00', '2026-11-24 18:00']],
  },
  {
    name: 'under 14 days of history: the default quiet hours, not the measured 16:00',
    hours: OFFICE,
    history: measuredTable(MON_0800, 10, (_wd, h) => (h === 16 ? 200 : 1000), { open: isOpen }),
    now: MON_0800,
    basis: 'default',
    windows: [['2026-11-23 12:00', '2026-11-23 13:00'], ['2026-11-23 17:00', '2026-11-23 18:00'], ['2026-11-24 12:00', '2026-11-24 13:00']],
  },
  {
    name: 'with 28 days the measured 16:00 wins',
    hours: OFFICE,
    history: measuredTable(MON_0800, 28, (_wd, h) => (h === 16 ? 200 : 1000), { open: isOpen }),
    now: MON_0800,
    basis: 'measured',
    windows: [['2026-11-23 16:00', '2026-11-23 17:00'], ['2026-11-24 16:00', '2026-11-24 17:00'], ['2026-11-25 16:00', '2026-11-25 17:00']],
  },
  {
    name: 'no history: default',
    hours: OFFICE,
    history: null,
    now: MON_0800,
    basis: 'default',
    windows: [['2026-11-23 12:00', '2026-11-23 13:00'], ['2026-11-23 17:00', '2026-11-23 18:00'], ['2026-11-24 12:00', '2026-11-24 13:00']],
  },
  {
    name: 'open only in the busy morning: the best of what is open (11:00, normal)',
    hours: weekly(WEEKDAYS, '09:00', '12:00'),
    history: null,
    now: MON_0800,
    basis: 'default',
    windows: [['2026-11-23 11:00', '2026-11-23 12:00'], ['2026-11-24 11:00', '2026-11-24 12:00'], ['2026-11-25 11:00', '2026-11-25 12:00']],
  },
  {
    name: 'open around the clock and equally quick: one window from now on',
    hours: { kind: 'always' },
    history: measuredTable(MON_0800, 28, () => 400),
    now: MON_0800,
    basis: 'measured',
    windows: [['2026-11-23 08:00', '2026-11-30 08:00']],
  },
];

describe('bestTimes', () => {
  it.each(rows)('$name', (row) => {
    const best = bestTimes({ hours: row.hours, timezone: TZ, history: row.history }, row.now);
    expect(best.basis).toBe(row.basis);
    expect(spans(best.windows)).toEqual(row.windows);
    for (const w of best.windows) {
      expect(w.end - w.start).toBeGreaterThanOrEqual(MIN_WINDOW_MS);
      expect(w.start).toBeGreaterThanOrEqual(row.now);
    }
  });

  it('carries the evidence: the median latency of every hour of the week', () => {
    const best = bestTimes({ hours: OFFICE, timezone: TZ, history: HISTORY }, MON_0800);
    expect(best.days).toBe(28);
    expect(best.evidence).toHaveLength(168);
    const at = (wd: number, h: number) => best.evidence.find((e) => e.weekday === wd && e.hour === h)!;
    // Histogram buckets answer within 5 %.
    expect(at(1, 12).medianLatencyMs).toBeGreaterThan(285);
    expect(at(1, 12).medianLatencyMs).toBeLessThan(315);
    expect(at(1, 9).medianLatencyMs).toBeGreaterThan(2850);
    expect(at(0, 12).medianLatencyMs).toBeNull(); // closed on Sundays: nothing measured
    expect(at(1, 12).availability).toBe(1);
    const first = best.windows[0]!;
    expect(first.medianLatencyMs).toBe(at(1, 12).medianLatencyMs);
    expect(first.availability).toBe(1);
    expect(first.level).toBeNull();
  });

  it('reports the default level on the default basis', () => {
    const best = bestTimes({ hours: OFFICE, timezone: TZ, history: null }, MON_0800);
    expect(best.windows.map((w) => w.level)).toEqual(['quiet', 'quiet', 'quiet']);
    expect(best.evidence).toEqual([]);
  });

  it('asks for a different number of windows', () => {
    expect(bestTimes({ hours: OFFICE, timezone: TZ, history: HISTORY }, MON_0800, { count: 5 }).windows).toHaveLength(5);
    expect(bestTimes({ hours: OFFICE, timezone: TZ, history: HISTORY }, MON_0800, { count: 1 }).windows).toHaveLength(1);
  });

  it('looks one week ahead by default', () => {
    const weekend = weekly([0, 6], '12:00', '13:00');
    expect(bestTimes({ hours: weekend, timezone: 'Europe/Berlin', history: null }, Date.parse('2026-03-27T23:00:00Z')).windows).toHaveLength(2);
  });

  it('never open: no windows', () => {
    expect(bestTimes({ hours: { kind: 'weekly', ranges: [], exceptions: {} }, timezone: TZ, history: HISTORY }, MON_0800).windows).toEqual([]);
  });

  it('follows local hours across a daylight-saving change (Berlin, 2026-03-29)', () => {
    const weekend = weekly([0, 6], '12:00', '13:00');
    const best = bestTimes({ hours: weekend, timezone: 'Europe/Berlin', history: null }, Date.parse('2026-03-27T23:00:00Z'), { horizonDays: 14 });
    expect(best.windows.map((w) => [new Date(w.start).toISOString(), new Date(w.end).toISOString()])).toEqual([
      ['2026-03-28T11:00:00.000Z', '2026-03-28T12:00:00.000Z'], // Saturday 12:00 CET
      ['2026-03-29T10:00:00.000Z', '2026-03-29T11:00:00.000Z'], // Sunday 12:00 CEST
      ['2026-04-04T10:00:00.000Z', '2026-04-04T11:00:00.000Z'],
    ]);
  });
});
