import { describe, expect, it } from 'vitest';
import { OPEN_NOTICE_TTL_MS, isActive, isUpcoming, mergeNotice, reconcileSource, type NoticeRecord } from '../../src/notices/lifecycle.ts';
import type { ParsedNotice } from '../../src/notices/types.ts';
import { iso, NOW, parseFixture } from './fixtures.ts';

const HOUR = 3_600_000;

/** Stores every notice of a read as new, as the caller would on the first fetch. */
function storeAll(notices: ParsedNotice[], seenAt: number): NoticeRecord[] {
  return notices.map((n) => mergeNotice(null, n, seenAt).notice);
}

function notice(overrides: Partial<NoticeRecord> = {}): NoticeRecord {
  return {
    id: 'id:n1',
    format: 'rss',
    kind: 'outage',
    topic: 'outage',
    title: '客服热线故障',
    body: '',
    url: null,
    publishedAt: NOW - HOUR,
    updatedAt: NOW - HOUR,
    resolvedAt: null,
    window: null,
    components: [],
    upstreamStatus: null,
    severity: null,
    firstSeenAt: NOW - HOUR,
    changedAt: NOW - HOUR,
    closedAt: null,
    ...overrides,
  };
}

describe('an RSS feed whose items are edited and resolved', () => {
  const first = storeAll(parseFixture('rss-v1.xml').notices, NOW);
  const later = NOW + HOUR;
  const changes = reconcileSource(first, { notices: parseFixture('rss-v2.xml').notices, listsAllOpen: false }, later);

  it('closes the resolved outage in place, keeping what it was about', () => {
    const resolved = changes.find((c) => c.notice.id === 'id:notice-2001')!;
    expect(resolved.change).toBe('resolved');
    expect(resolved.notice).toMatchObject({ kind: 'resolved', topic: 'outage', title: '客服热线接通异常（已恢复）', firstSeenAt: NOW, changedAt: later });
    // The item's date did not move, so it closed when we saw it resolved.
    expect(resolved.notice.closedAt).toBe(later);
  });

  it('updates an edited maintenance in place, with its new window', () => {
    const edited = changes.find((c) => c.notice.id === 'id:notice-2002')!;
    expect(edited.change).toBe('edited');
    expect(edited.notice.title).toBe('系统维护通知（时间调整）');
    expect(iso(edited.notice.window?.startsAt)).toBe('2026-11-22T19:00:00.000Z');
    expect(edited.notice.closedAt).toBeNull();
  });

  it('reports nothing for an item that did not change', () => {
    expect(changes.map((c) => c.notice.id).sort()).toEqual(['id:notice-2001', 'id:notice-2002']);
  });
});

describe('an Atom feed whose entries are updated', () => {
  const first = storeAll(parseFixture('atom-v1.xml').notices, NOW);
  const v2 = parseFixture('atom-v2.xml').notices;

  it('closes at the update time the source gives', () => {
    const { notice: resolved, change } = mergeNotice(first[0], v2[0]!, NOW + 2 * HOUR);
    expect(change).toBe('resolved');
    expect(iso(resolved.closedAt)).toBe('2026-11-21T08:30:00.000Z');
  });

  it('ignores an older version read after a newer one', () => {
    const stored = mergeNotice(first[1], v2[1]!, NOW + HOUR).notice;
    expect(mergeNotice(stored, first[1]!, NOW + 2 * HOUR)).toEqual({ notice: stored, change: 'unchanged' });
  });
});

describe('a Statuspage summary, which lists every open notice', () => {
  const first = storeAll(parseFixture('statuspage-summary.json').notices, NOW);
  const later = Date.parse('2026-11-22T18:05:00Z');
  const changes = reconcileSource(first, parseFixture('statuspage-summary-later.json'), later);

  it('closes what is gone from it, and updates what is still there', () => {
    expect(changes.map((c) => [c.notice.id, c.change, c.notice.kind])).toEqual([
      ['id:mnt-hotline-upgrade', 'edited', 'maintenance'],
      ['id:inc-chat-slow', 'resolved', 'resolved'],
      ['id:component:cmp-help', 'resolved', 'resolved'],
    ]);
    expect(changes[1]!.notice).toMatchObject({ topic: 'outage', closedAt: later });
    expect(changes[0]!.notice.upstreamStatus).toBe('in_progress');
  });

  it('has the maintenance in effect inside its window only', () => {
    const maintenance = changes[0]!.notice;
    expect(isActive(maintenance, Date.parse('2026-11-22T17:59:59Z'))).toBe(false);
    expect(isActive(maintenance, later)).toBe(true);
    expect(isActive(maintenance, Date.parse('2026-11-22T22:00:00Z'))).toBe(false);
    expect(isUpcoming(first[1]!, NOW)).toBe(true);
    expect(isUpcoming(maintenance, later)).toBe(false);
  });
});

describe('mergeNotice', () => {
  it('creates a record, closed already when the first read is resolved', () => {
    expect(mergeNotice(null, notice(), NOW)).toMatchObject({ change: 'new', notice: { firstSeenAt: NOW, changedAt: NOW, closedAt: null } });
    const resolved = mergeNotice(undefined, notice({ kind: 'resolved', resolvedAt: NOW - 10 }), NOW);
    expect(resolved.notice.closedAt).toBe(NOW - 10);
  });

  it('keeps a window an edit no longer states', () => {
    const stored = notice({ kind: 'maintenance', topic: 'maintenance', window: { startsAt: NOW, endsAt: NOW + HOUR } });
    const edit = notice({ kind: 'maintenance', topic: 'maintenance', body: '维护延期，结束时间另行通知', window: { startsAt: NOW + 30 * 60_000, endsAt: null } });
    const { notice: merged, change } = mergeNotice(stored, edit, NOW);
    expect(change).toBe('edited');
    expect(merged.window).toEqual({ startsAt: NOW + 30 * 60_000, endsAt: NOW + HOUR });
  });

  it('reopens a notice the source has opened again', () => {
    const closed = notice({ kind: 'resolved', closedAt: NOW - 10 });
    const { notice: merged, change } = mergeNotice(closed, notice({ kind: 'outage', updatedAt: NOW }), NOW);
    expect(change).toBe('reopened');
    expect(merged.closedAt).toBeNull();
  });

  it('keeps the topic when a resolution says nothing of it', () => {
    const stored = notice({ kind: 'maintenance', topic: 'maintenance' });
    expect(mergeNotice(stored, notice({ kind: 'resolved', topic: 'info', updatedAt: NOW }), NOW).notice.topic).toBe('maintenance');
  });
});

describe('isActive', () => {
  const window = { startsAt: NOW, endsAt: NOW + 4 * HOUR };
  it.each<[string, Partial<NoticeRecord>, number, boolean]>([
    ['an open outage', {}, NOW, true],
    ['a resolved notice', { kind: 'resolved' }, NOW, false],
    ['a closed outage', { closedAt: NOW - 1 }, NOW, false],
    ['an outage closed later', { closedAt: NOW + 1 }, NOW, true],
    ['an outage without news for a day', {}, NOW - HOUR + OPEN_NOTICE_TTL_MS, false],
    ['a Statuspage outage without news for a day', { format: 'statuspage' }, NOW + 3 * OPEN_NOTICE_TTL_MS, true],
    ['an outage posted two days before it was first read', { publishedAt: NOW - 48 * HOUR, updatedAt: NOW - 48 * HOUR, firstSeenAt: NOW }, NOW, false],
    ['an undated outage, soon after it was first read', { publishedAt: null, updatedAt: null, firstSeenAt: NOW }, NOW + HOUR, true],
    ['an undated outage, a day after it was first read', { publishedAt: null, updatedAt: null, firstSeenAt: NOW }, NOW + OPEN_NOTICE_TTL_MS, false],
    ['a maintenance before its window', { kind: 'maintenance', window }, NOW - 1, false],
    ['a maintenance at its start', { kind: 'maintenance', window }, NOW, true],
    ['a maintenance inside its window, days after publication', { kind: 'maintenance', window: { startsAt: NOW + 3 * OPEN_NOTICE_TTL_MS, endsAt: NOW + 4 * OPEN_NOTICE_TTL_MS } }, NOW + 3.5 * OPEN_NOTICE_TTL_MS, true],
    ['a maintenance at its end', { kind: 'maintenance', window }, NOW + 4 * HOUR, false],
    ['a maintenance completed early', { kind: 'maintenance', window, closedAt: NOW + HOUR }, NOW + 2 * HOUR, false],
    ['a maintenance without an end, soon after its start', { kind: 'maintenance', window: { startsAt: NOW, endsAt: null } }, NOW + HOUR, true],
    ['a maintenance without an end, a day after its start', { kind: 'maintenance', window: { startsAt: NOW, endsAt: null } }, NOW + OPEN_NOTICE_TTL_MS, false],
  ])('%s → %s', (_name, overrides, now, expected) => {
    expect(isActive(notice(overrides), now)).toBe(expected);
  });
});
