/**
 * Alert events from notices: an outage or maintenance the provider announced (new, or open
 * again), and its end. Stored in the same transaction as the notices (see the collector's
 * `alertStatements`), keyed by provider, notice and change, so a replay is a no-op.
 */
import type { NoticeChange, NoticeRecord } from '../notices/lifecycle.ts';
import { isActive, isUpcoming } from '../notices/lifecycle.ts';
import type { Db, Statement } from '../store/database.ts';
import { alertEventStatement, type NewAlertEvent } from './event-sql.ts';

/** One change the collector stored, with the channels the notice affects (null = the whole provider). */
export interface NoticeChangeInput {
  notice: NoticeRecord;
  change: Exclude<NoticeChange, 'unchanged'>;
  channels: readonly string[] | null;
}

/**
 * The events of stored notice changes: `published` for an outage or maintenance that is new
 * (or reopened) and in effect or announced for later (an old one read for the first time is
 * not news); `resolved` when one closes. Edits and `info` notices make none.
 *
 * @example noticeEvents(3, [{ notice, change: 'new', channels: null }], now) // [{ kind: 'notice', key: 'notice:3:…:published:…', … }]
 */
export function noticeEvents(providerPk: number, changes: readonly NoticeChangeInput[], now: number): NewAlertEvent[] {
  const events: NewAlertEvent[] = [];
  for (const { notice, change, channels } of changes) {
    if (notice.topic !== 'outage' && notice.topic !== 'maintenance') continue;
    let what: 'published' | 'resolved';
    if (change === 'resolved') what = 'resolved';
    else if ((change === 'new' || change === 'reopened') && notice.kind !== 'resolved' && (isActive(notice, now) || isUpcoming(notice, now))) what = 'published';
    else continue;
    events.push({
      kind: 'notice',
      key: `notice:${providerPk}:${notice.id}:${what}:${notice.changedAt}`,
      providerPk,
      channelPk: null,
      incidentId: null,
      at: what === 'resolved' ? (notice.closedAt ?? now) : (notice.publishedAt ?? now),
      data: {
        change: what,
        notice_id: notice.id,
        topic: notice.topic,
        title: notice.title,
        url: notice.url,
        window_start: notice.window?.startsAt ?? null,
        window_end: notice.window?.endsAt ?? null,
        channels: channels === null ? null : [...channels],
      },
      createdAt: now,
    });
  }
  return events;
}

/**
 * `noticeEvents` as statements for the notices' own transaction.
 *
 * @example await saveNotices(database, writes, noticeAlertStatements(database.db, providerPk, changes, now))
 */
export function noticeAlertStatements(db: Db, providerPk: number, changes: readonly NoticeChangeInput[], now: number): Statement[] {
  return noticeEvents(providerPk, changes, now).map((e) => alertEventStatement(db, e));
}
