/**
 * Events enter the outbox with the change that caused them: the monitor's transitions through
 * its batch writer (both write paths: better-sqlite3's prepared statements and the drizzle
 * statements D1 uses), a replayed batch stores nothing twice, and nothing is stored for a
 * closed channel or one in maintenance. The probe port answers from a script.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { alertEvents, incidents } from '../../db/schema.ts';
import { MonitorAlerts } from '../../src/alerts/monitor-hooks.ts';
import type { CheckResult, ProbeSpec, TlsProbeSpec } from '../../src/domain/catalog.ts';
import { silentLogger } from '../../src/log.ts';
import { Monitor } from '../../src/monitor/monitor.ts';
import { syncCatalog } from '../../src/store/catalog-sync.ts';
import type { Database } from '../../src/store/database.ts';
import { loadRuntimeSnapshot } from '../../src/store/reads.ts';
import { openSqlite, type SqliteHandle } from '../../src/store/sqlite.ts';
import { writeBatch } from '../../src/store/writes.ts';
import { makeCatalog, makeChannel, makeCheck, makeProvider, NEVER_OPEN, probeCommon } from '../support/catalog.ts';
import { openBed, writeOutage, writeRecovery } from './support/bed.ts';
import { until } from './support/receivers.ts';

const handles: SqliteHandle[] = [];
const monitors: Monitor[] = [];
afterEach(async () => {
  for (const m of monitors.splice(0)) await m.stop();
  for (const h of handles.splice(0)) h.close();
});

/** The drizzle path: the same database without its prepared-statement fast path. */
function withoutFastPath(h: SqliteHandle): Database {
  return { db: h.db, transact: h.transact };
}

describe.each([
  { path: 'prepared statements (better-sqlite3)', plain: false },
  { path: 'drizzle statements (as on D1)', plain: true },
])('the outbox through $path', ({ plain }) => {
  it('stores one down and one recovered event per incident, keyed by the incident, and a replay adds nothing', async () => {
    const bed = await openBed();
    handles.push(bed.database);
    const db: Database = plain ? withoutFastPath(bed.database) : bed.database;
    const t0 = Date.now() - 600_000;
    const open = [
      { kind: 'incident_open' as const, channelPk: bed.hotline, startedAt: t0, causeClass: 'timeout' as const, causeMessage: 'x' },
      bed.alerts.down(bed.hotline, t0, { errorClass: 'timeout', message: 'x' }),
    ];
    await writeBatch(db, [], open);
    await writeBatch(db, [], open); // a replay (a retried batch)
    const close = [{ kind: 'incident_close' as const, channelPk: bed.hotline, endedAt: t0 + 60_000 }, bed.alerts.recovered(bed.hotline, t0 + 60_000)];
    await writeBatch(db, [], close);
    await writeBatch(db, [], close);

    const [incident] = await bed.database.db.select().from(incidents);
    const events = await bed.database.db.select().from(alertEvents);
    expect(events.map((e) => [e.kind, e.key, e.incidentId])).toEqual([
      ['down', `incident:${incident!.id}:down`, incident!.id],
      ['recovered', `incident:${incident!.id}:recovered`, incident!.id],
    ]);
    expect(events[0]!.data).toEqual({ cause: { class: 'timeout', message: 'x' } });
  });
});

it('a second outage of the same channel is a new event', async () => {
  const bed = await openBed();
  handles.push(bed.database);
  await writeOutage(bed, 1000);
  await writeRecovery(bed, 2000);
  await writeOutage(bed, 3000);
  const keys = (await bed.database.db.select().from(alertEvents)).map((e) => e.key);
  expect(new Set(keys).size).toBe(3);
});

describe('the monitor', () => {
  async function monitorFor(channel: Parameters<typeof makeChannel>[1], script: (n: number, spec: ProbeSpec) => CheckResult) {
    const database = openSqlite(':memory:');
    handles.push(database);
    const catalog = makeCatalog([makeProvider('acme', [makeChannel('acme-x', channel)])]);
    const keys = await syncCatalog(database, catalog, Date.now());
    let n = 0;
    const monitor = new Monitor({
      database,
      catalog,
      keys,
      snapshot: await loadRuntimeSnapshot(database.db),
      runProbe: async (spec) => script(n++, spec),
      alerts: new MonitorAlerts(),
      log: silentLogger,
      writer: { flushMs: 5 },
    });
    monitors.push(monitor);
    monitor.start();
    const kinds = async () => (await database.db.select().from(alertEvents)).map((e) => e.kind);
    return { database, monitor, kinds, calls: () => n };
  }

  it('stores down when the incident opens and recovered when it closes, once each', async () => {
    let healthy = false;
    const { monitor, kinds, calls } = await monitorFor({ probe: { intervalMs: 20 } }, (_n) => makeCheck(healthy ? 'up' : 'down', Date.now()));
    await until(async () => (await kinds()).includes('down'), 'the down event');
    healthy = true;
    await until(async () => (await kinds()).includes('recovered'), 'the recovered event');
    const seen = calls();
    await until(() => calls() > seen + 5, 'more checks');
    await monitor.flush();
    expect(await kinds()).toEqual(['down', 'recovered']);
  });

  it('stores nothing for a channel that fails while closed', async () => {
    const { monitor, kinds, calls } = await monitorFor({ hours: NEVER_OPEN, probe: { intervalMs: 20 } }, () => makeCheck('down', Date.now()));
    await until(() => calls() > 6, 'a few checks');
    await monitor.flush();
    expect(await kinds()).toEqual([]);
  });

  it('stores nothing for a channel in a maintenance window, not even when it is slow', async () => {
    const now = Date.now();
    const { monitor, kinds, calls } = await monitorFor(
      { maintenance: [{ kind: 'once', startsAt: now - 60_000, endsAt: now + 3_600_000 }], probe: { intervalMs: 20 } },
      (n) => makeCheck(n < 3 ? 'degraded' : 'down', Date.now()),
    );
    await until(() => calls() > 8, 'a few checks');
    await monitor.flush();
    expect(await kinds()).toEqual([]);
  });

  it('stores degraded once when a channel turns slow', async () => {
    const { monitor, kinds, calls } = await monitorFor({ probe: { intervalMs: 20, failureThreshold: 1 } }, () => makeCheck('degraded', Date.now()));
    await until(() => calls() > 6, 'a few checks');
    await monitor.flush();
    expect(await kinds()).toEqual(['degraded']);
  });

  it('warns once about a certificate that expires within the probe’s warn_days, and again for a renewed one', async () => {
    const day = 86_400_000;
    let expires = Date.now() + 5 * day;
    const spec: TlsProbeSpec = { ...probeCommon('acme-x#0'), intervalMs: 20, type: 'tls', host: '127.0.0.1', port: 9, servername: null, warnDays: 14 };
    const { monitor, kinds, calls } = await monitorFor({ probes: [spec] }, () => makeCheck('degraded', Date.now(), { certExpiresAt: expires }));
    await until(() => calls() > 5, 'a few checks');
    expires += 3 * day; // renewed, still close
    const seen = calls();
    await until(() => calls() > seen + 5, 'more checks');
    await monitor.flush();
    expect((await kinds()).filter((k) => k === 'cert_expiring')).toHaveLength(2);
  });
});

it('retention deletes old events whose deliveries ended, with their deliveries, and keeps pending ones', async () => {
  const bed = await openBed();
  handles.push(bed.database);
  const { saveRouting, deleteAlertsBefore, unroutedEvents, listDeliveries } = await import('../../src/alerts/store.ts');
  await writeOutage(bed, 1000);
  await writeRecovery(bed, 2000);
  const [down, recovered] = await unroutedEvents(bed.database.db, 10);
  const plan = (routeId: string) => ({ routeId, notifier: 'webhook' as const, nextAttemptAt: 0, heldUntil: null });
  await saveRouting(bed.database, [{ eventId: down!.id, plans: [plan('a')] }, { eventId: recovered!.id, plans: [plan('a')] }], 0);
  bed.database.raw.prepare("UPDATE alert_deliveries SET status = 'delivered' WHERE event_id = ?").run(down!.id);
  expect(await deleteAlertsBefore(bed.database.db, Date.now() + 1000)).toBe(1);
  expect((await listDeliveries(bed.database.db, { limit: 10 })).map((d) => d.kind)).toEqual(['recovered']);
});
