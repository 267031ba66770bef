import type { FailureCause } from './state.ts';
import type { ChannelState } from './vocabulary.ts';

/** What to do with a channel's incident after a check. */
export type IncidentDecision =
  | { kind: 'none' }
  | { kind: 'open'; startedAt: number; cause: FailureCause | null }
  | { kind: 'close'; endedAt: number };

export interface IncidentInput {
  /** Whether the channel has an open incident now. */
  open: boolean;
  /** The state people see (may be `closed` outside service hours). */
  effective: ChannelState;
  /** The state the probes measure, whatever the hours. */
  measured: ChannelState;
  /** The first failed check of the failing streak, if any. */
  cause: FailureCause | null;
  /** When the deciding check started. */
  at: number;
}

/**
 * Opens an incident when a channel people can use now turns `down` (so a failure while
 * closed never opens one), dated from the first failed check; closes it when the probes
 * measure the channel answering again (`up` or `degraded`), even outside hours, so an
 * outage that began in the day and healed at night still ends.
 */
export function decideIncident(input: IncidentInput): IncidentDecision {
  if (!input.open && input.effective === 'down') {
    return { kind: 'open', startedAt: input.cause?.at ?? input.at, cause: input.cause };
  }
  if (input.open && (input.measured === 'up' || input.measured === 'degraded')) {
    return { kind: 'close', endedAt: input.at };
  }
  return { kind: 'none' };
}
