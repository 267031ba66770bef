/**
 * `Monitor.reloadProvider` over a real in-memory database, driven through `CatalogAdmin` as
 * the write API drives it, with the probe port answering from memory: an unchanged probe keeps
 * its state, a new one is probed at once, a removed one stops, and the incident of an archived
 * channel is closed. Intervals are 50 ms (the test edits the parsed catalog's intervals).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CatalogAdmin } from '../../src/catalog-admin/catalog-admin.ts';
import { parseConfig } from '../../src/config/index.ts';
import type { CheckResult, ProbeSpec } from '../../src/domain/catalog.ts';
import { silentLogger } from '../../src/log.ts';
import { Monitor } from '../../src/monitor/monitor.ts';
import { listIncidents, loadRuntimeSnapshot } from '../../src/store/reads.ts';
import { openSqlite, type SqliteHandle } from '../../src/store/sqlite.ts';
import { makeCheck } from '../support/catalog.ts';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function waitUntil(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(10);
  }
}

let database: SqliteHandle;
let monitor: Monitor;
let admin: CatalogAdmin;
const calls = new Map<string, number>();
let failing = new Set<string>();

async function run(spec: ProbeSpec): Promise<CheckResult> {
  calls.set(spec.key, (calls.get(spec.key) ?? 0) + 1);
  await sleep(2);
  return makeCheck(failing.has(spec.key) ? 'down' : 'up', Date.now());
}

const probe = (path: string) => ({ type: 'http', url: `http://127.0.0.1:9/${path}`, interval: '10s', timeout: '1s' });

beforeEach(async () => {
  database = openSqlite(':memory:');
  calls.clear();
  failing = new Set();
  const config = parseConfig(
    `providers:
  - id: acme
    name: Acme
    timezone: UTC
    channels:
      - { id: acme-hotline, kind: hotline, name: Hotline, probes: [{ type: http, url: "http://127.0.0.1:9/hotline" }] }
`,
    'test.yaml',
  );
  let keys;
  ({ admin, keys } = await CatalogAdmin.open({ database, config, log: silentLogger }));
  monitor = new Monitor({ database, catalog: admin.catalog, keys, snapshot: await loadRuntimeSnapshot(database.db), runProbe: run, log: silentLogger, writer: { flushMs: 10 } });
  admin.subscribe(({ id, provider, keys: changed }) => monitor.reloadProvider(id, provider, changed));
  monitor.start();
});

afterEach(async () => {
  await monitor.stop();
  database.close();
});

describe('a provider changed at run time', () => {
  it('schedules a new channel within seconds, keeps the others, and stops a removed probe', async () => {
    await admin.createChannel('acme', { id: 'acme-chat', kind: 'live_chat', name: 'Chat', probes: [probe('a'), probe('b')] }, 't');
    expect(monitor.probeCount).toBe(3);
    await waitUntil(() => (calls.get('acme-chat#0') ?? 0) > 0 && (calls.get('acme-chat#1') ?? 0) > 0, 'both new probes ran');

    // The second probe goes; the first is unchanged and is not run again early.
    const before = calls.get('acme-chat#0');
    await admin.updateChannel('acme-chat', { probes: [probe('a')] }, 't');
    expect(monitor.probeCount).toBe(2);
    await sleep(200);
    expect(calls.get('acme-chat#0')).toBe(before);
  });

  it('closes the open incident of a channel it archives', async () => {
    failing.add('acme-chat#0');
    await admin.createChannel('acme', { id: 'acme-chat', kind: 'live_chat', name: 'Chat', probes: [{ ...probe('a'), failure_threshold: 1 }] }, 't');
    await waitUntil(async () => {
      await monitor.flush();
      return (await listIncidents(database.db, { open: true, limit: 10 })).some((i) => i.channelId === 'acme-chat');
    }, 'an incident opened');
    await admin.archiveChannel('acme-chat');
    expect(monitor.probeCount).toBe(1);
    await monitor.flush();
    expect(await listIncidents(database.db, { open: true, limit: 10 })).toEqual([]);
  });
});
