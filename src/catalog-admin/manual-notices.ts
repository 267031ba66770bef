/**
 * Manual notices: status reports posted through the API (like Statuspage's incident updates),
 * stored with the notices read from feeds (source `manual`), so the provider view, the feeds
 * and the advice treat them alike. A manual notice is in effect until it is resolved or its
 * stated window ends (read as the Statuspage format is); each change adds an update entry.
 */
import { asc, eq, sql } from 'drizzle-orm';
import { noticeUpdates, notices } from '../../db/schema.ts';
import type { NoticeChange, NoticeRecord } from '../notices/lifecycle.ts';
import { MAX_BODY_LENGTH, MAX_TITLE_LENGTH, toOneLine, toPlainText } from '../notices/plain-text.ts';
import { findNotices, noticeUpsert, type StoredNotice } from '../notices/store.ts';
import type { NoticeKind, NoticeWindow } from '../notices/types.ts';
import type { Database, Statement } from '../store/database.ts';

/** What a manual notice says; text is stored as plain text, as feed notices are. */
export interface ManualNoticeInput {
  kind: Exclude<NoticeKind, 'resolved'>;
  title: string;
  body: string;
  url: string | null;
  window: NoticeWindow | null;
  /** Channel ids of the provider; null = the whole provider. */
  channels: string[] | null;
}

/** One entry of a manual notice's history. */
export interface NoticeUpdate {
  at: number;
  kind: NoticeKind;
  body: string;
  by: string;
}

/** A manual notice and its updates, oldest first. */
export interface ManualNotice {
  notice: StoredNotice;
  updates: NoticeUpdate[];
}

/**
 * Posts a new manual notice for a provider, with its first update.
 *
 * @example await postManualNotice(database, { providerPk, input: { kind: 'outage', title: 'Hotline down', … }, by: 'oncall', now })
 */
export async function postManualNotice(
  database: Database,
  options: { providerPk: number; input: ManualNoticeInput; by: string; now: number; alerts?: NoticeAlertStatements | undefined },
): Promise<ManualNotice> {
  const { input, now } = options;
  const record: NoticeRecord = {
    id: `manual-${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`,
    // Statuspage's rule is the one a status report needs: in effect until resolved, not a day after.
    format: 'statuspage',
    kind: input.kind,
    topic: input.kind,
    ...texts(input),
    url: input.url,
    publishedAt: now,
    updatedAt: now,
    resolvedAt: null,
    window: input.window,
    components: [],
    upstreamStatus: null,
    severity: null,
    firstSeenAt: now,
    changedAt: now,
    closedAt: null,
  };
  return write(database, options.providerPk, record, { at: now, kind: record.kind, body: record.body || record.title, by: options.by }, input.channels, alertsFor(options.alerts, 'new'));
}

/**
 * Changes a manual notice (text, kind, window, channels) and adds an update entry: `update`,
 * else the new body, else a word that it was edited.
 */
export async function updateManualNotice(
  database: Database,
  stored: StoredNotice,
  options: { change: Partial<ManualNoticeInput>; update: string | null; by: string; now: number; alerts?: NoticeAlertStatements | undefined },
): Promise<ManualNotice> {
  const { change, now } = options;
  const kind = change.kind ?? (stored.kind === 'resolved' ? stored.topic : stored.kind);
  const merged = { ...stored, ...change, kind, channels: change.channels === undefined ? stored.channels : change.channels };
  const record: NoticeRecord = { ...recordOf(stored), ...texts(merged), kind, topic: kind, url: merged.url, window: merged.window, updatedAt: now, changedAt: now };
  const body = options.update !== null ? toPlainText(options.update, MAX_BODY_LENGTH) : change.body !== undefined ? record.body : 'Updated.';
  // An edit that turns an info note into an outage or maintenance is news to whoever is alerted.
  const wasAlerting = stored.topic === 'outage' || stored.topic === 'maintenance';
  return write(database, stored.providerPk, record, { at: now, kind, body, by: options.by }, merged.channels, alertsFor(options.alerts, wasAlerting ? 'edited' : 'new'));
}

/** Resolves a manual notice: it is closed now and no longer in effect. */
export async function resolveManualNotice(
  database: Database,
  stored: StoredNotice,
  options: { note: string | null; by: string; now: number; alerts?: NoticeAlertStatements | undefined },
): Promise<ManualNotice> {
  const { now } = options;
  const record: NoticeRecord = { ...recordOf(stored), kind: 'resolved', resolvedAt: now, closedAt: now, updatedAt: now, changedAt: now };
  const body = options.note === null ? 'Resolved.' : toPlainText(options.note, MAX_BODY_LENGTH);
  return write(database, stored.providerPk, record, { at: now, kind: 'resolved', body, by: options.by }, stored.channels, alertsFor(options.alerts, 'resolved'));
}

/** The manual notice with this id, or null (also for a notice read from a feed: `fromFeed`). */
export async function findManualNotice(database: Database, id: string): Promise<{ notice: StoredNotice; fromFeed: boolean } | null> {
  const [notice] = await findNotices(database.db, id);
  return notice ? { notice, fromFeed: notice.sourceProbePk !== null } : null;
}

/** A notice's updates, oldest first. */
export async function listNoticeUpdates(database: Database, noticePk: number): Promise<NoticeUpdate[]> {
  return database.db
    .select({ at: noticeUpdates.at, kind: noticeUpdates.kind, body: noticeUpdates.body, by: noticeUpdates.by })
    .from(noticeUpdates)
    .where(eq(noticeUpdates.noticePk, noticePk))
    .orderBy(asc(noticeUpdates.at), asc(noticeUpdates.pk));
}

/**
 * Alert events for a notice change, as statements for the notice's own transaction (the same
 * rule as for feed notices: `noticeAlertStatements` in src/alerts/notice-events.ts).
 */
export type NoticeAlertStatements = (
  providerPk: number,
  changes: ReadonlyArray<{ notice: NoticeRecord; change: Exclude<NoticeChange, 'unchanged'>; channels: string[] | null }>,
) => Statement[];

type AlertsOf = (providerPk: number, record: NoticeRecord, channels: readonly string[] | null) => Statement[];

function alertsFor(alerts: NoticeAlertStatements | undefined, change: Exclude<NoticeChange, 'unchanged'>): AlertsOf {
  return (providerPk, notice, channels) => alerts?.(providerPk, [{ notice, change, channels: channels === null ? null : [...channels] }]) ?? [];
}

async function write(
  database: Database,
  providerPk: number,
  record: NoticeRecord,
  update: NoticeUpdate,
  channels: readonly string[] | null,
  alerts: AlertsOf,
): Promise<ManualNotice> {
  const { db } = database;
  // The notice's key is known only once it is written: the update finds it in the same transaction.
  const noticePk = sql<number>`(SELECT ${notices.pk} FROM ${notices} WHERE ${notices.providerPk} = ${providerPk} AND ${notices.noticeId} = ${record.id})`;
  await database.transact([
    noticeUpsert(db, { record, providerPk, sourceProbePk: null, channels, lastSeenAt: update.at }),
    db.insert(noticeUpdates).values({ noticePk, ...update }),
    // Alert events commit with the notice: a crash never loses or repeats one.
    ...alerts(providerPk, record, channels),
  ]);
  const [notice] = await findNotices(db, record.id);
  return { notice: notice!, updates: await listNoticeUpdates(database, notice!.pk) };
}

/** Title and body as plain text, as feed notices are stored. */
function texts(input: { title: string; body: string }): { title: string; body: string } {
  return { title: toOneLine(input.title, MAX_TITLE_LENGTH), body: toPlainText(input.body, MAX_BODY_LENGTH) };
}

/** The record part of a stored notice. */
function recordOf(stored: StoredNotice): NoticeRecord {
  const { pk: _pk, providerPk: _p, providerId: _i, sourceProbePk: _s, sourceKey: _k, channels: _c, lastSeenAt: _l, activeUntil: _a, ...record } = stored;
  return record;
}
