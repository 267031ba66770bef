/**
 * `GET /api/v1/verify` mounted on a fresh app, over a real in-memory SQLite catalog synced
 * from a config file, called with `app.request` (no server, no port).
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogViewCache } from '../../src/api/catalog-view.ts';
import { handleError, notFound } from '../../src/api/errors.ts';
import { registerVerify, type VerifyDeps } from '../../src/api/routes/verify/get.ts';
import { validationHook } from '../../src/api/validation.ts';
import { parseConfig } from '../../src/config/index.ts';
import type { Catalog } from '../../src/domain/catalog.ts';
import { silentLogger } from '../../src/log.ts';
import { syncCatalog } from '../../src/store/catalog-sync.ts';
import { openSqlite, type SqliteHandle } from '../../src/store/sqlite.ts';

const NOW = Date.parse('2026-11-23T04:00:00Z');

const CONFIG = `providers:
  - id: examplepay
    name: ExamplePay
    timezone: Asia/Shanghai
    locale: zh-CN
    channels:
      - id: ep-hotline
        kind: hotline
        name: 客服热线
        contact: "400-888-8888 / 95188（24小时）"
      - id: ep-chat
        kind: live_chat
        name: 在线客服
        contact: https://help.examplepay.com/chat
      - id: ep-weibo
        kind: social
        name: 微博
        contact: https://weibo.com/examplepay
  - id: globex
    name: Globex Wallet
    timezone: America/New_York
    locale: en
    country: US
    channels:
      - id: gx-hotline
        kind: hotline
        name: Hotline
        contact: "(800) 555-0199"
`;

function app(deps: VerifyDeps): OpenAPIHono {
  const a = new OpenAPIHono({ defaultHook: validationHook });
  a.onError(handleError(silentLogger));
  a.notFound(notFound);
  registerVerify(a, deps);
  a.doc31('/api/v1/openapi.json', { openapi: '3.1.0', info: { title: 't', version: 't' } });
  return a;
}

let handle: SqliteHandle;
let catalog: Catalog;
let fromView: OpenAPIHono;
let fromCatalog: OpenAPIHono;

beforeAll(async () => {
  handle = openSqlite(':memory:');
  catalog = parseConfig(CONFIG, 'verify.yaml');
  await syncCatalog(handle, catalog, NOW);
  fromView = app({ catalog: catalogViewCache(handle.db) });
  fromCatalog = app({ catalog: catalogViewCache(handle.db), contacts: () => catalog });
});

afterAll(() => handle.close());

async function get(a: OpenAPIHono, path: string, headers: Record<string, string> = {}) {
  const res = await a.request(path, { headers });
  return { res, body: (await res.json()) as Record<string, unknown> };
}

const q = (contact: string, extra = '') => `/api/v1/verify?contact=${encodeURIComponent(contact)}${extra}`;

describe('GET /api/v1/verify', () => {
  it('an official number, however written', async () => {
    for (const contact of ['+86 400 888 8888', '400-888-8888', '95188']) {
      const { res, body } = await get(fromView, q(contact));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('application/json');
      expect(body).toMatchObject({ verdict: 'official', kind: 'phone', matches: [{ provider: 'examplepay', channel: 'ep-hotline' }] });
    }
  });

  it('a lookalike domain, explained in the language asked for', async () => {
    const { body } = await get(fromView, q('http://examp1epay.com/login', '&lang=zh-CN'));
    expect(body).toEqual({
      verdict: 'lookalike',
      kind: 'url',
      normalized: 'examp1epay.com',
      matches: [
        { provider: 'examplepay', channel: 'ep-chat' },
        { provider: 'examplepay', channel: 'ep-weibo' },
      ],
      explanation: 'examp1epay.com 不是官方网址：它与 ExamplePay 的 examplepay.com 相似（用形近字符冒充（如 0/o、1/l、rn/m）），可能是冒充的客服。官方客服不会索要密码或验证码。',
      reason: 'confusable',
    });
  });

  it('Accept-Language decides without lang; lang wins over it', async () => {
    const zh = await get(fromView, q('@examplepay'), { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5' });
    expect(zh.body.explanation).toBe('@examplepay 是 ExamplePay（微博）的官方账号。');
    const en = await get(fromView, q('@examplepay', '&lang=en'), { 'accept-language': 'zh-CN' });
    expect(en.body.explanation).toBe('@examplepay is an official account of ExamplePay (微博).');
  });

  it('not official, with the warning', async () => {
    const { body } = await get(fromView, q('someone@gmail.com'));
    expect(body).toMatchObject({ verdict: 'not_official', kind: 'email', matches: [] });
    expect(body.explanation).toContain('never asks for your password');
  });

  it("reads national numbers in the provider's configured country when given the catalog", async () => {
    expect((await get(fromCatalog, q('800 555 0199'))).body).toMatchObject({ verdict: 'official', matches: [{ provider: 'globex', channel: 'gx-hotline' }] });
    // The database does not keep `country`, and Globex's locale has no region: from the view
    // alone its national number cannot be placed, so it is (safely) never called official.
    expect((await get(fromView, q('800 555 0199'))).body.verdict).not.toBe('official');
  });

  it.each([
    ['/api/v1/verify', 'query.contact'],
    [q('   '), 'query.contact'],
    [q('x'.repeat(257)), 'query.contact'],
    [q('95188', '&lang=%3Cscript%3E'), 'query.lang'],
  ])('%s is a 400 problem', async (path, field) => {
    const { res, body } = await get(fromView, path);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(body).toMatchObject({ status: 400, code: 'bad_request' });
    expect((body.errors as { path: string }[]).map((e) => e.path)).toContain(field);
  });

  it('sees a new catalog after a sync', async () => {
    expect((await get(fromView, q('support@examplepay.com'))).body.verdict).toBe('official'); // via the domain
    expect((await get(fromView, q('support@examplepay.org'))).body.verdict).toBe('lookalike');
    const next = parseConfig(CONFIG.replace('contact: https://help.examplepay.com/chat', 'contact: https://help.examplepay.org/chat'), 'verify.yaml');
    await syncCatalog(handle, next, NOW + 1000);
    expect((await get(fromView, q('support@examplepay.org'))).body.verdict).toBe('official');
  });

  it('is in the OpenAPI document', async () => {
    const { body } = await get(fromView, '/api/v1/openapi.json');
    const paths = body.paths as Record<string, { get?: { parameters?: { name: string }[] } }>;
    expect(paths['/api/v1/verify']?.get?.parameters?.map((p) => p.name)).toEqual(['contact', 'lang']);
    expect((body.components as { schemas: Record<string, unknown> }).schemas).toHaveProperty('Verification');
  });
});
