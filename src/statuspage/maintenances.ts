/**
 * Maintenance as Statuspage scheduled maintenances. Pure. Two sources:
 * - `maintenance` notices that state a window (start or end): the provider's own words;
 * - the configured windows (provider-wide and per channel, once or recurring): the one in
 *   force now and the next within two weeks, as `maintenanceStatus` reads them.
 * Status follows the clock: `scheduled` before the start, `in_progress` inside,
 * `completed` after the end or once the notice is closed.
 */
import { maintenanceStatus, type MaintenanceWindow, type WindowSpan } from '../domain/maintenance.ts';
import { NEVER } from '../notices/effects.ts';
import type { StoredNotice } from '../notices/store.ts';
import type { ComponentEntry, PageRef } from './components.ts';
import { isoAt, noticeComponents, noticeCreatedAt, noticeUpdatedAt, update } from './incidents.ts';
import type { MaintenanceStatus, StatuspageComponent, StatuspageMaintenance } from './schema.ts';

/**
 * The status of a maintenance running `[from, until)` at `now`.
 *
 * @example maintenanceStatusAt({ startsAt: 10, endsAt: 20 }, 15, false) // 'in_progress'
 */
export function maintenanceStatusAt(span: WindowSpan, now: number, closed: boolean): MaintenanceStatus {
  if (closed || now >= span.endsAt) return 'completed';
  return now < span.startsAt ? 'scheduled' : 'in_progress';
}

function maintenance(
  id: string,
  fields: { name: string; body: string; span: WindowSpan; status: MaintenanceStatus; created: number; updated: number; shortlink: string; endedAt: number | null },
  components: StatuspageComponent[],
  page: PageRef,
): StatuspageMaintenance {
  const { span, status } = fields;
  return {
    id,
    name: fields.name,
    status,
    created_at: isoAt(fields.created),
    updated_at: isoAt(fields.updated),
    monitoring_at: null,
    resolved_at: status === 'completed' ? isoAt(fields.endedAt ?? span.endsAt) : null,
    impact: 'maintenance',
    shortlink: fields.shortlink,
    started_at: isoAt(span.startsAt),
    page_id: page.id,
    incident_updates: [update(`${id}-1`, id, status, fields.body, fields.updated)],
    components: components.map((c) => (status === 'in_progress' ? { ...c, status: 'under_maintenance' as const } : c)),
    scheduled_for: isoAt(span.startsAt),
    scheduled_until: isoAt(span.endsAt),
  };
}

/**
 * A maintenance notice as a scheduled maintenance, or null when it states no window. An
 * unknown start is when it was published; an unknown end is when it stops being in effect,
 * or its start when that is never (a Statuspage item with no end stays until closed).
 */
export function noticeMaintenance(notice: StoredNotice, entries: readonly ComponentEntry[], page: PageRef, now: number): StatuspageMaintenance | null {
  if (notice.topic !== 'maintenance' || notice.window === null) return null;
  const { startsAt, endsAt } = notice.window;
  if (startsAt === null && endsAt === null) return null;
  const start = startsAt ?? noticeCreatedAt(notice);
  const end = endsAt ?? (notice.activeUntil < NEVER ? notice.activeUntil : start);
  const span = { startsAt: start, endsAt: Math.max(start, end) };
  const closed = notice.kind === 'resolved' || (notice.closedAt !== null && notice.closedAt <= now);
  return maintenance(
    `notice-${notice.pk}`,
    {
      name: notice.title,
      body: notice.body || notice.title,
      span,
      status: maintenanceStatusAt(span, now, closed),
      created: noticeCreatedAt(notice),
      updated: noticeUpdatedAt(notice),
      shortlink: notice.url ?? page.url,
      endedAt: notice.closedAt !== null && notice.closedAt < span.endsAt ? notice.closedAt : null,
    },
    noticeComponents(notice, entries),
    page,
  );
}

/** Configured windows of a scope (the provider, or one channel) and the components they cover. */
export interface ConfiguredWindows {
  /** `provider`, or the channel's id: part of the maintenance's id. */
  scope: string;
  /** What to call it, e.g. "Scheduled maintenance" or "Hotline: scheduled maintenance". */
  name: string;
  windows: readonly MaintenanceWindow[];
  components: StatuspageComponent[];
}

/**
 * The configured window in force now and the next one (within two weeks) as scheduled
 * maintenances. Their id is stable per occurrence: `window-<scope>-<start ms>`.
 *
 * @example windowMaintenances({ scope: 'provider', name: 'Scheduled maintenance', windows, components }, 'Asia/Shanghai', page, now)
 */
export function windowMaintenances(configured: ConfiguredWindows, timezone: string, page: PageRef, now: number): StatuspageMaintenance[] {
  if (configured.windows.length === 0) return [];
  const { active, next } = maintenanceStatus(configured.windows, timezone, now);
  const spans = [active, next].filter((s): s is WindowSpan => s !== null);
  return spans.map((span) =>
    maintenance(
      `window-${configured.scope}-${span.startsAt}`,
      {
        name: configured.name,
        body: `Planned maintenance window, ${isoAt(span.startsAt)} to ${isoAt(span.endsAt)}.`,
        span,
        status: maintenanceStatusAt(span, now, false),
        created: Math.min(now, span.startsAt),
        updated: Math.min(now, span.startsAt),
        shortlink: page.url,
        endedAt: null,
      },
      configured.components,
      page,
    ),
  );
}
