/**
 * Issue 6, done when: a provider with a Statuspage source, an RSS source and a Chinese HTML
 * notice list on local servers yields the right notices, kinds, windows and affected channels
 * through the API, and an announced window turns the affected channel to `maintenance` and back.
 *
 * The sources are read through the runner the monitor gets (`collector.wrap(runProbe)`), the
 * API is the real app over the same database, and one clock drives both.
 */
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import type { CheckResult, ProbeSpec } from '../../src/domain/catalog.ts';
import { silentLogger } from '../../src/log.ts';
import { NoticeCollector } from '../../src/notices/collector.ts';
import { runProbe } from '../../src/probes/index.ts';
import { syncCatalog } from '../../src/store/catalog-sync.ts';
import { openSqlite, type SqliteHandle } from '../../src/store/sqlite.ts';
import { writeBatch } from '../../src/store/writes.ts';
import { NOW } from './fixtures.ts';
import { PATHS, examplePayCatalog, examplePayFeeds, startSourceServer, type SourceServer } from './sources.ts';

/** 2026-11-21 16:00 in Shanghai; the hotline upgrade is announced for 2026-11-23 02:00–06:00 there. */
const BEFORE = NOW;
const INSIDE = Date.parse('2026-11-22T18:30:00Z');
const AFTER = Date.parse('2026-11-22T22:30:00Z');

let server: SourceServer;
let handle: SqliteHandle;
let clock = BEFORE;
let run: (spec: ProbeSpec) => Promise<CheckResult>;
let feeds: ReturnType<typeof examplePayFeeds>;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  server = await startSourceServer();
  server.serve(PATHS.statuspage, 'statuspage-summary.json');
  server.serve(PATHS.rss, 'rss-v1.xml');
  server.serve(PATHS.html, 'zh-notices.html');
  // The hotline has an HTTP probe (never run here: its measured state is seeded below).
  const catalog = examplePayCatalog(server.url, { hotlineUrl: 'http://127.0.0.1:9/hotline' });
  handle = openSqlite(':memory:');
  const keys = await syncCatalog(handle, catalog, clock);
  await writeBatch(handle, [], [{ kind: 'channel_status', channelPk: keys.channelPk.get('examplepay-hotline')!, state: 'up', since: clock - 3_600_000 }]);
  const collector = await NoticeCollector.open({ database: handle, catalog, keys, log: silentLogger, now: () => clock });
  run = collector.wrap(runProbe);
  feeds = examplePayFeeds(catalog);
  app = createApp({ database: handle, log: silentLogger, now: () => clock, version: 'test' });
});

afterAll(async () => {
  await server.close();
  handle.close();
});

async function get<T = Record<string, unknown>>(path: string): Promise<T> {
  const res = await app.request(path);
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

interface NoticeJson {
  id: string;
  kind: string;
  topic: string;
  source: string;
  channels: string[] | null;
  window: { starts_at: string | null; ends_at: string | null } | null;
  active: boolean;
  closed_at: string | null;
}
interface ChannelJson {
  id: string;
  state: string;
  state_source: string;
  announced: string | null;
  since: string | null;
  maintenance: { active: boolean; starts_at: string; ends_at: string } | null;
  notices: { id: string; active: boolean }[];
}

const notices = async (query: string) => (await get<{ notices: NoticeJson[] }>(`/api/v1/notices?${query}`)).notices;
const local = (id: string) => id.replace(server.url, '');
const channels = async () => {
  const provider = await get<{ state: string; channels: ChannelJson[] }>('/api/v1/providers/examplepay');
  return { state: provider.state, ...Object.fromEntries(provider.channels.map((c) => [c.id.replace('examplepay-', ''), c])) } as Record<string, ChannelJson> & { state: string };
};
const upgrade = { starts_at: '2026-11-22T18:00:00.000Z', ends_at: '2026-11-22T22:00:00.000Z' };

describe('a provider with a Statuspage, an RSS feed and a Chinese notice list', () => {
  it('reads each source through the monitor\'s runner as a good check', async () => {
    const checks = await Promise.all([run(feeds.statuspage), run(feeds.rss), run(feeds.html)]);
    expect(checks.map((c) => c.outcome)).toEqual(['up', 'up', 'up']);
  });

  it('serves every notice with its kind, window and channels', async () => {
    const all = await notices('provider=examplepay');
    expect(all.map((n) => [local(n.id), n.source, n.kind, n.channels, n.window])).toEqual([
      ['url:https://www.example.com/notice/1005.html', 'examplepay-news#2', 'outage', null, null],
      ['url:/notice/1003.html', 'examplepay-news#2', 'resolved', ['examplepay-chat'], null],
      ['id:component:cmp-help', 'examplepay-news#0', 'maintenance', ['examplepay-help'], { starts_at: '2026-11-21T07:00:00.000Z', ends_at: null }],
      ['url:/notice/1002.html?id=1002', 'examplepay-news#2', 'outage', ['examplepay-chat'], null],
      ['id:inc-chat-slow', 'examplepay-news#0', 'outage', ['examplepay-chat'], { starts_at: '2026-11-21T06:30:00.000Z', ends_at: null }],
      ['id:notice-2001', 'examplepay-news#1', 'outage', ['examplepay-hotline'], null],
      ['id:notice-2002', 'examplepay-news#1', 'maintenance', ['examplepay-chat'], upgrade],
      ['id:mnt-hotline-upgrade', 'examplepay-news#0', 'maintenance', ['examplepay-hotline'], upgrade],
      ['url:/notice/1001.html', 'examplepay-news#2', 'maintenance', ['examplepay-hotline', 'examplepay-chat'], upgrade],
      ['id:notice-2003', 'examplepay-news#1', 'outage', ['examplepay-chat'], null],
      ['hash:4e33e280830a8e56fe1c7d1395270b05', 'examplepay-news#2', 'info', null, null],
    ]);
  });

  it.each([
    ['channel=examplepay-hotline&active=true', ['url:https://www.example.com/notice/1005.html', 'id:notice-2001']],
    ['channel=examplepay-hotline&kind=maintenance', ['id:mnt-hotline-upgrade', 'url:/notice/1001.html']],
    ['provider=examplepay&kind=resolved', ['url:/notice/1003.html']],
    ['channel=examplepay-news', []],
  ])('filters ?%s', async (query, expected) => {
    expect((await notices(query)).map((n) => local(n.id))).toEqual(expected);
  });

  it('before the window: the hotline is up with an announced outage, the unprobed chat is down by notice', async () => {
    const now = await channels();
    expect(now.hotline).toMatchObject({ state: 'up', state_source: 'probes', announced: 'outage', maintenance: { active: false, ...upgrade } });
    expect(now.hotline!.notices.map((n) => [local(n.id), n.active])).toEqual([
      ['id:mnt-hotline-upgrade', false],
      ['id:notice-2001', true],
      ['url:/notice/1001.html', false],
      ['url:https://www.example.com/notice/1005.html', true],
    ]);
    expect(now.chat).toMatchObject({ state: 'down', state_source: 'notice', announced: 'outage', since: '2026-11-21T06:30:00.000Z' });
    expect(now.help).toMatchObject({ state: 'maintenance', state_source: 'notice', announced: 'maintenance' });
    expect(now.news).toMatchObject({ state: 'unknown', announced: null, notices: [] });
  });

  it('inside the window: the hotline and the chat are in maintenance', async () => {
    clock = INSIDE;
    const now = await channels();
    expect(now.hotline).toMatchObject({ state: 'maintenance', state_source: 'notice', announced: 'maintenance', since: upgrade.starts_at, maintenance: { active: true, ...upgrade } });
    expect(now.chat).toMatchObject({ state: 'maintenance', state_source: 'notice' });
    expect(now.state).toBe('maintenance');
    const list = await get<{ providers: { id: string; state: string }[] }>('/api/v1/providers');
    expect(list.providers).toEqual([{ id: 'examplepay', name: 'ExamplePay', state: 'maintenance', channels: 4 }]);
  });

  it('follows the sources: a resolved RSS item, a moved window, a Statuspage incident gone', async () => {
    server.serve(PATHS.statuspage, 'statuspage-summary-later.json');
    server.serve(PATHS.rss, 'rss-v2.xml');
    await Promise.all([run(feeds.statuspage), run(feeds.rss), run(feeds.html)]);
    const byId = new Map((await notices('provider=examplepay')).map((n) => [local(n.id), n]));
    expect(byId.get('id:notice-2001')).toMatchObject({ kind: 'resolved', topic: 'outage', closed_at: new Date(INSIDE).toISOString() });
    expect(byId.get('id:notice-2002')!.window).toEqual({ starts_at: '2026-11-22T19:00:00.000Z', ends_at: upgrade.ends_at });
    expect(byId.get('id:inc-chat-slow')).toMatchObject({ kind: 'resolved', active: false });
    expect(byId.get('id:component:cmp-help')).toMatchObject({ kind: 'resolved', active: false });
    expect(byId.get('id:mnt-hotline-upgrade')).toMatchObject({ kind: 'maintenance', active: true });
    const now = await channels();
    expect(now.hotline!.state).toBe('maintenance');
    expect(now.help).toMatchObject({ state: 'unknown', state_source: 'probes', announced: null });
  });

  it('after the window: the hotline is back to its measured state, the chat to unknown', async () => {
    clock = AFTER;
    const now = await channels();
    expect(now.hotline).toMatchObject({ state: 'up', state_source: 'probes', announced: null, maintenance: null, notices: [] });
    expect(now.chat).toMatchObject({ state: 'unknown', state_source: 'probes', announced: null });
    expect(now.state).toBe('up');
    expect(await notices('provider=examplepay&active=true')).toEqual([]);
  });

  it('carries the notices in the provider\'s Atom feed, windows in local time', async () => {
    const res = await app.request('/feeds/examplepay.atom');
    expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const feed = new XMLParser({ ignoreAttributes: false }).parse(await res.text()).feed;
    const entries = feed.entry as { title: { '#text': string }; summary: { '#text': string } }[];
    expect(entries).toHaveLength(11);
    const hotline = entries.find((e) => e.title['#text'] === 'Maintenance: Hotline system upgrade')!;
    expect(hotline.summary['#text']).toContain('Window: 2026-11-23 02:00 – 2026-11-23 06:00 (Asia/Shanghai)');
    expect(hotline.summary['#text']).toContain('Affects: Customer Service Hotline');
  });
});
