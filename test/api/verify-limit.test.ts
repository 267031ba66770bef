/**
 * `GET /api/v1/verify` as `createApp` mounts it: limited per client address, tighter than the
 * global limit, so a script cannot try variants of a number until one passes as official.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERIFY_PER_MINUTE } from '../../src/api/routes/verify/get.ts';
import { adviceBed, local, type AdviceBed } from './advice-bed.ts';

const NOW = local('2026-11-23 10:30');
let b: AdviceBed;

beforeAll(async () => {
  b = await adviceBed();
});

afterAll(() => b.close());

const verify = (app: ReturnType<AdviceBed['app']>, address: string) =>
  app.request(`/api/v1/verify?contact=${encodeURIComponent('+86 400 888 8888')}`, { headers: { 'x-test-address': address } });

describe('GET /api/v1/verify', () => {
  it('is mounted and says official for a catalog number', async () => {
    const res = await verify(b.app(NOW), '192.0.2.1');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ verdict: 'official', matches: [{ provider: 'examplepay', channel: 'ep-hotline' }] });
  });

  it(`allows ${VERIFY_PER_MINUTE} checks a minute per address, then 429 problem+json with Retry-After`, async () => {
    expect(VERIFY_PER_MINUTE).toBeLessThan(600); // the global limit
    const app = b.app(NOW);
    for (let i = 0; i < VERIFY_PER_MINUTE; i++) expect((await verify(app, '198.51.100.9')).status).toBe(200);
    const limited = await verify(app, '198.51.100.9');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toBe('application/problem+json');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ status: 429, code: 'rate_limited' });
    expect((await verify(app, '198.51.100.10')).status).toBe(200);
    // Other routes are still under the global limit only.
    expect((await app.request('/api/v1/providers', { headers: { 'x-test-address': '198.51.100.9' } })).status).toBe(200);
  });
});
