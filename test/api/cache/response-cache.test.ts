/**
 * The response cache on its own: a small Hono app whose one route counts its calls, a stamp
 * and a clock the test moves. An answer is reused only at the same stamp, second and request.
 */
import { Hono } from 'hono';
import { etag } from 'hono/etag';
import { describe, expect, it } from 'vitest';
import { responseCache, weakEtag } from '../../../src/api/cache/response-cache.ts';
import { httpCache } from '../../../src/api/middleware/http-cache/index.ts';

function bed(options: { maxEntries?: number; status?: number } = {}) {
  const state = { stamp: '1.1', now: 1_000_000, calls: 0 };
  const app = new Hono();
  app.use('*', httpCache());
  app.use('/api/*', responseCache({ stamp: () => state.stamp, now: () => state.now, maxEntries: options.maxEntries }));
  app.get('/api/answer', (c) => {
    state.calls++;
    c.header('content-language', c.req.header('accept-language') ?? 'en');
    c.header('x-request-only', String(state.calls));
    return c.json({ call: state.calls, q: c.req.query('q') ?? null }, (options.status ?? 200) as 200);
  });
  app.get('/api/slow', async (c) => {
    state.calls++;
    await new Promise((resolve) => setTimeout(resolve, 20));
    return c.json({ call: state.calls });
  });
  return { app, state };
}

describe('responseCache', () => {
  it.each([
    { name: 'nothing changed', change: () => {}, headers: {} as Record<string, string>, calls: 1 },
    { name: 'a write moved the stamp', change: (s: { stamp: string }) => (s.stamp = '2.1'), headers: {}, calls: 2 },
    { name: 'another connection moved the data version', change: (s: { stamp: string }) => (s.stamp = '1.2'), headers: {}, calls: 2 },
    { name: 'the clock moved within the second', change: (s: { now: number }) => (s.now += 999), headers: {}, calls: 1 },
    { name: 'the clock moved to the next second', change: (s: { now: number }) => (s.now += 1000), headers: {}, calls: 2 },
    { name: 'the request sends a key', change: () => {}, headers: { authorization: 'Bearer sw_x' }, calls: 2 },
  ])('computes the answer again only when it may differ: $name', async ({ change, headers, calls }) => {
    const { app, state } = bed();
    const first = await app.request('/api/answer', { headers });
    change(state);
    const second = await app.request('/api/answer', { headers });
    expect(state.calls).toBe(calls);
    expect(await second.json()).toEqual({ call: calls, q: null });
    expect(first.status).toBe(200);
  });

  it('keys answers by URL and Accept-Language', async () => {
    const { app, state } = bed();
    await app.request('/api/answer?q=a');
    await app.request('/api/answer?q=b');
    await app.request('/api/answer?q=a', { headers: { 'accept-language': 'zh-CN' } });
    const again = await app.request('/api/answer?q=a', { headers: { 'accept-language': 'zh-CN' } });
    expect(state.calls).toBe(3);
    expect(again.headers.get('content-language')).toBe('zh-CN');
    expect(await again.json()).toEqual({ call: 3, q: 'a' });
  });

  it('keeps only the headers of the answer, not those of the request that computed it', async () => {
    const { app } = bed();
    await app.request('/api/answer');
    const hit = await app.request('/api/answer');
    expect(hit.headers.get('content-type')).toMatch(/^application\/json/);
    expect(hit.headers.get('x-request-only')).toBeNull();
    expect(hit.headers.get('cache-control')).toBe('public, max-age=15');
  });

  it('never keeps an error', async () => {
    const { app, state } = bed({ status: 503 });
    await app.request('/api/answer');
    await app.request('/api/answer');
    expect(state.calls).toBe(2);
  });

  it('computes concurrent misses of one answer once', async () => {
    const { app, state } = bed();
    const answers = await Promise.all(Array.from({ length: 5 }, () => app.request('/api/slow')));
    expect(state.calls).toBe(1);
    for (const res of answers) expect(await res.json()).toEqual({ call: 1 });
  });

  it('forgets the least recently used answer beyond its bound', async () => {
    const { app, state } = bed({ maxEntries: 2 });
    for (const q of ['a', 'b', 'a', 'c', 'a', 'b']) await app.request(`/api/answer?q=${q}`);
    // a, b, (a hit), c evicts b, (a hit), b again.
    expect(state.calls).toBe(4);
  });

  it('sends the ETag the ETag middleware would, and answers If-None-Match with 304, hit or miss', async () => {
    const { app } = bed();
    const miss = await app.request('/api/answer');
    const tag = miss.headers.get('etag');
    const plain = new Hono().use('*', etag({ weak: true })).get('/', (c) => c.json({ call: 1, q: null }));
    expect(tag).toBe((await plain.request('/')).headers.get('etag'));
    const hit = await app.request('/api/answer', { headers: { 'if-none-match': tag! } });
    expect(hit.status).toBe(304);
    expect(hit.headers.get('etag')).toBe(tag);
  });

  it.each([0, 1, 262_143, 262_144, 262_145, 600_000])('digests a body of %i bytes as hono/etag does', async (size) => {
    const body = new Uint8Array(size).map((_, i) => i % 251);
    const plain = new Hono().use('*', etag({ weak: true })).get('/', (c) => c.body(body));
    expect(await weakEtag(body)).toBe((await plain.request('/')).headers.get('etag'));
  });
});
