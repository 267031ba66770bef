import type { CheckResult, ServiceHours } from '../catalog.ts';
import { MAINTENANCE_HORIZON_DAYS, maintenanceStatus, type MaintenanceWindow } from '../maintenance.ts';
import { HORIZON_DAYS, openingStatus } from '../service-hours.ts';
import { effectiveState, initialProbeRuntime, measuredState, nextProbeRuntime, type ProbeRuntime } from '../state.ts';
import type { ChannelState, CheckOutcome, ProbeStatus } from '../vocabulary.ts';

/**
 * A channel's past as people saw it: contiguous state segments rebuilt from stored checks
 * with the rules that drive the live state (`nextProbeRuntime`, `measuredState`,
 * `effectiveState`), so history and the status page never disagree about what happened.
 */

/** `[from, to)` in epoch ms, in one state. */
export interface StateSegment {
  from: number;
  to: number;
  state: ChannelState;
}

/** What the timeline needs of a probe; a `ProbeSpec` fits as it is. */
export interface TimelineProbe {
  key: string;
  intervalMs: number;
  failureThreshold: number;
  successThreshold: number;
  /** With `retryDelayMs` and `timeoutMs`: retries push the next check later, so a result holds longer. */
  retry?: number;
  retryDelayMs?: number;
  timeoutMs?: number;
}

/** What the timeline needs of a stored check. */
export interface TimelineCheck {
  /** `TimelineProbe.key` of the probe that ran it; checks of unknown probes are ignored. */
  probeKey: string;
  startedAt: number;
  outcome: CheckOutcome;
}

export interface TimelineInput {
  probes: readonly TimelineProbe[];
  /** In any order. Include checks from before `from` (a few intervals' worth) so the state at `from` is known. */
  checks: readonly TimelineCheck[];
  hours: ServiceHours;
  /** The channel's and its provider's windows together. */
  maintenance: readonly MaintenanceWindow[];
  timezone: string;
  from: number;
  /** Usually `now`: the last result holds until here at most. */
  to: number;
}

const DAY_MS = 86_400_000;
/** Thresholds look only at outcomes; the rest of a check does not change a status. */
const NO_DETAIL = { durationMs: 0, httpStatus: null, errorClass: null, message: null } as const;

/**
 * The channel's effective state over `[from, to)`: contiguous segments, adjacent ones in
 * different states, `unknown` where the channel is open, not in maintenance and has no
 * fresh result.
 *
 * Thresholds apply, as they do live: a probe turns `down` after `failureThreshold` failures
 * in a row and the down time is dated from the first of them (as incidents are), so one blip
 * costs no uptime but a real outage costs all of it. A probe's status holds until its next
 * check, for at most `2 × intervalMs` (plus retry time), after which it is `unknown`: a
 * stopped monitor is a gap, not an outage and not uptime. The channel's measured state is
 * the worst of its probes' (`measuredState`); outside service hours it is `closed`, inside a
 * maintenance window `maintenance` (`effectiveState`), with or without fresh data, cut at the
 * exact boundaries that `openingStatus` and `maintenanceStatus` give.
 *
 * @example
 * timelineFromChecks({ probes: channel.probes, checks, hours: channel.hours,
 *   maintenance: [...provider.maintenance, ...channel.maintenance], timezone: provider.timezone,
 *   from: hourStart, to: now })
 * // [{ from: hourStart, to: …, state: 'up' }, { from: …, to: now, state: 'down' }]
 */
export function timelineFromChecks(input: TimelineInput): StateSegment[] {
  const { from, to, timezone } = input;
  if (!(from < to)) return [];
  const measured = measuredSegments(input.probes, input.checks, from, to);
  const open = toggleSpans(from, to, (t) => {
    const s = openingStatus(input.hours, timezone, t);
    const fallback = input.hours.kind === 'always' ? Number.POSITIVE_INFINITY : t + HORIZON_DAYS * DAY_MS;
    return s.openNow ? { on: true, until: s.closesAt ?? fallback } : { on: false, until: s.opensAt ?? fallback };
  });
  const maintenance = toggleSpans(from, to, (t) => {
    if (input.maintenance.length === 0) return { on: false, until: Number.POSITIVE_INFINITY };
    const s = maintenanceStatus(input.maintenance, timezone, t);
    if (s.active) return { on: true, until: s.active.endsAt };
    return { on: false, until: s.next?.startsAt ?? t + MAINTENANCE_HORIZON_DAYS * DAY_MS };
  });
  const cuts = [...new Set([from, to, ...edges(measured), ...edges(open), ...edges(maintenance)])].sort((a, b) => a - b);
  const segments: StateSegment[] = [];
  const m = cursor(measured);
  const o = cursor(open);
  const w = cursor(maintenance);
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i]!;
    const b = cuts[i + 1]!;
    if (a < from || b > to) continue;
    const state = effectiveState(m(a) ?? 'unknown', o(a) !== undefined, w(a) !== undefined);
    const last = segments[segments.length - 1];
    if (last && last.state === state && last.to === a) last.to = b;
    else segments.push({ from: a, to: b, state });
  }
  return segments;
}

interface Span<T> {
  from: number;
  to: number;
  value: T;
}

/** How long one result of `probe` stands for the channel before it is stale. */
function holdMs(probe: TimelineProbe): number {
  const retries = (probe.retry ?? 0) * ((probe.retryDelayMs ?? 0) + (probe.timeoutMs ?? 0));
  return 2 * probe.intervalMs + retries;
}

/** The channel's measured state as spans inside `[from, to)`; gaps are `unknown`. */
function measuredSegments(
  probes: readonly TimelineProbe[],
  checks: readonly TimelineCheck[],
  from: number,
  to: number,
): Span<ChannelState>[] {
  const perProbe = probes.map((p) => probeSpans(p, checks.filter((c) => c.probeKey === p.key), to));
  const cuts = [...new Set([from, to, ...perProbe.flatMap(edges)])].filter((t) => t >= from && t <= to).sort((a, b) => a - b);
  const cursors = perProbe.map(cursor);
  const spans: Span<ChannelState>[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i]!;
    const statuses: ProbeStatus[] = cursors.map((c) => c(a) ?? 'unknown');
    const value = measuredState(statuses);
    if (value === 'unknown') continue;
    const last = spans[spans.length - 1];
    if (last && last.value === value && last.to === a) last.to = cuts[i + 1]!;
    else spans.push({ from: a, to: cuts[i + 1]!, value });
  }
  return spans;
}

/**
 * One probe's status over time by replaying its checks through `nextProbeRuntime`. Each
 * check's status lasts until the next check (at most `holdMs`); turning down re-dates the
 * spans since the streak's first failure.
 */
function probeSpans(probe: TimelineProbe, checks: readonly TimelineCheck[], to: number): Span<ProbeStatus>[] {
  const sorted = [...checks].sort((a, b) => a.startedAt - b.startedAt);
  const spans: Span<ProbeStatus>[] = [];
  let runtime: ProbeRuntime | null = null;
  for (let i = 0; i < sorted.length; i++) {
    const check = sorted[i]!;
    const before: ProbeRuntime = runtime ?? initialProbeRuntime(check.startedAt);
    const result: CheckResult = { ...NO_DETAIL, startedAt: check.startedAt, outcome: check.outcome };
    runtime = nextProbeRuntime(before, result, probe);
    if (runtime.status === 'down' && before.status !== 'down') {
      for (let j = spans.length - 1; j >= 0 && spans[j]!.from >= runtime.since; j--) spans[j]!.value = 'down';
    }
    const next = sorted[i + 1]?.startedAt ?? Number.POSITIVE_INFINITY;
    const end = Math.min(next, check.startedAt + holdMs(probe), to);
    if (end > check.startedAt) spans.push({ from: check.startedAt, to: end, value: runtime.status });
  }
  return spans.filter((s) => s.value !== 'unknown');
}

/**
 * The spans within `[from, to)` where a yes/no property holds, asking `step` at each change
 * for the current value and when it changes next (`until` must lie after `t`).
 */
function toggleSpans(from: number, to: number, step: (t: number) => { on: boolean; until: number }): Span<true>[] {
  const spans: Span<true>[] = [];
  let t = from;
  while (t < to) {
    const { on, until } = step(t);
    const end = Math.min(to, until > t ? until : t + 1);
    if (on) {
      const last = spans[spans.length - 1];
      if (last && last.to === t) last.to = end;
      else spans.push({ from: t, to: end, value: true });
    }
    t = end;
  }
  return spans;
}

function edges<T>(spans: readonly Span<T>[]): number[] {
  return spans.flatMap((s) => [s.from, s.to]);
}

/**
 * A reader over sorted, disjoint spans for ascending queries: the value at `t`, or
 * `undefined` where no span covers it. Linear over a whole sweep.
 */
function cursor<T>(spans: readonly Span<T>[]): (t: number) => T | undefined {
  let i = 0;
  return (t) => {
    while (i < spans.length && spans[i]!.to <= t) i++;
    const span = spans[i];
    return span && span.from <= t ? span.value : undefined;
  };
}
