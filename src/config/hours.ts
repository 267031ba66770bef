/**
 * Service hours as written in the config file, parsed into the catalog's minute ranges.
 * Pure: problems come back as values (with a path relative to the `hours` key), so the
 * zod schema can report every one of them with its line.
 */
import type { HoursRange, MinuteRange, ServiceHours } from '../domain/catalog.ts';
import { WEEKDAYS } from '../domain/vocabulary.ts';

/** One thing wrong in an `hours` block; `path` is relative to the `hours` key. */
export interface HoursProblem {
  path: string[];
  message: string;
}

/** A day (`mon`) or an inclusive day range (`mon-fri`, or wrapping: `fri-mon`). */
export const DAY_KEY_PATTERN = /^(sun|mon|tue|wed|thu|fri|sat)(?:-(sun|mon|tue|wed|thu|fri|sat))?$/;
/** `closed`, or one or more `HH:MM-HH:MM` ranges separated by commas. */
export const RANGE_LIST_PATTERN =
  /^(?:closed|\d{1,2}:\d{2}\s*-\s*\d{1,2}:\d{2}(?:\s*,\s*\d{1,2}:\d{2}\s*-\s*\d{1,2}:\d{2})*)$/;
export const RANGE_LIST_HINT = 'expected "HH:MM-HH:MM", several such ranges separated by commas, or closed';
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

const DAY_NAMES = 'mon, tue, wed, thu, fri, sat or sun';
const RANGE_PATTERN = /^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$/;
const MINUTES_PER_DAY = 1440;

/**
 * Parses the weekly part of an `hours` map plus its `exceptions`. Days not listed are closed.
 * An end before the start crosses midnight, and the range stays on the day it starts on.
 *
 * @example parseWeeklyHours({ 'mon-fri': '09:00-18:00' }, {}).hours
 * // { kind: 'weekly', ranges: [{ day: 1, start: 540, end: 1080 }, …], exceptions: {} }
 */
export function parseWeeklyHours(
  days: Readonly<Record<string, string>>,
  exceptions: Readonly<Record<string, string>>,
): { hours: ServiceHours; problems: HoursProblem[] } {
  const problems: HoursProblem[] = [];
  const ranges: HoursRange[] = [];
  const dayOwner = new Map<number, string>();

  for (const [key, text] of Object.entries(days)) {
    const dayNumbers = parseDayKey(key);
    if (typeof dayNumbers === 'string') {
      problems.push({ path: [key], message: dayNumbers });
      continue;
    }
    const clash = dayNumbers.find((day) => dayOwner.has(day));
    if (clash !== undefined) {
      const name = WEEKDAYS[clash] ?? String(clash);
      problems.push({ path: [key], message: `"${name}" is already covered by "${dayOwner.get(clash)}"` });
      continue;
    }
    for (const day of dayNumbers) dayOwner.set(day, key);
    const parsed = parseRangeList(text);
    if (typeof parsed === 'string') {
      problems.push({ path: [key], message: parsed });
      continue;
    }
    for (const day of dayNumbers) for (const range of parsed) ranges.push({ day, ...range });
  }

  const parsedExceptions: Record<string, MinuteRange[]> = {};
  for (const date of Object.keys(exceptions).sort()) {
    const text = exceptions[date] ?? '';
    if (!isCalendarDate(date)) {
      problems.push({ path: ['exceptions', date], message: `"${date}" is not a calendar date (YYYY-MM-DD)` });
      continue;
    }
    const parsed = parseRangeList(text);
    if (typeof parsed === 'string') problems.push({ path: ['exceptions', date], message: parsed });
    else parsedExceptions[date] = parsed;
  }

  const anyOpen = ranges.length > 0 || Object.values(parsedExceptions).some((list) => list.length > 0);
  if (problems.length === 0 && !anyOpen) {
    problems.push({ path: [], message: 'every day is closed; list at least one day, or use always' });
  }
  ranges.sort((a, b) => a.day - b.day || a.start - b.start);
  return { hours: { kind: 'weekly', ranges, exceptions: parsedExceptions }, problems };
}

/**
 * Parses a day key into day numbers (0 = Sunday), or returns a message. Ranges are
 * inclusive and may wrap past Saturday (`fri-mon` = Fri, Sat, Sun, Mon).
 *
 * @example parseDayKey('sat-sun') // [6, 0]
 */
export function parseDayKey(key: string): number[] | string {
  const match = DAY_KEY_PATTERN.exec(key);
  if (!match) return `unknown day "${key}"; expected ${DAY_NAMES}, or a range like mon-fri`;
  const first = WEEKDAYS.indexOf(match[1] as (typeof WEEKDAYS)[number]);
  const last = match[2] === undefined ? first : WEEKDAYS.indexOf(match[2] as (typeof WEEKDAYS)[number]);
  const result = [first];
  for (let day = first; day !== last; ) {
    day = (day + 1) % 7;
    result.push(day);
  }
  return result;
}

/**
 * Parses `closed` (no ranges) or comma-separated `HH:MM-HH:MM` ranges, or returns a message.
 * `24:00` is allowed as an end; an end before the start means the range crosses midnight.
 *
 * @example parseRangeList('22:00-02:00') // [{ start: 1320, end: 1560 }]
 */
export function parseRangeList(text: string): MinuteRange[] | string {
  if (text.trim() === 'closed') return [];
  const result: MinuteRange[] = [];
  for (const piece of text.split(',').map((part) => part.trim())) {
    const match = RANGE_PATTERN.exec(piece);
    if (!match) return `"${text}": ${RANGE_LIST_HINT}`;
    const [, startH = '', startM = '', endH = '', endM = ''] = match;
    const start = toMinutes(startH, startM);
    const end = toMinutes(endH, endM);
    if (start === null) return `"${startH}:${startM}" is not a time of day (00:00 to 23:59)`;
    if (end === null) return `"${endH}:${endM}" is not a time of day (00:00 to 24:00)`;
    if (start === MINUTES_PER_DAY) return `"${piece}" starts at 24:00; write 00:00 on the next day`;
    if (start === end) return `"${piece}" is an empty range`;
    result.push({ start, end: end < start ? end + MINUTES_PER_DAY : end });
  }
  result.sort((a, b) => a.start - b.start);
  for (let i = 1; i < result.length; i += 1) {
    const previous = result[i - 1];
    const current = result[i];
    if (previous && current && current.start < previous.end) {
      return `"${text}": the ranges ${formatRange(previous)} and ${formatRange(current)} overlap`;
    }
  }
  return result;
}

/** Minutes after midnight for `HH`,`MM`, allowing exactly `24:00`; `null` when not a time. */
function toMinutes(hours: string, minutes: string): number | null {
  const h = Number(hours);
  const m = Number(minutes);
  if (m > 59 || h > 24 || (h === 24 && m !== 0)) return null;
  return h * 60 + m;
}

function formatRange(range: MinuteRange): string {
  const clock = (total: number): string => {
    const inDay = total > MINUTES_PER_DAY ? total - MINUTES_PER_DAY : total;
    return `${String(Math.floor(inDay / 60)).padStart(2, '0')}:${String(inDay % 60).padStart(2, '0')}`;
  };
  return `${clock(range.start)}-${clock(range.end)}`;
}

/** True for a real `YYYY-MM-DD` date: `2026-02-30` is refused, `2028-02-29` accepted. */
export function isCalendarDate(text: string): boolean {
  if (!DATE_PATTERN.test(text)) return false;
  const [year, month, day] = text.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
