/**
 * The monitor's one question to the notices: is maintenance announced for this channel now?
 * Two failing channels on a real in-memory database, one inside an announced window: only the
 * other opens an incident, and the first opens one once the window is over.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { MaintenanceWindow } from '../../src/domain/maintenance.ts';
import { silentLogger } from '../../src/log.ts';
import { Monitor } from '../../src/monitor/monitor.ts';
import { syncCatalog } from '../../src/store/catalog-sync.ts';
import { listChannels, listIncidents, loadRuntimeSnapshot } from '../../src/store/reads.ts';
import { openSqlite, type SqliteHandle } from '../../src/store/sqlite.ts';
import { makeCatalog, makeChannel, makeCheck, makeProvider } from '../support/catalog.ts';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function waitUntil(condition: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(10);
  }
}

let handle: SqliteHandle | undefined;
let monitor: Monitor | undefined;

afterEach(async () => {
  await monitor?.stop();
  handle?.close();
});

describe('announced maintenance in the monitor', () => {
  it('opens no incident inside an announced window, and opens one after it', async () => {
    handle = openSqlite(':memory:');
    const catalog = makeCatalog([
      makeProvider('acme', [makeChannel('acme-hotline', { probe: { intervalMs: 50 } }), makeChannel('acme-chat', { kind: 'live_chat', probe: { intervalMs: 50 } })]),
    ]);
    const keys = await syncCatalog(handle, catalog, Date.now());
    const hotlinePk = keys.channelPk.get('acme-hotline')!;
    let windows: MaintenanceWindow[] = [{ kind: 'once', startsAt: Date.now() - 60_000, endsAt: Date.now() + 3_600_000 }];
    const asked = new Set<number>();
    monitor = new Monitor({
      database: handle,
      catalog,
      keys,
      snapshot: await loadRuntimeSnapshot(handle.db),
      runProbe: async () => makeCheck('down', Date.now()),
      announcedWindows: (channelPk) => {
        asked.add(channelPk);
        return channelPk === hotlinePk ? windows : [];
      },
      log: silentLogger,
      writer: { flushMs: 20 },
    });
    monitor.start();
    const db = handle.db;
    const incidentChannels = async () => (await listIncidents(db, { open: true, limit: 10 })).map((i) => i.channelId);
    await waitUntil(async () => (await incidentChannels()).includes('acme-chat'), 'the chat opens an incident');
    // Both are measured down; only the one outside a window has an incident.
    await waitUntil(async () => (await listChannels(db)).every((c) => c.state === 'down'), 'both channels are down');
    await sleep(200);
    expect(await incidentChannels()).toEqual(['acme-chat']);
    expect(asked.has(hotlinePk)).toBe(true);

    windows = [];
    await waitUntil(async () => (await incidentChannels()).includes('acme-hotline'), 'the hotline opens an incident once the window is gone');
  });
});
