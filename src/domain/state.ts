import type { CheckResult } from './catalog.ts';
import type { ChannelState, ErrorClass, ProbeStatus } from './vocabulary.ts';

/** The first failed check of the current failing streak: the cause an incident reports. */
export interface FailureCause {
  at: number;
  errorClass: ErrorClass | null;
  message: string | null;
}

/** What the monitor remembers about one probe between checks. */
export interface ProbeRuntime {
  status: ProbeStatus;
  /** When `status` began. */
  since: number;
  /** Consecutive failed checks (0 after a good one). */
  failures: number;
  /** Consecutive good checks (0 after a failed one). */
  successes: number;
  firstFailure: FailureCause | null;
}

export interface Thresholds {
  failureThreshold: number;
  successThreshold: number;
}

/** A probe that has never been checked. */
export function initialProbeRuntime(since: number, status: ProbeStatus = 'unknown'): ProbeRuntime {
  return { status, since, failures: 0, successes: 0, firstFailure: null };
}

/**
 * Folds one check into a probe's runtime. A probe turns `down` after `failureThreshold`
 * consecutive failures (dated from the first of them) and leaves `down` after
 * `successThreshold` consecutive good checks; before a threshold is met, it keeps its status.
 * A good check on a probe that is not down sets `up` or `degraded` at once.
 *
 * @example
 * let r = initialProbeRuntime(0);
 * r = nextProbeRuntime(r, failedCheckAt(10), { failureThreshold: 2, successThreshold: 1 }); // still 'unknown'
 * r = nextProbeRuntime(r, failedCheckAt(20), { failureThreshold: 2, successThreshold: 1 }); // 'down' since 10
 */
export function nextProbeRuntime(prev: ProbeRuntime, check: CheckResult, t: Thresholds): ProbeRuntime {
  if (check.outcome === 'down') {
    const failures = prev.failures + 1;
    const firstFailure =
      prev.failures === 0 || !prev.firstFailure
        ? { at: check.startedAt, errorClass: check.errorClass, message: check.message }
        : prev.firstFailure;
    const goesDown = prev.status !== 'down' && failures >= t.failureThreshold;
    return {
      status: goesDown ? 'down' : prev.status,
      since: goesDown ? firstFailure.at : prev.since,
      failures,
      successes: 0,
      firstFailure,
    };
  }
  const successes = prev.successes + 1;
  const recovers = prev.status !== 'down' || successes >= t.successThreshold;
  const status: ProbeStatus = recovers ? check.outcome : 'down';
  return {
    status,
    since: status === prev.status ? prev.since : check.startedAt,
    failures: 0,
    successes,
    firstFailure: null,
  };
}

const SEVERITY: Record<ProbeStatus, number> = { unknown: 0, up: 1, degraded: 2, down: 3 };

/**
 * A channel's measured state: the worst of its probes that have a status. A channel with no
 * probe, or none with a status yet, is `unknown` (a phone line cannot be dialled: we never
 * make up an `up`).
 */
export function measuredState(statuses: Iterable<ProbeStatus>): ChannelState {
  let worst: ProbeStatus = 'unknown';
  for (const s of statuses) if (SEVERITY[s] > SEVERITY[worst]) worst = s;
  return worst;
}

/**
 * The state shown to people. Outside service hours a channel is `closed` whatever its probes
 * say (the next opening is the useful answer); inside an announced maintenance window it is
 * `maintenance`. Neither counts as downtime.
 */
export function effectiveState(measured: ChannelState, openNow: boolean, inMaintenance = false): ChannelState {
  if (!openNow) return 'closed';
  if (inMaintenance) return 'maintenance';
  return measured;
}

/**
 * One word for a whole provider, from its channels' effective states. It is closed only when
 * every channel is closed; otherwise the open channels with data decide (unknown ones do not
 * vote): all down → down, any down or degraded → degraded, all in maintenance → maintenance.
 */
export function providerState(states: Iterable<ChannelState>): ChannelState {
  const all = [...states];
  const open = all.filter((s) => s !== 'closed');
  if (open.length === 0) return all.length > 0 ? 'closed' : 'unknown';
  const known = open.filter((s) => s !== 'unknown');
  if (known.length === 0) return 'unknown';
  if (known.every((s) => s === 'down')) return 'down';
  if (known.some((s) => s === 'down' || s === 'degraded')) return 'degraded';
  if (known.every((s) => s === 'maintenance')) return 'maintenance';
  return 'up';
}
