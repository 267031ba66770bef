/**
 * A notice's life across fetches: new, edited in place, resolved (closed), reopened; and
 * whether it is in effect at a given moment. Pure: the caller stores what these return.
 */
import type { NoticeKind, NoticeTopic, ParsedNotice, NoticeWindow } from './types.ts';

/** A notice as stored: the last version read, and its life so far. */
export interface NoticeRecord extends ParsedNotice {
  /** Epoch ms it was first read. */
  firstSeenAt: number;
  /** Epoch ms its content last changed (or it was first read). */
  changedAt: number;
  /** When it ended: resolved, completed, or gone from a source that lists every open notice; null while open. */
  closedAt: number | null;
}

/** What a merge did, so the caller knows what to write and what to tell. */
export type NoticeChange = 'new' | 'edited' | 'resolved' | 'reopened' | 'unchanged';

/** A notice with no stated end stops counting this long after its last update (Statuspage ones excepted). */
export const OPEN_NOTICE_TTL_MS = 24 * 3_600_000;

/**
 * Folds a freshly read notice into the stored one with the same id. An older version than the
 * one stored (by `updatedAt`) changes nothing; an edit updates in place (a window the edit no
 * longer states is kept); a `resolved` version closes it and keeps what it was about; a
 * closed notice that is open again upstream is reopened.
 *
 * @example
 * const first = mergeNotice(null, outage, t0).notice;         // change 'new', closedAt null
 * const { notice, change } = mergeNotice(first, resolved, t1); // change 'resolved', closedAt set, topic 'outage'
 */
export function mergeNotice(stored: NoticeRecord | null | undefined, incoming: ParsedNotice, seenAt: number): { notice: NoticeRecord; change: NoticeChange } {
  if (stored === null || stored === undefined) {
    const closedAt = incoming.kind === 'resolved' ? (incoming.resolvedAt ?? incoming.updatedAt ?? seenAt) : null;
    return { notice: { ...incoming, firstSeenAt: seenAt, changedAt: seenAt, closedAt }, change: 'new' };
  }
  if (incoming.updatedAt !== null && stored.updatedAt !== null && incoming.updatedAt < stored.updatedAt) {
    return { notice: stored, change: 'unchanged' };
  }
  const topic: NoticeTopic = incoming.topic === 'info' ? stored.topic : incoming.topic;
  const resolved = incoming.kind === 'resolved';
  const merged: NoticeRecord = {
    ...incoming,
    id: stored.id,
    topic,
    publishedAt: incoming.publishedAt ?? stored.publishedAt,
    window: mergeWindow(stored.window, incoming.window),
    components: incoming.components.length > 0 ? incoming.components : stored.components,
    firstSeenAt: stored.firstSeenAt,
    changedAt: stored.changedAt,
    closedAt: resolved ? (stored.closedAt ?? incoming.resolvedAt ?? newer(incoming.updatedAt, stored.updatedAt) ?? seenAt) : null,
  };
  if (sameContent(stored, merged)) return { notice: stored, change: 'unchanged' };
  merged.changedAt = seenAt;
  const change: NoticeChange = stored.closedAt === null && merged.closedAt !== null ? 'resolved' : stored.closedAt !== null && merged.closedAt === null ? 'reopened' : 'edited';
  return { notice: merged, change };
}

/**
 * Whether a notice is in effect at `now`: not resolved or closed; a maintenance only inside
 * its window (inactive after its end, and before its start); without a stated end, for at most
 * `OPEN_NOTICE_TTL_MS` after its last update (or its first reading, when it carries no date),
 * except on Statuspage, which closes its own.
 *
 * @example isActive({ kind: 'maintenance', window: { startsAt: t0, endsAt: t1 }, … }, t1) // → false
 */
export function isActive(notice: ParsedNotice & { closedAt?: number | null; firstSeenAt?: number }, now: number): boolean {
  if (notice.kind === 'resolved') return false;
  if (notice.closedAt !== undefined && notice.closedAt !== null && notice.closedAt <= now) return false;
  const window = notice.window;
  if (window?.endsAt !== undefined && window.endsAt !== null && now >= window.endsAt) return false;
  if (window?.startsAt !== undefined && window.startsAt !== null && now < window.startsAt) return false;
  if (window?.endsAt !== undefined && window.endsAt !== null) return true;
  if (notice.format === 'statuspage') return true;
  // When it was first read counts only for a notice with no date of its own: an outage posted
  // days ago is not news because this monitor started today.
  const dated = Math.max(notice.updatedAt ?? -Infinity, notice.publishedAt ?? -Infinity, window?.startsAt ?? -Infinity);
  const last = Number.isFinite(dated) ? dated : (notice.firstSeenAt ?? -Infinity);
  return !Number.isFinite(last) || now - last < OPEN_NOTICE_TTL_MS;
}

/**
 * Whether a maintenance is announced for later: not closed, starting after `now`.
 *
 * @example isUpcoming({ kind: 'maintenance', window: { startsAt: tomorrow, endsAt: null }, … }, now) // → true
 */
export function isUpcoming(notice: ParsedNotice & { closedAt?: number | null }, now: number): boolean {
  const startsAt = notice.window?.startsAt ?? null;
  return notice.kind === 'maintenance' && (notice.closedAt ?? null) === null && startsAt !== null && startsAt > now;
}

/**
 * Merges one read of a source into its stored notices. When the read lists every open notice
 * (a Statuspage summary), a stored open notice missing from it has ended and is closed (kind
 * `resolved`). Returns only what changed.
 *
 * @example reconcileSource(storedOfThisProbe, { notices: read.notices, listsAllOpen: read.listsAllOpen }, now)
 * // → [{ notice, change: 'new' }, { notice, change: 'resolved' }]
 */
export function reconcileSource(
  stored: readonly NoticeRecord[],
  read: { notices: readonly ParsedNotice[]; listsAllOpen: boolean },
  now: number,
): Array<{ notice: NoticeRecord; change: Exclude<NoticeChange, 'unchanged'> }> {
  const byId = new Map(stored.map((n) => [n.id, n]));
  const seen = new Set<string>();
  const changes: Array<{ notice: NoticeRecord; change: Exclude<NoticeChange, 'unchanged'> }> = [];
  for (const incoming of read.notices) {
    if (seen.has(incoming.id)) continue;
    seen.add(incoming.id);
    const result = mergeNotice(byId.get(incoming.id), incoming, now);
    if (result.change !== 'unchanged') changes.push({ notice: result.notice, change: result.change });
  }
  if (read.listsAllOpen) {
    for (const notice of stored) {
      if (seen.has(notice.id) || notice.closedAt !== null) continue;
      const kind: NoticeKind = 'resolved';
      changes.push({ notice: { ...notice, kind, closedAt: now, changedAt: now }, change: 'resolved' });
    }
  }
  return changes;
}

/** The incoming time when it moved on from the stored one (a feed item's date often never changes). */
function newer(incoming: number | null, stored: number | null): number | null {
  return incoming !== null && (stored === null || incoming > stored) ? incoming : null;
}

/** Each end as the newer read states it, else as stored: an edit that drops the times does not forget them. */
function mergeWindow(stored: NoticeWindow | null, incoming: NoticeWindow | null): NoticeWindow | null {
  if (incoming === null) return stored;
  if (stored === null) return incoming;
  return { startsAt: incoming.startsAt ?? stored.startsAt, endsAt: incoming.endsAt ?? stored.endsAt };
}

const COMPARED: ReadonlyArray<keyof NoticeRecord> = ['kind', 'topic', 'title', 'body', 'url', 'publishedAt', 'updatedAt', 'resolvedAt', 'upstreamStatus', 'severity', 'closedAt'];

function sameContent(a: NoticeRecord, b: NoticeRecord): boolean {
  return (
    COMPARED.every((key) => a[key] === b[key]) &&
    a.window?.startsAt === b.window?.startsAt &&
    a.window?.endsAt === b.window?.endsAt &&
    a.components.length === b.components.length &&
    a.components.every((c, i) => c === b.components[i])
  );
}
