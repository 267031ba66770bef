/**
 * The notices route and the feeds over a real in-memory database seeded through the stores,
 * called with `app.request` at a fixed `now`: filters, problem+json for bad input, and feed
 * XML that parses, with a hostile title carried as text.
 */
import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { silentLogger } from '../../src/log.ts';
import type { NoticeRecord } from '../../src/notices/lifecycle.ts';
import { providerKeys, saveNotices } from '../../src/notices/store.ts';
import { syncCatalog } from '../../src/store/catalog-sync.ts';
import { openSqlite } from '../../src/store/sqlite.ts';
import { writeBatch } from '../../src/store/writes.ts';
import { makeCatalog, makeChannel, makeProvider, probeCommon } from '../support/catalog.ts';

const NOW = Date.parse('2026-11-23T04:00:00Z');
const HOUR = 3_600_000;
const HOSTILE = '<script>alert("x")</script> & ]]> Hotline';

function record(id: string, overrides: Partial<NoticeRecord> = {}): NoticeRecord {
  return {
    id,
    format: 'rss',
    kind: 'outage',
    topic: 'outage',
    title: `Notice ${id}`,
    body: 'Line one\nLine two',
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

let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  const handle = openSqlite(':memory:');
  const feed = (channelId: string) => ({ ...probeCommon(`${channelId}#0`), type: 'feed' as const, format: 'rss' as const, url: 'http://127.0.0.1:9/rss', selectors: null });
  const catalog = makeCatalog([
    makeProvider(
      'acme',
      [
        makeChannel('acme-hotline', { name: 'Hotline' }),
        makeChannel('acme-chat', { kind: 'live_chat', name: 'Chat', probes: [] }),
        makeChannel('acme-news', { kind: 'announcements', probes: [feed('acme-news')] }),
      ],
      { name: 'Acme <Pay> & Co', timezone: 'Asia/Shanghai', locale: 'zh-CN' },
    ),
    makeProvider('beta', [makeChannel('beta-news', { kind: 'announcements', probes: [feed('beta-news')] })]),
  ]);
  const keys = await syncCatalog(handle, catalog, NOW - 2 * HOUR);
  const providers = await providerKeys(handle.db);
  const acme = { providerPk: providers.get('acme')!, sourceProbePk: keys.probePk.get('acme-news#0')!, lastSeenAt: NOW };
  await saveNotices(handle, [
    { ...acme, record: record('id:hostile', { title: HOSTILE, body: '<b>not bold</b>', url: 'https://acme.example/n?a=1&b=2' }), channels: ['acme-hotline'] },
    {
      ...acme,
      record: record('id:upgrade', { kind: 'maintenance', topic: 'maintenance', publishedAt: NOW - 2 * HOUR, window: { startsAt: NOW - HOUR, endsAt: NOW + HOUR } }),
      channels: ['acme-chat'],
    },
    { ...acme, record: record('id:old', { kind: 'resolved', closedAt: NOW - 3 * HOUR, publishedAt: NOW - 5 * HOUR }), channels: null },
    { providerPk: providers.get('beta')!, sourceProbePk: keys.probePk.get('beta-news#0')!, lastSeenAt: NOW, record: record('id:beta', { publishedAt: NOW - 1.5 * HOUR }), channels: null },
  ]);
  const hotline = keys.channelPk.get('acme-hotline')!;
  await writeBatch(handle, [], [
    { kind: 'channel_status', channelPk: hotline, state: 'down', since: NOW - 30 * 60_000 },
    { kind: 'incident_open', channelPk: hotline, startedAt: NOW - 30 * 60_000, causeClass: 'http_status', causeMessage: 'expected status 200, got 503' },
  ]);
  app = createApp({ database: handle, log: silentLogger, now: () => NOW, version: 'test' });
});

async function get(path: string) {
  const res = await app.request(path);
  return { res, body: (await res.json()) as Record<string, unknown> };
}
const ids = async (query: string) => ((await get(`/api/v1/notices?${query}`)).body.notices as { id: string }[]).map((n) => n.id);

describe('GET /api/v1/notices', () => {
  it.each([
    ['', ['id:hostile', 'id:beta', 'id:upgrade', 'id:old']],
    ['provider=acme', ['id:hostile', 'id:upgrade', 'id:old']],
    ['provider=acme&active=true', ['id:hostile', 'id:upgrade']],
    ['provider=acme&active=false', ['id:old']],
    ['kind=maintenance', ['id:upgrade']],
    ['channel=acme-hotline', ['id:hostile', 'id:old']],
    ['channel=acme-chat&active=true', ['id:upgrade']],
    ['provider=acme&channel=acme-news', []],
    ['limit=1', ['id:hostile']],
  ])('?%s', async (query, expected) => {
    expect(await ids(query)).toEqual(expected);
  });

  it('shows a notice whole, as plain text', async () => {
    const { body } = await get('/api/v1/notices?kind=maintenance');
    expect((body.notices as unknown[])[0]).toEqual({
      id: 'id:upgrade',
      provider: 'acme',
      source: 'acme-news#0',
      channels: ['acme-chat'],
      format: 'rss',
      kind: 'maintenance',
      topic: 'maintenance',
      title: 'Notice id:upgrade',
      body: 'Line one\nLine two',
      url: null,
      published_at: '2026-11-23T02:00:00.000Z',
      updated_at: '2026-11-23T03:00:00.000Z',
      resolved_at: null,
      window: { starts_at: '2026-11-23T03:00:00.000Z', ends_at: '2026-11-23T05:00:00.000Z' },
      components: [],
      upstream_status: null,
      severity: null,
      first_seen_at: '2026-11-23T03:00:00.000Z',
      last_seen_at: '2026-11-23T04:00:00.000Z',
      closed_at: null,
      active: true,
    });
  });

  it.each([
    ['provider=nope', 404, 'not_found', null],
    ['channel=nope', 404, 'not_found', null],
    ['provider=beta&channel=acme-chat', 400, 'bad_request', 'query.channel'],
    ['provider=NOT_AN_ID', 400, 'bad_request', 'query.provider'],
    ['channel=../../etc', 400, 'bad_request', 'query.channel'],
    ['active=yes', 400, 'bad_request', 'query.active'],
    ['kind=panic', 400, 'bad_request', 'query.kind'],
    ['limit=0', 400, 'bad_request', 'query.limit'],
    ['limit=501', 400, 'bad_request', 'query.limit'],
  ])('?%s → %i %s', async (query, status, code, field) => {
    const { res, body } = await get(`/api/v1/notices?${query}`);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(body).toMatchObject({ status, code, type: 'about:blank' });
    if (field !== null) expect((body.errors as { path: string }[]).map((e) => e.path)).toEqual([field]);
  });
});

describe('notices in the provider views', () => {
  it('lists the notices in effect on the provider and on each channel they apply to', async () => {
    const { body } = await get('/api/v1/providers/acme');
    expect((body.notices as { id: string }[]).map((n) => n.id)).toEqual(['id:hostile', 'id:upgrade']);
    const [hotline, chat, news] = body.channels as Record<string, unknown>[];
    // Measured down, and the provider says so too.
    expect(hotline).toMatchObject({ state: 'down', state_source: 'probes', announced: 'outage', notices: [{ id: 'id:hostile', kind: 'outage', title: HOSTILE, active: true }] });
    expect(chat).toMatchObject({
      state: 'maintenance',
      state_source: 'notice',
      announced: 'maintenance',
      state_reason: 'inside a maintenance window the provider announced',
      maintenance: { active: true, starts_at: '2026-11-23T03:00:00.000Z', ends_at: '2026-11-23T05:00:00.000Z' },
    });
    expect(news).toMatchObject({ announced: null, notices: [] });
  });

  it('counts announced maintenance in the provider list', async () => {
    const { body } = await get('/api/v1/providers');
    // The hotline is down, the chat in maintenance: degraded overall.
    expect((body.providers as { id: string; state: string }[]).find((p) => p.id === 'acme')!.state).toBe('degraded');
  });
});

describe('GET /feeds/:provider.atom and .rss', () => {
  const parser = new XMLParser({ ignoreAttributes: false });

  it('serves Atom that parses, with notices and incidents, newest first', async () => {
    const res = await app.request('/feeds/acme.atom');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const feed = parser.parse(await res.text()).feed;
    expect(feed.title).toBe('Acme <Pay> & Co: support notices and incidents');
    const entries = feed.entry as { title: { '#text': string }; id: string; link: { '@_href': string } }[];
    expect(entries.map((e) => e.id)).toEqual([
      expect.stringMatching(/^urn:supportwatch:acme:incident:\d+$/),
      expect.stringMatching(/^urn:supportwatch:acme:notice:\d+$/),
      expect.stringMatching(/^urn:supportwatch:acme:notice:\d+$/),
      expect.stringMatching(/^urn:supportwatch:acme:notice:\d+$/),
    ]);
    expect(entries[0]!.title['#text']).toBe('Down: Hotline');
    expect(entries[1]!.link['@_href']).toBe('https://acme.example/n?a=1&b=2');
  });

  it('carries a hostile title as escaped text, never as markup', async () => {
    for (const kind of ['atom', 'rss']) {
      const xml = await (await app.request(`/feeds/acme.${kind}`)).text();
      expect(xml).not.toContain('<script>');
      const doc = parser.parse(xml);
      const items = (kind === 'atom' ? doc.feed.entry : doc.rss.channel.item) as { title: string | { '#text': string } }[];
      const titles = items.map((i) => (typeof i.title === 'string' ? i.title : i.title['#text']));
      // The title is HTML (Atom type="html", RSS by custom): escaped once, it reads as the text itself.
      expect(titles).toContain('Outage: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; ]]&gt; Hotline');
    }
  });

  it('serves RSS 2.0 that parses', async () => {
    const res = await app.request('/feeds/acme.rss');
    expect(res.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    const channel = parser.parse(await res.text()).rss.channel;
    expect(channel.item).toHaveLength(4);
    expect(channel.item[2].description).toContain('Window: 2026-11-23 11:00 – 2026-11-23 13:00 (Asia/Shanghai)');
  });

  it.each([
    ['/feeds/nope.atom', 404, 'not_found'],
    ['/feeds/acme.json', 400, 'bad_request'],
    ['/feeds/ACME.rss', 400, 'bad_request'],
  ])('GET %s → %i %s as problem+json', async (path, status, code) => {
    const res = await app.request(path);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(((await res.json()) as { code: string }).code).toBe(code);
  });
});
