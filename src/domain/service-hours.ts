import type { MinuteRange, ServiceHours } from './catalog.ts';
import { dayNumberToDate, utcOffsetMs, wallToEpoch, weekdayOf } from './zoned-time.ts';

/**
 * Is a channel staffed, and until / from when? Decided in the provider's time zone.
 *
 * Meaning of a range: each occurrence of a range on a local date is the span of real time
 * from `zonedTimeToEpoch(date, start)` to `zonedTimeToEpoch(date, end)`, end excluded.
 * So on DST days a range is as long as the clock says it is in real time: 01:00–04:00 on
 * a spring-forward night in New York lasts 2 hours, and a range ending at 01:30 on a
 * fall-back night ends at the first 01:30. `isOpen` and `openingStatus` share that meaning.
 *
 * `ServiceHours` values are treated as immutable: their ranges are sorted once and the
 * result kept (in a WeakMap) for as long as the value lives.
 */

/** How far ahead `openingStatus` looks for the next opening or closing. */
export const HORIZON_DAYS = 14;

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

type WeeklyHours = Extract<ServiceHours, { kind: 'weekly' }>;

interface Prepared {
  /** Ranges starting on each weekday (0 = Sunday), sorted by start. */
  byWeekday: MinuteRange[][];
  /** Exception dates with their ranges, sorted by start. */
  exceptions: Map<string, MinuteRange[]>;
}

const prepared = new WeakMap<WeeklyHours, Prepared>();

function prepare(hours: WeeklyHours): Prepared {
  let p = prepared.get(hours);
  if (p === undefined) {
    const byWeekday: MinuteRange[][] = [[], [], [], [], [], [], []];
    for (const range of hours.ranges) byWeekday[range.day]?.push(range);
    for (const list of byWeekday) list.sort(byStart);
    const exceptions = new Map<string, MinuteRange[]>();
    for (const [date, ranges] of Object.entries(hours.exceptions)) exceptions.set(date, [...ranges].sort(byStart));
    p = { byWeekday, exceptions };
    prepared.set(hours, p);
  }
  return p;
}

function byStart(a: MinuteRange, b: MinuteRange): number {
  return a.start - b.start;
}

/** The ranges that start on local day number `days`: its exception if it has one, else its weekday's. */
function rangesOn(p: Prepared, days: number): MinuteRange[] {
  if (p.exceptions.size > 0) {
    const exception = p.exceptions.get(dayNumberToDate(days));
    if (exception !== undefined) return exception;
  }
  return p.byWeekday[weekdayOf(days)] ?? [];
}

/** Does one of `ranges` (sorted by start) cover `minute`, counted from the ranges' own midnight? */
function covers(ranges: MinuteRange[], minute: number): boolean {
  for (const range of ranges) {
    if (range.start > minute) return false;
    if (minute < range.end) return true;
  }
  return false;
}

/**
 * Is the channel staffed at instant `at`?
 *
 * Cheap: one offset lookup (memoised per minute) and a walk over today's and yesterday's
 * ranges on the local wall clock. Wall-clock minutes and real-time spans disagree only
 * shortly after a fall-back, when the clock shows an hour for the second time; within a day
 * of any offset change the answer is taken from `openingStatus` instead, so both agree.
 *
 * @throws RangeError when `timezone` is not a known IANA zone.
 * @example isOpen({ kind: 'always' }, 'Asia/Shanghai', Date.now()) // true
 */
export function isOpen(hours: ServiceHours, timezone: string, at: number): boolean {
  if (hours.kind === 'always') return true;
  const offset = utcOffsetMs(at, timezone);
  if (utcOffsetMs(at - DAY_MS, timezone) !== offset) return openingStatus(hours, timezone, at).openNow;
  const p = prepare(hours);
  const wall = Math.floor((at + offset) / MINUTE_MS);
  const today = Math.floor(wall / 1440);
  const minute = wall - today * 1440;
  // A range belongs to the day it starts on, so yesterday's may still be running (end > 1440).
  return covers(rangesOn(p, today), minute) || covers(rangesOn(p, today - 1), minute + 1440);
}

/** Whether a channel is open at an instant, and when that changes. Instants are epoch ms. */
export interface OpeningStatus {
  openNow: boolean;
  /** When closed: the next opening, or `null` if there is none within `HORIZON_DAYS`. Always `null` when open. */
  opensAt: number | null;
  /** When open: the end of the current open stretch, or `null` if it lasts beyond `HORIZON_DAYS` (or forever). Always `null` when closed. */
  closesAt: number | null;
}

/**
 * Open now? If open, `closesAt` is when the current open stretch ends: ranges that overlap
 * or touch merge into one stretch (Mon 22:00–24:00 then Tue 00:00–06:00 closes Tue 06:00).
 * If closed, `opensAt` is the next opening. The search looks `HORIZON_DAYS` × 24 h ahead
 * of `at`: a later opening, or a stretch still open after that, gives `null`.
 * `always` gives `{ openNow: true, opensAt: null, closesAt: null }`.
 *
 * @throws RangeError when `timezone` is not a known IANA zone.
 * @example
 * // Mon–Fri 09:00–21:00 in Shanghai, asked on Friday 2026-03-06 at 21:00 local:
 * openingStatus(hours, 'Asia/Shanghai', Date.parse('2026-03-06T13:00:00Z'))
 * // { openNow: false, opensAt: Date.parse('2026-03-09T01:00:00Z'), closesAt: null }
 */
export function openingStatus(hours: ServiceHours, timezone: string, at: number): OpeningStatus {
  if (hours.kind === 'always') return { openNow: true, opensAt: null, closesAt: null };
  const p = prepare(hours);
  const today = Math.floor((at + utcOffsetMs(at, timezone)) / DAY_MS);
  const horizon = at + HORIZON_DAYS * DAY_MS;
  // Occurrences arrive in order of start (days ascend, ranges within a day are sorted, and
  // wall-to-instant conversion is monotone), so one pass merges them into stretches.
  // Yesterday is included for its ranges that run past midnight; nothing older reaches today.
  // The invariant: the current stretch, when there is one, started at or before `at`.
  let stretchEnd = Number.NEGATIVE_INFINITY;
  for (let days = today - 1; days <= today + HORIZON_DAYS + 1; days++) {
    for (const range of rangesOn(p, days)) {
      const start = wallToEpoch(days * 1440 + range.start, timezone);
      if (start > horizon) return finish(stretchEnd, at, horizon);
      const end = wallToEpoch(days * 1440 + range.end, timezone);
      if (end <= start) continue; // the whole range falls in a DST gap
      if (start <= stretchEnd) {
        if (end > stretchEnd) stretchEnd = end;
        continue;
      }
      if (stretchEnd > at) return { openNow: true, opensAt: null, closesAt: stretchEnd };
      if (start > at) return { openNow: false, opensAt: start, closesAt: null };
      stretchEnd = end;
    }
  }
  return finish(stretchEnd, at, horizon);
}

/** The search ran out of occurrences within the horizon with the last stretch still open-ended. */
function finish(stretchEnd: number, at: number, horizon: number): OpeningStatus {
  if (stretchEnd <= at) return { openNow: false, opensAt: null, closesAt: null };
  return { openNow: true, opensAt: null, closesAt: stretchEnd > horizon ? null : stretchEnd };
}
