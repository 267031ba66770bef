/**
 * The Node entry as it runs: a config file's feed probe, read by the monitor on its schedule,
 * is recorded as a check like any probe and its notices are stored, linked by the config's
 * keywords, and served by the API; a broken document is a failed check and the notices stay.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.ts';
import { silentLogger } from '../../src/log.ts';
import { start, type Running } from '../../src/node.ts';
import { fixture } from './fixtures.ts';
import { PATHS, startSourceServer, type SourceServer } from './sources.ts';

let server: SourceServer;
let running: Running;
let dir: string;

beforeAll(async () => {
  server = await startSourceServer();
  server.serve(PATHS.statuspage, 'statuspage-summary.json');
  const catalog = parseConfig(
    `providers:
  - id: examplepay
    name: ExamplePay
    timezone: Asia/Shanghai
    channels:
      - id: examplepay-hotline
        kind: hotline
        name: Hotline
        keywords: [客服热线, hotline, "95017"]
      - id: examplepay-chat
        kind: live_chat
        name: Live Chat
      - id: examplepay-news
        kind: announcements
        name: Announcements
        probes:
          - { type: feed, format: statuspage, url: "${server.url}${PATHS.statuspage}" }
`,
    'notices.yaml',
  );
  for (const channel of catalog.providers[0]!.channels) for (const probe of channel.probes) probe.intervalMs = 100;
  dir = mkdtempSync(join(tmpdir(), 'supportwatch-notices-'));
  running = await start({ catalog, databasePath: join(dir, 'notices.db'), port: 0, host: '127.0.0.1', log: silentLogger, monitor: { writer: { flushMs: 20 } } });
});

afterAll(async () => {
  await running?.stop();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function json<T>(path: string): Promise<T> {
  const res = await fetch(running.url + path);
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

async function waitFor<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

type Notices = { notices: { id: string; channels: string[] | null }[] };
type Checks = { checks: { outcome: string; message: string | null; error: { class: string } | null }[] };

describe('a feed probe in the running monitor', () => {
  it('records its check and stores its notices, linked by the configured keywords and components', async () => {
    const { notices } = await waitFor(() => json<Notices>('/api/v1/notices?provider=examplepay'), (b) => b.notices.length === 3, 'the notices are stored');
    expect(Object.fromEntries(notices.map((n) => [n.id, n.channels]))).toEqual({
      'id:inc-chat-slow': ['examplepay-chat'],
      'id:mnt-hotline-upgrade': ['examplepay-hotline'],
      'id:component:cmp-help': null,
    });
    const { checks } = await waitFor(() => json<Checks>('/api/v1/channels/examplepay-news/checks'), (b) => b.checks.length > 0, 'the check is recorded');
    expect(checks[0]).toMatchObject({ outcome: 'up', message: '3 notices (statuspage), 1 skipped' });
  });

  it('records a broken document as a failed check and keeps the notices', async () => {
    server.set(PATHS.statuspage, fixture('invalid.xml'), 'application/json');
    const { checks } = await waitFor(
      () => json<Checks>('/api/v1/channels/examplepay-news/checks?limit=1'),
      (b) => b.checks[0]?.outcome === 'down',
      'a failed check is recorded',
    );
    expect(checks[0]!.error).toMatchObject({ class: 'other' });
    expect((await json<Notices>('/api/v1/notices?provider=examplepay')).notices).toHaveLength(3);
  });
});
