/**
 * The dashboard's files as the real app serves them (createApp with `dashboardAssets` over a
 * folder laid out as Vite builds it), called with `app.request`: page and asset caching, the
 * page's CSP, and that nothing under /api is shadowed.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { silentLogger } from '../../src/log.ts';
import { openSqlite, type SqliteHandle } from '../../src/store/sqlite.ts';
import { ASSET_CACHE, dashboardAssets, PAGE_CACHE, PAGE_CSP } from '../../src/web/assets.ts';

const INDEX = '<!doctype html><title>supportwatch</title><script type="module" src="/assets/index-AbC123.js"></script>';
let dist: string;
let handle: SqliteHandle;
let app: ReturnType<typeof createApp>;

beforeAll(() => {
  dist = mkdtempSync(join(tmpdir(), 'sw-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), INDEX);
  writeFileSync(join(dist, 'assets', 'index-AbC123.js'), 'console.log(1);');
  writeFileSync(join(dist, 'assets', 'index-AbC123.css'), 'body{}');
  handle = openSqlite(':memory:');
  app = createApp({ database: handle, log: silentLogger, now: Date.now, version: 'test', dashboard: dashboardAssets(dist) });
});

afterAll(() => {
  handle.close();
  rmSync(dist, { recursive: true, force: true });
});

describe('dashboard pages', () => {
  it.each(['/', '/p/acme', '/manage'])('%s is the app page, revalidated every time, under a strict CSP', async (path) => {
    const res = await app.request(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe(PAGE_CACHE);
    expect(res.headers.get('content-security-policy')).toBe(PAGE_CSP);
    expect(await res.text()).toBe(INDEX);
  });

  it.each([
    ['/assets/index-AbC123.js', /javascript/],
    ['/assets/index-AbC123.css', /^text\/css/],
  ])('%s is cached for a year (its name changes with its content)', async (path, type) => {
    const res = await app.request(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(type);
    expect(res.headers.get('cache-control')).toBe(ASSET_CACHE);
  });

  it.each(['/assets/missing.js', '/assets/../index.html', '/p/acme/extra', '/favicon.ico'])('%s is a problem+json 404', async (path) => {
    const res = await app.request(path);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });

  it('does not shadow the API', async () => {
    const health = await app.request('/api/v1/health');
    expect(health.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    const unknown = await app.request('/api/v1/nothing-here');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
  });

  it('says how to build the dashboard when it is not built', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'sw-empty-'));
    try {
      const bare = createApp({ database: handle, log: silentLogger, now: Date.now, version: 'test', dashboard: dashboardAssets(empty) });
      const res = await bare.request('/');
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('npm run build:web');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('serves no page at all without a dashboard (API only, as on Workers)', async () => {
    const apiOnly = createApp({ database: handle, log: silentLogger, now: Date.now, version: 'test' });
    expect((await apiOnly.request('/')).status).toBe(404);
    expect((await apiOnly.request('/api/v1/health')).status).toBe(200);
  });
});
