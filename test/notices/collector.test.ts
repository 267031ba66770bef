/**
 * The collector against real sources on a local server and a real in-memory database: each read
 * stores what changed, linked to channels; edits update in place, resolutions close; a broken
 * source is a failed check that leaves the stored notices alone; the monitor's window cache
 * follows.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Catalog, CheckResult } from '../../src/domain/catalog.ts';
import { silentLogger, type Logger } from '../../src/log.ts';
import { NoticeCollector } from '../../src/notices/collector.ts';
import { NEVER } from '../../src/notices/effects.ts';
import { listNotices, type StoredNotice } from '../../src/notices/store.ts';
import { syncCatalog, type CatalogKeys } from '../../src/store/catalog-sync.ts';
import { openSqlite, type SqliteHandle } from '../../src/store/sqlite.ts';
import { makeCheck, makeProbe } from '../support/catalog.ts';
import { NOW, fixture } from './fixtures.ts';
import { PATHS, examplePayCatalog, examplePayFeeds, startSourceServer, type SourceServer } from './sources.ts';

const HOUR = 3_600_000;

let server: SourceServer;
let handle: SqliteHandle;
let catalog: Catalog;
let keys: CatalogKeys;
let clock: number;
let collector: NoticeCollector;

beforeEach(async () => {
  server = await startSourceServer();
  server.serve(PATHS.statuspage, 'statuspage-summary.json');
  server.serve(PATHS.rss, 'rss-v1.xml');
  server.serve(PATHS.html, 'zh-notices.html');
  handle = openSqlite(':memory:');
  catalog = examplePayCatalog(server.url);
  clock = NOW;
  keys = await syncCatalog(handle, catalog, clock);
  collector = await NoticeCollector.open({ database: handle, catalog, keys, log: silentLogger, now: () => clock });
});

afterEach(async () => {
  await server.close();
  handle.close();
});

async function stored(): Promise<Map<string, StoredNotice>> {
  return new Map((await listNotices(handle.db, { now: clock, limit: 500 })).map((n) => [n.id.replace(server.url, ''), n]));
}

const feeds = () => examplePayFeeds(catalog);
const windowsOf = (channelId: string) => collector.announcedWindows(keys.channelPk.get(channelId)!);

describe('a read of each source', () => {
  it('stores every notice with its kind, window and channels, and returns the check', async () => {
    const checks = [await collector.collect(feeds().statuspage), await collector.collect(feeds().rss), await collector.collect(feeds().html)];
    expect(checks.map((c) => [c.outcome, c.message])).toEqual([
      ['up', '3 notices (statuspage), 1 skipped'],
      ['up', '3 notices (rss)'],
      ['up', '5 notices (html)'],
    ]);
    const notices = await stored();
    const summary = Object.fromEntries([...notices].map(([id, n]) => [id, [n.sourceKey, n.kind, n.channels]]));
    expect(summary).toEqual({
      'id:inc-chat-slow': ['examplepay-news#0', 'outage', ['examplepay-chat']],
      'id:mnt-hotline-upgrade': ['examplepay-news#0', 'maintenance', ['examplepay-hotline']],
      'id:component:cmp-help': ['examplepay-news#0', 'maintenance', ['examplepay-help']],
      'id:notice-2001': ['examplepay-news#1', 'outage', ['examplepay-hotline']],
      'id:notice-2002': ['examplepay-news#1', 'maintenance', ['examplepay-chat']],
      'id:notice-2003': ['examplepay-news#1', 'outage', ['examplepay-chat']],
      'url:/notice/1001.html': ['examplepay-news#2', 'maintenance', ['examplepay-hotline', 'examplepay-chat']],
      'url:/notice/1002.html?id=1002': ['examplepay-news#2', 'outage', ['examplepay-chat']],
      'url:/notice/1003.html': ['examplepay-news#2', 'resolved', ['examplepay-chat']],
      'hash:4e33e280830a8e56fe1c7d1395270b05': ['examplepay-news#2', 'info', null],
      'url:https://www.example.com/notice/1005.html': ['examplepay-news#2', 'outage', null],
    });
    expect(notices.get('id:mnt-hotline-upgrade')!.window).toEqual({ startsAt: Date.parse('2026-11-22T18:00:00Z'), endsAt: Date.parse('2026-11-22T22:00:00Z') });
    // Stored as plain text: the `<script>` of the HTML list is gone.
    expect(notices.get('hash:4e33e280830a8e56fe1c7d1395270b05')!.title).toBe('关于双十一活动的说明');
  });

  it('updates an edited feed in place and closes what it resolves', async () => {
    await collector.collect(feeds().rss);
    const before = await stored();
    clock = NOW + HOUR;
    server.serve(PATHS.rss, 'rss-v2.xml');
    await collector.collect(feeds().rss);
    const after = await stored();
    expect(after.size).toBe(before.size);
    expect(after.get('id:notice-2001')).toMatchObject({
      pk: before.get('id:notice-2001')!.pk,
      kind: 'resolved',
      topic: 'outage',
      title: '客服热线接通异常（已恢复）',
      closedAt: NOW + HOUR,
      firstSeenAt: NOW,
      changedAt: NOW + HOUR,
    });
    expect(after.get('id:notice-2002')!.window).toEqual({ startsAt: Date.parse('2026-11-22T19:00:00Z'), endsAt: Date.parse('2026-11-22T22:00:00Z') });
    // Unchanged; seen again an hour on, so its sighting is refreshed.
    expect(after.get('id:notice-2003')).toEqual({ ...before.get('id:notice-2003'), lastSeenAt: NOW + HOUR });
  });

  it('closes the Statuspage incidents a later summary no longer lists', async () => {
    await collector.collect(feeds().statuspage);
    clock = Date.parse('2026-11-22T18:30:00Z');
    server.serve(PATHS.statuspage, 'statuspage-summary-later.json');
    await collector.collect(feeds().statuspage);
    const after = await stored();
    expect(after.get('id:inc-chat-slow')).toMatchObject({ kind: 'resolved', topic: 'outage', closedAt: clock });
    expect(after.get('id:component:cmp-help')).toMatchObject({ kind: 'resolved', closedAt: clock });
    expect(after.get('id:mnt-hotline-upgrade')).toMatchObject({ kind: 'maintenance', closedAt: null, upstreamStatus: 'in_progress' });
  });

  it.each([
    ['invalid XML', 'invalid.xml', 'could not read the source'],
    ['a JSON document that is not a Statuspage summary', 'feed.json', 'could not read the source'],
  ])('records %s as a failed check and keeps the stored notices', async (_name, name, message) => {
    await collector.collect(feeds().rss);
    const before = await stored();
    server.set(PATHS.rss, fixture(name), 'application/xml');
    server.set(PATHS.statuspage, fixture(name), 'application/json');
    for (const spec of [feeds().rss, feeds().statuspage]) {
      const check = await collector.collect(spec);
      expect(check).toMatchObject({ outcome: 'down', errorClass: 'other' });
      expect(check.message).toContain(message);
    }
    expect(await stored()).toEqual(before);
  });

  it('records a source that answers 404 as a failed check', async () => {
    server.set(PATHS.rss, '', 'text/plain');
    const gone = { ...feeds().rss, url: `${server.url}/nowhere` };
    expect(await collector.collect(gone)).toMatchObject({ outcome: 'down', errorClass: 'http_status', httpStatus: 404 });
    expect((await stored()).size).toBe(0);
  });
});

describe('what a read rewrites', () => {
  it('refreshes a notice only when seen an hour after its last sighting', async () => {
    await collector.collect(feeds().rss);
    clock = NOW + 10 * 60_000;
    await collector.collect(feeds().rss);
    expect((await stored()).get('id:notice-2003')!.lastSeenAt).toBe(NOW);
    clock = NOW + 2 * HOUR;
    await collector.collect(feeds().rss);
    expect((await stored()).get('id:notice-2003')).toMatchObject({ lastSeenAt: NOW + 2 * HOUR, changedAt: NOW });
  });

  it('re-links unchanged notices when the keywords in the config change', async () => {
    await collector.collect(feeds().rss);
    const rekeyed = structuredClone(catalog);
    rekeyed.providers[0]!.channels.find((c) => c.id === 'examplepay-chat')!.keywords = ['live chat'];
    const again = await NoticeCollector.open({ database: handle, catalog: rekeyed, keys, log: silentLogger, now: () => clock });
    await again.collect(examplePayFeeds(rekeyed).rss);
    expect((await stored()).get('id:notice-2002')!.channels).toBeNull();
  });
});

describe('the announced windows the monitor asks for', () => {
  it('follow the stored maintenance, per channel, and survive a restart', async () => {
    await collector.collect(feeds().statuspage);
    const upgrade = { kind: 'once', startsAt: Date.parse('2026-11-22T18:00:00Z'), endsAt: Date.parse('2026-11-22T22:00:00Z') };
    expect(windowsOf('examplepay-hotline')).toEqual([upgrade]);
    expect(windowsOf('examplepay-help')).toEqual([{ kind: 'once', startsAt: Date.parse('2026-11-21T07:00:00Z'), endsAt: NEVER }]);
    expect(windowsOf('examplepay-chat')).toEqual([]);
    const reopened = await NoticeCollector.open({ database: handle, catalog, keys, log: silentLogger, now: () => clock });
    expect(reopened.announcedWindows(keys.channelPk.get('examplepay-hotline')!)).toEqual([upgrade]);

    clock = Date.parse('2026-11-22T18:30:00Z');
    server.serve(PATHS.statuspage, 'statuspage-summary-later.json');
    await collector.collect(feeds().statuspage);
    expect(windowsOf('examplepay-help')).toEqual([]);
    expect(windowsOf('examplepay-hotline')).toEqual([upgrade]);
  });

  it('apply a maintenance that names no channel to every channel but the announcements one', async () => {
    server.set(PATHS.rss, fixture('rss-v1.xml').replace('期间在线客服暂停服务', '期间部分服务暂停'), 'application/rss+xml');
    await collector.collect(feeds().rss);
    for (const id of ['examplepay-hotline', 'examplepay-chat', 'examplepay-help']) expect(windowsOf(id)).toHaveLength(1);
    expect(windowsOf('examplepay-news')).toEqual([]);
  });
});

describe('wrap', () => {
  it('reads feed probes through the collector and hands other kinds to the runner', async () => {
    const seen: string[] = [];
    const run = collector.wrap(async (spec) => {
      seen.push(spec.key);
      return makeCheck('up', clock);
    });
    await run(makeProbe('examplepay-hotline'));
    await run(feeds().rss);
    expect(seen).toEqual(['examplepay-hotline#0']);
    expect((await stored()).size).toBe(3);
  });

  it('keeps the check when the notices cannot be written, and says so in the log', async () => {
    const errors: string[] = [];
    const log: Logger = { ...silentLogger, error: (msg) => void errors.push(msg) };
    const own = await NoticeCollector.open({ database: handle, catalog, keys, log, now: () => clock });
    handle.raw.exec('DROP TABLE notices');
    const check: CheckResult = await own.collect(feeds().rss);
    expect(check.outcome).toBe('up');
    expect(errors).toEqual(['notices not stored']);
  });
});
