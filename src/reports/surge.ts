import { localHourStart } from '../domain/history/periods.ts';
import { localParts } from '../domain/zoned-time.ts';
import { REPORT_WINDOW_MS } from './limit.ts';

/**
 * A surge of "I could not reach this channel" reports is a signal of its own: probes see
 * the web page, users see the queue. A surge needs both many distinct people and far more
 * of them than usual for this channel at this hour of the week.
 *
 * "Well above" the usual count `u` (counted reports per 15 minutes, see `usualReportRate`)
 * means at least `max(5, 2u, u + 4√u)` distinct reporters in the last 15 minutes: never
 * fewer than five people, at least double the usual level, and at least four standard
 * deviations above it if reports arrived at random (Poisson) at the usual rate, which a
 * quiet channel's chance fluctuation does not reach. For u = 0–1 that is 5, u = 2 → 8,
 * u = 5 → 14, u = 100 → 200.
 */

export const SURGE_MIN_REPORTERS = 5;
export const SURGE_MIN_RATIO = 2;
export const SURGE_SIGMAS = 4;

/** Distinct reporters in 15 minutes that make a surge, given the usual count (null = unknown, taken as 0). */
export function surgeThreshold(usual: number | null): number {
  const u = Math.max(0, usual ?? 0);
  return Math.max(SURGE_MIN_REPORTERS, Math.ceil(SURGE_MIN_RATIO * u), Math.ceil(u + SURGE_SIGMAS * Math.sqrt(u)));
}

export interface SurgeDecision {
  surge: boolean;
  /** Distinct reporters in the window ending at `now`. */
  reporters: number;
  threshold: number;
  usual: number;
}

/**
 * Is there a surge of reports on one channel at `now`? `reports` are that channel's counted
 * reports (any span; only those in the 15 minutes up to `now` are used).
 *
 * @example detectSurge(fiveReportersInTenMinutes, 0.2, now) // { surge: true, reporters: 5, threshold: 5, usual: 0.2 }
 */
export function detectSurge(reports: readonly { reporter: string; at: number }[], usual: number | null, now: number, windowMs = REPORT_WINDOW_MS): SurgeDecision {
  const people = new Set<string>();
  for (const r of reports) if (r.at > now - windowMs && r.at <= now) people.add(r.reporter);
  return surgeDecision(people.size, usual);
}

/**
 * The surge decision from a count of distinct reporters in the last 15 minutes (a store can
 * count them in SQL instead of reading every report) and the usual count.
 *
 * @example surgeDecision(8, 2) // { surge: true, reporters: 8, threshold: 8, usual: 2 }
 */
export function surgeDecision(reporters: number, usual: number | null): SurgeDecision {
  const threshold = surgeThreshold(usual);
  return { surge: reporters >= threshold, reporters, threshold, usual: Math.max(0, usual ?? 0) };
}

/**
 * The usual number of counted reports per 15 minutes on a channel at the hour of the week
 * of `now` (the provider's local time), from its reports over the past `weeks` weeks: the
 * median over those weeks of the reports in that same hour, divided by four. The median
 * keeps one past outage from raising the bar for the next; the current hour is not included.
 * An item with a `count` stands for that many reports at its instant (a store's per-5-minute
 * tallies: every zone's hours start on a 5-minute mark, so a tally never straddles two hours).
 *
 * @example usualReportRate(last28DaysOfReports, 'Asia/Shanghai', now) // 0.25 = one report an hour
 */
export function usualReportRate(reports: readonly { at: number; count?: number }[], timezone: string, now: number, weeks = 4): number {
  if (weeks <= 0) return 0;
  const { weekday, minute } = localParts(now, timezone);
  const hour = Math.floor(minute / 60);
  const currentHour = localHourStart(now, timezone);
  const from = currentHour - weeks * 7 * 86_400_000 - 3_600_000; // an hour of slack for DST shifts
  const perWeek = new Array<number>(weeks).fill(0);
  for (const r of reports) {
    if (r.at < from || r.at >= currentHour) continue;
    const p = localParts(r.at, timezone);
    if (p.weekday !== weekday || Math.floor(p.minute / 60) !== hour) continue;
    const week = Math.ceil((currentHour - r.at) / (7 * 86_400_000)) - 1; // (0, 7 d] ago → week 0
    if (week < weeks) perWeek[week]! += r.count ?? 1;
  }
  perWeek.sort((a, b) => a - b);
  const mid = perWeek.length >> 1;
  const median = perWeek.length % 2 === 1 ? perWeek[mid]! : (perWeek[mid - 1]! + perWeek[mid]!) / 2;
  return median / (3_600_000 / REPORT_WINDOW_MS);
}

/**
 * Where `usualReportRate` at `now` can find its reports: for each past week, the span around
 * the same local hour of the week, an hour wider on each side for daylight-saving shifts. A
 * store reads only these spans (and passes all it finds: the rate picks the exact hours).
 *
 * @example usualReportSpans(now, 'Asia/Shanghai') // 4 spans of 3 hours, one a week back each
 */
export function usualReportSpans(timezone: string, now: number, weeks = 4): { from: number; to: number }[] {
  const currentHour = localHourStart(now, timezone);
  return Array.from({ length: Math.max(0, weeks) }, (_, i) => {
    const then = currentHour - (i + 1) * 7 * 86_400_000;
    return { from: then - 3_600_000, to: Math.min(currentHour, then + 2 * 3_600_000) };
  });
}
