/**
 * The scheduler's counters as metrics. Its start lateness is already a histogram of 123
 * log-spaced buckets (1.1× apart, src/domain/history/latency-histogram.ts); we serve it as a
 * Prometheus histogram with a dozen readable bounds instead of observing every run twice.
 * A scheduler bucket counts toward a bound only when it lies wholly below it, so `le="1"`
 * counts runs late by less than 1 s, missing at most those within 10 % under it.
 */
import { BUCKET_COUNT, bucketBounds, bucketValue } from '../domain/history/latency-histogram.ts';
import type { SchedulerStats } from '../scheduler/scheduler.ts';
import type { Family, Sample } from './exposition.ts';

/** Upper bounds, in seconds, of the served lateness histogram. */
export const LATENESS_BOUNDS_S = [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] as const;

/**
 * The scheduler families: lateness histogram, runs started and skipped, worst lateness.
 *
 * @example schedulerFamilies(monitor.schedulerStats)[0].name // 'supportwatch_scheduler_lateness_seconds'
 */
export function schedulerFamilies(stats: SchedulerStats): Family[] {
  const buckets: Sample[] = [];
  let sumMs = 0;
  let count = 0;
  for (let i = 0; i < BUCKET_COUNT; i++) {
    const n = stats.lateness[i] ?? 0;
    count += n;
    sumMs += n * bucketValue(i);
  }
  for (const bound of LATENESS_BOUNDS_S) {
    let below = 0;
    // The last scheduler bucket is open-ended (120 s and beyond): it only counts toward +Inf.
    for (let i = 0; i < BUCKET_COUNT - 1 && bucketBounds(i).upper <= bound * 1000; i++) below += stats.lateness[i] ?? 0;
    buckets.push({ suffix: '_bucket', labels: { le: String(bound) }, value: below });
  }
  buckets.push({ suffix: '_bucket', labels: { le: '+Inf' }, value: count });
  return [
    {
      name: 'supportwatch_scheduler_lateness_seconds',
      help: 'How late probe runs started after they were due (scheduler lag).',
      type: 'histogram',
      samples: [...buckets, { suffix: '_sum', value: sumMs / 1000 }, { suffix: '_count', value: count }],
    },
    { name: 'supportwatch_scheduler_runs_total', help: 'Probe runs started by the scheduler.', type: 'counter', samples: [{ value: stats.started }] },
    {
      name: 'supportwatch_scheduler_skipped_total',
      help: 'Probe runs skipped because the previous run of the same probe was still going or waiting.',
      type: 'counter',
      samples: [{ value: stats.skipped }],
    },
    {
      name: 'supportwatch_scheduler_max_lateness_seconds',
      help: 'The latest any probe run has started since the process started.',
      type: 'gauge',
      samples: [{ value: stats.maxLatenessMs / 1000 }],
    },
  ];
}
