import type { HeatmapCell } from '../domain/history/uptime.ts';
import { localParts } from '../domain/zoned-time.ts';
import type { HourOfWeekTable } from './types.ts';

/**
 * How busy a staffed channel is expected to be at an hour of the week: from the channel's
 * own measured history when there is enough of it, else from the pattern support teams and
 * their users describe (weekday mornings and mid-afternoons are the queues' peaks).
 */

export const BUSYNESS_LEVELS = ['busy', 'normal', 'quiet'] as const;
export type Busyness = (typeof BUSYNESS_LEVELS)[number];

/** Below this many days of history an hour-of-week cell holds one or two samples: too noisy. */
export const MEASURED_MIN_DAYS = 14;

/** A cell this much slower than the channel's typical hour is busy; this much faster is quiet. */
export const BUSY_RATIO = 1.25;
export const QUIET_RATIO = 0.85;
/** Availability below which an hour counts as busy whatever its latency (calls are dropped). */
export const BUSY_BELOW_AVAILABILITY = 0.95;
/** A quiet hour must also be reliable. */
export const QUIET_MIN_AVAILABILITY = 0.99;

/**
 * The documented default, in the provider's local time: Monday to Friday 09:00–11:00 and
 * 14:00–16:00 are busy; 12:00–13:00 and from 17:00 to 09:00 the next morning are quiet;
 * other weekday hours (11, 13, 16) and the whole weekend are normal (no known pattern).
 *
 * @example defaultBusyness(1, 9) // 'busy' (Monday 09:00–10:00)
 */
export function defaultBusyness(weekday: number, hour: number): Busyness {
  if (weekday === 0 || weekday === 6) return 'normal';
  if ((hour >= 9 && hour < 11) || (hour >= 14 && hour < 16)) return 'busy';
  if (hour === 12 || hour >= 17 || hour < 9) return 'quiet';
  return 'normal';
}

/** The cells of a table as one list, whether given as `heatmap()`'s 7 × 24 grid or flat. */
export function flattenCells(cells: HourOfWeekTable['cells']): HeatmapCell[] {
  const out: HeatmapCell[] = [];
  for (const item of cells) {
    if (Array.isArray(item)) out.push(...(item as readonly HeatmapCell[]));
    else out.push(item as HeatmapCell);
  }
  return out;
}

/** The cell for a local weekday and hour, if the table has it. */
export function cellAt(table: HourOfWeekTable, weekday: number, hour: number): HeatmapCell | undefined {
  const nested = table.cells[weekday];
  if (Array.isArray(nested)) {
    const cell = (nested as readonly HeatmapCell[])[hour];
    if (cell && cell.weekday === weekday && cell.hour === hour) return cell;
  }
  return flattenCells(table.cells).find((c) => c.weekday === weekday && c.hour === hour);
}

/** Median of the numbers given (null for none). */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The channel's typical latency: the median of its hourly medians (hours with data only). */
export function typicalLatency(table: HourOfWeekTable): number | null {
  return median(flattenCells(table.cells).flatMap((c) => (c.medianLatencyMs === null ? [] : [c.medianLatencyMs])));
}

/** Whether a table has enough history to be believed (see `MEASURED_MIN_DAYS`). */
export function isMeasured(table: HourOfWeekTable | null | undefined): table is HourOfWeekTable {
  return !!table && table.days >= MEASURED_MIN_DAYS;
}

/**
 * A measured cell's busyness against the channel's typical latency, or null when the cell
 * holds no latency (the caller falls back to the default).
 */
export function cellBusyness(cell: HeatmapCell | undefined, typical: number | null): Busyness | null {
  if (!cell || cell.medianLatencyMs === null || typical === null || typical <= 0) return null;
  const ratio = cell.medianLatencyMs / typical;
  if (ratio >= BUSY_RATIO || (cell.uptime !== null && cell.uptime < BUSY_BELOW_AVAILABILITY)) return 'busy';
  if (ratio <= QUIET_RATIO && (cell.uptime === null || cell.uptime >= QUIET_MIN_AVAILABILITY)) return 'quiet';
  return 'normal';
}

/** A busyness level and where it came from. */
export interface BusynessReading {
  level: Busyness;
  basis: 'measured' | 'default';
}

/**
 * Expected busyness at instant `at`, read in the provider's zone: measured when the history
 * covers `MEASURED_MIN_DAYS` days and this hour has data, else the default table.
 *
 * @example busynessAt(null, 'Asia/Shanghai', Date.parse('2026-11-23T01:30:00Z')) // { level: 'busy', basis: 'default' } (Mon 09:30)
 */
export function busynessAt(history: HourOfWeekTable | null | undefined, timezone: string, at: number): BusynessReading {
  const { weekday, minute } = localParts(at, timezone);
  const hour = Math.floor(minute / 60);
  if (isMeasured(history)) {
    const level = cellBusyness(cellAt(history, weekday, hour), typicalLatency(history));
    if (level) return { level, basis: 'measured' };
  }
  return { level: defaultBusyness(weekday, hour), basis: 'default' };
}

/**
 * The channel's usual latency at the hour of the week containing `at` (the cell's median),
 * for `AdviceChannel.usualLatencyMs`; null without enough history.
 */
export function usualLatencyAt(history: HourOfWeekTable | null | undefined, timezone: string, at: number): number | null {
  if (!isMeasured(history)) return null;
  const { weekday, minute } = localParts(at, timezone);
  return cellAt(history, weekday, Math.floor(minute / 60))?.medianLatencyMs ?? null;
}
