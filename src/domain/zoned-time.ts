/**
 * Wall-clock arithmetic in IANA time zones, without a date library.
 *
 * Everything here is pure and cheap enough for the monitor's hot path: one
 * `Intl.DateTimeFormat` per zone, kept for the life of the process, and a small per-zone
 * memo of UTC offsets by UTC minute, so that repeated questions about "now" (and about the
 * same service-hour boundaries) cost a Map lookup instead of an ICU call.
 *
 * Internally a local wall-clock time is a "wall" number: minutes since 1970-01-01 00:00 on
 * the local clock, as if that clock were UTC. `day = floor(wall / 1440)` is then a local
 * calendar day number and `wall - day * 1440` the minute after local midnight.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Offsets before 1972 may carry seconds (local mean time), so their minutes are not memoised. */
const MEMO_FROM = 63_072_000_000; // 1972-01-01T00:00:00Z
/** Entries kept per zone before its memo is dropped and rebuilt; bounds memory, not speed. */
const MEMO_LIMIT = 2048;

interface ZoneCache {
  format: Intl.DateTimeFormat;
  /** UTC offset in ms, by `floor(at / 60000)`. */
  offsets: Map<number, number>;
}

const zones = new Map<string, ZoneCache>();

function zone(timezone: string): ZoneCache {
  let cache = zones.get(timezone);
  if (cache === undefined) {
    // `nu-latn` and `h23` pin the output to ASCII digits and 00..23 hours, whatever the host locale.
    const format = new Intl.DateTimeFormat('en-US-u-nu-latn', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    cache = { format, offsets: new Map() };
    zones.set(timezone, cache);
  }
  return cache;
}

/**
 * The zone's offset from UTC at instant `at`, in ms (positive east of Greenwich).
 *
 * @throws RangeError when `timezone` is not a known IANA zone.
 * @example utcOffsetMs(Date.parse('2026-07-01T00:00:00Z'), 'Europe/Berlin') // 7_200_000
 */
export function utcOffsetMs(at: number, timezone: string): number {
  const cache = zone(timezone);
  const key = Math.floor(at / MINUTE_MS);
  const memo = at >= MEMO_FROM;
  if (memo) {
    const known = cache.offsets.get(key);
    if (known !== undefined) return known;
  }
  const offset = offsetFromFormat(cache.format, at);
  if (memo) {
    if (cache.offsets.size >= MEMO_LIMIT) cache.offsets.clear();
    cache.offsets.set(key, offset);
  }
  return offset;
}

/**
 * Reads "M/D/Y, h:m:s" by scanning digits: `format` plus a scan allocates one string, where
 * `formatToParts` allocates an array of eleven objects.
 */
function offsetFromFormat(format: Intl.DateTimeFormat, at: number): number {
  const text = format.format(at);
  const n = [0, 0, 0, 0, 0, 0];
  let count = 0;
  let inNumber = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c >= 0 && c <= 9) {
      if (!inNumber) {
        if (count === 6) break;
        count++;
        inNumber = true;
      }
      n[count - 1] = n[count - 1]! * 10 + c;
    } else {
      inNumber = false;
    }
  }
  if (count !== 6) throw new Error(`unexpected Intl output ${JSON.stringify(text)}`);
  const [month, day, year, hour, minute, second] = n as [number, number, number, number, number, number];
  const wall = dayNumber(year, month, day) * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000;
  return wall - Math.floor(at / 1000) * 1000;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's `days_from_civil`). */
function dayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Local calendar parts of an instant in an IANA zone. weekday 0 = Sunday. minute = minutes after local midnight. */
export interface LocalParts {
  year: number;
  month: number;
  day: number;
  weekday: number;
  minute: number;
  /** `YYYY-MM-DD` */
  date: string;
}

/**
 * What the local wall clock in `timezone` shows at instant `at`.
 *
 * @throws RangeError when `timezone` is not a known IANA zone.
 * @example localParts(Date.parse('2026-03-06T12:59:00Z'), 'Asia/Shanghai')
 * // { year: 2026, month: 3, day: 6, weekday: 5, minute: 1259, date: '2026-03-06' }
 */
export function localParts(at: number, timezone: string): LocalParts {
  const wall = Math.floor((at + utcOffsetMs(at, timezone)) / MINUTE_MS);
  const days = Math.floor(wall / 1440);
  const { year, month, day } = civil(days);
  return { year, month, day, weekday: weekdayOf(days), minute: wall - days * 1440, date: isoDate(year, month, day) };
}

/** Inverse of `dayNumber` (H. Hinnant's `civil_from_days`). */
function civil(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/** 0 = Sunday … 6 = Saturday for a day number (1970-01-01 was a Thursday). */
export function weekdayOf(days: number): number {
  return (((days + 4) % 7) + 7) % 7;
}

/**
 * Day number (days since 1970-01-01) of a `YYYY-MM-DD` date.
 *
 * @throws RangeError when `date` is not a real calendar date in that exact form.
 */
export function dateToDayNumber(date: string): number {
  if (date.length !== 10 || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) throw badDate(date);
  const year = digits(date, 0, 4);
  const month = digits(date, 5, 7);
  const day = digits(date, 8, 10);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) throw badDate(date);
  return dayNumber(year, month, day);
}

/** `YYYY-MM-DD` of a day number; the inverse of `dateToDayNumber`. */
export function dayNumberToDate(days: number): string {
  const { year, month, day } = civil(days);
  return isoDate(year, month, day);
}

function digits(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    value = value * 10 + c;
  }
  return value;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function badDate(date: string): RangeError {
  return new RangeError(`not a YYYY-MM-DD calendar date: ${JSON.stringify(date)}`);
}

/**
 * Calendar arithmetic on `YYYY-MM-DD` dates (no time zone involved).
 *
 * @throws RangeError when `date` is not a real calendar date.
 * @example addDays('2026-02-28', 1) // '2026-03-01'
 */
export function addDays(date: string, days: number): string {
  return dayNumberToDate(dateToDayNumber(date) + days);
}

/**
 * The instant when the local wall clock in `timezone` shows `date` (`YYYY-MM-DD`) at
 * `minute` minutes after its midnight. `minute` may run past 1440 (up to 2880 and beyond):
 * 1500 is 01:00 on the next day, so ranges that end after midnight need no date arithmetic.
 *
 * Wall times that happen other than once, around a DST change, resolve like this:
 * - in a gap (spring forward: 02:30 does not exist in New York on 2026-03-08) → the instant
 *   the clock jumps forward, i.e. the first valid instant after the missing time;
 * - in an overlap (fall back: 01:30 happens twice in New York on 2026-11-01) → the earlier
 *   of the two instants.
 * The mapping is therefore monotone: a later wall time never gives an earlier instant.
 *
 * @throws RangeError when `date` is not a calendar date or `timezone` is not a known zone.
 * @example zonedTimeToEpoch('2026-03-08', 150, 'America/New_York') // Date.parse('2026-03-08T07:00:00Z')
 */
export function zonedTimeToEpoch(date: string, minute: number, timezone: string): number {
  return wallToEpoch(dateToDayNumber(date) * 1440 + minute, timezone);
}

/**
 * `zonedTimeToEpoch` for a wall number (minutes since 1970-01-01 00:00 on the local clock),
 * for callers that already iterate over day numbers and want to skip date strings.
 */
export function wallToEpoch(wall: number, timezone: string): number {
  const local = wall * MINUTE_MS;
  // Every real offset lies within ±1 day, so these two instants bracket all readings of
  // `local`; with at most one transition between them their offsets are the only candidates.
  const before = utcOffsetMs(local - DAY_MS, timezone);
  let after = utcOffsetMs(local + DAY_MS, timezone);
  if (before === after) {
    const at = local - before;
    const actual = utcOffsetMs(at, timezone);
    if (actual === before) return at;
    after = actual; // two transitions inside two days: not in today's rules, but stay sane
  }
  const early = local - before;
  const late = local - after;
  const earlyValid = utcOffsetMs(early, timezone) === before;
  const lateValid = utcOffsetMs(late, timezone) === after;
  if (earlyValid && lateValid) return Math.min(early, late);
  if (earlyValid) return early;
  if (lateValid) return late;
  return transitionBetween(Math.min(early, late), Math.max(early, late), timezone);
}

/** The first instant in (lo, hi] whose offset differs from the offset at `lo`. */
function transitionBetween(lo: number, hi: number, timezone: string): number {
  const offset = utcOffsetMs(lo, timezone);
  if (utcOffsetMs(hi, timezone) === offset) return hi;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (utcOffsetMs(mid, timezone) === offset) lo = mid;
    else hi = mid;
  }
  return hi;
}
