/**
 * The API over a real (in-memory) SQLite database seeded through the store, called with
 * `app.request` (no server, no port), at a fixed `now`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { parseConfig } from '../../src/config/index.ts';
import { silentLogger } from '../../src/log.ts';
import { syncCatalog, type CatalogKeys } from '../../src/store/catalog-sync.ts';
import { openSqlite, type SqliteHandle } from '../../src/store/sqlite.ts';
import { writeBatch } from '../../src/store/writes.ts';

// Monday 2026-11-23 12:00 in Shanghai (04:00 UTC): the chat (09:00-21:00) is open,
// the web form (Sat only) is closed.
const NOW = Date.parse('2026-11-23T04:00:00Z');

const CONFIG = `providers:
  - id: acme
    name: Acme Pay
    timezone: Asia/Shanghai
    locale: zh-CN
    channels:
      - id: acme-chat
        kind: live_chat
        name: Online chat
        hours: { mon-fri: "09:00-21:00" }
        probes: [{ type: http, url: "https://chat.acme.example/health" }]
      - id: acme-form
        kind: web_form
        name: Complaint form
        hours: { sat: "10:00-12:00" }
        probes: [{ type: http, url: "https://acme.example/form" }]
      - id: acme-hotline
        kind: hotline
        name: Hotline
        contact: "+86 400 000 0000"
  - id: beta
    name: Beta Wallet
    timezone: Europe/Berlin
    channels:
      - id: beta-mail
        kind: email
        name: E-mail
        probes: [{ type: http, url: "https://beta.example/mail-health" }]
  - id: gamma
    name: Gamma Pay
    timezone: Asia/Shanghai
    maintenance:
      - { cron: "0 2 * * sun", duration: 2h }
    channels:
      - id: gamma-app
        kind: in_app
        name: In-app support
        maintenance:
          - { start: "2026-11-23 11:00", end: "2026-11-23 13:00" }
        probes: [{ type: http, url: "https://gamma.example/app" }]
      - id: gamma-help
        kind: help_center
        name: Help centre
        probes: [{ type: http, url: "https://gamma.example/help", conditions: ['status == 200', 'json.status == "ok"'] }]
`;

let handle: SqliteHandle;
let keys: CatalogKeys;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  handle = openSqlite(':memory:');
  keys = await syncCatalog(handle, parseConfig(CONFIG, 'api.yaml'), NOW - 3_600_000);
  const chat = keys.channelPk.get('acme-chat')!;
  const chatProbe = keys.probePk.get('acme-chat#0')!;
  const form = keys.channelPk.get('acme-form')!;
  const mail = keys.channelPk.get('beta-mail')!;
  const check = (channelPk: number, probePk: number, startedAt: number, ok: boolean) => ({
    channelPk,
    probePk,
    startedAt,
    durationMs: ok ? 120 : 2000,
    outcome: ok ? ('up' as const) : ('down' as const),
    httpStatus: ok ? 200 : 503,
    errorClass: ok ? null : ('http_status' as const),
    message: ok ? null : 'expected status 200, got 503',
  });
  await writeBatch(
    handle,
    [
      check(chat, chatProbe, NOW - 180_000, false),
      check(chat, chatProbe, NOW - 120_000, false),
      check(chat, chatProbe, NOW - 60_000, false),
      check(form, keys.probePk.get('acme-form#0')!, NOW - 60_000, false),
      check(mail, keys.probePk.get('beta-mail#0')!, NOW - 60_000, true),
      {
        ...check(keys.channelPk.get('gamma-help')!, keys.probePk.get('gamma-help#0')!, NOW - 30_000, true),
        dnsMs: 3,
        connectMs: 10,
        tlsMs: 25,
        firstByteMs: 80,
        certExpiresAt: Date.parse('2027-01-01T00:00:00Z'),
        conditionsFailed: 0b10,
      },
    ],
    [
      { kind: 'channel_status', channelPk: chat, state: 'down', since: NOW - 180_000 },
      { kind: 'incident_open', channelPk: chat, startedAt: NOW - 180_000, causeClass: 'http_status', causeMessage: 'expected status 200, got 503' },
      { kind: 'channel_status', channelPk: form, state: 'down', since: NOW - 60_000 },
      { kind: 'channel_status', channelPk: mail, state: 'up', since: NOW - 60_000 },
      { kind: 'channel_status', channelPk: keys.channelPk.get('gamma-app')!, state: 'down', since: NOW - 60_000 },
      { kind: 'channel_status', channelPk: keys.channelPk.get('gamma-help')!, state: 'up', since: NOW - 60_000 },
    ],
  );
  app = createApp({ database: handle, log: silentLogger, now: () => NOW, version: 'test' });
});

async function get(path: string) {
  const res = await app.request(path);
  return { res, body: (await res.json()) as Record<string, unknown> };
}

describe('GET /api/v1/providers', () => {
  it('lists providers with their overall state and channel count', async () => {
    const { res, body } = await get('/api/v1/providers');
    expect(res.status).toBe(200);
    expect(body).toEqual({
      providers: [
        // chat down, form closed, hotline unknown: every open channel with data is down.
        { id: 'acme', name: 'Acme Pay', state: 'down', channels: 3 },
        { id: 'beta', name: 'Beta Wallet', state: 'up', channels: 1 },
        // The failing in-app channel is in its window, so only the healthy help centre votes.
        { id: 'gamma', name: 'Gamma Pay', state: 'up', channels: 2 },
      ],
      next: null,
    });
  });

  it('pages through providers in id order with limit and the next cursor', async () => {
    const ids = (body: Record<string, unknown>) => (body.providers as { id: string }[]).map((p) => p.id);
    const first = await get('/api/v1/providers?limit=2');
    expect(ids(first.body)).toEqual(['acme', 'beta']);
    expect(first.body.next).toBe('beta');
    const second = await get('/api/v1/providers?limit=2&after=beta');
    expect(ids(second.body)).toEqual(['gamma']);
    expect(second.body.next).toBeNull();
    // The states on a page are those of the whole list: the page reads its own channels only.
    expect((second.body.providers as { state: string }[])[0]!.state).toBe('up');
    // A cursor between ids works too (a provider removed since the last page).
    expect(ids((await get('/api/v1/providers?after=alpha')).body)).toEqual(['beta', 'gamma']);
    expect(ids((await get('/api/v1/providers?after=zzz')).body)).toEqual([]);
  });

  it.each(['limit=0', 'limit=501', 'limit=abc', 'after=Not%20An%20Id'])('answers ?%s with a 400 problem', async (query) => {
    const { res, body } = await get(`/api/v1/providers?${query}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(body).toMatchObject({ status: 400 });
  });
});

describe('GET /api/v1/providers/:id', () => {
  it('shows each channel in config order with state, since, hours and last check', async () => {
    const { res, body } = await get('/api/v1/providers/acme');
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ id: 'acme', name: 'Acme Pay', timezone: 'Asia/Shanghai', locale: 'zh-CN', state: 'down' });
    const [chat, form, hotline] = body.channels as Record<string, unknown>[];
    expect(chat).toMatchObject({
      id: 'acme-chat',
      kind: 'live_chat',
      state: 'down',
      since: '2026-11-23T03:57:00.000Z',
      open_now: true,
      opens_at: null,
      closes_at: '2026-11-23T13:00:00.000Z', // 21:00 in Shanghai
      last_check: { at: '2026-11-23T03:59:00.000Z', outcome: 'down', latency_ms: 2000, http_status: 503, error: { class: 'http_status' } },
    });
    // Outside its hours a failing channel is closed, not down, and says when it opens.
    expect(form).toMatchObject({ id: 'acme-form', state: 'closed', since: null, open_now: false, opens_at: '2026-11-28T02:00:00.000Z', state_reason: 'outside service hours' });
    expect(hotline).toMatchObject({ id: 'acme-hotline', state: 'unknown', contact: '+86 400 000 0000', last_check: null });
    expect(String(hotline!.state_reason)).toContain('no probe');
  });
});

describe('maintenance and timing phases', () => {
  it('shows a channel inside its window as maintenance, and the next window of the provider', async () => {
    const { body } = await get('/api/v1/providers/gamma');
    const [app, help] = body.channels as Record<string, unknown>[];
    // 11:00-13:00 Shanghai on 2026-11-23 is 03:00-05:00 UTC; now is 04:00 UTC.
    expect(app).toMatchObject({
      state: 'maintenance',
      state_reason: 'inside an announced maintenance window',
      maintenance: { active: true, starts_at: '2026-11-23T03:00:00.000Z', ends_at: '2026-11-23T05:00:00.000Z' },
    });
    // The provider's Sunday 02:00 window comes next: Saturday 18:00 UTC.
    expect(help).toMatchObject({
      state: 'up',
      maintenance: { active: false, starts_at: '2026-11-28T18:00:00.000Z', ends_at: '2026-11-28T20:00:00.000Z' },
      last_check: {
        phases: { dns: 3, connect: 10, tls: 25, first_byte: 80, total: 120 },
        cert_expires_at: '2027-01-01T00:00:00.000Z',
        conditions: [
          { expression: 'status == 200', ok: true },
          { expression: 'json.status == "ok"', ok: false },
        ],
      },
    });
  });

  it('has no phases for a check that measured none', async () => {
    const { body } = await get('/api/v1/providers/acme');
    const [chat] = body.channels as { last_check: { phases: unknown; conditions: unknown } }[];
    expect(chat!.last_check.phases).toBeNull();
    expect(chat!.last_check.conditions).toBeNull(); // not evaluated
  });
});

describe('GET /api/v1/channels/:id/checks', () => {
  it('returns checks newest first, honouring since and limit', async () => {
    const all = await get('/api/v1/channels/acme-chat/checks');
    expect((all.body.checks as unknown[]).length).toBe(3);
    expect((all.body.checks as { at: string }[])[0]!.at).toBe('2026-11-23T03:59:00.000Z');
    const limited = await get('/api/v1/channels/acme-chat/checks?limit=1');
    expect((limited.body.checks as unknown[]).length).toBe(1);
    const since = await get(`/api/v1/channels/acme-chat/checks?since=${NOW - 130_000}`);
    expect((since.body.checks as unknown[]).length).toBe(2);
    const sinceIso = await get('/api/v1/channels/acme-chat/checks?since=2026-11-23T03:58:30Z');
    expect((sinceIso.body.checks as unknown[]).length).toBe(1);
    expect((all.body.checks as Record<string, unknown>[])[0]).toMatchObject({ probe: 'acme-chat#0', outcome: 'down', error: { class: 'http_status' } });
  });
});

describe('GET /api/v1/incidents', () => {
  it.each([
    ['/api/v1/incidents', 1],
    ['/api/v1/incidents?open=true', 1],
    ['/api/v1/incidents?open=false', 0],
    ['/api/v1/incidents?provider=acme', 1],
    ['/api/v1/incidents?provider=beta', 0],
  ])('%s → %i incidents', async (path, count) => {
    const { res, body } = await get(path);
    expect(res.status).toBe(200);
    expect(body.incidents).toHaveLength(count);
  });

  it('reports the cause and the running duration of an open incident', async () => {
    const { body } = await get('/api/v1/incidents?open=true');
    expect((body.incidents as unknown[])[0]).toMatchObject({
      provider: 'acme',
      channel: 'acme-chat',
      started_at: '2026-11-23T03:57:00.000Z',
      ended_at: null,
      duration_s: 180,
      cause: { class: 'http_status', message: 'expected status 200, got 503' },
    });
  });
});

describe('bad requests are problem+json with a stable code, never a 500', () => {
  it.each([
    ['/api/v1/providers/nope', 404, 'not_found'],
    ['/api/v1/providers/NOT_AN_ID', 400, 'bad_request'],
    ['/api/v1/channels/nope/checks', 404, 'not_found'],
    ['/api/v1/channels/acme-chat/checks?limit=0', 400, 'bad_request'],
    ['/api/v1/channels/acme-chat/checks?limit=5000', 400, 'bad_request'],
    ['/api/v1/channels/acme-chat/checks?limit=ten', 400, 'bad_request'],
    ['/api/v1/channels/acme-chat/checks?since=yesterday', 400, 'bad_request'],
    ['/api/v1/incidents?open=maybe', 400, 'bad_request'],
    ['/api/v1/incidents?provider=nope', 404, 'not_found'],
    ['/api/v1/incidents?provider=../../etc', 400, 'bad_request'],
    ['/api/v1/nothing-here', 404, 'not_found'],
    ['/api/v1/providers/acme/../../secrets', 404, 'not_found'],
  ])('GET %s → %i %s', async (path, status, code) => {
    const res = await app.request(path);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status, code, type: 'about:blank' });
    expect(typeof body.detail).toBe('string');
  });

  it('names the bad field', async () => {
    const res = await app.request('/api/v1/channels/acme-chat/checks?limit=0');
    const body = (await res.json()) as { errors: { path: string }[] };
    expect(body.errors.map((e) => e.path)).toEqual(['query.limit']);
  });

  it('rejects oversized bodies with 413', async () => {
    const res = await app.request('/api/v1/providers', { method: 'POST', body: 'x'.repeat(70_000), headers: { 'content-length': '70000' } });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { code: string }).code).toBe('payload_too_large');
  });
});

describe('rate limiting', () => {
  it('answers 429 with Retry-After once an address has used its budget, and others are unaffected', async () => {
    let address = 'a';
    const limited = createApp({
      database: handle,
      log: silentLogger,
      now: () => NOW,
      version: 'test',
      rateLimitPerMinute: 3,
      clientAddress: () => address,
    });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await limited.request('/api/v1/health')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const res = await limited.request('/api/v1/health');
    expect(res.headers.get('retry-after')).toBe('20');
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    address = 'b';
    expect((await limited.request('/api/v1/health')).status).toBe(200);
  });
});

describe('GET /api/v1/openapi.json', () => {
  it('documents every route with its problem responses', async () => {
    const { res, body } = await get('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    const paths = body.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>;
    // Routes that need the Node entry's parts (write API, alert routes) are mounted only there.
    expect(Object.keys(paths).sort()).toEqual([
      '/api/v1/alerts/deliveries',
      '/api/v1/alerts/routes',
      '/api/v1/alerts/{route}/test',
      '/api/v1/auth/check',
      '/api/v1/channels/{id}/best-time',
      '/api/v1/channels/{id}/checks',
      '/api/v1/channels/{id}/daily',
      '/api/v1/channels/{id}/heatmap',
      '/api/v1/channels/{id}/latency',
      '/api/v1/channels/{id}/reports',
      '/api/v1/channels/{id}/uptime',
      '/api/v1/health',
      '/api/v1/incidents',
      '/api/v1/incidents/{id}/ack',
      '/api/v1/notices',
      '/api/v1/notices/{id}',
      '/api/v1/notices/{id}/resolve',
      '/api/v1/providers',
      '/api/v1/providers/{id}',
      '/api/v1/providers/{id}/advice',
      '/api/v1/providers/{id}/notices',
      '/api/v1/verify',
      '/badge/{id}/status.svg',
      '/badge/{id}/uptime.svg',
      '/feeds/{file}',
      '/metrics',
      '/p/{provider}/api/v2/components.json',
      '/p/{provider}/api/v2/incidents.json',
      '/p/{provider}/api/v2/incidents/unresolved.json',
      '/p/{provider}/api/v2/scheduled-maintenances.json',
      '/p/{provider}/api/v2/scheduled-maintenances/{which}',
      '/p/{provider}/api/v2/status.json',
      '/p/{provider}/api/v2/summary.json',
    ]);
    expect(Object.keys(paths['/api/v1/providers/{id}']!.get!.responses)).toEqual(['200', '400', '404']);
  });

  it('reports health', async () => {
    const { body } = await get('/api/v1/health');
    expect(body).toEqual({ status: 'ok', version: 'test' });
  });
});

describe('the cached catalog view', () => {
  it('follows a catalog sync: renamed, added and archived channels show at once', async () => {
    const own = openSqlite(':memory:');
    const config = (name: string, extra = '') => `providers:
  - id: delta
    name: Delta
    timezone: UTC
    channels:
      - { id: delta-chat, kind: live_chat, name: ${name} }${extra}
`;
    await syncCatalog(own, parseConfig(config('Chat', '\n      - { id: delta-mail, kind: email, name: Mail }'), 'a.yaml'), 1);
    const cached = createApp({ database: own, log: silentLogger, now: () => NOW, version: 'test' });
    const names = async () => ((await (await cached.request('/api/v1/providers/delta')).json()) as { channels: { name: string }[] }).channels.map((c) => c.name);
    expect(await names()).toEqual(['Chat', 'Mail']);
    await syncCatalog(own, parseConfig(config('Live chat'), 'b.yaml'), 2);
    expect(await names()).toEqual(['Live chat']);
    expect(((await (await cached.request('/api/v1/providers')).json()) as { providers: { channels: number }[] }).providers[0]!.channels).toBe(1);
    own.close();
  });
});
