/**
 * The whole process with probing on a worker thread: the real config parser, SQLite file,
 * scheduler, probe thread and API, against a local target. States, incidents and stored
 * checks must come out as they do when probing runs on the main thread.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.ts';
import { createLogger } from '../../src/log.ts';
import { start, type Running } from '../../src/node.ts';
import { startHttpServer, type LocalServer } from '../support/local-server.ts';

const CHANNELS = 20;
let failing = new Set<string>(['ch-3']);
let target: LocalServer;
let running: Running;
let dir: string;
const logLines: Record<string, unknown>[] = [];

interface ProviderView {
  channels: { id: string; state: string; last_check: { outcome: string } | null }[];
}

async function json<T>(path: string): Promise<T> {
  const res = await fetch(running.url + path);
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

/** Polls the provider view until `want` holds for every channel. */
async function waitFor(want: (id: string, state: string) => boolean, timeoutMs = 20_000): Promise<ProviderView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = await json<ProviderView>('/api/v1/providers/acme');
    if (view.channels.every((c) => want(c.id, c.state))) return view;
    if (Date.now() > deadline) throw new Error(`states never settled: ${view.channels.map((c) => `${c.id}=${c.state}`).join(', ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  target = await startHttpServer((req, res) => {
    const channel = req.url!.split('/')[1]!;
    if (failing.has(channel)) res.writeHead(503).end('busy');
    else res.writeHead(200, { 'content-type': 'text/plain' }).end('chat online');
  });
  const channels = Array.from(
    { length: CHANNELS },
    (_, i) => `      - id: ch-${i}
        kind: live_chat
        name: Chat ${i}
        probes:
          - type: http
            url: ${target.url}/ch-${i}/health
            interval: 10s
            timeout: 3s
            expect: { status: [200], contains: online }`,
  ).join('\n');
  const catalog = parseConfig(`providers:\n  - id: acme\n    name: Acme Pay\n    timezone: Asia/Shanghai\n    channels:\n${channels}\n`, 'threads.yaml');
  for (const channel of catalog.providers[0]!.channels) for (const probe of channel.probes) probe.intervalMs = 100;
  dir = mkdtempSync(join(tmpdir(), 'supportwatch-threads-'));
  running = await start({
    catalog,
    databasePath: join(dir, 'threads.db'),
    port: 0,
    host: '127.0.0.1',
    log: createLogger('info', (line) => logLines.push(JSON.parse(line) as Record<string, unknown>)),
    monitor: { writer: { flushMs: 20 } },
    probeThreads: 1,
  });
});

afterAll(async () => {
  await running?.stop();
  await target?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('probing on a worker thread', () => {
  it('says at start that checks run on one probe thread', () => {
    expect(logLines.find((l) => l.msg === 'supportwatch started')).toMatchObject({ probes: CHANNELS, probeThreads: 1 });
  });

  it('folds the thread’s checks into states and incidents, and stores them', async () => {
    await waitFor((id, state) => state === (id === 'ch-3' ? 'down' : 'up'));

    failing = new Set(['ch-5']);
    await waitFor((id, state) => state === (id === 'ch-5' ? 'down' : 'up'));

    const { incidents } = await json<{ incidents: { channel: string; ended_at: string | null; cause: { class: string } | null }[] }>('/api/v1/incidents?provider=acme');
    expect(incidents.map((i) => [i.channel, i.ended_at === null, i.cause?.class]).sort()).toEqual([
      ['ch-3', false, 'http_status'],
      ['ch-5', true, 'http_status'],
    ]);

    await running.monitor.flush();
    const { checks } = await json<{ checks: { outcome: string }[] }>('/api/v1/channels/ch-5/checks?limit=1000');
    expect(checks[0]!.outcome).toBe('down');
    expect(checks.some((c) => c.outcome === 'up')).toBe(true);
  });

  it('stops with the thread closed and no error logged', async () => {
    await running.stop();
    expect(logLines.filter((l) => l.level === 'error')).toEqual([]);
    expect(logLines.at(-1)).toMatchObject({ msg: 'supportwatch stopped' });
  });
});
