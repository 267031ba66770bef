/**
 * API abuse against the whole app (createApp, write API and alerts included) over a seeded
 * SQLite database: thousands of randomised requests over every route of the OpenAPI document
 * (bad ids, bad query values, huge query strings, wrong methods, malformed and oversize JSON,
 * path traversal, odd headers). None may answer 5xx; every error is problem+json with the
 * problem shape; every answer carries the security headers; health stays ok; and no key sent in
 * an Authorization header or a query ever reaches the log. Then the limiter: one address past
 * its budget gets 429 with Retry-After while another is served. Fixed seed: a failure reproduces.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { CatalogAdmin } from '../../src/catalog-admin/catalog-admin.ts';
import { parseConfig } from '../../src/config/index.ts';
import { createApiKey } from '../../src/keys/store.ts';
import { createLogger, type Logger } from '../../src/log.ts';
import { adviceBed, local, WALLET, type AdviceBed } from './advice-bed.ts';

const NOW = local('2026-11-23 10:30');
const ADMIN_KEY = 'abuse-admin-key-0123456789';
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'PROPFIND', 'FOO'] as const;

let b: AdviceBed;
let app: ReturnType<typeof createApp>;
let operations: { method: string; path: string; params: string[]; query: string[] }[];
let writeKey: string;
const logLines: string[] = [];
/** Every secret sent in this file, to be looked for in the log at the end. */
const sentSecrets = new Set<string>();

/** The real logger (src/log.ts), writing into memory instead of stdout. */
const log: Logger = createLogger('debug', (line) => logLines.push(line));

beforeAll(async () => {
  b = await adviceBed();
  const { admin } = await CatalogAdmin.open({ database: b.bed.handle, config: parseConfig(WALLET, 'abuse.yaml'), log, now: () => NOW });
  writeKey = (await createApiKey(b.bed.handle.db, { name: 'abuse-writer', scope: 'write', now: NOW })).key;
  sentSecrets.add(ADMIN_KEY).add(writeKey);
  app = createApp({
    database: b.bed.handle,
    log,
    now: () => NOW,
    version: 'abuse',
    adminKey: ADMIN_KEY,
    catalogAdmin: admin,
    // High, so the fuzz is not all 429s; the limiter has its own test below.
    rateLimitPerMinute: 1_000_000,
    clientAddress: (c) => c.req.header('x-test-address') ?? '192.0.2.1',
  });
  const doc = (await (await app.request('/api/v1/openapi.json')).json()) as {
    paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
  };
  operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      params: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
      query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
    })),
  );
  expect(operations.length).toBeGreaterThan(20);
});
afterAll(() => b?.close());

/** Values for ids and query parameters: seeded ones (so deep code runs too) and hostile ones. */
const badValue = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('examplepay', 'ep-chat', 'ep-hotline', 'ep-notices', 'examplepay.atom', '24h', '7d', '30d', 'en', 'zh-CN', 'general', '1', '0', '100') },
  { weight: 2, arbitrary: fc.constantFrom('', ' ', '..', '../..', '..%2f..%2fetc%2fpasswd', '%2e%2e', '%00', '%', '%zz', '%E0%A4%A', '%u0000', '\\..\\', '.%00.', ';', 'null', 'undefined', '-1', '1e309', 'NaN', 'Infinity', '9'.repeat(400), '0x10', 'true', '[]', '{}', '<script>alert(1)</script>', "' OR 1=1 --", '${7*7}', '__proto__', 'constructor', '停', '🙂', 'ep-chat\r\nx-injected: 1', 'a'.repeat(5000)) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
);

/** Bodies: malformed JSON, JSON of the wrong shape, deep, oversize, binary, empty. */
const body = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom('{', '{"a":', '[1,2', 'nul', '"unterminated', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}', '\u0000', '{}', '[]', 'null', '0', '"x"'),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc.record({ id: badValue, name: badValue, kind: badValue, problem: badValue, channels: fc.constant([]) }).map((v) => JSON.stringify(v)),
  fc.constant(`${'['.repeat(20_000)}${']'.repeat(20_000)}`),
  fc.constant(`{"pad":"${'x'.repeat(70 * 1024)}"}`),
  fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a).toString('latin1')),
);

const contentType = fc.constantFrom(undefined, 'application/json', 'application/json; charset=utf-16', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=', 'application/problem+json', '*/*', 'application/json\u0000');
const authorization = fc.oneof(
  fc.constant(undefined),
  fc.constant('admin'),
  fc.constant('writer'),
  fc.string({ minLength: 12, maxLength: 40 }).map((s) => `Bearer ${s.replace(/[^\x21-\x7e]/g, 'k')}`),
  fc.constantFrom('Bearer', 'Bearer ', 'Basic YWRtaW46YWRtaW4=', 'Token abc', `bearer ${'x'.repeat(8000)}`),
);

interface Abuse {
  op: number;
  method: (typeof METHODS)[number] | null;
  values: string[];
  query: Array<[string, string]>;
  extraQuery: number;
  body: string | undefined;
  contentType: string | undefined;
  authorization: string | undefined;
  ifNoneMatch: string | undefined;
  requestId: string | undefined;
  address: string;
}

const abuse: fc.Arbitrary<Abuse> = fc.record({
  op: fc.nat(),
  // Mostly the documented method, so requests reach the handlers; sometimes a wrong one.
  method: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(...METHODS) }),
  values: fc.array(badValue, { minLength: 3, maxLength: 3 }),
  query: fc.array(fc.tuple(fc.oneof(fc.constantFrom('window', 'limit', 'cursor', 'lang', 'need', 'contact', 'since', 'until', 'channel', 'state', 'kind', 'days', 'q'), fc.string({ maxLength: 10 })), badValue), { maxLength: 6 }),
  extraQuery: fc.constantFrom(0, 0, 0, 2000, 20_000),
  body,
  contentType,
  authorization,
  ifNoneMatch: fc.constantFrom(undefined, '*', 'W/"x"', '"', 'W/'),
  requestId: fc.constantFrom(undefined, 'abc-123', 'x'.repeat(500), 'a b', '\u00e9'),
  address: fc.constantFrom('192.0.2.1', '192.0.2.2', '2001:db8::1', 'unknown'),
});

/** Encodes a value for a URL, except some hostile ones that are sent as written (traversal, bad escapes). */
function urlPart(value: string, raw: boolean): string {
  return raw && /^[\x21-\x7e]*$/.test(value) && !value.includes('?') && !value.includes('#') ? value : encodeURIComponent(value);
}

function requestOf(a: Abuse): { url: string; init: RequestInit } {
  const op = operations[a.op % operations.length]!;
  let path = op.path;
  op.params.forEach((name, i) => {
    const value = a.values[i % a.values.length]!;
    path = path.replace(`{${name}}`, urlPart(value, i % 2 === 0));
  });
  const query = a.query.map(([k, v], i) => `${encodeURIComponent(i === 0 && op.query[0] ? op.query[0] : k)}=${urlPart(v, i % 2 === 1)}`);
  if (a.extraQuery > 0) query.push(`pad=${'a'.repeat(a.extraQuery)}`);
  const method = a.method ?? op.method;
  const headers: Record<string, string> = { 'x-test-address': a.address };
  if (a.contentType !== undefined) headers['content-type'] = a.contentType;
  if (a.ifNoneMatch !== undefined) headers['if-none-match'] = a.ifNoneMatch;
  if (a.requestId !== undefined) headers['x-request-id'] = a.requestId;
  if (a.authorization !== undefined) {
    const value = a.authorization === 'admin' ? `Bearer ${ADMIN_KEY}` : a.authorization === 'writer' ? `Bearer ${writeKey}` : a.authorization;
    headers.authorization = value;
    const token = value.replace(/^\S+\s*/, '');
    if (token.length >= 12) sentSecrets.add(token);
  }
  const withBody = method !== 'GET' && method !== 'HEAD' && a.body !== undefined;
  return { url: `http://localhost${path}${query.length > 0 ? `?${query.join('&')}` : ''}`, init: { method, headers, ...(withBody ? { body: a.body } : {}) } };
}

/** What every response must be, whatever was asked. */
async function expectSound(res: Response, method: string, what: string): Promise<void> {
  expect(res.status, what).toBeLessThan(500);
  expect(res.headers.get('x-content-type-options'), what).toBe('nosniff');
  expect(res.headers.get('referrer-policy'), what).toBeTruthy();
  expect(res.headers.get('x-frame-options'), what).toBe('DENY');
  // A 304 carries no policy: the browser keeps the one stored with the answer.
  if (res.status !== 304) expect(res.headers.get('content-security-policy') ?? '', what).toContain("frame-ancestors 'none'");
  if (res.status < 400) return;
  expect(res.headers.get('content-type') ?? '', what).toMatch(/^application\/problem\+json/);
  if (method === 'HEAD') return;
  const problem = (await res.json()) as Record<string, unknown>;
  expect(problem, what).toMatchObject({ type: expect.any(String), title: expect.any(String), status: res.status, code: expect.any(String), detail: expect.any(String) });
}

describe('randomised abuse of every documented route', () => {
  it('never answers 5xx; every error is problem+json; every answer has the security headers', async () => {
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(abuse, async (a) => {
        const { url, init } = requestOf(a);
        let res: Response;
        try {
          res = await app.request(url, init);
        } catch (err) {
          // Only the test's own Request can refuse (a header value it will not send); the app never throws.
          if (err instanceof TypeError && /header|Request/i.test(err.message) && !String(err.stack).includes('/src/')) return;
          throw err;
        }
        sent++;
        await expectSound(res, String(init.method), `${init.method} ${url.slice(0, 200)}`);
      }),
      { seed: 20261123, numRuns: 2500 },
    );
    expect(sent).toBeGreaterThan(2000);
  });

  it('stays healthy afterwards', async () => {
    const res = await app.request('/api/v1/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
    expect((await app.request('/api/v1/providers/examplepay')).status).toBe(200);
  });

  it('logged no unhandled error, and no key sent in a header or a query', async () => {
    for (const key of [ADMIN_KEY, writeKey]) {
      await app.request(`/api/v1/providers/examplepay?key=${key}&api_key=${key}`, { headers: { authorization: `Bearer ${key}` } });
      await app.request(`/api/v1/nothing-here/${key}`, { method: 'DELETE', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: '{' });
    }
    const text = logLines.join('\n');
    expect(text).not.toContain('unhandled error');
    for (const secret of sentSecrets) expect(text.includes(secret), `a key in the log: ${secret.slice(0, 6)}…`).toBe(false);
  });
});

describe('the rate limit holds under a flood', () => {
  it('answers one address 429 problem+json with Retry-After past its budget, and serves another', async () => {
    const limited = b.app(NOW, { rateLimitPerMinute: 60 });
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 1000; i++) {
      last = await limited.request('/api/v1/providers', { headers: { 'x-test-address': '198.51.100.7' } });
      statuses.push(last.status);
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(60);
    expect(statuses.filter((s) => s === 429)).toHaveLength(940);
    expect(last!.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(last!.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await last!.json()).toMatchObject({ status: 429, code: 'rate_limited' });
    expect((await limited.request('/api/v1/providers', { headers: { 'x-test-address': '198.51.100.8' } })).status).toBe(200);
  });
});
