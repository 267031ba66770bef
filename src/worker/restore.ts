/**
 * A Worker keeps nothing between invocations, but thresholds count consecutive checks. The
 * Node monitor holds the counts in memory; the Worker rebuilds them each minute from what the
 * store has: the probe's status and since when, and its last few checks. Pure.
 */
import type { Thresholds } from '../domain/state.ts';
import { initialProbeRuntime, type ProbeRuntime } from '../domain/state.ts';
import type { CheckOutcome, ErrorClass, ProbeStatus } from '../domain/vocabulary.ts';

/** One stored check, as the restore needs it. */
export interface RecentCheck {
  startedAt: number;
  outcome: CheckOutcome;
  errorClass: ErrorClass | null;
  message: string | null;
}

/** How many of a probe's newest checks `restoreRuntime` needs: enough to reach either threshold. */
export function checksNeeded(t: Thresholds): number {
  return Math.max(t.failureThreshold, t.successThreshold, 1);
}

/**
 * The runtime the Node monitor would hold after the checks it saw: status and since as
 * stored, the trailing streak of failures or successes counted from `recent` (oldest first),
 * and the streak's first failure. For a probe already `down` the streak began at `since`
 * (that is how `nextProbeRuntime` dates it), even when `recent` does not reach back so far.
 *
 * @example
 * restoreRuntime({ status: 'up', since: 0 }, [good(1), bad(2)])
 * // → { status: 'up', since: 0, failures: 1, successes: 0, firstFailure: { at: 2, … } }
 */
export function restoreRuntime(saved: { status: ProbeStatus; since: number } | undefined, recent: readonly RecentCheck[], now: number): ProbeRuntime {
  const runtime = initialProbeRuntime(saved?.since ?? now, saved?.status);
  let first: RecentCheck | null = null;
  for (let i = recent.length - 1; i >= 0; i--) {
    const check = recent[i]!;
    if (check.outcome === 'down') {
      if (runtime.successes > 0) break;
      runtime.failures++;
      first = check;
    } else {
      if (runtime.failures > 0) break;
      runtime.successes++;
    }
  }
  if (first !== null) {
    const at = runtime.status === 'down' ? Math.min(runtime.since, first.startedAt) : first.startedAt;
    runtime.firstFailure = { at, errorClass: first.errorClass, message: first.message };
  }
  return runtime;
}
