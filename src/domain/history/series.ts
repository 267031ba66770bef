import { addDays, localParts, zonedTimeToEpoch } from '../zoned-time.ts';
import { percentile, emptyHistogram, mergeHistograms, histogramCount, type Histogram } from './latency-histogram.ts';
import { localHourStart, splitByPeriod } from './periods.ts';

/**
 * The spans history is asked about, in the provider's own clock, and latency series over
 * them. A window of N hours or days is the current local hour or day so far plus the N − 1
 * complete ones before it, the way a row of daily bars reads: "30 days" is today and the 29
 * local days before, and its uptime is that of those 30 bars together.
 */

/** The windows uptime is answered for. */
export const HISTORY_WINDOWS = ['24h', '7d', '30d', '90d', '365d'] as const;
export type HistoryWindow = (typeof HISTORY_WINDOWS)[number];

/** How far apart the points of a latency series are. */
export const LATENCY_STEPS = ['5m', '1h', '1d'] as const;
export type LatencyStep = (typeof LATENCY_STEPS)[number];

const FIVE_MINUTES_MS = 300_000;

/**
 * Where a window starts: the start of the local hour (`24h`) or local day (`7d`…`365d`)
 * that lies 23 hours or N − 1 days before the current one. Hours are counted as the local
 * clock shows them, so across a DST change "24h" spans 24 distinct local hours.
 *
 * @example windowStart('7d', Date.parse('2026-11-23T04:00:00Z'), 'Asia/Shanghai')
 * // Date.parse('2026-11-16T16:00:00Z'): 2026-11-17 00:00 in Shanghai, six days before today
 */
export function windowStart(window: HistoryWindow, now: number, timezone: string): number {
  if (window === '24h') return hoursBack(now, 24, timezone);
  return daysBack(now, Number(window.slice(0, -1)), timezone);
}

/**
 * The start of the local hour `count − 1` hours before the one containing `now`.
 *
 * @example hoursBack(Date.parse('2026-11-23T04:30:00Z'), 2, 'UTC') // Date.parse('2026-11-23T03:00:00Z')
 */
export function hoursBack(now: number, count: number, timezone: string): number {
  let start = localHourStart(now, timezone);
  for (let i = 1; i < count; i++) start = localHourStart(start - 1, timezone);
  return start;
}

/**
 * The start of the local day `count − 1` days before today (the local date of `now`).
 *
 * @example daysBack(Date.parse('2026-11-23T04:00:00Z'), 1, 'Asia/Shanghai') // Date.parse('2026-11-22T16:00:00Z')
 */
export function daysBack(now: number, count: number, timezone: string): number {
  const today = localParts(now, timezone).date;
  return zonedTimeToEpoch(addDays(today, 1 - Math.max(1, Math.floor(count))), 0, timezone);
}

/**
 * The starts of the points of a series over `[from, to)`: every five minutes of UTC time
 * (which are also five local minutes in every zone, all offsets being multiples of 5
 * minutes), or every local hour or local day.
 *
 * @example stepStarts(t0, t0 + 3_600_000, '5m', 'UTC').length // 12
 */
export function stepStarts(from: number, to: number, step: LatencyStep, timezone: string): number[] {
  if (step === '5m') {
    const starts: number[] = [];
    for (let t = Math.floor(from / FIVE_MINUTES_MS) * FIVE_MINUTES_MS; t < to; t += FIVE_MINUTES_MS) starts.push(t);
    return starts;
  }
  return splitByPeriod(from, to, timezone, step === '1h' ? 'hour' : 'day').map((p) => p.start);
}

/**
 * The five-minute slot an instant falls in, as `stepStarts(…, '5m', …)` numbers them.
 *
 * @example fiveMinuteStart(Date.parse('2026-11-23T04:07:10Z')) // Date.parse('2026-11-23T04:05:00Z')
 */
export function fiveMinuteStart(at: number): number {
  return Math.floor(at / FIVE_MINUTES_MS) * FIVE_MINUTES_MS;
}

/** One point of a latency series; percentiles in ms, `null` without an answered check. */
export interface LatencyPoint {
  start: number;
  count: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

/**
 * A point per start in `starts` (sorted ascending) with the percentiles of the histograms
 * that fall in it: each histogram counts in the last point starting at or before its own
 * start; those before the first point are ignored.
 *
 * @example latencySeries([{ start: t0 + 60_000, latency: histogramOf([80, 120]) }], [t0, t0 + 300_000])
 * // [{ start: t0, count: 2, p50: ≈ 80, … }, { start: t0 + 300_000, count: 0, p50: null, … }]
 */
export function latencySeries(samples: Iterable<{ start: number; latency: Histogram }>, starts: readonly number[]): LatencyPoint[] {
  const merged: Histogram[] = starts.map(() => emptyHistogram());
  for (const s of samples) {
    const i = lastAtOrBefore(starts, s.start);
    if (i >= 0) merged[i] = mergeHistograms(merged[i]!, s.latency);
  }
  return starts.map((start, i) => {
    const h = merged[i]!;
    return { start, count: histogramCount(h), p50: percentile(h, 0.5), p95: percentile(h, 0.95), p99: percentile(h, 0.99) };
  });
}

function lastAtOrBefore(sorted: readonly number[], t: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
