/**
 * Stored notices: what the collector writes after each read of a source, and what the API
 * reads. Plain drizzle on the `Db` type, so the same queries serve better-sqlite3 and D1
 * (no more than 90 bound values per query, within D1's limit of 100).
 */
import { and, asc, desc, eq, gt, inArray, isNull, lte, ne, not, or, sql, type SQL } from 'drizzle-orm';
import { notices, probes, providers } from '../../db/schema.ts';
import type { Database, Db, Statement } from '../store/database.ts';
import { activeUntil } from './effects.ts';
import type { NoticeRecord } from './lifecycle.ts';
import type { NoticeKind } from './types.ts';

/** A notice as stored: its record, where it came from, the channels it affects. */
export interface StoredNotice extends NoticeRecord {
  pk: number;
  providerPk: number;
  providerId: string;
  /** The feed probe that last read it; null for a manual notice (posted through the API). */
  sourceProbePk: number | null;
  /** The key of the feed probe that last read it (`<channel id>#<index>`), or `manual`. */
  sourceKey: string;
  /** Ids of the channels it affects; null = the whole provider. */
  channels: string[] | null;
  lastSeenAt: number;
  /** When it stops being in effect (`activeUntil`). */
  activeUntil: number;
}

/** One notice to write: insert, or update in place by (provider, id). */
export interface NoticeWrite {
  record: NoticeRecord;
  providerPk: number;
  /** null for a manual notice. */
  sourceProbePk: number | null;
  channels: readonly string[] | null;
  lastSeenAt: number;
}

/** The source of a notice posted through the API rather than read from a feed. */
export const MANUAL_SOURCE = 'manual';

/** Bound values per `IN (…)` list. */
const IN_CHUNK = 90;

const columns = {
  pk: notices.pk,
  providerPk: notices.providerPk,
  providerId: providers.id,
  sourceProbePk: notices.sourceProbePk,
  // A manual notice has no probe: its source reads `manual`.
  sourceKey: sql<string>`coalesce(${probes.key}, ${MANUAL_SOURCE})`,
  noticeId: notices.noticeId,
  format: notices.format,
  kind: notices.kind,
  topic: notices.topic,
  title: notices.title,
  body: notices.body,
  url: notices.url,
  publishedAt: notices.publishedAt,
  updatedAt: notices.updatedAt,
  resolvedAt: notices.resolvedAt,
  windowStart: notices.windowStart,
  windowEnd: notices.windowEnd,
  channels: notices.channels,
  components: notices.components,
  upstreamStatus: notices.upstreamStatus,
  severity: notices.severity,
  firstSeenAt: notices.firstSeenAt,
  lastSeenAt: notices.lastSeenAt,
  changedAt: notices.changedAt,
  closedAt: notices.closedAt,
  activeUntil: notices.activeUntil,
};

type Row = typeof notices.$inferSelect & { providerId: string; sourceKey: string };

function toStored({ noticeId, windowStart, windowEnd, channels, components, ...row }: Row): StoredNotice {
  return {
    ...row,
    id: noticeId,
    window: windowStart === null && windowEnd === null ? null : { startsAt: windowStart, endsAt: windowEnd },
    channels: channels ?? null,
    components: components ?? [],
  };
}

function select(db: Db) {
  return db
    .select(columns)
    .from(notices)
    .innerJoin(providers, eq(providers.pk, notices.providerPk))
    .leftJoin(probes, eq(probes.pk, notices.sourceProbePk));
}


/**
 * The notices with this id (unique within a provider; a manual notice's id is unique overall).
 *
 * @example const [notice] = await findNotices(db, 'manual-3f2a9c1e0b7d');
 */
export async function findNotices(db: Db, noticeId: string): Promise<StoredNotice[]> {
  return (await select(db).where(eq(notices.noticeId, noticeId))).map(toStored);
}

/** In effect at `now`: exactly `isActive` (see `activeUntil`), as SQL. */
export function activeAt(now: number): SQL {
  return and(ne(notices.kind, 'resolved'), gt(notices.activeUntil, now), or(isNull(notices.windowStart), lte(notices.windowStart, now)))!;
}

/**
 * What a read of a source must be merged with: the provider's stored notices with the ids the
 * read has, and (when the read lists every open notice) the source's open ones.
 *
 * @example await loadSourceNotices(db, { providerPk: 1, sourceProbePk: 7, ids: read.notices.map((n) => n.id), openOfSource: read.listsAllOpen })
 */
export async function loadSourceNotices(
  db: Db,
  query: { providerPk: number; sourceProbePk: number; ids: readonly string[]; openOfSource: boolean },
): Promise<StoredNotice[]> {
  const found = new Map<number, StoredNotice>();
  for (let i = 0; i < query.ids.length; i += IN_CHUNK) {
    const chunk = query.ids.slice(i, i + IN_CHUNK);
    for (const row of await select(db).where(and(eq(notices.providerPk, query.providerPk), inArray(notices.noticeId, chunk)))) found.set(row.pk, toStored(row));
  }
  if (query.openOfSource) {
    for (const row of await select(db).where(and(eq(notices.sourceProbePk, query.sourceProbePk), isNull(notices.closedAt)))) found.set(row.pk, toStored(row));
  }
  return [...found.values()];
}

/** The insert-or-update of one notice. The first sighting is never overwritten. */
export function noticeUpsert(db: Db, write: NoticeWrite): Statement {
  const { record } = write;
  const values = {
    providerPk: write.providerPk,
    noticeId: record.id,
    sourceProbePk: write.sourceProbePk,
    format: record.format,
    kind: record.kind,
    topic: record.topic,
    title: record.title,
    body: record.body,
    url: record.url,
    publishedAt: record.publishedAt,
    updatedAt: record.updatedAt,
    resolvedAt: record.resolvedAt,
    windowStart: record.window?.startsAt ?? null,
    windowEnd: record.window?.endsAt ?? null,
    channels: write.channels === null ? null : [...write.channels],
    components: record.components,
    upstreamStatus: record.upstreamStatus,
    severity: record.severity,
    firstSeenAt: record.firstSeenAt,
    lastSeenAt: write.lastSeenAt,
    changedAt: record.changedAt,
    closedAt: record.closedAt,
    activeUntil: activeUntil(record),
  };
  const { providerPk: _p, noticeId: _n, firstSeenAt: _f, ...set } = values;
  return db.insert(notices).values(values).onConflictDoUpdate({ target: [notices.providerPk, notices.noticeId], set });
}

/**
 * Writes notices in one transaction (better-sqlite3) or batch (D1): all or none.
 *
 * @example await saveNotices(database, [{ record, providerPk, sourceProbePk, channels: ['x-hotline'], lastSeenAt: now }])
 */
export async function saveNotices(database: Database, writes: readonly NoticeWrite[], extra: readonly Statement[] = []): Promise<void> {
  if (writes.length === 0) return;
  // `extra`: what must be stored with these notices or not at all (their alert events).
  await database.transact([...writes.map((w) => noticeUpsert(database.db, w)), ...extra]);
}

/**
 * Notices that may be in effect now or later: not resolved, not expired (`activeUntil > now`);
 * one index range. Maintenance announced for later is among them; `isActive` tells which are
 * in effect now. Oldest first.
 *
 * @example const live = await listLiveNotices(db, { now, providerPk: provider.pk });
 */
export async function listLiveNotices(db: Db, query: { now: number; providerPk?: number }): Promise<StoredNotice[]> {
  const rows = await select(db)
    .where(and(ne(notices.kind, 'resolved'), gt(notices.activeUntil, query.now), query.providerPk === undefined ? undefined : eq(notices.providerPk, query.providerPk)))
    .orderBy(asc(notices.pk));
  return rows.map(toStored);
}

/** Filters of `listNotices`. */
export interface NoticeFilter {
  providerPk?: number;
  /** Only notices that apply to this channel; `wholeProvider`: notices naming no channel count too. */
  channel?: { id: string; wholeProvider: boolean };
  /** In effect at `now` (true) or not (false). */
  active?: boolean;
  kind?: NoticeKind;
  now: number;
  limit: number;
}

/**
 * Notices newest first (by publication, then first sighting).
 *
 * @example await listNotices(db, { providerPk: 1, channel: { id: 'x-hotline', wholeProvider: true }, active: true, now, limit: 100 })
 */
export async function listNotices(db: Db, filter: NoticeFilter): Promise<StoredNotice[]> {
  let channel: SQL | undefined;
  if (filter.channel !== undefined) {
    const named = sql`EXISTS (SELECT 1 FROM json_each(${notices.channels}) WHERE json_each.value = ${filter.channel.id})`;
    channel = filter.channel.wholeProvider ? or(isNull(notices.channels), named) : named;
  }
  const rows = await select(db)
    .where(
      and(
        filter.providerPk === undefined ? undefined : eq(notices.providerPk, filter.providerPk),
        channel,
        filter.kind === undefined ? undefined : eq(notices.kind, filter.kind),
        filter.active === undefined ? undefined : filter.active ? activeAt(filter.now) : not(activeAt(filter.now)),
      ),
    )
    // SQLite sorts NULL first ascending, so last descending: undated notices go to the end.
    .orderBy(desc(notices.publishedAt), desc(notices.firstSeenAt), desc(notices.pk))
    .limit(filter.limit);
  return rows.map(toStored);
}

/** Provider keys by id (archived ones too: their notices stay). */
export async function providerKeys(db: Db): Promise<Map<string, number>> {
  const rows = await db.select({ pk: providers.pk, id: providers.id }).from(providers);
  return new Map(rows.map((r) => [r.id, r.pk]));
}
