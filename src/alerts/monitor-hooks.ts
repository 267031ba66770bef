/**
 * What the monitor hands to alerting: each transition as an `alert_event` state change, which
 * the batch writer stores in the same transaction as the transition itself. The monitor
 * decides when (incident opened or closed, degraded while open and outside maintenance); this
 * file decides what is stored.
 */
import type { ProbeSpec } from '../domain/catalog.ts';
import type { ErrorClass } from '../domain/vocabulary.ts';
import type { StateChange } from '../store/writes.ts';

/** A certificate closer to expiry than this warns, unless the probe says otherwise (`tls` `warn_days`). */
export const DEFAULT_CERT_WARN_MS = 14 * 86_400_000;

/**
 * Turns the monitor's transitions into outbox rows. One instance per monitor; it keeps only
 * the certificate expiry last warned about per probe, so a certificate is warned about once
 * (a renewed one, with a new expiry, again).
 *
 * @example
 * const alerts = new MonitorAlerts();
 * new Monitor({ …, alerts });
 */
export class MonitorAlerts {
  private readonly warned = new Map<number, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A channel people can use now went down: an incident opened (dated from its first failed check). */
  down(channelPk: number, startedAt: number, cause: { errorClass: ErrorClass | null; message: string | null } | null): StateChange {
    return this.event(channelPk, 'down', null, startedAt, cause ? { cause: { class: cause.errorClass, message: cause.message } } : {});
  }

  /** The channel answers again: its incident closed. */
  recovered(channelPk: number, endedAt: number): StateChange {
    return this.event(channelPk, 'recovered', null, endedAt, {});
  }

  /** The channel answers, but slower than allowed, while open and outside maintenance. */
  degraded(channelPk: number, since: number): StateChange {
    return this.event(channelPk, 'degraded', `degraded:${channelPk}:${since}`, since, {});
  }

  /**
   * A check saw a certificate: a change when it expires within the probe's warning time, was
   * not warned about yet and the channel is not in maintenance (`inMaintenance`, asked only
   * then), else null. Cheap enough to ask on every check.
   */
  certificate(channelPk: number, probePk: number, spec: ProbeSpec, expiresAt: number, at: number, inMaintenance: () => boolean): StateChange | null {
    const warnMs = spec.type === 'tls' ? spec.warnDays * 86_400_000 : DEFAULT_CERT_WARN_MS;
    if (expiresAt - at > warnMs) return null;
    if (this.warned.get(probePk) === expiresAt || inMaintenance()) return null;
    this.warned.set(probePk, expiresAt);
    return this.event(channelPk, 'cert_expiring', `cert:${probePk}:${expiresAt}`, at, { expires_at: expiresAt, probe: spec.key });
  }

  private event(channelPk: number, kind: 'down' | 'recovered' | 'degraded' | 'cert_expiring', key: string | null, at: number, data: Record<string, unknown>): StateChange {
    return { kind: 'alert_event', event: { kind, key, providerPk: null, channelPk, incidentId: null, at, data, createdAt: this.now() } };
  }
}
