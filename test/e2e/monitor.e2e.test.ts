/**
 * End to end, in-process: the real config parser, SQLite file, scheduler, HTTP probe and API,
 * against a local target that goes down and comes back. Intervals are shortened after parsing
 * (the config's 10 s minimum is for people, not for tests).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.ts';
import { silentLogger } from '../../src/log.ts';
import { start, type Running } from '../../src/node.ts';

let healthy = true;
let target: Server;
let running: Running;
let dir: string;

async function json<T>(path: string): Promise<T> {
  const res = await fetch(running.url + path);
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

interface ChannelView {
  id: string;
  state: string;
  since: string | null;
  last_check: { outcome: string; error: { class: string } | null } | null;
}
type ProviderView = { state: string; channels: ChannelView[] };
type Incidents = { incidents: { channel: string; ended_at: string | null; cause: { class: string } | null; duration_s: number }[] };

/** Polls the API until the chat channel's state is `want`; returns every distinct state seen on the way. */
async function waitForState(want: string, seen: string[], timeoutMs = 15_000): Promise<ProviderView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = await json<ProviderView>('/api/v1/providers/acme');
    const state = view.channels.find((c) => c.id === 'acme-chat')!.state;
    if (seen.at(-1) !== state) seen.push(state);
    if (state === want) return view;
    if (Date.now() > deadline) throw new Error(`acme-chat never became ${want}; saw ${seen.join(' → ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  target = createServer((req, res) => {
    if (req.url === '/queue') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'busy', wait_s: 900 }));
      return;
    }
    if (healthy) res.writeHead(200, { 'content-type': 'text/plain' }).end('chat online');
    else res.writeHead(503, { 'content-type': 'text/plain' }).end('service unavailable');
  });
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
  const port = (target.address() as AddressInfo).port;
  const catalog = parseConfig(
    `providers:
  - id: acme
    name: Acme Pay
    timezone: Asia/Shanghai
    channels:
      - id: acme-chat
        kind: live_chat
        name: Online chat
        contact: http://127.0.0.1:${port}/chat
        probes:
          - type: http
            url: http://127.0.0.1:${port}/chat/health
            interval: 10s
            timeout: 2s
            expect: { status: [200], contains: online }
      - id: acme-hotline
        kind: hotline
        name: Hotline
        contact: "+86 400 000 0000"
        probes:
          - type: http
            url: http://127.0.0.1:${port}/queue
            interval: 10s
            conditions: ['header.content-type contains "json"', 'json.status == "ok"', 'json.wait_s < 300']
`,
    'e2e.yaml',
  );
  for (const channel of catalog.providers[0]!.channels) for (const probe of channel.probes) probe.intervalMs = 100;
  dir = mkdtempSync(join(tmpdir(), 'supportwatch-e2e-'));
  running = await start({
    catalog,
    databasePath: join(dir, 'e2e.db'),
    port: 0,
    host: '127.0.0.1',
    log: silentLogger,
    monitor: { writer: { flushMs: 20 } },
  });
});

afterAll(async () => {
  await running?.stop();
  await new Promise((r) => target?.close(r));
  rmSync(dir, { recursive: true, force: true });
});

describe('a channel that goes down and comes back', () => {
  it('reads up → down → up through the API, with exactly one incident opened and closed', async () => {
    const seen: string[] = [];
    await waitForState('up', seen);

    healthy = false;
    const down = await waitForState('down', seen);
    const chat = down.channels.find((c) => c.id === 'acme-chat')!;
    expect(chat.since).not.toBeNull();
    const open = (await json<Incidents>('/api/v1/incidents?open=true')).incidents.filter((i) => i.channel === 'acme-chat');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ channel: 'acme-chat', ended_at: null, cause: { class: 'http_status' } });

    healthy = true;
    await waitForState('up', seen);
    expect(seen.filter((s) => s !== 'unknown')).toEqual(['up', 'down', 'up']);

    const all = await json<Incidents>('/api/v1/incidents?provider=acme');
    expect(all.incidents.filter((i) => i.channel === 'acme-chat')).toHaveLength(1);
    expect(all.incidents.find((i) => i.channel === 'acme-chat')!.ended_at).not.toBeNull();
    expect((await json<Incidents>('/api/v1/incidents?open=true')).incidents.filter((i) => i.channel === 'acme-chat')).toEqual([]);

    // Every check was stored: failures with their class, successes after them.
    await running.monitor.flush();
    const { checks } = await json<{ checks: { outcome: string; error: { class: string } | null }[] }>(
      '/api/v1/channels/acme-chat/checks?limit=1000',
    );
    expect(checks.filter((c) => c.outcome === 'down').length).toBeGreaterThanOrEqual(2);
    expect(checks.filter((c) => c.outcome === 'down').every((c) => c.error?.class === 'http_status')).toBe(true);
    expect(checks[0]!.outcome).toBe('up');
  });

  it('reports which condition of a JSON queue endpoint failed, with the failed expression first in the message', async () => {
    type Checks = { checks: { outcome: string; error: { class: string; message: string } | null; conditions: { expression: string; ok: boolean }[] | null }[] };
    let { checks } = await json<Checks>('/api/v1/channels/acme-hotline/checks?limit=1');
    for (let i = 0; i < 100 && checks.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      ({ checks } = await json<Checks>('/api/v1/channels/acme-hotline/checks?limit=1'));
    }
    expect(checks[0]).toMatchObject({
      outcome: 'down',
      error: { class: 'condition', message: expect.stringContaining('json.status == "ok" (got "busy")') },
      conditions: [
        { expression: 'header.content-type contains "json"', ok: true },
        { expression: 'json.status == "ok"', ok: false },
        { expression: 'json.wait_s < 300', ok: false },
      ],
    });
  });
});
