import { MAINTENANCE_HORIZON_DAYS, maintenanceStatus } from '../maintenance.ts';
import { HORIZON_DAYS, openingStatus } from '../service-hours.ts';
import { timelineFromChecks, type StateSegment, type TimelineInput, type TimelineProbe } from './timeline.ts';

/**
 * A shortcut for plain spans, which are nearly all of them (an hour of a healthy channel, a
 * night of a closed one): the answer `timelineFromChecks` gives, found with two status
 * look-ups and one pass over the checks instead of replaying every check through the
 * thresholds. Anything less plain gives `null`, and the caller asks
 * `timelineFromChecks`; `timeline` does both.
 *
 * Plain means: the channel is closed throughout (whatever the checks say), or in maintenance
 * throughout, or open throughout with no failed check (so no threshold can re-date anything),
 * each probe's first check at or before `from`, none further apart than the probe's hold time
 * and the last still holding at `to`; and either one probe with checks (the channel then
 * follows its outcomes, `up` or `degraded`) or several that each answered alike throughout.
 */

const DAY_MS = 86_400_000;

/**
 * The segments of `[from, to)` when the span is plain (see above), else `null`.
 * `[]` for an empty span, as `timelineFromChecks` gives.
 *
 * @example quickTimeline({ probes, checks: everyMinuteUp, hours: ALWAYS, maintenance: [], timezone: 'UTC', from, to })
 * // [{ from, to, state: 'up' }]
 */
export function quickTimeline(input: TimelineInput): StateSegment[] | null {
  const { from, to, timezone, hours } = input;
  if (!(from < to)) return [];
  const opening = openingStatus(hours, timezone, from);
  const fallback = hours.kind === 'always' ? Number.POSITIVE_INFINITY : from + HORIZON_DAYS * DAY_MS;
  const openUntil = opening.openNow ? (opening.closesAt ?? fallback) : (opening.opensAt ?? fallback);
  if (openUntil < to) return null;
  if (!opening.openNow) return [{ from, to, state: 'closed' }];
  if (input.maintenance.length > 0) {
    const m = maintenanceStatus(input.maintenance, timezone, from);
    const until = m.active ? m.active.endsAt : (m.next?.startsAt ?? from + MAINTENANCE_HORIZON_DAYS * DAY_MS);
    if (until < to) return null;
    if (m.active) return [{ from, to, state: 'maintenance' }];
  }
  const answered: PlainCheck[][] = [];
  for (const probe of input.probes) {
    const checks = plainChecks(probe, input, from, to);
    if (checks === null) return null;
    if (checks.length > 0) answered.push(checks);
  }
  const [only, ...others] = answered;
  if (!only) return null;
  if (others.length === 0) return segmentsOf(only, from, to);
  // Several probes: only when each answered alike throughout, the channel being the worst of them.
  let state: 'up' | 'degraded' = 'up';
  for (const checks of answered) {
    const outcome = checks[0]!.outcome;
    if (checks.some((c) => c.outcome !== outcome)) return null;
    if (outcome === 'degraded') state = 'degraded';
  }
  return [{ from, to, state }];
}

interface PlainCheck {
  startedAt: number;
  outcome: 'up' | 'degraded';
}

/** One probe's results over `[from, to)`: each check's outcome from its start until the next. */
function segmentsOf(checks: readonly PlainCheck[], from: number, to: number): StateSegment[] {
  const segments: StateSegment[] = [];
  for (let i = 0; i < checks.length; i++) {
    const start = Math.max(from, checks[i]!.startedAt);
    const end = Math.min(to, checks[i + 1]?.startedAt ?? to);
    if (!(end > start)) continue;
    const state = checks[i]!.outcome;
    const last = segments[segments.length - 1];
    if (last && last.state === state && last.to === start) last.to = end;
    else segments.push({ from: start, to: end, state });
  }
  return segments;
}

/**
 * `quickTimeline` when the span is plain, else `timelineFromChecks`: the same segments, faster
 * for the common case.
 *
 * @example timeline({ probes, checks, hours, maintenance, timezone, from: hourStart, to: hourEnd })
 */
export function timeline(input: TimelineInput): StateSegment[] {
  return quickTimeline(input) ?? timelineFromChecks(input);
}

/**
 * A probe's checks up to `to`, sorted, when none failed (so no threshold re-dates anything),
 * the first is at or before `from` and each result holds until the next (or `to`); `[]` when
 * the probe has no check at all (it does not vote); `null` otherwise.
 */
function plainChecks(probe: TimelineProbe, input: TimelineInput, from: number, to: number): PlainCheck[] | null {
  const hold = holdMs(probe);
  const checks: PlainCheck[] = [];
  let any = false;
  for (const c of input.checks) {
    if (c.probeKey !== probe.key) continue;
    if (c.outcome === 'down') return null;
    any = true;
    if (c.startedAt < to) checks.push({ startedAt: c.startedAt, outcome: c.outcome });
  }
  if (!any) return [];
  checks.sort((a, b) => a.startedAt - b.startedAt);
  if (!(checks[0] && checks[0].startedAt <= from)) return null;
  for (let i = 0; i < checks.length; i++) {
    const start = checks[i]!.startedAt;
    const next = checks[i + 1]?.startedAt ?? Number.POSITIVE_INFINITY;
    // Each result holds until the next check or for `hold`, whichever comes first.
    if (start + hold < Math.min(next, to)) return null;
  }
  return checks;
}

/** How long one result stands for the channel; as `timelineFromChecks` counts it (the property tests hold both to it). */
function holdMs(probe: TimelineProbe): number {
  return 2 * probe.intervalMs + (probe.retry ?? 0) * ((probe.retryDelayMs ?? 0) + (probe.timeoutMs ?? 0));
}
