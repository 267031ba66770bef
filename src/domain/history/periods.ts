import { utcOffsetMs, wallToEpoch } from '../zoned-time.ts';

/**
 * Local hours and local days of a provider's zone as spans of real time. Rollups are keyed
 * by the instant their local hour or day starts, so "Monday" in Asia/Shanghai starts at
 * Sunday 16:00 UTC, and in Europe/Berlin a day lasts 23 or 25 hours when the clocks change.
 */

/** The two rollup granularities. */
export const ROLLUP_UNITS = ['hour', 'day'] as const;
export type RollupUnit = (typeof ROLLUP_UNITS)[number];

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * The instant the local hour containing `at` began. A local hour is a stretch of real time
 * in which the clock shows the same date and hour under the same UTC offset: usually from
 * HH:00 to the next HH:00, but an offset change ends one hour and starts another. So after
 * a fall-back the repeated hour is a second, distinct hour (Berlin 2026-10-25: 02:00 CEST
 * and 02:00 CET are two keys, an hour apart), and where the clocks move at a quarter past
 * (Chatham, 02:45 → 03:45) or by half an hour (Lord Howe) the hours around the change are
 * shorter than 60 minutes. Hours never overlap and never last longer than 60 minutes.
 *
 * @example localHourStart(Date.parse('2026-03-06T12:34:56Z'), 'Asia/Kolkata')
 * // Date.parse('2026-03-06T12:30:00Z') (18:00 local, UTC+5:30)
 */
export function localHourStart(at: number, timezone: string): number {
  const offset = utcOffsetMs(at, timezone);
  const onTheHour = at - mod(at + offset, HOUR_MS);
  const before = utcOffsetMs(onTheHour, timezone);
  if (before === offset) return onTheHour;
  return firstOffsetChange(onTheHour, at, before, timezone);
}

/**
 * The first instant after `at` in another local hour (see `localHourStart`): the next full
 * hour on the local clock, or an offset change before it.
 *
 * @example nextLocalHourStart(Date.parse('2026-03-29T00:30:00Z'), 'Europe/Berlin')
 * // Date.parse('2026-03-29T01:00:00Z'): 01:30 CET is followed by 03:00 CEST
 */
export function nextLocalHourStart(at: number, timezone: string): number {
  const offset = utcOffsetMs(at, timezone);
  const candidate = at - mod(at + offset, HOUR_MS) + HOUR_MS;
  if (utcOffsetMs(candidate - 1, timezone) === offset) return candidate;
  return firstOffsetChange(at, candidate - 1, offset, timezone);
}

/**
 * The instant the local day containing `at` began: local midnight, or the first instant of
 * the day when midnight falls in a DST gap.
 *
 * @example localDayStart(Date.parse('2026-03-06T20:00:00Z'), 'Asia/Shanghai')
 * // Date.parse('2026-03-06T16:00:00Z'): 2026-03-07 00:00 in Shanghai
 */
export function localDayStart(at: number, timezone: string): number {
  return wallToEpoch(localDayNumber(at, timezone) * 1440, timezone);
}

/**
 * The first instant after `at` on the next local day.
 *
 * @example nextLocalDayStart(Date.parse('2026-03-29T10:00:00Z'), 'Europe/Berlin')
 * // Date.parse('2026-03-29T22:00:00Z'): a 23-hour day
 */
export function nextLocalDayStart(at: number, timezone: string): number {
  const next = wallToEpoch((localDayNumber(at, timezone) + 1) * 1440, timezone);
  if (next > at) return next;
  // A fall-back across midnight repeats the evening after the next midnight has passed once;
  // walk hour by hour until the local date changes.
  const day = localDayNumber(at, timezone);
  let t = at;
  do t = nextLocalHourStart(t, timezone);
  while (localDayNumber(t, timezone) === day);
  return t;
}

/**
 * `localHourStart` or `localDayStart`, by unit: the key of the rollup that `at` belongs to.
 *
 * @example periodStart(at, 'Europe/Berlin', 'day')
 */
export function periodStart(at: number, timezone: string, unit: RollupUnit): number {
  return unit === 'hour' ? localHourStart(at, timezone) : localDayStart(at, timezone);
}

/**
 * `nextLocalHourStart` or `nextLocalDayStart`, by unit: where the period containing `at` ends.
 *
 * @example nextPeriodStart(at, 'Asia/Shanghai', 'hour')
 */
export function nextPeriodStart(at: number, timezone: string, unit: RollupUnit): number {
  return unit === 'hour' ? nextLocalHourStart(at, timezone) : nextLocalDayStart(at, timezone);
}

/** One piece of a span that lies inside a single local period. */
export interface PeriodPiece {
  /** The period's key (`periodStart`). */
  start: number;
  from: number;
  to: number;
}

/**
 * Cuts `[from, to)` at local period boundaries, in order. An empty or reversed span gives
 * no piece.
 *
 * @example
 * splitByPeriod(Date.parse('2026-03-06T15:30:00Z'), Date.parse('2026-03-06T16:30:00Z'), 'Asia/Shanghai', 'day')
 * // [{ start: 03-05T16:00Z, from: 15:30Z, to: 16:00Z }, { start: 03-06T16:00Z, from: 16:00Z, to: 16:30Z }]
 */
export function splitByPeriod(from: number, to: number, timezone: string, unit: RollupUnit): PeriodPiece[] {
  const pieces: PeriodPiece[] = [];
  let t = from;
  while (t < to) {
    const end = Math.min(to, nextPeriodStart(t, timezone, unit));
    pieces.push({ start: periodStart(t, timezone, unit), from: t, to: end });
    t = end;
  }
  return pieces;
}

function localDayNumber(at: number, timezone: string): number {
  return Math.floor((at + utcOffsetMs(at, timezone)) / DAY_MS);
}

/** The first instant in (lo, hi] whose offset differs from `offset`, which holds at `lo`. */
function firstOffsetChange(lo: number, hi: number, offset: number, timezone: string): number {
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (utcOffsetMs(mid, timezone) === offset) lo = mid;
    else hi = mid;
  }
  return hi;
}

function mod(a: number, m: number): number {
  return ((a % m) + m) % m;
}
