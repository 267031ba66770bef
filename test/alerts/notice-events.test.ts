/**
 * Notice events: which stored notice changes make an alert (a pure table), and the collector
 * storing them in the same transaction as the notices, once, against a real local Statuspage.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alertEvents } from '../../db/schema.ts';
import { noticeAlertStatements, noticeEvents } from '../../src/alerts/notice-events.ts';
import type { Catalog } from '../../src/domain/catalog.ts';
import { silentLogger } from '../../src/log.ts';
import { NoticeCollector } from '../../src/notices/collector.ts';
import type { NoticeRecord } from '../../src/notices/lifecycle.ts';
import { syncCatalog } from '../../src/store/catalog-sync.ts';
import { openSqlite, type SqliteHandle } from '../../src/store/sqlite.ts';
import { NOW } from '../notices/fixtures.ts';
import { PATHS, examplePayCatalog, examplePayFeeds, startSourceServer, type SourceServer } from '../notices/sources.ts';

const HOUR = 3_600_000;
const now = Date.parse('2026-11-23T02:00:00Z');
const notice = (overrides: Partial<NoticeRecord> = {}): NoticeRecord =>
  ({
    id: 'id:n1',
    format: 'rss',
    kind: 'outage',
    topic: 'outage',
    title: 'Hotline down',
    body: '',
    url: 'https://example.com/n1',
    publishedAt: now - HOUR,
    updatedAt: now - HOUR,
    resolvedAt: null,
    window: null,
    components: [],
    upstreamStatus: null,
    severity: null,
    firstSeenAt: now,
    changedAt: now,
    closedAt: null,
    ...overrides,
  }) as NoticeRecord;

describe('noticeEvents', () => {
  it.each([
    { name: 'a new outage in effect', n: {}, change: 'new', want: 'published' },
    { name: 'maintenance announced for tomorrow', n: { kind: 'maintenance', topic: 'maintenance', window: { startsAt: now + 24 * HOUR, endsAt: now + 26 * HOUR } }, change: 'new', want: 'published' },
    { name: 'an old outage read for the first time', n: { publishedAt: now - 72 * HOUR, updatedAt: now - 72 * HOUR }, change: 'new', want: null },
    { name: 'maintenance that already ended', n: { kind: 'maintenance', topic: 'maintenance', window: { startsAt: now - 5 * HOUR, endsAt: now - 3 * HOUR } }, change: 'new', want: null },
    { name: 'an info notice', n: { kind: 'info', topic: 'info' }, change: 'new', want: null },
    { name: 'an edit', n: {}, change: 'edited', want: null },
    { name: 'an outage resolved', n: { kind: 'resolved', topic: 'outage', closedAt: now }, change: 'resolved', want: 'resolved' },
    { name: 'an outage reopened', n: {}, change: 'reopened', want: 'published' },
  ] as const)('$name → $want', ({ n, change, want }) => {
    const events = noticeEvents(3, [{ notice: notice(n as Partial<NoticeRecord>), change, channels: ['x-hotline'] }], now);
    expect(events.map((e) => e.data.change ?? null)).toEqual(want === null ? [] : [want]);
    if (want) expect(events[0]).toMatchObject({ kind: 'notice', providerPk: 3, key: `notice:3:id:n1:${want}:${now}`, data: { channels: ['x-hotline'], title: 'Hotline down' } });
  });
});

describe('the collector with alerts', () => {
  let server: SourceServer;
  let handle: SqliteHandle;
  let catalog: Catalog;
  let clock = NOW;

  beforeEach(async () => {
    server = await startSourceServer();
    server.serve(PATHS.statuspage, 'statuspage-summary.json');
    handle = openSqlite(':memory:');
    catalog = examplePayCatalog(server.url);
  });
  afterEach(async () => {
    await server.close();
    handle.close();
  });

  it('stores the notices’ events with them, once however often the source is read, and the end of each', async () => {
    const keys = await syncCatalog(handle, catalog, clock);
    const collector = await NoticeCollector.open({
      database: handle,
      catalog,
      keys,
      log: silentLogger,
      now: () => clock,
      alertStatements: (providerPk, changes) => noticeAlertStatements(handle.db, providerPk, changes, clock),
    });
    const feed = examplePayFeeds(catalog).statuspage;
    await collector.collect(feed);
    await collector.collect(feed);
    const first = await handle.db.select().from(alertEvents);
    expect(first.length).toBeGreaterThan(0);
    expect(first.every((e) => e.kind === 'notice' && e.data.change === 'published')).toBe(true);
    expect(first.map((e) => e.data.title)).toContain('Live chat is slow to connect');

    clock += HOUR;
    server.serve(PATHS.statuspage, 'statuspage-summary-later.json');
    await collector.collect(feed);
    const after = await handle.db.select().from(alertEvents);
    const resolved = after.filter((e) => e.data.change === 'resolved');
    expect(resolved.map((e) => e.data.title)).toContain('Live chat is slow to connect');
    expect(new Set(after.map((e) => e.key)).size).toBe(after.length);
  });
});
