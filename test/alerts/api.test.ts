/**
 * The alert routes through `createApp` (no server): admin only, the log newest first with
 * pages and a dead-letter filter, a 404 for a route that is not configured, and routes
 * created, replaced and deleted through the API.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openAlerting } from '../../src/alerts/alerting.ts';
import { AlertWorker } from '../../src/alerts/worker.ts';
import { alertsSchema } from '../../src/config/alerts-schema.ts';
import { createApp } from '../../src/app.ts';
import { createApiKey } from '../../src/keys/store.ts';
import { silentLogger } from '../../src/log.ts';
import { FAST, httpRoute, openBed, writeOutage, writeRecovery, type Bed } from './support/bed.ts';
import { startReceiver, until, type HttpReceiver } from './support/receivers.ts';

const ADMIN = 'the-admin-key';
const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const done of cleanup.splice(0).reverse()) await done();
});

async function setup(): Promise<{ bed: Bed; hook: HttpReceiver; app: ReturnType<typeof createApp> }> {
  const bed = await openBed();
  cleanup.push(() => bed.database.close());
  const hook = await startReceiver(() => 200);
  cleanup.push(() => hook.close());
  // One route that delivers and one whose receiver refuses for good (a dead letter).
  const routes = [httpRoute('ops', 'webhook', hook.url), httpRoute('gone', 'webhook', `${hook.url}/gone`, null, { events: ['down'] })];
  hook.setScript((_n, r) => (r.url === '/gone' ? 410 : 200));
  const worker = new AlertWorker({ database: bed.database, routes, delivery: FAST, log: silentLogger });
  cleanup.push(() => worker.stop());
  await writeOutage(bed, Date.now() - 60_000);
  await writeRecovery(bed, Date.now());
  await until(async () => {
    await worker.runOnce();
    return hook.received.length === 3;
  }, 'three deliveries');
  const app = createApp({ database: bed.database, log: silentLogger, now: Date.now, version: 'test', adminKey: ADMIN });
  return { bed, hook, app };
}

const as = (key: string) => ({ headers: { authorization: `Bearer ${key}` } });

describe('GET /api/v1/alerts/deliveries', () => {
  it('is for admins only', async () => {
    const { app, bed } = await setup();
    expect((await app.request('/api/v1/alerts/deliveries')).status).toBe(401);
    const { key } = await createApiKey(bed.database.db, { name: 'reader', scope: 'read', now: Date.now() });
    const res = await app.request('/api/v1/alerts/deliveries', as(key));
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('lists deliveries newest first, pages with next_before, and filters dead letters', async () => {
    const { app } = await setup();
    const all = (await (await app.request('/api/v1/alerts/deliveries', as(ADMIN))).json()) as { deliveries: Array<Record<string, unknown>>; next_before: number | null };
    expect(all.deliveries.map((d) => [d.route, d.kind, d.status])).toEqual([
      ['ops', 'recovered', 'delivered'],
      ['gone', 'down', 'dead'],
      ['ops', 'down', 'delivered'],
    ]);
    expect(all.deliveries[1]).toMatchObject({ provider: 'acme', channel: 'acme-hotline', attempts: 1, next_attempt_at: null, last_error: expect.stringContaining('HTTP 410') });
    expect(all.next_before).toBeNull();

    const page = (await (await app.request('/api/v1/alerts/deliveries?limit=2', as(ADMIN))).json()) as { deliveries: Array<{ id: number }>; next_before: number };
    expect(page.deliveries).toHaveLength(2);
    const rest = (await (await app.request(`/api/v1/alerts/deliveries?limit=2&before=${page.next_before}`, as(ADMIN))).json()) as { deliveries: unknown[] };
    expect(rest.deliveries).toHaveLength(1);

    const dead = (await (await app.request('/api/v1/alerts/deliveries?status=dead', as(ADMIN))).json()) as { deliveries: Array<{ route: string }> };
    expect(dead.deliveries.map((d) => d.route)).toEqual(['gone']);
    expect((await app.request('/api/v1/alerts/deliveries?status=lost', as(ADMIN))).status).toBe(400);
  });
});

describe('POST /api/v1/alerts/{route}/test', () => {
  it('is 404 when no such route is configured', async () => {
    const { app } = await setup();
    const res = await app.request('/api/v1/alerts/ops/test', { method: 'POST', ...as(ADMIN) });
    expect(res.status).toBe(404);
  });
});

describe('alert routes through the API', () => {
  async function running(env: Record<string, string>) {
    const bed = await openBed();
    cleanup.push(() => bed.database.close());
    const hook = await startReceiver();
    cleanup.push(() => hook.close());
    const catalog = { ...bed.catalog, alerts: parseConfigAlerts(hook.url) };
    const open = () => openAlerting({ database: bed.database, catalog, keys: bed.keys, log: silentLogger, now: Date.now, env: { CONFIG_SECRET: 's', ...env } });
    const alerting = await open();
    cleanup.push(() => alerting.worker.stop());
    const app = createApp({ database: bed.database, log: silentLogger, now: Date.now, version: 'test', adminKey: ADMIN, alerts: alerting.api });
    const put = (id: string, body: unknown) => app.request(`/api/v1/alerts/routes/${id}`, { method: 'PUT', body: JSON.stringify(body), headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` } });
    return { bed, hook, app, put, open };
  }

  it('creates a route that works at once, survives a restart, and never shows its secrets', async () => {
    const { hook, app, put, open } = await running({ NEW_HOOK_URL: 'placeholder', NEW_SECRET: 'n3w-s3cret' });
    const body = { notifier: 'webhook', url: `${hook.url}/from-api`, secret_env: 'NEW_SECRET', events: ['down'], lang: 'en' };
    const created = await put('api-hook', body);
    expect(created.status).toBe(201);
    const view = await created.json();
    expect(view).toMatchObject({ id: 'api-hook', source: 'api', target: `${hook.url}/…`, env: [{ name: 'NEW_SECRET', set: true }] });
    expect(JSON.stringify(view)).not.toContain('n3w-s3cret');
    expect((await put('api-hook', { ...body, events: ['down', 'recovered'] })).status).toBe(200);

    const test = await app.request('/api/v1/alerts/api-hook/test', { method: 'POST', ...as(ADMIN) });
    expect(await test.json()).toMatchObject({ status: 'delivered' });
    expect(hook.received.at(-1)!.url).toBe('/from-api');

    const again = await open();
    cleanup.push(() => again.worker.stop());
    expect(again.api.routes().find((r) => r.id === 'api-hook')).toMatchObject({ source: 'api', events: ['down', 'recovered'] });
  });

  it.each([
    { name: 'a bad body', id: 'x', body: { notifier: 'webhook', url: 'ftp://nope' }, status: 400, path: 'body.url' },
    { name: 'an unset variable', id: 'x', body: { notifier: 'dingtalk', url_env: 'NOT_SET_ANYWHERE' }, status: 400, path: 'body.url_env' },
    { name: 'a secret in the body', id: 'x', body: { notifier: 'webhook', url: 'https://h.example.com', secret: 'plain' }, status: 400, path: 'body.secret' },
    { name: 'the id of a config route', id: 'config-hook', body: { notifier: 'webhook', url: 'https://h.example.com' }, status: 409, path: null },
  ])('refuses $name', async ({ id, body, status, path }) => {
    const { put } = await running({});
    const res = await put(id, body);
    expect(res.status).toBe(status);
    const problem = (await res.json()) as { errors: Array<{ path: string }> };
    if (path) expect(problem.errors.map((e) => e.path)).toContain(path);
  });

  it('deletes a route made through the API, and only such a route', async () => {
    const { app, put } = await running({});
    await put('api-hook', { notifier: 'webhook', url: 'https://h.example.com' });
    const del = (id: string) => app.request(`/api/v1/alerts/routes/${id}`, { method: 'DELETE', ...as(ADMIN) });
    expect((await del('api-hook')).status).toBe(204);
    expect((await del('api-hook')).status).toBe(404);
    expect((await del('config-hook')).status).toBe(409);
    const routes = (await (await app.request('/api/v1/alerts/routes', as(ADMIN))).json()) as { routes: Array<{ id: string }> };
    expect(routes.routes.map((r) => r.id)).toEqual(['config-hook']);
  });
});

/** The config's alerts block with one route, as the loader gives it. */
function parseConfigAlerts(url: string) {
  return alertsSchema.parse({ routes: [{ id: 'config-hook', notifier: 'webhook', url, secret_env: 'CONFIG_SECRET' }] });
}
