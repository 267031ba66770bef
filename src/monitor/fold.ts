/**
 * The parts of folding a check into a channel that every runtime shares: the Node monitor
 * (state in memory, one check at a time) and the Workers cron runner (state read from D1 each
 * minute) both build their rows and decisions here, so the two never drift apart.
 */
import type { CheckResult, ServiceHours } from '../domain/catalog.ts';
import { decideIncident, type IncidentDecision } from '../domain/incidents.ts';
import { inMaintenance, type MaintenanceWindow } from '../domain/maintenance.ts';
import { isOpen } from '../domain/service-hours.ts';
import { effectiveState, type FailureCause, type ProbeRuntime } from '../domain/state.ts';
import type { ChannelState } from '../domain/vocabulary.ts';
import type { CheckRow, StateChange } from '../store/writes.ts';

/**
 * One check as stored, with the probe's and channel's integer keys.
 *
 * @example
 * writer.addCheck(checkRow(channelPk, probePk, await runProbe(spec)));
 */
export function checkRow(channelPk: number, probePk: number, result: CheckResult): CheckRow {
  return {
    channelPk,
    probePk,
    startedAt: result.startedAt,
    durationMs: result.durationMs,
    outcome: result.outcome,
    httpStatus: result.httpStatus,
    errorClass: result.errorClass,
    message: result.message,
    dnsMs: result.phases?.dns ?? null,
    connectMs: result.phases?.connect ?? null,
    tlsMs: result.phases?.tls ?? null,
    firstByteMs: result.phases?.firstByte ?? null,
    certExpiresAt: result.certExpiresAt ?? null,
    conditionsFailed: conditionsBitmask(result),
  };
}

/** Condition results as bits (bit i = condition i failed), so a check costs one small integer. */
export function conditionsBitmask(result: CheckResult): number | null {
  if (!result.conditions) return null;
  let mask = 0;
  result.conditions.forEach((c, i) => {
    if (!c.ok) mask |= 1 << i;
  });
  return mask;
}

/**
 * The earliest first failure among a channel's down probes: what broke first, the cause an
 * incident reports. Takes the probes as they are held (no array built per check).
 */
export function firstCause(probes: Iterable<{ runtime: ProbeRuntime }>): FailureCause | null {
  let cause: FailureCause | null = null;
  for (const { runtime } of probes) {
    if (runtime.status === 'down' && runtime.firstFailure && (!cause || runtime.firstFailure.at < cause.at)) cause = runtime.firstFailure;
  }
  return cause;
}

/** A channel's stored state as a fold reads and updates it. */
export interface ChannelFoldSlot {
  pk: number;
  state: ChannelState;
  since: number;
  incidentOpen: boolean;
}

/** When the channel is staffed and which windows hold it in maintenance. */
export interface ChannelFoldContext {
  hours: ServiceHours;
  timezone: string;
  maintenance: readonly MaintenanceWindow[];
  /** Windows the provider announced (notices); asked only outside configured maintenance. */
  announced?: (channelPk: number) => readonly MaintenanceWindow[];
}

/** What one fold changed, for the caller's log. */
export interface ChannelFoldOutcome {
  /** The measured state before, when it changed. */
  from: ChannelState | null;
  /** The state people see now (closed outside hours, maintenance inside a window). */
  effective: ChannelState;
  incident: IncidentDecision;
}

/**
 * Folds a channel's new measured state into `slot` (updated in place) and queues the changes
 * to store through `emit`, in the order the store applies them: the state change, then the
 * incident opened or closed. `since` dates a state change; `now` is the deciding check's start.
 * `Monitor.updateMeasured` folds every check with it (and adds alerts on top); the Workers cron
 * runner folds with it.
 *
 * @example
 * const { from, incident } = foldChannel(slot, measuredState(statuses), firstCause(slot.probes), ctx, runtime.since, result.startedAt, addChange);
 */
export function foldChannel(
  slot: ChannelFoldSlot,
  measured: ChannelState,
  cause: FailureCause | null,
  ctx: ChannelFoldContext,
  since: number,
  now: number,
  emit: (change: StateChange) => void,
): ChannelFoldOutcome {
  let from: ChannelState | null = null;
  if (measured !== slot.state) {
    from = slot.state;
    slot.state = measured;
    slot.since = since;
    emit({ kind: 'channel_status', channelPk: slot.pk, state: measured, since });
  }
  const maintenance = inMaintenance(ctx.maintenance, ctx.timezone, now) || (ctx.announced !== undefined && inMaintenance(ctx.announced(slot.pk), ctx.timezone, now));
  const effective = effectiveState(measured, isOpen(ctx.hours, ctx.timezone, now), maintenance);
  const incident = decideIncident({
    open: slot.incidentOpen,
    effective,
    measured,
    cause,
    at: now,
  });
  if (incident.kind === 'open') {
    slot.incidentOpen = true;
    emit({
      kind: 'incident_open',
      channelPk: slot.pk,
      startedAt: incident.startedAt,
      causeClass: incident.cause?.errorClass ?? null,
      causeMessage: incident.cause?.message ?? null,
    });
  } else if (incident.kind === 'close') {
    slot.incidentOpen = false;
    emit({ kind: 'incident_close', channelPk: slot.pk, endedAt: incident.endedAt });
  }
  return { from, effective, incident };
}
