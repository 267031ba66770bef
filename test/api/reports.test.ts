/**
 * User reports through the whole app: `POST` and `GET /api/v1/channels/:id/reports` over a
 * real in-memory SQLite database, the client address varied through the app's
 * `clientAddress` (here the `x-test-address` header), at a fixed `now`.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { channelView } from '../../src/api/views.ts';
import { REPORT_SALT_KEY } from '../../src/reports/store.ts';
import { withState } from '../../src/store/reads.ts';
import { adviceBed, local, DAY, MIN, type AdviceBed } from './advice-bed.ts';

const NOW = local('2026-11-23 10:30'); // Monday in Shanghai

let b: AdviceBed;

beforeAll(async () => {
  b = await adviceBed();
  await b.bed.checks('ep-chat', NOW - 10 * MIN, 'u', () => 300);
  await b.bed.checks('ep-app', NOW - 10 * MIN, 'u', () => 300);
  await b.states({ 'ep-chat': ['up', NOW - DAY], 'ep-app': ['up', NOW - DAY], 'ep-help': ['up', NOW - DAY], 'ep-hotline': ['down', NOW - 25 * MIN] });
});

afterAll(() => b.close());
afterEach(() => vi.restoreAllMocks());

type App = ReturnType<AdviceBed['app']>;

function post(app: App, channel: string, body: unknown, address = '192.0.2.1', contentType = 'application/json') {
  return app.request(`/api/v1/channels/${channel}/reports`, {
    method: 'POST',
    headers: { 'content-type': contentType, 'x-test-address': address },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function counts(app: App, channel: string, query = '') {
  const res = await app.request(`/api/v1/channels/${channel}/reports${query}`);
  return { res, body: (await res.json()) as Record<string, unknown> & { surge: { state: string; reporters: number; threshold: number; usual: number }; total: number } };
}

describe('POST /api/v1/channels/:id/reports', () => {
  it('counts the first report of an address and says a repeat within 15 minutes is not counted', async () => {
    const app = b.app(NOW);
    const first = await post(app, 'ep-help', { problem: 'no_answer' }, '198.51.100.1');
    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({
      channel: 'ep-help',
      problem: 'no_answer',
      counted: true,
      counted_again_at: new Date(NOW + 15 * MIN).toISOString(),
      detail: 'Thank you: your report is counted.',
    });
    const again = await b.app(NOW + 4 * MIN).request('/api/v1/channels/ep-help/reports', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test-address': '198.51.100.1' },
      body: JSON.stringify({ problem: 'long_wait' }),
    });
    expect(again.status).toBe(202);
    const body = (await again.json()) as { counted: boolean; counted_again_at: string; detail: string };
    expect(body).toMatchObject({ counted: false, counted_again_at: new Date(NOW + 15 * MIN).toISOString() });
    expect(body.detail).toMatch(/not counted/);
  });

  it('keeps no address: reporters are salted hashes, the salt made once and kept in meta', async () => {
    await post(b.app(NOW), 'ep-help', { problem: 'error' }, '203.0.113.77');
    const rows = b.bed.handle.raw.prepare('SELECT reporter FROM reports').all() as { reporter: string }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.reporter).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(b.bed.handle.raw.prepare('SELECT * FROM reports').all())).not.toContain('203.0.113');
    const salt = b.bed.handle.raw.prepare('SELECT value FROM meta WHERE key = ?').all(REPORT_SALT_KEY);
    expect(salt).toHaveLength(1);
  });

  it('never makes an outbound request', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    await post(b.app(NOW), 'ep-help', { problem: 'disconnected' }, '203.0.113.78');
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it.each([
    ['an unknown problem', { problem: 'on_fire' }, 'application/json'],
    ['no problem', {}, 'application/json'],
    ['an extra key', { problem: 'other', name: 'me' }, 'application/json'],
    ['malformed JSON', '{"problem": ', 'application/json'],
  ])('%s → 400 problem+json', async (_name, body, type) => {
    const res = await post(b.app(NOW), 'ep-help', body, '203.0.113.10', type);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 400, code: 'bad_request' });
  });

  it('a form instead of JSON → 415 problem+json', async () => {
    const res = await post(b.app(NOW), 'ep-help', 'problem=other', '203.0.113.10', 'application/x-www-form-urlencoded');
    expect(res.status).toBe(415);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 415, code: 'bad_request' });
  });

  it('an unknown channel → 404 problem+json', async () => {
    const res = await post(b.app(NOW), 'nosuch', { problem: 'other' }, '203.0.113.11');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ code: 'not_found' });
  });

  it('a body over 1 KB → 413 problem+json, even when it is valid JSON', async () => {
    const res = await post(b.app(NOW), 'ep-help', { problem: 'other', pad: 'x'.repeat(1100) }, '203.0.113.12');
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 413, code: 'payload_too_large' });
  });

  it('more than 10 reports a minute from one address → 429 with Retry-After; other addresses go on', async () => {
    const app = b.app(NOW);
    for (let i = 0; i < 10; i++) expect((await post(app, 'ep-help', { problem: 'other' }, '203.0.113.13')).status).toBe(202);
    const limited = await post(app, 'ep-help', { problem: 'other' }, '203.0.113.13');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toBe('application/problem+json');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ code: 'rate_limited' });
    expect((await post(app, 'ep-help', { problem: 'other' }, '203.0.113.14')).status).toBe(202);
    // The limit is only on sending: reading counts is not limited by it.
    expect((await app.request('/api/v1/channels/ep-help/reports', { headers: { 'x-test-address': '203.0.113.13' } })).status).toBe(200);
  });

  it('addresses of one IPv6 /64 are one reporter, for counting and for the limit', async () => {
    const app = b.app(NOW);
    const first = (await (await post(app, 'ep-help', { problem: 'other' }, '2001:db8:aa:1::1')).json()) as { counted: boolean };
    const second = (await (await post(app, 'ep-help', { problem: 'other' }, '2001:db8:aa:1::2')).json()) as { counted: boolean };
    expect([first.counted, second.counted]).toEqual([true, false]);
    for (let i = 3; i <= 10; i++) await post(app, 'ep-help', { problem: 'other' }, `2001:db8:aa:1::${i}`);
    expect((await post(app, 'ep-help', { problem: 'other' }, '2001:db8:aa:1:ffff::1')).status).toBe(429);
  });
});

describe('a burst of reports', () => {
  it('from one address, again and again, is one voice: no surge', async () => {
    const app = b.app(NOW);
    for (let i = 0; i < 8; i++) expect((await post(app, 'ep-chat', { problem: 'no_answer' }, '198.51.100.50')).status).toBe(202);
    const { body } = await counts(app, 'ep-chat');
    expect(body.total).toBe(1);
    expect(body.surge).toEqual({ state: 'normal', reporters: 1, threshold: 5, usual: 0 });
    const advice = (await (await app.request('/api/v1/providers/examplepay/advice?need=payment_failed&lang=en')).json()) as { suggestions: { channel: string; reason: string }[] };
    expect(advice.suggestions.find((s) => s.channel === 'ep-chat')!.reason).not.toContain('reporting');
  });

  it('from 4 distinct addresses is not yet a surge; the 5th makes one, and advice counts it against the channel', async () => {
    const before = (await (await b.app(NOW).request('/api/v1/providers/examplepay/advice?need=payment_failed&lang=en')).json()) as { suggestions: { channel: string }[] };
    expect(before.suggestions[0]!.channel).toBe('ep-app');

    for (let i = 1; i <= 4; i++) {
      const res = await post(b.app(NOW - (10 - i) * MIN), 'ep-app', { problem: i % 2 ? 'no_answer' : 'long_wait' }, `100.64.0.${i}`);
      expect(((await res.json()) as { counted: boolean }).counted).toBe(true);
    }
    const app = b.app(NOW);
    expect((await counts(app, 'ep-app')).body.surge.state).toBe('normal');
    await post(app, 'ep-app', { problem: 'disconnected' }, '100.64.0.5');

    const { res, body } = await counts(app, 'ep-app');
    expect(res.status).toBe(200);
    expect(body).toMatchObject({
      channel: 'ep-app',
      window: '24h',
      from: new Date(local('2026-11-22 11:00')).toISOString(),
      total: 5,
      reporters: 5,
      by_problem: { no_answer: 2, long_wait: 2, error: 0, disconnected: 1, other: 0 },
      surge: { state: 'surge', reporters: 5, threshold: 5, usual: 0 },
    });
    const hours = body.by_hour as { at: string; count: number }[];
    expect(hours).toHaveLength(24);
    expect(hours.at(-1)).toEqual({ at: new Date(local('2026-11-23 10:00')).toISOString(), count: 5 });
    expect(hours.slice(0, -1).every((h) => h.count === 0)).toBe(true);

    for (const [lang, clause] of [
      ['en', 'many users are reporting it unreachable right now'],
      ['zh-CN', '大量用户反映暂时无法接通'],
    ] as const) {
      const advice = (await (await app.request(`/api/v1/providers/examplepay/advice?need=payment_failed&lang=${lang}`)).json()) as {
        suggestions: { channel: string; reason: string }[];
      };
      expect(advice.suggestions[0]!.channel).toBe('ep-chat');
      expect(advice.suggestions.find((s) => s.channel === 'ep-app')!.reason).toContain(clause);
    }

    // Fifteen minutes after the 5th report the burst has passed.
    expect((await counts(b.app(NOW + 15 * MIN), 'ep-app')).body.surge).toMatchObject({ state: 'normal', reporters: 0 });
  });
});

describe('GET /api/v1/channels/:id/reports', () => {
  it('answers 7 days by local hour', async () => {
    const { body } = await counts(b.app(NOW), 'ep-app', '?window=7d');
    expect(body).toMatchObject({ window: '7d', from: new Date(local('2026-11-17 00:00')).toISOString(), total: 5 });
    expect((body.by_hour as unknown[]).length).toBe(6 * 24 + 11);
  });

  it.each([
    ['/api/v1/channels/ep-chat/reports?window=1y', 400, 'bad_request'],
    ['/api/v1/channels/nosuch/reports', 404, 'not_found'],
  ])('%s → %i problem+json', async (path, status, code) => {
    const res = await b.app(NOW).request(path);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ status, code });
  });
});

describe('the channel view', () => {
  it('shows a surge when the caller read one, and nothing it did not read', async () => {
    const info = { pk: 1, id: 'ep-chat', providerPk: 1, kind: 'live_chat' as const, name: 'Chat', contact: null, hours: { kind: 'always' as const }, maintenance: [], languages: [], probeCount: 1 };
    const row = withState(info, { state: 'up', since: NOW - DAY });
    const provider = { timezone: 'Asia/Shanghai', maintenance: [] };
    expect(channelView(row, provider, undefined, NOW, undefined, 'surge').reports).toBe('surge');
    expect(channelView(row, provider, undefined, NOW, undefined, 'normal').reports).toBe('normal');
    expect('reports' in channelView(row, provider, undefined, NOW)).toBe(false);
  });
});
