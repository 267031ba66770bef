import type { ChannelState } from '../domain/vocabulary.ts';
import { maintenanceStatus } from '../domain/maintenance.ts';
import { openingStatus } from '../domain/service-hours.ts';
import { effectiveState } from '../domain/state.ts';
import type { ChannelRow, ProviderRow, StoredCheck } from '../store/reads.ts';
import type { z } from '@hono/zod-openapi';
import type { ChannelSchema, CheckSchema, ConditionResultsSchema, PhasesSchema } from './schemas.ts';

type ChannelView = z.infer<typeof ChannelSchema>;

/** Epoch ms → ISO-8601 UTC, keeping null. */
export function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

type ProviderContext = Pick<ProviderRow, 'timezone' | 'maintenance'>;

/** The state people see for a channel now: measured, `closed` outside hours, `maintenance` in a window. */
export function channelStateNow(row: ChannelRow, provider: ProviderContext, now: number): ChannelState {
  const windows = [...provider.maintenance, ...row.maintenance];
  return effectiveState(
    row.state,
    openingStatus(row.hours, provider.timezone, now).openNow,
    maintenanceStatus(windows, provider.timezone, now).active !== null,
  );
}

/** A channel as the API shows it, with hours and windows read in the provider's zone at `now`. */
export function channelView(row: ChannelRow, provider: ProviderContext, last: StoredCheck | undefined, now: number): ChannelView {
  const opening = openingStatus(row.hours, provider.timezone, now);
  const maintenance = maintenanceStatus([...provider.maintenance, ...row.maintenance], provider.timezone, now);
  const state = effectiveState(row.state, opening.openNow, maintenance.active !== null);
  const window = maintenance.active ?? maintenance.next;
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    contact: row.contact,
    state,
    state_reason: stateReason(row, state, last),
    since: state === 'closed' ? null : iso(row.since),
    open_now: opening.openNow,
    opens_at: iso(opening.opensAt),
    closes_at: iso(opening.closesAt),
    maintenance: window && { active: window === maintenance.active, starts_at: iso(window.startsAt)!, ends_at: iso(window.endsAt)! },
    last_check: last
      ? {
          at: iso(last.startedAt)!,
          outcome: last.outcome,
          latency_ms: last.durationMs,
          http_status: last.httpStatus,
          error: last.errorClass ? { class: last.errorClass, message: last.message } : null,
          phases: phasesView(last),
          cert_expires_at: iso(last.certExpiresAt),
          conditions: conditionsView(last),
        }
      : null,
  };
}

function phasesView(check: StoredCheck): z.infer<typeof PhasesSchema> {
  const { dnsMs, connectMs, tlsMs, firstByteMs } = check;
  if (dnsMs === null && connectMs === null && tlsMs === null && firstByteMs === null) return null;
  return { dns: dnsMs, connect: connectMs, tls: tlsMs, first_byte: firstByteMs, total: check.durationMs };
}

/** The probe's condition expressions (from its stored spec) with each one's result bit. */
function conditionsView(check: StoredCheck): z.infer<typeof ConditionResultsSchema> {
  if (check.conditionsFailed === null) return null;
  const conditions = (check.probeSpec as { conditions?: { source: string }[] } | null)?.conditions ?? [];
  return conditions.map((c, i) => ({ expression: c.source, ok: (check.conditionsFailed! & (1 << i)) === 0 }));
}

function stateReason(row: ChannelRow, state: ChannelState, last: StoredCheck | undefined): string | null {
  if (state === 'closed') return 'outside service hours';
  if (state === 'maintenance') return 'inside an announced maintenance window';
  if (state !== 'unknown') return null;
  if (row.probeCount === 0) return 'no probe: this channel is not checked automatically';
  return last ? 'not enough checks yet to decide' : 'no check yet';
}

/** A stored check as the API shows it. */
export function checkView(check: StoredCheck): z.infer<typeof CheckSchema> {
  return {
    id: check.id,
    probe: check.probeKey,
    at: iso(check.startedAt)!,
    outcome: check.outcome,
    latency_ms: check.durationMs,
    http_status: check.httpStatus,
    error: check.errorClass ? { class: check.errorClass, message: check.message } : null,
    message: check.message,
    conditions: conditionsView(check),
  };
}
