import type { ChannelState } from '../domain/vocabulary.ts';
import type { ReportLevel } from '../reports/problems.ts';
import type { UptimeSummary } from '../history/queries.ts';
import { maintenanceStatus, type MaintenanceStatus, type WindowSpan } from '../domain/maintenance.ts';
import { openingStatus } from '../domain/service-hours.ts';
import { effectiveState } from '../domain/state.ts';
import { channelAnnouncement, hasActiveOutage, inAnnouncedMaintenance, noticeTime } from '../notices/effects.ts';
import { isActive } from '../notices/lifecycle.ts';
import type { StoredNotice } from '../notices/store.ts';
import type { ChannelRow, ProviderRow, StoredCheck } from '../store/reads.ts';
import type { z } from '@hono/zod-openapi';
import type { ChannelSchema, CheckSchema, ConditionResultsSchema, NoticeBriefSchema, NoticeSchema, PhasesSchema, STATE_SOURCES } from './schemas.ts';

type ChannelView = z.infer<typeof ChannelSchema>;
type StateSource = (typeof STATE_SOURCES)[number];

/** Epoch ms → ISO-8601 UTC, keeping null. */
export function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

type ProviderContext = Pick<ProviderRow, 'timezone' | 'maintenance'>;

/**
 * The state people see for a channel now: measured, `closed` outside hours, `maintenance` in a
 * window (configured, or announced in the provider's `notices`), `down` when a notice announces
 * an outage of a channel without probes.
 */
export function channelStateNow(row: ChannelRow, provider: ProviderContext, now: number, notices: readonly StoredNotice[] = []): ChannelState {
  const windows = [...provider.maintenance, ...row.maintenance];
  const outageOnly = row.probeCount === 0 && notices.length > 0 && hasActiveOutage(notices, row, now);
  return effectiveState(
    outageOnly ? 'down' : row.state,
    openingStatus(row.hours, provider.timezone, now).openNow,
    maintenanceStatus(windows, provider.timezone, now).active !== null || (notices.length > 0 && inAnnouncedMaintenance(notices, row, now)),
  );
}

/**
 * A channel as the API shows it, with hours and windows read in the provider's zone at `now`.
 * `reports` (from `reportSurges`) is shown when the caller read it. `notices` are the provider's
 * notices that may be in effect (`listLiveNotices`): inside maintenance they announce the channel
 * is `maintenance`; their outage notice makes a channel without probes `down` (source `notice`)
 * and is shown as `announced` next to a measured state.
 */
export function channelView(
  row: ChannelRow,
  provider: ProviderContext,
  last: StoredCheck | undefined,
  now: number,
  uptime?: UptimeSummary,
  reports?: ReportLevel,
  notices: readonly StoredNotice[] = [],
): ChannelView {
  const opening = openingStatus(row.hours, provider.timezone, now);
  const configured = maintenanceStatus([...provider.maintenance, ...row.maintenance], provider.timezone, now);
  const announcement = channelAnnouncement(notices, row, now);
  const outageOnly = row.probeCount === 0 && announcement.outage !== null;
  const state = effectiveState(outageOnly ? 'down' : row.state, opening.openNow, configured.active !== null || announcement.maintenance !== null);
  const source: StateSource =
    state === 'closed' ? 'hours' : state === 'maintenance' ? (configured.active !== null ? 'maintenance' : 'notice') : outageOnly ? 'notice' : 'probes';
  const maintenance = withAnnounced(configured, announcement.maintenanceEndStated ? announcement.maintenance : null, announcement.nextMaintenance);
  const window = maintenance.active ?? maintenance.next;
  let since = state === 'closed' ? null : iso(row.since);
  if (state !== 'closed' && source === 'notice') since = iso(state === 'maintenance' ? announcement.maintenance!.startsAt : noticeTime(announcement.outage!));
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    contact: row.contact,
    state,
    state_reason: stateReason(row, state, source, last),
    since,
    state_source: source,
    announced: announcement.announced,
    notices: announcement.notices.map((n) => noticeBriefView(n, now)),
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
    uptime_24h: fraction(uptime?.uptime24h ?? null),
    uptime_30d: fraction(uptime?.uptime30d ?? null),
    uptime_90d: fraction(uptime?.uptime90d ?? null),
    ...(reports === undefined ? {} : { reports }),
  };
}

/**
 * An uptime fraction as the API shows it: six decimals (a second in eleven days), null kept.
 *
 * @example fraction(0.993287037037037) // 0.993287
 */
export function fraction(value: number | null): number | null {
  return value === null ? null : Math.round(value * 1e6) / 1e6;
}

/**
 * A latency in ms as the API shows it: one decimal (histogram values are within 5 % anyway), null kept.
 *
 * @example latencyMs(123.12056519446547) // 123.1
 */
export function latencyMs(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10) / 10;
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

/** The configured windows' status with the announced ones: the active window ending last, the next starting first. */
function withAnnounced(configured: MaintenanceStatus, active: WindowSpan | null, next: WindowSpan | null): MaintenanceStatus {
  return {
    active: active !== null && (configured.active === null || active.endsAt > configured.active.endsAt) ? active : configured.active,
    next: next !== null && (configured.next === null || next.startsAt < configured.next.startsAt) ? next : configured.next,
  };
}

function stateReason(row: ChannelRow, state: ChannelState, source: StateSource, last: StoredCheck | undefined): string | null {
  if (state === 'closed') return 'outside service hours';
  if (state === 'maintenance') return source === 'notice' ? 'inside a maintenance window the provider announced' : 'inside an announced maintenance window';
  if (source === 'notice') return 'the provider announces an outage (no probe checks this channel)';
  if (state !== 'unknown') return null;
  if (row.probeCount === 0) return 'no probe: this channel is not checked automatically';
  return last ? 'not enough checks yet to decide' : 'no check yet';
}

/** A stored check as the API shows it. */
export function checkView(check: StoredCheck): z.infer<typeof CheckSchema> {
  return {
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

function windowView(notice: StoredNotice): z.infer<typeof NoticeBriefSchema>['window'] {
  return notice.window && { starts_at: iso(notice.window.startsAt), ends_at: iso(notice.window.endsAt) };
}

/** A notice as a channel lists it. */
export function noticeBriefView(notice: StoredNotice, now: number): z.infer<typeof NoticeBriefSchema> {
  return {
    id: notice.id,
    kind: notice.kind,
    topic: notice.topic,
    title: notice.title,
    url: notice.url,
    published_at: iso(notice.publishedAt),
    window: windowView(notice),
    active: isActive(notice, now),
  };
}

/** A stored notice as the API shows it; its text is plain already (tags stripped when read). */
export function noticeView(notice: StoredNotice, now: number): z.infer<typeof NoticeSchema> {
  return {
    id: notice.id,
    provider: notice.providerId,
    source: notice.sourceKey,
    channels: notice.channels,
    format: notice.format,
    kind: notice.kind,
    topic: notice.topic,
    title: notice.title,
    body: notice.body,
    url: notice.url,
    published_at: iso(notice.publishedAt),
    updated_at: iso(notice.updatedAt),
    resolved_at: iso(notice.resolvedAt),
    window: windowView(notice),
    components: notice.components,
    upstream_status: notice.upstreamStatus,
    severity: notice.severity,
    first_seen_at: iso(notice.firstSeenAt)!,
    last_seen_at: iso(notice.lastSeenAt)!,
    closed_at: iso(notice.closedAt),
    active: isActive(notice, now),
  };
}
