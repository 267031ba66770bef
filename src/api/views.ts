import type { ChannelState } from '../domain/vocabulary.ts';
import { openingStatus } from '../domain/service-hours.ts';
import { effectiveState } from '../domain/state.ts';
import type { ChannelRow, StoredCheck } from '../store/reads.ts';
import type { z } from '@hono/zod-openapi';
import type { ChannelSchema, CheckSchema } from './schemas.ts';

type ChannelView = z.infer<typeof ChannelSchema>;

/** Epoch ms → ISO-8601 UTC, keeping null. */
export function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** The state people see for a channel now: its measured state, or `closed` outside hours. */
export function channelStateNow(row: ChannelRow, timezone: string, now: number): ChannelState {
  return effectiveState(row.state, openingStatus(row.hours, timezone, now).openNow);
}

/** A channel as the API shows it, with its hours read in the provider's zone at `now`. */
export function channelView(row: ChannelRow, timezone: string, last: StoredCheck | undefined, now: number): ChannelView {
  const opening = openingStatus(row.hours, timezone, now);
  const state = effectiveState(row.state, opening.openNow);
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
    last_check: last
      ? {
          at: iso(last.startedAt)!,
          outcome: last.outcome,
          latency_ms: last.durationMs,
          http_status: last.httpStatus,
          error: last.errorClass ? { class: last.errorClass, message: last.message } : null,
        }
      : null,
  };
}

function stateReason(row: ChannelRow, state: ChannelState, last: StoredCheck | undefined): string | null {
  if (state === 'closed') return 'outside service hours';
  if (state !== 'unknown') return null;
  if (row.probeCount === 0) return 'no probe: this channel is not checked automatically (a phone line cannot be dialled by a monitor)';
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
  };
}
