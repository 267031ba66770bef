/**
 * HTTP manners of the whole app (`createApp` over a seeded in-memory store, `app.request`):
 * request ids, ETag round trips and Cache-Control, CORS for reads only, gzip and brotli,
 * and problem+json for every kind of error (404, 405, 413, 429, validation).
 */
import { brotliCompressSync, brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.ts';
import { createApiKey } from '../../../src/keys/store.ts';
import { silentLogger } from '../../../src/log.ts';
import { adviceBed, local, type AdviceBed } from '../advice-bed.ts';

const NOW = local('2026-11-23 10:30');
let b: AdviceBed;
let readKey: string;

beforeAll(async () => {
  b = await adviceBed();
  readKey = (await createApiKey(b.bed.handle.db, { name: 'reader', scope: 'read', now: NOW })).key;
});
afterAll(() => b.close());

function app(options: { rateLimitPerMinute?: number; brotli?: boolean } = {}) {
  return createApp({
    database: b.bed.handle,
    log: silentLogger,
    now: () => NOW,
    version: 'test',
    clientAddress: (c) => c.req.header('x-test-address') ?? '192.0.2.1',
    rateLimitPerMinute: options.rateLimitPerMinute,
    brotli: options.brotli === false ? undefined : async (body) => brotliCompressSync(body),
  });
}

describe('request id', () => {
  it('makes one when none is sent, and echoes it', async () => {
    const res = await app().request('/api/v1/providers');
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    ['a UUID', '0b7c6a52-1d3e-4c52-9a8c-3f1f1e0c9a11', true],
    ['a trace id', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', true],
    ['too long', 'a'.repeat(129), false],
    ['markup', '<script>', false],
    ['spaces', 'my request', false],
  ])('keeps a sane incoming id (%s: %s)', async (_name, id, kept) => {
    const res = await app().request('/api/v1/nope', { headers: { 'x-request-id': id } });
    const echoed = res.headers.get('x-request-id');
    if (kept) expect(echoed).toBe(id);
    else expect(echoed).not.toBe(id);
    expect(((await res.json()) as { requestId: string }).requestId).toBe(echoed);
  });
});

describe('ETag and Cache-Control', () => {
  it('gives a public read a weak ETag and a short public max-age, and 304 on a match', async () => {
    const a = app();
    const first = await a.request('/api/v1/providers');
    expect(first.status).toBe(200);
    const tag = first.headers.get('etag');
    expect(tag).toMatch(/^W\/"[0-9a-f]+"$/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=15');

    const again = await a.request('/api/v1/providers', { headers: { 'if-none-match': tag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(tag);
    expect(again.headers.get('cache-control')).toBe('public, max-age=15');

    // The same tag without W/, or in a list, matches too (weak comparison).
    const listed = await a.request('/api/v1/providers', { headers: { 'if-none-match': `"nope", ${tag!.slice(2)}` } });
    expect(listed.status).toBe(304);
  });

  it('answers 200 with the body when the tag does not match', async () => {
    const res = await app().request('/api/v1/providers', { headers: { 'if-none-match': 'W/"stale"' } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { providers: unknown[] }).providers.length).toBeGreaterThan(0);
  });

  it('keeps the same ETag whatever the encoding', async () => {
    const a = app();
    const tags = await Promise.all(['identity', 'gzip', 'br'].map(async (enc) => (await a.request('/api/v1/openapi.json', { headers: { 'accept-encoding': enc } })).headers.get('etag')));
    expect(new Set(tags).size).toBe(1);
  });

  it.each([
    ['an error', '/api/v1/providers/nobody', {}],
    ['a request with a key', '/api/v1/providers', { authorization: 'Bearer whatever' }],
    ['an admin route', '/api/v1/auth/check', {}],
  ])('never lets %s be stored', async (_name, path, headers: Record<string, string>) => {
    const res = await app().request(path, { headers });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('keeps a route’s own Cache-Control', async () => {
    const res = await app().request('/feeds/examplepay.atom');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
    expect(res.headers.get('etag')).toMatch(/^W\//);
  });

  it('answers a read key on a public route, not stored', async () => {
    const res = await app().request('/api/v1/providers', { headers: { authorization: `Bearer ${readKey}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

describe('CORS', () => {
  it('is open to any origin for reads', async () => {
    const res = await app().request('/api/v1/providers', { headers: { origin: 'https://elsewhere.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-expose-headers')).toMatch(/ETag/);
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
  });

  it('offers only GET and HEAD to a preflight', async () => {
    const res = await app().request('/api/v1/channels/ep-chat/reports', {
      method: 'OPTIONS',
      headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-methods')).toBe('GET,HEAD');
  });

  it('adds no CORS headers to a write', async () => {
    const res = await app().request('/api/v1/channels/ep-chat/reports', {
      method: 'POST',
      headers: { origin: 'https://elsewhere.example', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('compression', () => {
  it.each([
    ['br', 'br', brotliDecompressSync],
    ['gzip', 'gzip', gunzipSync],
    ['gzip, deflate, br', 'br', brotliDecompressSync],
    ['br;q=0.5, gzip', 'gzip', gunzipSync],
  ] as const)('Accept-Encoding %s → %s', async (accept, encoding, decode) => {
    const res = await app().request('/api/v1/openapi.json', { headers: { 'accept-encoding': accept } });
    expect(res.headers.get('content-encoding')).toBe(encoding);
    expect(res.headers.get('vary')).toMatch(/Accept-Encoding/i);
    const doc = JSON.parse(decode(Buffer.from(await res.arrayBuffer())).toString('utf8')) as { openapi: string };
    expect(doc.openapi).toBe('3.1.0');
  });

  it('falls back to gzip when the runtime has no brotli (Workers)', async () => {
    const res = await app({ brotli: false }).request('/api/v1/openapi.json', { headers: { 'accept-encoding': 'br, gzip' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
  });

  it('sends small bodies and unasked-for ones as they are', async () => {
    const small = await app().request('/api/v1/health', { headers: { 'accept-encoding': 'br, gzip' } });
    expect(small.headers.get('content-encoding')).toBeNull();
    const plain = await app().request('/api/v1/openapi.json');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(JSON.parse(await plain.text())).toMatchObject({ openapi: '3.1.0' });
  });
});

describe('problem+json for every error', () => {
  const big = JSON.stringify({ problem: 'no_answer', note: 'x'.repeat(70 * 1024) });
  it.each([
    ['an unknown path', '/api/v1/nothing-here', {}, 404, 'not_found'],
    ['an unknown page outside the API', '/nothing-here', {}, 404, 'not_found'],
    ['a wrong method', '/api/v1/providers', { method: 'DELETE' }, 405, 'method_not_allowed'],
    ['a bad query', '/api/v1/providers?limit=abc', {}, 400, 'bad_request'],
    ['malformed JSON', '/api/v1/channels/ep-chat/reports', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"problem":' }, 400, 'bad_request'],
    ['a body over 64 KB (anywhere under /api)', '/api/v1/verify', { method: 'POST', headers: { 'content-type': 'application/json' }, body: big }, 413, 'payload_too_large'],
    ['no key on an admin route', '/api/v1/auth/check', {}, 401, 'unauthorized'],
  ] as const)('%s', async (_name, path, init: RequestInit, status, code) => {
    const res = await app().request(path, init);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status, code, type: 'about:blank' });
    expect(body.requestId).toBe(res.headers.get('x-request-id'));
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('says which methods a path allows', async () => {
    const res = await app().request('/api/v1/providers', { method: 'PUT' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')?.split(', ')).toEqual(expect.arrayContaining(['GET', 'HEAD']));
  });

  it('429 with Retry-After past the per-address limit, per address', async () => {
    const a = app({ rateLimitPerMinute: 3 });
    for (let i = 0; i < 3; i++) expect((await a.request('/api/v1/health', { headers: { 'x-test-address': '203.0.113.5' } })).status).toBe(200);
    const limited = await a.request('/api/v1/health', { headers: { 'x-test-address': '203.0.113.5' } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toBe('application/problem+json');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await limited.json()).toMatchObject({ status: 429, code: 'rate_limited' });
    expect((await a.request('/api/v1/health', { headers: { 'x-test-address': '203.0.113.6' } })).status).toBe(200);
  });
});
