/**
 * The whole path in-process, as `npm start` runs it: the config's `alerts:` block with secrets
 * from (test) environment variables, the real monitor probing a local target that goes down
 * and comes back, the outbox, the worker, and local receivers: a webhook that verifies every
 * signature, an SMTP server, and a second webhook that is down during the whole outage.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../../src/alerts/signing.ts';
import { parseConfig } from '../../src/config/index.ts';
import { silentLogger } from '../../src/log.ts';
import { start, type Running } from '../../src/node.ts';
import { startHttpServer, type LocalServer } from '../support/local-server.ts';
import { header, startMailReceiver, startReceiver, until, type HttpReceiver, type MailReceiver } from './support/receivers.ts';

const SECRET = 'e2e-hook-secret';
const ADMIN = 'admin-key-for-tests';
let healthy = true;
let backupUp = false;
let target: LocalServer;
let hook: HttpReceiver;
let backup: HttpReceiver;
let mail: MailReceiver;
let running: Running;
let dir: string;

beforeAll(async () => {
  target = await startHttpServer((_req, res) => {
    if (healthy) res.writeHead(200, { 'content-type': 'text/plain' }).end('hotline page online');
    else res.writeHead(503).end('unavailable');
  });
  hook = await startReceiver();
  backup = await startReceiver(() => (backupUp ? 200 : 503));
  mail = await startMailReceiver();
  const catalog = parseConfig(
    `providers:
  - id: acme
    name: Acme Pay
    timezone: Asia/Shanghai
    locale: zh-CN
    channels:
      - id: acme-hotline
        kind: hotline
        name: Hotline page
        probes:
          - { type: http, url: "${target.url}/hotline", timeout: 2s, expect: { contains: online } }
alerts:
  delivery: { max_attempts: 50, timeout: 2s, backoff: 20ms, max_backoff: 100ms }
  routes:
    - id: ops-webhook
      notifier: webhook
      url: ${hook.url}/supportwatch
      secret_env: E2E_HOOK_SECRET
      events: [down, recovered]
      lang: en
    - id: backup-webhook
      notifier: webhook
      url_env: E2E_BACKUP_URL
      secret_env: E2E_HOOK_SECRET
      events: [down, recovered]
    - id: oncall-mail
      notifier: email
      to: [oncall@example.test]
      from: supportwatch@example.test
      events: [down, recovered]
      lang: en
      smtp: { host: 127.0.0.1, port: ${mail.port} }
`,
    'alerts-e2e.yaml',
  );
  for (const channel of catalog.providers[0]!.channels) for (const probe of channel.probes) probe.intervalMs = 100;
  dir = mkdtempSync(join(tmpdir(), 'supportwatch-alerts-'));
  running = await start({
    catalog,
    databasePath: join(dir, 'alerts.db'),
    port: 0,
    host: '127.0.0.1',
    log: silentLogger,
    adminKey: ADMIN,
    monitor: { writer: { flushMs: 20 } },
    alerts: { env: { E2E_HOOK_SECRET: SECRET, E2E_BACKUP_URL: `${backup.url}/hook` }, pollMs: 20 },
  });
});

afterAll(async () => {
  await running?.stop();
  await Promise.all([target?.close(), hook?.close(), backup?.close(), mail?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

const kinds = (r: HttpReceiver) => r.accepted().map((x) => JSON.parse(x.body).kind as string);
const subjects = () => mail.mails.map((m) => /^Subject: (.*)$/m.exec(m.raw)?.[1] ?? '');
const api = (path: string, init: RequestInit = {}) => fetch(running.url + path, { ...init, headers: { authorization: `Bearer ${ADMIN}`, ...init.headers } });

describe('a channel going down and recovering', () => {
  it('gives exactly one signed webhook and one e-mail for each, and a receiver that was down gets both once when it comes back', async () => {
    await until(async () => {
      const view = (await (await fetch(`${running.url}/api/v1/providers/acme`)).json()) as { channels: { state: string }[] };
      return view.channels[0]!.state === 'up';
    }, 'the hotline to be up');

    healthy = false;
    await until(() => kinds(hook).length === 1 && mail.mails.length === 1, 'the down alerts');
    healthy = true;
    await until(() => kinds(hook).length === 2 && mail.mails.length === 2, 'the recovery alerts');
    expect(kinds(backup)).toEqual([]);
    expect(backup.received.length).toBeGreaterThan(0); // it was tried, and refused

    backupUp = true;
    await until(() => kinds(backup).length === 2, 'the backup receiver to catch up');

    // Let the monitor and the worker go on for a while: nothing more may arrive.
    await running.monitor.flush();
    const deliveries = async () => ((await (await api('/api/v1/alerts/deliveries')).json()) as { deliveries: { status: string }[] }).deliveries;
    await until(async () => (await deliveries()).every((d) => d.status === 'delivered'), 'every delivery to be done');
    await new Promise((r) => setTimeout(r, 500));

    expect(kinds(hook)).toEqual(['down', 'recovered']);
    expect(kinds(backup)).toEqual(['down', 'recovered']);
    expect(subjects()).toEqual(['[DOWN] Acme Pay Hotline page is down', '[RECOVERED] Acme Pay Hotline page is back']);
    // The route without `lang` reads the provider's locale.
    expect(JSON.parse(backup.accepted()[0]!.body).title).toBe('【故障】Acme Pay「Hotline page」无法访问');
    for (const r of [...hook.accepted(), ...backup.received]) {
      expect(
        verifyWebhookSignature({ secret: SECRET, body: r.body, timestamp: header(r, 'x-supportwatch-timestamp'), signature: header(r, 'x-supportwatch-signature'), now: Date.now() }),
      ).toBe(true);
    }
    const [down, recovered] = hook.accepted().map((r) => JSON.parse(r.body));
    expect(down.title).toBe('[DOWN] Acme Pay Hotline page is down');
    expect(recovered.incident.id).toBe(down.incident.id);
    expect(recovered.incident.duration_s).toBeGreaterThanOrEqual(0);
    // The same event ids reached the backup receiver, late: it can tell them for the same events.
    expect(backup.accepted().map((r) => JSON.parse(r.body).id)).toEqual([down.id, recovered.id]);
    expect(await deliveries()).toHaveLength(6);
  });

  it('shows the routes without secrets, the log to admins only, and sends a test message', async () => {
    expect((await fetch(`${running.url}/api/v1/alerts/deliveries`)).status).toBe(401);
    const routes = (await (await api('/api/v1/alerts/routes')).json()) as { routes: { id: string; target: string; env: { name: string; set: boolean }[] }[] };
    const text = JSON.stringify(routes);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('/hook');
    expect(routes.routes.find((r) => r.id === 'backup-webhook')).toMatchObject({
      target: `${backup.url}/…`,
      env: [
        { name: 'E2E_BACKUP_URL', set: true },
        { name: 'E2E_HOOK_SECRET', set: true },
      ],
    });

    const before = hook.received.length;
    const res = await api('/api/v1/alerts/ops-webhook/test', { method: 'POST' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ route: 'ops-webhook', kind: 'test', status: 'delivered', attempts: 1 });
    expect(hook.received).toHaveLength(before + 1);
    expect(JSON.parse(hook.received.at(-1)!.body)).toMatchObject({ kind: 'test', title: '[TEST] supportwatch test message' });
    expect((await api('/api/v1/alerts/nope/test', { method: 'POST' })).status).toBe(404);

    const dead = (await (await api('/api/v1/alerts/deliveries?status=dead')).json()) as { deliveries: unknown[] };
    expect(dead.deliveries).toEqual([]);
  });
});
