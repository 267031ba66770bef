/**
 * `GET /api/v1/auth/check` on the real app over an in-memory store, called with `app.request`:
 * 204 for an admin key (SUPPORTWATCH_ADMIN_KEY or a stored admin key), 403 for a smaller
 * stored key, 401 problem+json for anything else, and never the key in an answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { createApiKey } from '../../src/keys/store.ts';
import { silentLogger } from '../../src/log.ts';
import { openSqlite, type SqliteHandle } from '../../src/store/sqlite.ts';

const KEY = 'k3y-with-ünïcode and spaces';
let handle: SqliteHandle;

beforeAll(() => {
  handle = openSqlite(':memory:');
});
afterAll(() => handle.close());

function appWith(adminKey?: string) {
  return createApp({ database: handle, log: silentLogger, now: Date.now, version: 'test', adminKey });
}

describe('GET /api/v1/auth/check', () => {
  it('answers 204 for the admin key', async () => {
    const res = await appWith(KEY).request('/api/v1/auth/check', { headers: { authorization: `Bearer ${KEY}` } });
    expect(res.status).toBe(204);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('accepts the scheme in any case', async () => {
    const res = await appWith(KEY).request('/api/v1/auth/check', { headers: { authorization: `bearer ${KEY}` } });
    expect(res.status).toBe(204);
  });

  it.each([
    ['a wrong key', { authorization: 'Bearer not-the-key' }],
    ['the key with a character more', { authorization: `Bearer ${KEY}x` }],
    ['no Authorization header', {}],
    ['another scheme', { authorization: `Basic ${Buffer.from(`admin:${KEY}`).toString('base64')}` }],
    ['an empty bearer', { authorization: 'Bearer ' }],
  ])('answers 401 problem+json for %s', async (_name, headers: Record<string, string>) => {
    const res = await appWith(KEY).request('/api/v1/auth/check', { headers });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 401, code: 'unauthorized', title: 'Unauthorized' });
    expect(JSON.stringify(body)).not.toContain(KEY);
  });

  it.each([undefined, ''])('refuses every key when no admin key is configured (%j)', async (adminKey) => {
    const res = await appWith(adminKey).request('/api/v1/auth/check', { headers: { authorization: 'Bearer ' } });
    expect(res.status).toBe(401);
    const again = await appWith(adminKey).request('/api/v1/auth/check', { headers: { authorization: 'Bearer anything' } });
    expect(again.status).toBe(401);
    expect(((await again.json()) as { detail: string }).detail).toContain('SUPPORTWATCH_ADMIN_KEY');
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await (await appWith(KEY).request('/api/v1/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toContain('/api/v1/auth/check');
  });
});

describe('stored keys', () => {
  it.each([
    ['admin', 204],
    ['write', 403],
    ['read', 403],
  ] as const)('a stored %s key → %i', async (scope, status) => {
    const { key } = await createApiKey(handle.db, { name: `check-${scope}`, scope, now: Date.now() });
    const res = await appWith(KEY).request('/api/v1/auth/check', { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(status);
    expect(res.headers.get('cache-control')).toBe('no-store');
    if (status !== 204) expect(((await res.json()) as { code: string }).code).toBe('forbidden');
  });
});
