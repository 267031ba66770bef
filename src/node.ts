/**
 * The Node entry: config file → SQLite file → monitor → HTTP server. It only wires parts;
 * `start()` is exported so tests run the real thing in-process.
 */
import { serve, type ServerType } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import cron from 'node-cron';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import pkg from '../package.json' with { type: 'json' };
import { openAlerting, resolveRoutes, type AlertingOptions } from './alerts/index.ts';
import { createApp } from './app.ts';
import { CatalogAdmin } from './catalog-admin/catalog-admin.ts';
import { ConfigError, loadConfigFile } from './config/index.ts';
import type { Catalog } from './domain/catalog.ts';
import { createHistoryHousekeeping } from './history/housekeeping.ts';
import { rollupRetentionMs } from './history/settings.ts';
import { createLogger, type Logger } from './log.ts';
import { Monitor, type MonitorOptions } from './monitor/monitor.ts';
import { ProcessMetrics } from './metrics/process-metrics.ts';
import { NoticeCollector } from './notices/collector.ts';
import { runProbe } from './probes/index.ts';
import { ProbePool } from './probes/pool/probe-pool.ts';
import { probeThreadCount, probeThreadsFromEnv } from './probes/pool/thread-count.ts';
import { REPORT_RETENTION_MS, deleteReportsBefore } from './reports/store.ts';
import { loadRuntimeSnapshot } from './store/reads.ts';
import { deleteChecksBefore } from './store/retention.ts';
import { openSqlite } from './store/sqlite.ts';
import { dashboardAssets } from './web/assets.ts';
import { ensureDashboard } from './web/build.ts';

export interface StartOptions {
  catalog: Catalog;
  databasePath: string;
  port: number;
  host?: string;
  log?: Logger;
  rateLimitPerMinute?: number;
  /** Tuning for the monitor's writer and scheduler (tests shorten the flush interval). */
  monitor?: Pick<MonitorOptions, 'writer' | 'scheduler'>;
  /** The built dashboard's folder (web/dist); without it only the API is served. */
  dashboardRoot?: string;
  /** The manager console's key (`SUPPORTWATCH_ADMIN_KEY`); without it the console refuses every key. */
  adminKey?: string;
  /** Serve `/metrics` without a key (`SUPPORTWATCH_METRICS_PUBLIC=true`); by default it wants a `read` key. */
  metricsPublic?: boolean;
  /** Where alert routes read their secrets (default `process.env`), and the worker's tuning (tests). */
  alerts?: { env?: Readonly<Record<string, string | undefined>> } & NonNullable<AlertingOptions['worker']>;
  /**
   * Probe threads (`SUPPORTWATCH_PROBE_THREADS`): a number (0 = probe on the main thread) or
   * `auto` (the default: one per core but one, from 1,000 probes up; see `thread-count.ts`).
   */
  probeThreads?: number | 'auto';
}

export interface Running {
  url: string;
  monitor: Monitor;
  /** Stops probing, writes what is pending, closes the server and the database. */
  stop(): Promise<void>;
}

/** Starts supportwatch: applies migrations, syncs the catalog, probes, and serves the API. */
export async function start(options: StartOptions): Promise<Running> {
  const log = options.log ?? createLogger();
  // A route whose secret is missing stops start-up before anything is opened.
  const alertEnv = options.alerts?.env ?? process.env;
  resolveRoutes(options.catalog.alerts?.routes ?? [], alertEnv);
  // A short busy wait: better-sqlite3 blocks the event loop while it waits for another process's
  // lock, and probes and the API must go on; the batch writer retries a refused write.
  const database = openSqlite(options.databasePath, { busyTimeoutMs: 200 });
  const now = Date.now;
  // The config merged with the entries made through the write API, synced to the database.
  const { admin, keys } = await CatalogAdmin.open({ database, config: options.catalog, log, now });
  const catalog = admin.catalog;
  const snapshot = await loadRuntimeSnapshot(database.db);
  // Feed probes go through the notice collector: one fetch gives the check and the notices.
  const alerting = await openAlerting({ database, catalog, keys, log, now, env: alertEnv, announcedWindows: (pk) => notices.announcedWindows(pk), worker: options.alerts });
  const notices = await NoticeCollector.open({ database, catalog, keys, log, now, alertStatements: alerting.noticeStatements });
  // Outside the collector's wrap, so feed reads are counted and timed like every check.
  const metrics = new ProcessMetrics();
  const threads = probeThreadCount(options.probeThreads ?? 'auto', countProbes(catalog), availableParallelism());
  // Checks run on other cores; this thread keeps scheduling, folding, writing and the API.
  const pool = threads > 0 ? ProbePool.start({ threads, log }, runProbe) : undefined;
  const monitor = new Monitor({
    database,
    catalog,
    keys,
    snapshot,
    runProbe: metrics.wrap(notices.wrap(pool?.run ?? runProbe)),
    announcedWindows: notices.announcedWindows,
    alerts: alerting.monitorAlerts,
    log,
    ...options.monitor,
  });
  metrics.observeScheduler(() => monitor.schedulerStats);
  // Changes through the write API reach the running monitor and collector: no restart.
  admin.subscribe(({ id, provider, keys: changed }) => {
    monitor.reloadProvider(id, provider, changed);
    notices.reloadProvider(id, provider, changed.providerPk, changed);
  });

  const housekeeping = cron.schedule(
    '*/10 * * * *',
    async () => {
      const deleted = await deleteChecksBefore(database.db, now() - options.catalog.retention.checksMs);
      if (deleted > 0) log.info('old checks deleted', { deleted });
      const reports = await deleteReportsBefore(database.db, now() - REPORT_RETENTION_MS);
      if (reports > 0) log.info('old reports deleted', { reports });
    },
    { name: 'housekeeping', noOverlap: true },
  );
  // History: every minute, roll up the local hours (and days) that have ended, and expire old rollups.
  const history = createHistoryHousekeeping({ database, now, log, rollupRetentionMs: rollupRetentionMs(options.catalog.retention) });
  const historyTask = cron.schedule(
    '* * * * *',
    async () => {
      try {
        await history.pass();
      } catch (err) {
        log.error('history housekeeping failed', { err });
      }
    },
    { name: 'history', noOverlap: true },
  );

  const app = createApp({
    database,
    log,
    now,
    version: pkg.version,
    rateLimitPerMinute: options.rateLimitPerMinute,
    health: () => {
      const err = monitor.writeError;
      const { pending, dropped, failingSince } = monitor.writeBacklog;
      const storage = { pendingWrites: pending, droppedChecks: dropped, failingSince: failingSince === null ? null : new Date(failingSince).toISOString() };
      if (err === null) return { status: 'ok', storage };
      const why = err instanceof Error ? err.message : String(err);
      const reason = `database writes are failing (${why}); ${pending} checks and changes are kept in memory and retried${dropped > 0 ? `, ${dropped} oldest checks dropped` : ''}`;
      return { status: 'degraded', reason, storage };
    },
    clientAddress: (c) => getConnInfo(c).remote.address ?? 'unknown',
    dashboard: options.dashboardRoot ? dashboardAssets(options.dashboardRoot) : undefined,
    adminKey: options.adminKey || undefined,
    catalogAdmin: admin,
    alerts: alerting.api,
    noticeWritten: (notice) => notices.noticeWritten(notice),
    noticeAlerts: alerting.noticeStatements,
    brotli: nodeBrotli,
    metrics: () => metrics.render(),
    metricsPublic: options.metricsPublic,
  });
  let server: ServerType;
  try {
    server = await listen(app.fetch, options.port, options.host ?? '0.0.0.0');
  } catch (err) {
    // Port taken or not allowed: undo what started, so the caller can exit cleanly.
    await housekeeping.stop();
    await historyTask.stop();
    await history.stop();
    await monitor.stop();
    await pool?.close();
    database.close();
    throw err;
  }
  // Probing starts once everything else has: building the app takes a moment that would
  // otherwise hold back the first write batch (and widen what a crash right after start loses).
  monitor.start();
  alerting.worker.start();
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://${options.host === undefined || options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${port}`;
  log.info('supportwatch started', { url, providers: admin.catalog.providers.length, probes: monitor.probeCount, probeThreads: threads, database: options.databasePath });

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await housekeeping.stop();
      await historyTask.stop();
      await history.stop();
      await new Promise<void>((done) => server.close(() => done()));
      await monitor.stop();
      await pool?.close();
      // After the monitor's last batch (its events stay in the outbox for the next start).
      await alerting.worker.stop();
      database.close();
      log.info('supportwatch stopped');
    })());
  return { url, monitor, stop };
}

/** Probes that a probe thread would run (feeds are read by the notice collector on this thread). */
function countProbes(catalog: Catalog): number {
  let count = 0;
  for (const provider of catalog.providers) for (const channel of provider.channels) for (const probe of channel.probes) if (probe.type !== 'feed') count++;
  return count;
}

const brotliAsync = promisify(brotliCompress);

/**
 * Brotli for the app's responses, on libuv's thread pool. Quality 5: measured on our JSON
 * it costs about what gzip does (1–4 ms for 40–55 kB) and is up to a third smaller; the
 * default quality 11 took 200–350 ms a body.
 */
const nodeBrotli = async (body: Uint8Array): Promise<Uint8Array> =>
  brotliAsync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_SIZE_HINT]: body.byteLength } });

function listen(fetch: Parameters<typeof serve>[0]['fetch'], port: number, hostname: string): Promise<ServerType> {
  return new Promise((resolveServer, reject) => {
    const server = serve({ fetch, port, hostname }, () => resolveServer(server));
    server.once('error', reject);
  });
}

/** `--config PATH`, else `SUPPORTWATCH_CONFIG`, else `./supportwatch.yaml`. */
export function configPathFrom(argv: string[], env: NodeJS.ProcessEnv): string {
  const flag = argv.indexOf('--config');
  const fromFlag = flag >= 0 ? argv[flag + 1] : argv.find((a) => a.startsWith('--config='))?.slice('--config='.length);
  return resolve(fromFlag ?? env.SUPPORTWATCH_CONFIG ?? 'supportwatch.yaml');
}

/** `DATABASE_PATH`, else `./data/supportwatch.db`: the file `npm start` and `npm run key` open. */
export function databasePathFrom(env: NodeJS.ProcessEnv): string {
  return resolve(env.DATABASE_PATH || './data/supportwatch.db');
}

async function main(): Promise<void> {
  const log = createLogger((process.env.LOG_LEVEL as 'debug' | 'info' | 'warn' | 'error' | undefined) ?? 'info');
  let catalog: Catalog;
  try {
    catalog = loadConfigFile(configPathFrom(process.argv.slice(2), process.env));
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`supportwatch: the config is invalid:\n${err.message}\n`);
    process.exit(2);
  }
  let probeThreads: number | 'auto';
  try {
    probeThreads = probeThreadsFromEnv(process.env.SUPPORTWATCH_PROBE_THREADS);
  } catch (err) {
    process.stderr.write(`supportwatch: ${(err as Error).message}\n`);
    process.exit(2);
  }
  const port = Number(process.env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`supportwatch: PORT must be a port number, got "${process.env.PORT}"\n`);
    process.exit(2);
  }
  // A fault in one request or probe must never take the monitor down: log it and go on.
  process.on('unhandledRejection', (err) => log.error('unhandled rejection', { err }));
  // The dashboard is built on first start (and after its source changed); if that fails, the
  // monitor and its API still run: they matter more than the page. `SUPPORTWATCH_DASHBOARD=off`
  // serves the API only (an API-only deployment; tests that restart the process many times).
  const dashboardRoot =
    process.env.SUPPORTWATCH_DASHBOARD === 'off'
      ? undefined
      : await ensureDashboard((msg) => log.info(msg)).catch((err: unknown) => {
          log.error('dashboard build failed; serving the API only', { err });
          return undefined;
        });
  const running = await start({
    catalog,
    databasePath: databasePathFrom(process.env),
    port,
    host: process.env.HOST,
    log,
    dashboardRoot,
    adminKey: process.env.SUPPORTWATCH_ADMIN_KEY,
    metricsPublic: process.env.SUPPORTWATCH_METRICS_PUBLIC === 'true',
    probeThreads,
  });
  let signals = 0;
  const shutdown = (signal: string) => {
    if (++signals > 1) process.exit(1); // a second Ctrl-C means "now"
    log.info('stopping', { signal });
    running.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error('stop failed', { err });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((err: unknown) => {
    process.stderr.write(`supportwatch: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
