/**
 * Our incidents and the provider's notices as Statuspage incidents. Pure.
 *
 * - A measured incident (a channel went `down`) is `investigating` while open and `resolved`
 *   once the channel answers again, impact `major`, with one update for each: when it went
 *   down (with the failed check's cause) and when it recovered.
 * - An `outage` notice is an incident with the provider's words (impact from its Statuspage
 *   impact, else `major`); an `info` notice is an incident of impact `none` (Statuspage's
 *   "informational" incident). Maintenance notices are scheduled maintenances instead
 *   (`maintenances.ts`).
 */
import type { IncidentRow } from '../store/reads.ts';
import type { StoredNotice } from '../notices/store.ts';
import { coveredByWholeProvider } from '../notices/effects.ts';
import { isActive } from '../notices/lifecycle.ts';
import type { ChannelView, ComponentEntry, PageRef } from './components.ts';
import { INCIDENT_STATUSES, type IncidentStatus, type StatuspageComponent, type StatuspageIncident, type StatuspageIncidentUpdate } from './schema.ts';

/** Epoch ms → the ISO instant Statuspage fields carry. */
export function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}

/** An update with the fields Statuspage always sends (we never tweet nor notify). */
export function update(id: string, incidentId: string, status: StatuspageIncidentUpdate['status'], body: string, at: number, affected: StatuspageIncidentUpdate['affected_components'] = null): StatuspageIncidentUpdate {
  const when = isoAt(at);
  return {
    id,
    status,
    body,
    incident_id: incidentId,
    created_at: when,
    updated_at: when,
    display_at: when,
    affected_components: affected,
    deliver_notifications: false,
    custom_tweet: null,
    tweet_id: null,
  };
}

/**
 * A measured incident as a Statuspage incident; `channel` and `component` are absent for a
 * channel that has left the catalog (the incident keeps the channel's id as its name).
 *
 * @example outageIncident({ id: 7, channelId: 'acme-chat', startedAt, endedAt: null, causeClass: 'timeout', … }, chatView, chatComponent, page)
 * // → { id: 'incident-7', name: 'Online chat is down', status: 'investigating', impact: 'major', … }
 */
export function outageIncident(row: IncidentRow, channel: ChannelView | undefined, component: StatuspageComponent | undefined, page: PageRef): StatuspageIncident {
  const id = `incident-${row.id}`;
  const name = channel?.name ?? row.channelId;
  const code = { code: row.channelId, name };
  const cause = row.causeClass === null ? '' : ` (${row.causeClass}${row.causeMessage ? `: ${row.causeMessage}` : ''})`;
  const updates = [update(`${id}-down`, id, 'investigating', `${name} stopped answering as expected${cause}.`, row.startedAt, [{ ...code, old_status: 'operational', new_status: 'major_outage' }])];
  if (row.endedAt !== null) {
    const minutes = Math.max(1, Math.round((row.endedAt - row.startedAt) / 60_000));
    updates.unshift(update(`${id}-up`, id, 'resolved', `${name} answers again, after ${minutes} min.`, row.endedAt, [{ ...code, old_status: 'major_outage', new_status: 'operational' }]));
  }
  return {
    id,
    name: `${name} is down`,
    status: row.endedAt === null ? 'investigating' : 'resolved',
    created_at: isoAt(row.startedAt),
    updated_at: isoAt(row.endedAt ?? row.startedAt),
    monitoring_at: null,
    resolved_at: row.endedAt === null ? null : isoAt(row.endedAt),
    impact: 'major',
    shortlink: page.url,
    started_at: isoAt(row.startedAt),
    page_id: page.id,
    incident_updates: updates,
    components: component ? [component] : [],
  };
}

/** When a notice was published, as far as we know. */
export function noticeCreatedAt(notice: StoredNotice): number {
  return notice.publishedAt ?? notice.firstSeenAt;
}

/** When a notice last changed. */
export function noticeUpdatedAt(notice: StoredNotice): number {
  return Math.max(notice.updatedAt ?? 0, notice.closedAt ?? 0, noticeCreatedAt(notice));
}

/** The components a notice affects: the channels it names, or every channel but the announcement ones. */
export function noticeComponents(notice: Pick<StoredNotice, 'channels'>, entries: readonly ComponentEntry[]): StatuspageComponent[] {
  return entries
    .filter(({ channel }) => (notice.channels === null ? coveredByWholeProvider(channel.kind) : notice.channels.includes(channel.id)))
    .map((e) => e.component);
}

/**
 * An outage or info notice as a Statuspage incident: resolved once it is no longer in effect;
 * otherwise the upstream's own status when it is a Statuspage one, else `investigating`.
 * `components` are the ones it affects (`noticeComponents`).
 */
export function noticeIncident(notice: StoredNotice, components: StatuspageComponent[], page: PageRef, now: number): StatuspageIncident {
  const id = `notice-${notice.pk}`;
  const open = isActive(notice, now);
  const upstream = INCIDENT_STATUSES.find((s) => s === notice.upstreamStatus?.toLowerCase());
  const status: IncidentStatus = !open ? 'resolved' : upstream !== undefined && upstream !== 'resolved' && upstream !== 'postmortem' ? upstream : 'investigating';
  const created = noticeCreatedAt(notice);
  const updated = noticeUpdatedAt(notice);
  const resolvedAt = open ? null : (notice.closedAt ?? notice.resolvedAt ?? updated);
  return {
    id,
    name: notice.title,
    status,
    created_at: isoAt(created),
    updated_at: isoAt(updated),
    monitoring_at: status === 'monitoring' ? isoAt(updated) : null,
    resolved_at: resolvedAt === null ? null : isoAt(resolvedAt),
    impact: notice.topic === 'info' ? 'none' : (notice.severity ?? 'major'),
    shortlink: notice.url ?? page.url,
    started_at: isoAt(notice.window?.startsAt ?? created),
    page_id: page.id,
    incident_updates: [update(`${id}-1`, id, status, notice.body || notice.title, updated)],
    components,
  };
}
