import { describe, expect, it } from 'vitest';
import { busynessAt, cellAt, cellBusyness, defaultBusyness, flattenCells, usualLatencyAt } from '../../src/advice/busyness.ts';
import type { HeatmapCell } from '../../src/domain/history/uptime.ts';
import { TZ, local, measuredTable } from './fixtures.ts';

describe('defaultBusyness', () => {
  it.each([
    [1, 9, 'busy'],
    [1, 10, 'busy'],
    [1, 11, 'normal'],
    [1, 12, 'quiet'],
    [1, 13, 'normal'],
    [3, 14, 'busy'],
    [3, 15, 'busy'],
    [3, 16, 'normal'],
    [5, 17, 'quiet'],
    [5, 23, 'quiet'],
    [2, 3, 'quiet'],
    [2, 8, 'quiet'],
    [6, 10, 'normal'],
    [0, 15, 'normal'],
  ] as const)('weekday %i hour %i is %s', (wd, h, level) => {
    expect(defaultBusyness(wd, h)).toBe(level);
  });
});

describe('cellBusyness', () => {
  const cell = (medianLatencyMs: number | null, uptime: number | null = 1): HeatmapCell => ({ weekday: 1, hour: 9, uptime, measuredSeconds: 3600, medianLatencyMs });
  it.each([
    ['much slower than typical', cell(1300), 1000, 'busy'],
    ['just slower', cell(1200), 1000, 'normal'],
    ['faster and reliable', cell(800), 1000, 'quiet'],
    ['faster but flaky', cell(800, 0.97), 1000, 'normal'],
    ['dropping calls', cell(1000, 0.9), 1000, 'busy'],
    ['no latency', cell(null), 1000, null],
    ['no typical', cell(800), null, null],
  ] as const)('%s', (_name, c, typical, level) => {
    expect(cellBusyness(c, typical)).toBe(level);
  });
});

describe('busynessAt and usualLatencyAt', () => {
  const now = local('2026-11-23 09:30'); // Monday
  const table = measuredTable(now - 30 * 60_000, 28, (wd, h) => (wd === 1 && h === 9 ? 400 : 1000));

  it('measured when 14+ days exist', () => {
    expect(busynessAt(table, TZ, now)).toEqual({ level: 'quiet', basis: 'measured' });
    expect(usualLatencyAt(table, TZ, now)).toBeGreaterThan(380);
    expect(usualLatencyAt(table, TZ, now)).toBeLessThan(420);
  });
  it('default below 14 days', () => {
    const short = { ...table, days: 13 };
    expect(busynessAt(short, TZ, now)).toEqual({ level: 'busy', basis: 'default' });
    expect(usualLatencyAt(short, TZ, now)).toBeNull();
  });
  it('default without a table', () => {
    expect(busynessAt(null, TZ, now)).toEqual({ level: 'busy', basis: 'default' });
  });
  it('default for an hour the table has no data for', () => {
    const empty = { cells: flattenCells(table.cells).map((c) => (c.weekday === 1 && c.hour === 9 ? { ...c, medianLatencyMs: null } : c)), days: 28 };
    expect(busynessAt(empty, TZ, now)).toEqual({ level: 'busy', basis: 'default' });
  });
  it('reads nested and flat tables alike', () => {
    const flat = { cells: flattenCells(table.cells), days: 28 };
    expect(flat.cells).toHaveLength(168);
    expect(cellAt(flat, 1, 9)).toEqual(cellAt(table, 1, 9));
  });
});
