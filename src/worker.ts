/**
 * The Cloudflare Workers entry: the same `createApp` over D1, and a cron trigger (every
 * minute) that probes the channels due in that minute and does the history housekeeping. It
 * only wires parts; see `src/worker/` for the runner, the probes a Worker can run and the
 * config route, and the README ("Cloudflare Workers") for limits and deployment.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import bundledConfig from '../supportwatch.yaml';
import pkg from '../package.json' with { type: 'json' };
import type { HealthReport } from './api/deps.ts';
import { createApp } from './app.ts';
import { ConfigError } from './config/index.ts';
import { createLogger, type LogLevel, type Logger } from './log.ts';
import { openD1, type D1Binding } from './store/d1.ts';
import type { Database } from './store/database.ts';
import { registerAdminConfig } from './worker/admin-config.ts';
import { workerDashboard, type AssetsBinding } from './worker/assets.ts';
import { syncConfigIfChanged } from './worker/config.ts';
import { runHousekeeping } from './worker/housekeeping.ts';
import { runWorkerProbe } from './worker/probes.ts';
import { runCronMinute } from './worker/runner.ts';
import { unsupportedProbes } from './worker/unsupported.ts';

/** The bindings and variables of `wrangler.toml`. */
export interface WorkerEnv {
  DB: D1Binding;
  /** The built dashboard (`[assets]`); without it, API only. */
  ASSETS?: AssetsBinding;
  /** The admin key (a secret: `wrangler secret put SUPPORTWATCH_ADMIN_KEY`). */
  SUPPORTWATCH_ADMIN_KEY?: string;
  /** Most checks one cron invocation makes (default 40: within the free plan's 50 subrequests). */
  MAX_CHECKS_PER_RUN?: string;
  /** DNS-over-HTTPS resolver for `dns` probes. */
  DOH_RESOLVER?: string;
  LOG_LEVEL?: string;
}

/** The subset of the Workers `ScheduledController` used here. */
export interface ScheduledEvent {
  scheduledTime: number;
  cron: string;
}

/** The subset of the Workers `ExecutionContext` used here. */
export interface WorkerContext {
  waitUntil(promise: Promise<unknown>): void;
}

const DEFAULT_MAX_CHECKS_PER_RUN = 40;

/** One app per isolate and binding: building the routes costs more than most requests. */
const apps = new WeakMap<object, { app: OpenAPIHono; health: { report: HealthReport | null } }>();

function loggerFor(env: WorkerEnv): Logger {
  const level = (['debug', 'info', 'warn', 'error'] as const).find((l) => l === env.LOG_LEVEL) ?? 'info';
  return createLogger(level as LogLevel, (line) => console.log(line));
}

function appFor(env: WorkerEnv): { app: OpenAPIHono; health: { report: HealthReport | null } } {
  let built = apps.get(env.DB);
  if (built) return built;
  const database = openD1(env.DB);
  const health: { report: HealthReport | null } = { report: null };
  const app = createApp({
    database,
    log: loggerFor(env),
    now: Date.now,
    version: pkg.version,
    health: () => health.report ?? { status: 'ok' },
    clientAddress: (c) => c.req.header('cf-connecting-ip') ?? 'unknown',
    dashboard: env.ASSETS ? workerDashboard(env.ASSETS) : undefined,
    adminKey: env.SUPPORTWATCH_ADMIN_KEY || undefined,
  });
  registerAdminConfig(app, { database, adminKey: env.SUPPORTWATCH_ADMIN_KEY || undefined, now: Date.now, onChange: () => (health.report = null) });
  built = { app, health };
  apps.set(env.DB, built);
  return built;
}

/** Health names the probes this runtime cannot run; read once per isolate (and after a config change). */
async function refreshHealth(database: Database, health: { report: HealthReport | null }): Promise<void> {
  if (health.report !== null) return;
  const skipped = await unsupportedProbes(database.db);
  health.report =
    skipped.length === 0
      ? { status: 'ok' }
      : { status: 'degraded', reason: `${skipped.length} probe(s) cannot run on Cloudflare Workers and stay unknown: ${skipped.slice(0, 5).map((s) => `${s.key} (${s.type}: ${s.why})`).join('; ')}${skipped.length > 5 ? '; …' : ''}` };
}

/**
 * The minute's work: sync a changed config, probe what is due, then housekeeping. A fault is
 * logged, never thrown: the next minute tries again.
 */
export async function runScheduled(env: WorkerEnv, at: number): Promise<void> {
  const log = loggerFor(env);
  const database = openD1(env.DB);
  try {
    await syncConfigIfChanged(database, bundledConfig, at);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    log.error('the config is invalid; probing the catalog as last synced', { err: err.message });
  }
  const budget = Number(env.MAX_CHECKS_PER_RUN) > 0 ? Math.floor(Number(env.MAX_CHECKS_PER_RUN)) : DEFAULT_MAX_CHECKS_PER_RUN;
  const report = await runCronMinute({ database, at, budget, runProbe: (spec) => runWorkerProbe(spec, { dohResolver: env.DOH_RESOLVER }), log });
  log.debug('cron minute', { ...report });
  try {
    await runHousekeeping(database, at, log);
  } catch (err) {
    log.error('housekeeping failed', { err });
  }
}

/**
 * The app compresses its answers itself (`compression` middleware). The Workers runtime would
 * encode a body again for its `Content-Encoding` header unless told the body already is
 * encoded (`encodeBody: 'manual'`): without this, clients get gzip inside gzip.
 */
function encodedAsIs(res: Response): Response {
  if (res.body === null || !res.headers.has('content-encoding')) return res;
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers: res.headers, encodeBody: 'manual' } as ResponseInit);
}

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: WorkerContext): Promise<Response> {
    const { app, health } = appFor(env);
    if (new URL(request.url).pathname === '/api/v1/health') await refreshHealth(openD1(env.DB), health);
    return encodedAsIs(await app.fetch(request, env, ctx as never));
  },
  async scheduled(controller: ScheduledEvent, env: WorkerEnv, ctx: WorkerContext): Promise<void> {
    // Awaited rather than `waitUntil`: the invocation lasts as long as the minute's work.
    void ctx;
    await runScheduled(env, controller.scheduledTime);
  },
};
