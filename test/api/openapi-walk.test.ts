/**
 * Walks every operation of the OpenAPI document against the real app over a seeded
 * database: each is called with seeded or documented parameters, and the real answer must
 * have a documented status, a documented media type, and a body the documented zod schema
 * accepts with no undocumented fields. Routes added later are walked without editing this
 * file: the list comes from `app.openAPIRegistry`, and every /api/v1 route Hono knows must
 * be in it (so a plain, undocumented Hono route fails here).
 */
import type { RouteConfig } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { silentLogger } from '../../src/log.ts';
import { adviceBed, every5Minutes, local, DAY, HOUR, MIN, type AdviceBed } from './advice-bed.ts';

const NOW = local('2026-11-23 10:30');
const ADMIN_KEY = 'walk-admin-key';

type Doc = {
  paths: Record<string, Record<string, DocOperation>>;
};
type DocParam = { name: string; in: string; required?: boolean; example?: unknown; schema?: { example?: unknown; enum?: unknown[]; default?: unknown } };
type DocOperation = {
  parameters?: DocParam[];
  security?: unknown[];
  requestBody?: { content?: Record<string, { example?: unknown; schema?: { example?: unknown } }> };
};
type ZodLike = { safeParse(v: unknown): { success: true; data: unknown } | { success: false; error: { issues: unknown[] } } };

let b: AdviceBed;
let app: ReturnType<typeof createApp>;
let doc: Doc;
let requests = 0;

beforeAll(async () => {
  b = await adviceBed();
  const from = NOW - 3 * DAY;
  for (const id of ['ep-hotline', 'ep-app', 'ep-chat', 'ep-help']) {
    await b.bed.checks(id, from, every5Minutes(NOW - from, (at) => (at > NOW - 2 * HOUR && at < NOW - HOUR && id === 'ep-app' ? 'd' : 'u'), from), (i) => 100 + (i % 40));
  }
  await b.states({ 'ep-hotline': ['up', from], 'ep-app': ['down', NOW - 2 * HOUR], 'ep-chat': ['up', from], 'ep-help': ['degraded', NOW - 30 * MIN] });
  await b.states({ 'ep-app': ['up', NOW - HOUR] });
  await b.bed.housekeep(NOW);
  app = createApp({
    database: b.bed.handle,
    log: silentLogger,
    now: () => NOW,
    version: 'walk',
    adminKey: ADMIN_KEY,
    rateLimitPerMinute: 100_000,
    // A new address per request: the walk must not trip the per-address limits.
    clientAddress: () => `198.51.100.${++requests % 250}`,
  });
  const res = await app.request('/api/v1/openapi.json');
  expect(res.status).toBe(200);
  doc = (await res.json()) as Doc;
  // A report, so the reports routes have something to show.
  await app.request('/api/v1/channels/ep-chat/reports', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ problem: 'no_answer' }) });
});
afterAll(() => b.close());

/** Every documented operation, from the registry (zod schemas) and the document (examples). */
function operations(): { method: string; path: string; route: RouteConfig }[] {
  return app.openAPIRegistry.definitions.flatMap((d) => (d.type === 'route' ? [{ method: d.route.method, path: d.route.path, route: d.route }] : []));
}

/** Values to try for a path parameter: the seeded ids that fit where it is, then the documented ones. */
function candidates(path: string, param: DocParam): string[] {
  const seeded = path.includes('/channels/')
    ? ['ep-chat', 'ep-hotline']
    : path.includes('/feeds/')
      ? ['examplepay.atom', 'examplepay.rss']
      : ['examplepay', 'ep-hotline', 'ep-chat'];
  const documented = [param.example, param.schema?.example, ...(param.schema?.enum ?? [])].filter((v) => v !== undefined).map(String);
  return [...new Set([...seeded, ...documented])];
}

function urlFor(path: string, op: DocOperation, values: string[]): string {
  let url = path;
  const query = new URLSearchParams();
  let i = 0;
  for (const p of op.parameters ?? []) {
    if (p.in === 'path') url = url.replace(`{${p.name}}`, encodeURIComponent(values[i++]!));
    else if (p.in === 'query' && p.required) query.set(p.name, String(p.example ?? p.schema?.example ?? p.schema?.default ?? p.schema?.enum?.[0] ?? ''));
  }
  return query.size > 0 ? `${url}?${query}` : url;
}

/** Every combination of path parameter values. */
function combinations(path: string, op: DocOperation): string[][] {
  let out: string[][] = [[]];
  for (const p of (op.parameters ?? []).filter((p) => p.in === 'path')) out = out.flatMap((prefix) => candidates(path, p).map((v) => [...prefix, v]));
  return out.slice(0, 30);
}

/** Paths (`a.b[2].c`) present in `input` but dropped by the schema: fields the document does not describe. */
function undocumented(input: unknown, parsed: unknown, at = ''): string[] {
  if (Array.isArray(input) && Array.isArray(parsed)) return input.flatMap((v, i) => undocumented(v, parsed[i], `${at}[${i}]`));
  if (input && typeof input === 'object' && parsed && typeof parsed === 'object' && !Array.isArray(input)) {
    return Object.entries(input).flatMap(([k, v]) => (k in parsed ? undocumented(v, (parsed as Record<string, unknown>)[k], at ? `${at}.${k}` : k) : [at ? `${at}.${k}` : k]));
  }
  return [];
}

/** Checks one real answer against what the route documents; returns the problems found. */
async function check(route: RouteConfig, res: Response): Promise<string[]> {
  const documented = route.responses[res.status] ?? route.responses[String(res.status) as never];
  if (!documented) return [`status ${res.status} is not documented (documented: ${Object.keys(route.responses).join(', ')}): ${await res.text()}`];
  const content = 'content' in documented ? documented.content : undefined;
  const body = await res.text();
  if (!content || Object.keys(content).length === 0) return body === '' ? [] : [`status ${res.status} documents no body, got ${body.slice(0, 200)}`];
  const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
  const media = content[type];
  if (!media) return [`content-type ${type} is not documented for ${res.status} (documented: ${Object.keys(content).join(', ')})`];
  const schema = (media as { schema?: unknown }).schema as ZodLike | undefined;
  if (!schema || typeof schema.safeParse !== 'function') return [];
  if (!type.endsWith('json')) return body.length > 0 ? [] : ['empty body'];
  const value = JSON.parse(body) as unknown;
  const parsed = schema.safeParse(value);
  if (!parsed.success) return [`body does not match the documented ${res.status} schema: ${JSON.stringify(parsed.error.issues).slice(0, 1500)}`];
  const extra = undocumented(value, parsed.data);
  return extra.length === 0 ? [] : [`undocumented fields in the ${res.status} body: ${extra.slice(0, 10).join(', ')}`];
}

describe('the OpenAPI document', () => {
  it('documents every /api/v1 route the app serves', () => {
    const documented = new Set(operations().map((o) => `${o.method.toUpperCase()} ${o.path.replace(/\{([^}]+)\}/g, ':$1')}`));
    const served = new Set(
      app.routes.filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/v1/') && r.path !== '/api/v1/openapi.json').map((r) => `${r.method} ${r.path}`),
    );
    expect([...served].filter((r) => !documented.has(r))).toEqual([]);
  });

  it('has the same operations as the registry', () => {
    const fromDoc = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m} ${path}`));
    expect(fromDoc.sort()).toEqual(operations().map((o) => `${o.method} ${o.path}`).sort());
  });

  it('walks every documented operation and every answer matches its schema', async () => {
    const problems: string[] = [];
    const writes: typeof operations extends () => infer R ? R : never = [];
    const reads = operations().filter((o) => (o.method === 'get' ? true : (writes.push(o), false)));
    for (const { method, path, route } of [...reads, ...writes]) {
      const op = doc.paths[path]![method]!;
      const keyed = (op.security?.length ?? 0) > 0;
      const headers: Record<string, string> = keyed ? { authorization: `Bearer ${ADMIN_KEY}` } : {};
      let ok = false;
      for (const values of combinations(path, op)) {
        const url = urlFor(path, op, values);
        let init: RequestInit = { method: method.toUpperCase(), headers };
        if (method !== 'get') {
          const media = op.requestBody?.content?.['application/json'];
          const example = media?.example ?? media?.schema?.example ?? {};
          init = { ...init, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(example) };
        }
        const res = await app.request(url, init);
        problems.push(...(await check(route, res)).map((p) => `${method.toUpperCase()} ${url}: ${p}`));
        if (res.status < 300) {
          ok = true;
          break;
        }
      }
      // Reads must succeed on the seeded data, so their success schemas are really checked.
      if (method === 'get' && !ok) problems.push(`${method.toUpperCase()} ${path}: no seeded or documented parameters gave a 2xx`);
      if (keyed) {
        const res = await app.request(urlFor(path, op, combinations(path, op)[0]!), { method: method.toUpperCase() });
        expect(res.status, `${method} ${path} without a key`).toBe(401);
        problems.push(...(await check(route, res)).map((p) => `${method.toUpperCase()} ${path} (no key): ${p}`));
      }
    }
    expect(problems).toEqual([]);
  });
});
