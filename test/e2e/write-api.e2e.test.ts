/**
 * The write API end to end, in-process: the real process (`start()`), SQLite file, scheduler
 * and HTTP probe. A channel added through the API against a local server is probed within
 * one interval without a restart, shows in the provider view, survives a restart, is in the
 * export (which loads back to the same catalog), and stops being probed once archived.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCatalogYaml } from '../../src/catalog-admin/export-yaml.ts';
import { parseConfig } from '../../src/config/index.ts';
import type { Catalog } from '../../src/domain/catalog.ts';
import { silentLogger } from '../../src/log.ts';
import { start, type Running } from '../../src/node.ts';

const ADMIN = 'e2e-admin-key';
const INTERVAL_MS = 10_000;

let target: Server;
let port: number;
let running: Running;
let dir: string;
let config: Catalog;

async function call(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(running.url + path, {
    method,
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function json<T>(path: string): Promise<T> {
  const res = await fetch(running.url + path);
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

type ProviderView = { channels: { id: string; name: string; state: string; last_check: { outcome: string } | null }[] };
type Checks = { checks: { at: string; outcome: string }[] };

/** Polls until `probe` gives a value; the deadline is generous, what is asserted is the data. */
async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function launch(): Promise<Running> {
  return start({ catalog: config, databasePath: join(dir, 'write.db'), port: 0, host: '127.0.0.1', log: silentLogger, adminKey: ADMIN, monitor: { writer: { flushMs: 20 } } });
}

beforeAll(async () => {
  target = createServer((req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(`chat online ${req.url}`));
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
  port = (target.address() as AddressInfo).port;
  config = parseConfig(
    `providers:
  - id: acme
    name: Acme Pay
    timezone: Asia/Shanghai
    channels:
      - id: acme-hotline
        kind: hotline
        name: Hotline
        contact: "+86 400 000 0000"
`,
    'e2e.yaml',
  );
  dir = mkdtempSync(join(tmpdir(), 'supportwatch-write-'));
  running = await launch();
});

afterAll(async () => {
  await running?.stop();
  await new Promise((r) => target?.close(r));
  rmSync(dir, { recursive: true, force: true });
});

describe('a channel added through the write API', () => {
  const chat = {
    id: 'acme-chat',
    kind: 'live_chat',
    name: 'Online chat',
    contact: 'https://help.example.com/chat',
    probes: [{ type: 'http', url: '', interval: '10s', timeout: '2s', expect: { contains: 'online' } }],
  };

  it('is probed within one interval, without a restart, and shows in the provider view', async () => {
    chat.probes[0]!.url = `http://127.0.0.1:${port}/chat/health`;
    expect(running.monitor.probeCount).toBe(0);
    const createdAt = Date.now();
    const res = await call('POST', '/api/v1/providers/acme/channels', chat);
    expect(res.status).toBe(201);
    expect(running.monitor.probeCount).toBe(1);

    const first = await until(async () => (await json<Checks>('/api/v1/channels/acme-chat/checks')).checks.at(-1), 'the first check');
    expect(first.outcome).toBe('up');
    expect(Date.parse(first.at) - createdAt).toBeLessThan(INTERVAL_MS);

    const view = await until(async () => {
      const provider = await json<ProviderView>('/api/v1/providers/acme');
      const channel = provider.channels.find((c) => c.id === 'acme-chat');
      return channel?.state === 'up' ? provider : undefined;
    }, 'acme-chat to read up');
    expect(view.channels.map((c) => c.id)).toEqual(['acme-hotline', 'acme-chat']);
    expect(view.channels[1]).toMatchObject({ name: 'Online chat', last_check: { outcome: 'up' } });
  });

  it('is a config entry for nothing: the config hotline cannot be changed through the API', async () => {
    const res = await call('PATCH', '/api/v1/channels/acme-hotline', { name: 'Phone' });
    expect(res.status).toBe(409);
  });

  it('survives a restart, and the export loads back to the same catalog', async () => {
    await running.stop();
    running = await launch();
    expect(running.monitor.probeCount).toBe(1);
    const provider = await json<ProviderView>('/api/v1/providers/acme');
    expect(provider.channels.map((c) => c.id)).toEqual(['acme-hotline', 'acme-chat']);

    const res = await call('GET', '/api/v1/export.yaml');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/yaml');
    const text = await res.text();
    const loaded = parseConfig(text, 'export.yaml');
    expect(loaded.providers.flatMap((p) => p.channels.map((c) => c.id))).toEqual(['acme-hotline', 'acme-chat']);
    expect(loaded.providers[0]?.channels[1]?.probes[0]).toMatchObject({ url: chat.probes[0]!.url, intervalMs: INTERVAL_MS, timeoutMs: 2000 });
    expect(exportCatalogYaml(loaded)).toBe(text);
  });

  it('is renamed at run time, and once archived is no longer probed nor listed', async () => {
    const renamed = await call('PATCH', '/api/v1/channels/acme-chat', { name: 'Chat' });
    expect(renamed.status).toBe(200);
    // A rename leaves the probe as it was: still scheduled once, not twice.
    expect(running.monitor.probeCount).toBe(1);
    expect((await json<ProviderView>('/api/v1/providers/acme')).channels[1]?.name).toBe('Chat');

    expect((await call('DELETE', '/api/v1/channels/acme-chat')).status).toBe(204);
    expect(running.monitor.probeCount).toBe(0);
    expect((await json<ProviderView>('/api/v1/providers/acme')).channels.map((c) => c.id)).toEqual(['acme-hotline']);
  });
});
