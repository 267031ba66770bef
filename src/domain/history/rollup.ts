import type { CheckOutcome } from '../vocabulary.ts';
import { BUCKET_COUNT, bucketOf, emptyHistogram, mergeHistograms, type Histogram } from './latency-histogram.ts';
import { periodStart, splitByPeriod, type RollupUnit } from './periods.ts';
import { timelineFromChecks, type StateSegment, type TimelineCheck, type TimelineInput } from './timeline.ts';

/**
 * Rollups: what an hour or a day of a channel leaves behind once its raw checks are gone.
 * Time per state (for time-based uptime), checks per state, and a latency histogram (for
 * percentiles), keyed by the start of the provider's local hour or day.
 */

/** The states time is counted in; `unknown` time is counted nowhere. */
export const ROLLUP_STATES = ['up', 'degraded', 'down', 'closed', 'maintenance'] as const;
export type RollupState = (typeof ROLLUP_STATES)[number];

export interface Rollup {
  /** Epoch ms of the local hour or day start (`periodStart`). */
  start: number;
  /** Seconds spent in each state (fractional: time is kept to the ms). */
  seconds: Record<RollupState, number>;
  /** Checks started in the period, by the state people saw at the check (see `rollUp`). */
  checks: Record<RollupState, number>;
  /** Latency of the checks that got an answer (`up` or `degraded` outcome). */
  latency: Histogram;
}

/** A stored check as rollups need it; a `CheckResult` fits as it is. */
export interface RollupCheck {
  startedAt: number;
  outcome: CheckOutcome;
  durationMs: number;
}

function zeroes(): Record<RollupState, number> {
  return { up: 0, degraded: 0, down: 0, closed: 0, maintenance: 0 };
}

/**
 * A rollup with nothing in it.
 *
 * @example emptyRollup(Date.parse('2026-03-06T16:00:00Z')).seconds.up // 0
 */
export function emptyRollup(start: number): Rollup {
  return { start, seconds: zeroes(), checks: zeroes(), latency: emptyHistogram() };
}

/**
 * Both rollups' time, checks and latency together, starting at the earlier start.
 * Associative and commutative: hours merge into days, days into 90 days, in any order.
 *
 * @example mergeRollups(mondayRollup, tuesdayRollup).seconds.down // both days' down time
 */
export function mergeRollups(a: Rollup, b: Rollup): Rollup {
  const seconds = zeroes();
  const checks = zeroes();
  for (const s of ROLLUP_STATES) {
    seconds[s] = a.seconds[s] + b.seconds[s];
    checks[s] = a.checks[s] + b.checks[s];
  }
  return { start: Math.min(a.start, b.start), seconds, checks, latency: mergeHistograms(a.latency, b.latency) };
}

/** A rollup under construction: time in integer ms so sums stay exact until the end. */
interface Accumulator {
  start: number;
  ms: Record<RollupState, number>;
  checks: Record<RollupState, number>;
  latency: number[];
}

export interface RollUpInput {
  /** Sorted, non-overlapping, as `timelineFromChecks` gives them. */
  segments: readonly StateSegment[];
  /** Every check given is counted; pass those of the segments' span. Any order. */
  checks: readonly RollupCheck[];
  timezone: string;
  unit: RollupUnit;
}

/**
 * Rollups for every local hour or day the segments or checks touch, sorted by start.
 *
 * Time: each segment is cut at local period boundaries (DST-safe: a Berlin day may last 23
 * or 25 hours) and its seconds added to its state; `unknown` time is skipped, so a period
 * with no measured, closed or maintenance time and no check gets no rollup at all.
 * Checks: each counts in the period it started in, under `closed` or `maintenance` when the
 * timeline says so at that instant, else under its own outcome (the raw outcome, not the
 * thresholded state: "12 checks failed" is what a manager wants counted). Its latency goes
 * into the histogram when the check got an answer, whatever the hours: a failed check's
 * duration is how long it took to fail, not how fast the channel answers.
 *
 * For a period to be complete, the segments must cover it whole: align `from`/`to` of the
 * timeline with `periodStart`.
 *
 * @example
 * rollUp({ segments: [{ from: t0, to: t0 + 90 * 60_000, state: 'up' }], checks: [],
 *   timezone: 'UTC', unit: 'hour' }) // two rollups: 3600 s and 1800 s up
 */
export function rollUp(input: RollUpInput): Rollup[] {
  const { segments, timezone, unit } = input;
  const byStart = new Map<number, Accumulator>();
  const get = (start: number): Accumulator => {
    let acc = byStart.get(start);
    if (!acc) {
      acc = { start, ms: zeroes(), checks: zeroes(), latency: new Array<number>(BUCKET_COUNT).fill(0) };
      byStart.set(start, acc);
    }
    return acc;
  };
  for (const segment of segments) {
    if (segment.state === 'unknown') continue;
    for (const piece of splitByPeriod(segment.from, segment.to, timezone, unit)) {
      get(piece.start).ms[segment.state] += piece.to - piece.from;
    }
  }
  const checks = [...input.checks].sort((a, b) => a.startedAt - b.startedAt);
  let i = 0;
  for (const check of checks) {
    while (i < segments.length && segments[i]!.to <= check.startedAt) i++;
    const segment = segments[i];
    const context = segment && segment.from <= check.startedAt ? segment.state : undefined;
    const state: RollupState = context === 'closed' || context === 'maintenance' ? context : check.outcome;
    const acc = get(periodStart(check.startedAt, timezone, unit));
    acc.checks[state]++;
    if (check.outcome !== 'down') acc.latency[bucketOf(check.durationMs)]!++;
  }
  return [...byStart.values()].sort((a, b) => a.start - b.start).map(finish);
}

function finish(acc: Accumulator): Rollup {
  const seconds = zeroes();
  for (const s of ROLLUP_STATES) seconds[s] = acc.ms[s] / 1000;
  return { start: acc.start, seconds, checks: acc.checks, latency: acc.latency };
}

/**
 * Rollups merged by the local period their start falls in: hourly rollups into daily ones
 * (a local hour never straddles a local midnight), sorted by start.
 *
 * @example regroupRollups(hourly, 'Asia/Shanghai', 'day') // one rollup per Shanghai day
 */
export function regroupRollups(rollups: Iterable<Rollup>, timezone: string, unit: RollupUnit): Rollup[] {
  const byStart = new Map<number, Rollup>();
  for (const r of rollups) {
    const start = periodStart(r.start, timezone, unit);
    const known = byStart.get(start);
    byStart.set(start, mergeRollups(known ?? emptyRollup(start), { ...r, start }));
  }
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}

/** `timelineFromChecks` input plus what rolling up needs. */
export interface RollUpChannelInput extends TimelineInput {
  checks: readonly (TimelineCheck & RollupCheck)[];
  unit: RollupUnit;
}

/**
 * The one call for a channel: its timeline over `[from, to)` rolled up by local hour or
 * day, counting only the checks started in `[from, to)` (earlier ones only set the state at
 * `from`).
 *
 * @example
 * rollUpChannel({ probes: channel.probes, checks, hours: channel.hours, maintenance,
 *   timezone: 'Asia/Shanghai', from: dayStart, to: nextDayStart, unit: 'hour' }) // ≤ 24 rollups
 */
export function rollUpChannel(input: RollUpChannelInput): Rollup[] {
  const segments = timelineFromChecks(input);
  const checks = input.checks.filter((c) => c.startedAt >= input.from && c.startedAt < input.to);
  return rollUp({ segments, checks, timezone: input.timezone, unit: input.unit });
}
