/**
 * requireScope on a small Hono app over a real in-memory SQLite store: which keys pass which
 * scope, what the refusals look like, and that a revocation bites within the cache's lifetime.
 */
import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handleError } from '../../../src/api/errors.ts';
import { bearerKey, requireScope, type ApiKeyEnv } from '../../../src/api/middleware/require-scope/index.ts';
import { KEY_CACHE_MS, TOUCH_EVERY_MS, createKeyResolver } from '../../../src/keys/resolver.ts';
import type { ApiKeyScope } from '../../../src/keys/scopes.ts';
import { createApiKey, listApiKeys, revokeApiKey } from '../../../src/keys/store.ts';
import { silentLogger } from '../../../src/log.ts';
import { openSqlite, type SqliteHandle } from '../../../src/store/sqlite.ts';

const ADMIN_KEY = 'the-admin-key';
let handle: SqliteHandle;
let clock: number;
const keys: Record<ApiKeyScope, string> = { read: '', write: '', admin: '' };

beforeEach(async () => {
  handle = openSqlite(':memory:');
  clock = Date.UTC(2026, 0, 5, 12);
  for (const scope of ['read', 'write', 'admin'] as const) keys[scope] = (await createApiKey(handle.db, { name: scope, scope, now: clock })).key;
});
afterEach(() => handle.close());

/** One route per scope; each answers with the name and scope of the key that got in. */
function appWith(adminKey?: string) {
  const app = new Hono<ApiKeyEnv>();
  app.onError(handleError(silentLogger));
  const deps = { database: handle, adminKey, now: () => clock, keys: createKeyResolver(handle) };
  for (const scope of ['read', 'write', 'admin'] as const) {
    app.get(`/${scope}`, requireScope(scope, deps), (c) => c.json(c.get('apiKey')));
  }
  return app;
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe('requireScope', () => {
  it.each([
    ['read', 'read', 200],
    ['read', 'write', 403],
    ['read', 'admin', 403],
    ['write', 'read', 200],
    ['write', 'write', 200],
    ['write', 'admin', 403],
    ['admin', 'read', 200],
    ['admin', 'write', 200],
    ['admin', 'admin', 200],
  ] as const)('a %s key on a %s route → %i', async (held, needed, status) => {
    const res = await appWith().request(`/${needed}`, { headers: bearer(keys[held]) });
    expect(res.status).toBe(status);
    expect(res.headers.get('cache-control')).toBe('no-store');
    if (status === 200) expect(await res.json()).toEqual({ name: held, scope: held, source: 'stored' });
    else expect(await res.json()).toMatchObject({ status: 403, code: 'forbidden', title: 'Forbidden' });
  });

  it('takes SUPPORTWATCH_ADMIN_KEY as an admin key', async () => {
    const res = await appWith(ADMIN_KEY).request('/admin', { headers: bearer(ADMIN_KEY) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ name: 'admin', scope: 'admin', source: 'admin-key' });
  });

  it.each([
    ['no header', {}],
    ['another scheme', { authorization: 'Basic YWRtaW46YWRtaW4=' }],
    ['an empty bearer', { authorization: 'Bearer ' }],
    ['an unknown key', bearer('sw_not-a-key')],
    ['the admin key when none is configured', bearer(ADMIN_KEY)],
    ['an empty key against an empty admin key', bearer('')],
  ])('401 problem+json for %s', async (_name, headers: Record<string, string>) => {
    const res = await appWith('').request('/read', { headers });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ status: 401, code: 'unauthorized' });
    expect(text).not.toContain(ADMIN_KEY);
  });

  it('stops taking a revoked key once its cache entry expires', async () => {
    const app = appWith();
    expect((await app.request('/read', { headers: bearer(keys.write) })).status).toBe(200);
    await revokeApiKey(handle.db, 'write', clock);
    clock += KEY_CACHE_MS;
    const res = await app.request('/read', { headers: bearer(keys.write) });
    expect(res.status).toBe(401);
  });

  it('sees a key made after an unknown-key lookup once the cache entry expires', async () => {
    const app = appWith();
    // The same name may be reused after revocation; the new key is a new secret.
    await revokeApiKey(handle.db, 'read', clock);
    expect((await app.request('/read', { headers: bearer(keys.read) })).status).toBe(401);
    const { key } = await createApiKey(handle.db, { name: 'read', scope: 'read', now: clock });
    expect((await app.request('/read', { headers: bearer(key) })).status).toBe(200);
  });

  it('records last use at most once per interval', async () => {
    const app = appWith();
    const lastUsed = async () => (await listApiKeys(handle.db)).find((k) => k.name === 'read')!.lastUsedAt;
    expect(await lastUsed()).toBeNull();
    await app.request('/read', { headers: bearer(keys.read) });
    expect(await lastUsed()).toBe(clock);
    const first = clock;
    clock += TOUCH_EVERY_MS - 1;
    await app.request('/read', { headers: bearer(keys.read) });
    expect(await lastUsed()).toBe(first);
    clock += 1;
    await app.request('/read', { headers: bearer(keys.read) });
    expect(await lastUsed()).toBe(clock);
  });
});

describe('bearerKey', () => {
  it.each([
    ['Bearer sw_abc', 'sw_abc'],
    ['bearer   sw_abc  ', 'sw_abc'],
    ['BEARER\tsw_abc', 'sw_abc'],
    ['Bearer ', null],
    ['Basic sw_abc', null],
    ['sw_abc', null],
    [undefined, null],
  ])('%j → %j', (header, key) => {
    expect(bearerKey(header)).toBe(key);
  });
});
