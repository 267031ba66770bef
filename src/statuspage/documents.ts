/**
 * The Statuspage v2 documents of one provider, built from what `loadStatuspageSource` read.
 * Pure: the same source and `now` give the same documents.
 */
import type { MaintenanceWindow } from '../domain/maintenance.ts';
import type { StoredNotice } from '../notices/store.ts';
import type { IncidentRow } from '../store/reads.ts';
import { componentOf, pageStatus, type ChannelView, type ComponentEntry, type PageRef } from './components.ts';
import { isoAt, noticeComponents, noticeIncident, noticeUpdatedAt, outageIncident } from './incidents.ts';
import { noticeMaintenance, windowMaintenances } from './maintenances.ts';
import type { StatuspageIncident, StatuspageMaintenance, StatuspagePage, StatuspageSummary } from './schema.ts';

/** Statuspage lists at most this many incidents (and maintenances) in its history documents. */
export const HISTORY_LIMIT = 50;

/** One provider's data at `now`, as the documents need it. */
export interface StatuspageSource {
  provider: { id: string; name: string; timezone: string; maintenance: readonly MaintenanceWindow[] };
  /** The provider's page on this server, absolute (`https://host/p/<id>`). */
  pageUrl: string;
  now: number;
  /** In config order, each with its own configured windows. */
  channels: ReadonlyArray<{ view: ChannelView; maintenance: readonly MaintenanceWindow[] }>;
  /** The provider's measured incidents, newest first. */
  incidents: readonly IncidentRow[];
  /** Its notices (live and recent; a notice may appear once only). */
  notices: readonly StoredNotice[];
}

/** What every document starts from: the page and its components. */
export interface PageParts {
  ref: PageRef;
  page: StatuspagePage;
  entries: ComponentEntry[];
}

/** The page object and the channels as components. */
export function pageParts(source: StatuspageSource): PageParts {
  let updated = -Infinity;
  for (const { view } of source.channels) if (view.since !== null) updated = Math.max(updated, Date.parse(view.since));
  for (const row of source.incidents) updated = Math.max(updated, row.endedAt ?? row.startedAt);
  for (const notice of source.notices) updated = Math.max(updated, Math.min(noticeUpdatedAt(notice), source.now));
  const updatedAt = isoAt(Number.isFinite(updated) ? updated : source.now);
  const ref: PageRef = { id: source.provider.id, url: source.pageUrl, updatedAt };
  const entries = source.channels.map(({ view }, i) => ({ channel: view, component: componentOf(view, i + 1, ref) }));
  const page = { id: source.provider.id, name: source.provider.name, url: source.pageUrl, time_zone: source.provider.timezone, updated_at: updatedAt };
  return { ref, page, entries };
}

/** The page's status from its channels' states. */
export function statusOf(parts: PageParts) {
  return pageStatus(parts.entries.map((e) => e.channel.state));
}

/**
 * Measured incidents and outage/info notices, newest first: the `recent` ones (at most
 * `HISTORY_LIMIT`, resolved or not) or every `unresolved` one.
 */
export function incidentsOf(source: StatuspageSource, parts: PageParts, which: 'recent' | 'unresolved'): StatuspageIncident[] {
  const byChannel = new Map(parts.entries.map((e) => [e.channel.id, e]));
  const list: StatuspageIncident[] = [];
  for (const row of source.incidents) {
    const entry = byChannel.get(row.channelId);
    list.push(outageIncident(row, entry?.channel, entry?.component, parts.ref));
  }
  for (const notice of source.notices) {
    if (notice.topic === 'maintenance') continue;
    list.push(noticeIncident(notice, noticeComponents(notice, parts.entries), parts.ref, source.now));
  }
  const sorted = newestFirst(list, (i) => i.created_at);
  return which === 'recent' ? sorted.slice(0, HISTORY_LIMIT) : sorted.filter((i) => i.status !== 'resolved' && i.status !== 'postmortem');
}

/** Announced (notice) and configured maintenances, latest start first, at most `HISTORY_LIMIT`. */
export function maintenancesOf(source: StatuspageSource, parts: PageParts): StatuspageMaintenance[] {
  const { ref, entries } = parts;
  const list: StatuspageMaintenance[] = [];
  for (const notice of source.notices) {
    const item = noticeMaintenance(notice, entries, ref, source.now);
    if (item !== null) list.push(item);
  }
  const all = entries.map((e) => e.component);
  list.push(...windowMaintenances({ scope: 'provider', name: 'Scheduled maintenance', windows: source.provider.maintenance, components: all }, source.provider.timezone, ref, source.now));
  source.channels.forEach(({ view, maintenance }, i) => {
    const configured = { scope: view.id, name: `${view.name}: scheduled maintenance`, windows: maintenance, components: [entries[i]!.component] };
    list.push(...windowMaintenances(configured, source.provider.timezone, ref, source.now));
  });
  return newestFirst(list, (m) => m.scheduled_for).slice(0, HISTORY_LIMIT);
}

/** Maintenances not yet started (`upcoming`), running (`active`), or the two together (the summary's). */
export function maintenancesIn(list: readonly StatuspageMaintenance[], which: 'upcoming' | 'active' | 'current'): StatuspageMaintenance[] {
  const keep = (m: StatuspageMaintenance) =>
    m.status === 'scheduled' ? which !== 'active' : m.status === 'in_progress' || m.status === 'verifying' ? which !== 'upcoming' : false;
  // Upcoming ones soonest first, as a reader wants them.
  return list.filter(keep).sort((a, b) => Date.parse(a.scheduled_for) - Date.parse(b.scheduled_for));
}

/**
 * `summary.json`: the page, every channel as a component, the unresolved incidents, the
 * maintenances running or to come, and the page's status.
 *
 * @example buildSummary(await loadStatuspageSource(deps, 'acme', 'https://status.example/p/acme'))
 */
export function buildSummary(source: StatuspageSource): StatuspageSummary {
  const parts = pageParts(source);
  return {
    page: parts.page,
    components: parts.entries.map((e) => e.component),
    incidents: incidentsOf(source, parts, 'unresolved'),
    scheduled_maintenances: maintenancesIn(maintenancesOf(source, parts), 'current'),
    status: statusOf(parts),
  };
}

function newestFirst<T>(list: T[], at: (item: T) => string): T[] {
  return list.sort((a, b) => Date.parse(at(b)) - Date.parse(at(a)));
}
