/**
 * The Worker end to end in workerd: the config goes in through the admin route, the cron
 * handler probes a real local target (node:http on 127.0.0.1, started by the global setup),
 * and the API read through `SELF.fetch` shows what the checks decided: up, then down with an
 * incident after `failure_threshold` failures, then recovered.
 */
import { SELF, createExecutionContext, createScheduledController, env } from 'cloudflare:test';
import { describe, expect, inject, it } from 'vitest';
import worker from '../../src/worker.ts';

const port = inject('targetPort');
const target = `http://127.0.0.1:${port}`;
const auth = { authorization: `Bearer ${env.SUPPORTWATCH_ADMIN_KEY}` };
const MINUTE = 60_000;

const config = `
providers:
  - id: localpay
    name: LocalPay
    timezone: UTC
    channels:
      - id: localpay-chat
        kind: live_chat
        name: Chat
        probes:
          - type: http
            url: ${target}/redirect
            timeout: 5s
            failure_threshold: 2
            expect: { status: [200], contains: online }
      - id: localpay-app
        kind: in_app
        name: App endpoint
        probes:
          - { type: tcp, host: 127.0.0.1, port: ${port}, timeout: 5s }
      - id: localpay-mail
        kind: email
        name: E-mail
        contact: help@localpay.example
        probes:
          - { type: smtp, host: 127.0.0.1, port: 2525, timeout: 5s }
`;

type ChannelView = { id: string; state: string; last_check: { outcome: string; error: { class: string } | null; http_status: number | null } | null };

async function channels(): Promise<Map<string, ChannelView>> {
  const res = await SELF.fetch('https://sw.test/api/v1/providers/localpay');
  expect(res.status).toBe(200);
  const body = (await res.json()) as { channels: ChannelView[] };
  return new Map(body.channels.map((c) => [c.id, c]));
}

/** Runs the exported cron handler for one minute, as the platform would. */
async function cronMinute(at: number): Promise<void> {
  await worker.scheduled(createScheduledController({ scheduledTime: at, cron: '* * * * *' }), env as never, createExecutionContext());
}

async function openIncidents(): Promise<{ channel: string; cause: { class: string } | null }[]> {
  const res = await SELF.fetch('https://sw.test/api/v1/incidents?provider=localpay&open=true');
  expect(res.status).toBe(200);
  return ((await res.json()) as { incidents: { channel: string; cause: { class: string } | null }[] }).incidents;
}

describe('the Worker', () => {
  it('refuses an invalid config with the line of each problem, and keeps what it had', async () => {
    const res = await SELF.fetch('https://sw.test/api/v1/admin/config', {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'text/yaml' },
      body: 'providers:\n  - id: Bad Id\n    name: x\n',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(await res.json())).toMatch(/supportwatch\.yaml:2/);
  });

  it('needs the admin key to change the config', async () => {
    const res = await SELF.fetch('https://sw.test/api/v1/admin/config', { method: 'PUT', body: config });
    expect(res.status).toBe(401);
  });

  it('probes on cron and reports up, down with an incident, and recovery through the API', async () => {
    const put = await SELF.fetch('https://sw.test/api/v1/admin/config', { method: 'PUT', headers: { ...auth, 'content-type': 'text/yaml' }, body: config });
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual({ applied: true, providers: 1, channels: 3, probes: 3 });

    const t0 = Math.floor(Date.now() / MINUTE) * MINUTE;
    await cronMinute(t0);
    let now = await channels();
    expect(now.get('localpay-chat')).toMatchObject({ state: 'up', last_check: { outcome: 'up', http_status: 200 } });
    expect(now.get('localpay-app')).toMatchObject({ state: 'up', last_check: { outcome: 'up' } });
    // A Worker cannot speak SMTP: no check is made up, the channel stays unknown, health says why.
    expect(now.get('localpay-mail')).toMatchObject({ state: 'unknown', last_check: null });
    const health = (await (await SELF.fetch('https://sw.test/api/v1/health')).json()) as { status: string; reason?: string };
    expect(health.status).toBe('degraded');
    expect(health.reason).toContain('localpay-mail#0 (smtp');

    await fetch(`${target}/control/down`);
    await cronMinute(t0 + MINUTE);
    now = await channels();
    // One failure is a blip (failure_threshold: 2), even though the Worker forgot everything in between.
    expect(now.get('localpay-chat')).toMatchObject({ state: 'up', last_check: { outcome: 'down', error: { class: 'http_status' } } });
    expect(await openIncidents()).toEqual([]);

    await cronMinute(t0 + 2 * MINUTE);
    now = await channels();
    expect(now.get('localpay-chat')?.state).toBe('down');
    expect(await openIncidents()).toMatchObject([{ channel: 'localpay-chat', cause: { class: 'http_status' } }]);

    await fetch(`${target}/control/up`);
    await cronMinute(t0 + 3 * MINUTE);
    now = await channels();
    expect(now.get('localpay-chat')).toMatchObject({ state: 'up', last_check: { outcome: 'up' } });
    expect(await openIncidents()).toEqual([]);
  });

  it('sends a compressed answer encoded once', async () => {
    const res = await SELF.fetch('https://sw.test/api/v1/openapi.json', { headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    // The client undoes one gzip; a body encoded twice would not parse.
    expect(((await res.json()) as { openapi: string }).openapi).toBe('3.1.0');
  });

  it('serves the dashboard from its static assets with the page headers', async () => {
    const res = await SELF.fetch('https://sw.test/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await res.text()).toContain('<html');
  });
});
