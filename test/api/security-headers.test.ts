/**
 * Security headers on every kind of answer of the real app (createApp with the dashboard):
 * JSON, problem+json errors (400, 401, 404, 405, 413, 429), 304, feeds, badges, the OpenAPI
 * document, a CORS preflight, HEAD, the dashboard page and its assets, the API docs page.
 * Every one has `X-Content-Type-Options: nosniff`, a `Referrer-Policy`, `X-Frame-Options: DENY`
 * and (but a 304, which must not replace the stored one) a CSP with `frame-ancestors 'none'`; what loads nothing gets `default-src 'none'`; the
 * pages keep their own policy, with no inline script allowed. And the dashboard renders stored
 * text as text: its source never writes HTML from strings.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { silentLogger } from '../../src/log.ts';
import { dashboardAssets, PAGE_CSP } from '../../src/web/assets.ts';
import { adviceBed, local, type AdviceBed } from './advice-bed.ts';

const NOW = local('2026-11-23 10:30');
const WEB_SRC = join(import.meta.dirname, '../../web/src');

let b: AdviceBed;
let dist: string;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  b = await adviceBed();
  dist = mkdtempSync(join(tmpdir(), 'sw-headers-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>supportwatch</title><script type="module" src="/assets/index-AbC123.js"></script>');
  writeFileSync(join(dist, 'assets', 'index-AbC123.js'), 'console.log(1);');
  app = createApp({
    database: b.bed.handle,
    log: silentLogger,
    now: () => NOW,
    version: 'headers',
    adminKey: 'headers-admin-key',
    rateLimitPerMinute: 3,
    clientAddress: (c) => c.req.header('x-test-address') ?? '192.0.2.1',
    dashboard: dashboardAssets(dist),
  });
});

afterAll(() => {
  b?.close();
  rmSync(dist, { recursive: true, force: true });
});

let address = 0;
/** A request from a fresh address, so the small rate limit only bites where a case wants it. */
const call = async (path: string, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<Response> =>
  app.request(path, { ...init, headers: { 'x-test-address': `198.51.100.${++address}`, ...init.headers } });

function expectHeaders(res: Response, what: string): void {
  expect(res.headers.get('x-content-type-options'), what).toBe('nosniff');
  expect(res.headers.get('referrer-policy'), what).toBe('no-referrer');
  expect(res.headers.get('x-frame-options'), what).toBe('DENY');
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(csp, what).not.toContain('unsafe-inline');
  expect(csp, what).not.toContain('unsafe-eval');
}

describe('security headers', () => {
  it.each<[string, () => Promise<Response>, number]>([
    ['a JSON read', () => call('/api/v1/providers'), 200],
    ['the OpenAPI document', () => call('/api/v1/openapi.json'), 200],
    ['an Atom feed', () => call('/feeds/examplepay.atom'), 200],
    ['a HEAD', () => call('/api/v1/providers', { method: 'HEAD' }), 200],
    ['a CORS preflight', () => call('/api/v1/providers', { method: 'OPTIONS', headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'GET' } }), 204],
    ['a 400', () => call('/api/v1/channels/ep-chat/checks?limit=-5'), 400],
    ['a 401', () => call('/api/v1/auth/check', { headers: { authorization: 'Bearer wrong-key-000' } }), 401],
    ['a 404 for an unknown route', () => call('/api/v1/nothing'), 404],
    ['a 404 for an unknown id', () => call('/api/v1/providers/nope'), 404],
    ['a 405', () => call('/api/v1/health', { method: 'DELETE' }), 405],
    ['a 413', () => call('/api/v1/channels/ep-chat/reports', { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"p":"${'x'.repeat(70_000)}"}` }), 413],
    ['a malformed JSON body', () => call('/api/v1/channels/ep-chat/reports', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' }), 400],
  ])('on %s', async (what, request, status) => {
    const res = await request();
    expect(res.status, what).toBe(status);
    expectHeaders(res, what);
    expect(res.headers.get('content-security-policy'), what).toContain("default-src 'none'");
  });

  it('on a 429 and a 304', async () => {
    const one = { 'x-test-address': '203.0.113.9' };
    let res = await app.request('/api/v1/providers', { headers: one });
    const etag = res.headers.get('etag');
    for (let i = 0; i < 5 && res.status !== 429; i++) res = await app.request('/api/v1/providers', { headers: one });
    expect(res.status).toBe(429);
    expectHeaders(res, '429');
    expect(etag).toBeTruthy();
    const notModified = await call('/api/v1/providers', { headers: { 'if-none-match': etag! } });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('x-content-type-options')).toBe('nosniff');
    expect(notModified.headers.get('referrer-policy')).toBe('no-referrer');
    expect(notModified.headers.get('x-frame-options')).toBe('DENY');
    // A browser merges a 304's headers into the stored answer: no policy here, so the stored
    // one (the API's, or the dashboard page's own) stays as it was.
    expect(notModified.headers.get('content-security-policy')).toBeNull();
  });

  it('a revalidated dashboard page keeps its own policy', async () => {
    const page = await call('/');
    const etag = page.headers.get('etag');
    if (etag === null) return; // pages are not tagged in this build
    const again = await call('/', { headers: { 'if-none-match': etag } });
    if (again.status !== 304) return;
    expect(again.headers.get('content-security-policy')).toBeNull();
  });

  it('on a badge, which loads nothing', async () => {
    const res = await call('/badge/examplepay.svg');
    if (res.status === 404) return; // badges are optional in this build of the app
    expectHeaders(res, 'badge');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it.each(['/', '/p/examplepay', '/manage'])('the dashboard page %s keeps its own policy: own scripts only, no inline code', async (path) => {
    const res = await call(path);
    expect(res.status).toBe(200);
    expectHeaders(res, path);
    expect(res.headers.get('content-security-policy')).toBe(PAGE_CSP);
    expect(PAGE_CSP).toContain("script-src 'self'");
    expect(PAGE_CSP).toContain("object-src 'none'");
  });

  it('the dashboard assets and the API docs page', async () => {
    const asset = await call('/assets/index-AbC123.js');
    expect(asset.status).toBe(200);
    expectHeaders(asset, 'asset');
    const docs = await call('/api/docs');
    if (docs.status === 200) {
      expectHeaders(docs, 'docs');
      expect(docs.headers.get('content-security-policy')).toContain("script-src 'self'");
    }
  });
});

describe('stored text is rendered as text', () => {
  function sources(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? sources(path) : /\.(ts|js)$/.test(name) ? [path] : [];
    });
  }

  it('the dashboard never turns strings into HTML, and its page has no inline script', () => {
    const files = sources(WEB_SRC);
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const code = readFileSync(file, 'utf8');
      expect(code, file).not.toMatch(/\.innerHTML\s*=|\.outerHTML\s*=|insertAdjacentHTML|document\.write|new Function\(|\beval\(/);
    }
    const page = readFileSync(join(import.meta.dirname, '../../web/index.html'), 'utf8');
    expect(page).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(page).not.toMatch(/\son[a-z]+\s*=/i);
  });

  it('markup sent to the API is echoed only inside JSON, under nosniff, never as HTML', async () => {
    const res = await call('/api/v1/verify?contact=%3Cscript%3Ealert(1)%3C%2Fscript%3E');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
