/**
 * The per-address token bucket on a small Hono app with a hand-moved clock: the budget, the
 * 429 problem with `Retry-After`, refill, and one bucket per address.
 */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { handleError } from '../../../src/api/errors.ts';
import { rateLimit } from '../../../src/api/middleware/rate-limit/index.ts';
import { silentLogger } from '../../../src/log.ts';

function appWith(limit: number, clock: { now: number }) {
  const app = new Hono();
  app.onError(handleError(silentLogger));
  app.use('*', rateLimit({ limit, keyOf: (c) => c.req.header('x-address') ?? '?', now: () => clock.now }));
  app.post('/reports', (c) => c.json({ ok: true }, 202));
  return app;
}

const post = (app: Hono, address: string) => app.request('/reports', { method: 'POST', headers: { 'x-address': address } });

describe('rateLimit', () => {
  it('allows the budget, then 429 problem+json with Retry-After until a token is back', async () => {
    const clock = { now: 0 };
    const app = appWith(6, clock); // one token every 10 s
    for (let i = 0; i < 6; i++) expect((await post(app, 'a')).status).toBe(202);
    const limited = await post(app, 'a');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toBe('application/problem+json');
    expect(limited.headers.get('retry-after')).toBe('10');
    expect(await limited.json()).toMatchObject({ status: 429, code: 'rate_limited' });

    clock.now += 4_000;
    expect((await post(app, 'a')).headers.get('retry-after')).toBe('6');
    clock.now += 6_000;
    expect((await post(app, 'a')).status).toBe(202);
    expect((await post(app, 'a')).status).toBe(429);
  });

  it('counts each address on its own', async () => {
    const clock = { now: 0 };
    const app = appWith(1, clock);
    expect((await post(app, 'a')).status).toBe(202);
    expect((await post(app, 'a')).status).toBe(429);
    expect((await post(app, 'b')).status).toBe(202);
  });
});
