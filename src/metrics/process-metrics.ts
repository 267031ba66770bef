/**
 * What only the running monitor knows, as Prometheus metrics (prom-client, one registry per
 * instance: never the global one, so several monitors in one test process stay apart):
 * checks by probe type and outcome, check latency, notice source errors, the scheduler's
 * lag, and Node's own process metrics. Node only; the app adds channel states at scrape.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CheckResult, ProbeSpec } from '../domain/catalog.ts';
import { CHECK_OUTCOMES, PROBE_TYPES } from '../domain/vocabulary.ts';
import type { SchedulerStats } from '../scheduler/scheduler.ts';
import { formatFamilies } from './exposition.ts';
import { schedulerFamilies } from './scheduler.ts';

export interface ProcessMetricsOptions {
  /** Node's process metrics (CPU, memory, event loop lag, GC); default true. */
  defaultMetrics?: boolean;
}

/** Bounds of the check latency histogram, in seconds: probe timeouts are 1–60 s. */
export const CHECK_DURATION_BOUNDS_S = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

type Run = (spec: ProbeSpec) => Promise<CheckResult>;

/**
 * The monitor's metrics. Wrap the probe runner with `wrap` (outside the notice collector's
 * wrap, so feed reads count too) and hand the scheduler's stats to `observeScheduler`.
 *
 * @example
 * const metrics = new ProcessMetrics();
 * const monitor = new Monitor({ …, runProbe: metrics.wrap(notices.wrap(runProbe)) });
 * metrics.observeScheduler(() => monitor.schedulerStats);
 * createApp({ …, metrics: () => metrics.render() });
 */
export class ProcessMetrics {
  readonly registry = new Registry();
  private readonly checks: Counter<'type' | 'outcome'>;
  private readonly duration: Histogram<'type'>;
  private readonly sourceErrors: Counter<'source' | 'class'>;
  private schedulerStats: (() => SchedulerStats) | undefined;

  constructor(options: ProcessMetricsOptions = {}) {
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.checks = new Counter({
      name: 'supportwatch_checks_total',
      help: 'Checks run, by probe type and outcome (a retried failure counts each attempt).',
      labelNames: ['type', 'outcome'],
      registers,
    });
    this.duration = new Histogram({
      name: 'supportwatch_check_duration_seconds',
      help: 'How long checks took, by probe type.',
      labelNames: ['type'],
      buckets: CHECK_DURATION_BOUNDS_S,
      registers,
    });
    this.sourceErrors = new Counter({
      name: 'supportwatch_notice_source_errors_total',
      help: 'Reads of announcement sources (feed probes) that failed, by source (probe key) and error class.',
      labelNames: ['source', 'class'],
      registers,
    });
    // Every type and outcome from zero, so rate() works from the first scrape.
    for (const type of PROBE_TYPES) {
      for (const outcome of CHECK_OUTCOMES) this.checks.inc({ type, outcome }, 0);
    }
  }

  /** A probe runner that counts and times every check `run` makes. */
  wrap(run: Run): Run {
    return async (spec) => {
      const result = await run(spec);
      this.checks.inc({ type: spec.type, outcome: result.outcome });
      this.duration.observe({ type: spec.type }, result.durationMs / 1000);
      if (spec.type === 'feed' && result.outcome === 'down') this.sourceErrors.inc({ source: spec.key, class: result.errorClass ?? 'other' });
      return result;
    };
  }

  /** Where the scheduler's counters are read at each scrape. */
  observeScheduler(stats: () => SchedulerStats): void {
    this.schedulerStats = stats;
  }

  /** Everything, in the Prometheus text format. */
  async render(): Promise<string> {
    const text = await this.registry.metrics();
    return this.schedulerStats === undefined ? text : text + formatFamilies(schedulerFamilies(this.schedulerStats()));
  }
}
