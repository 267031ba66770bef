/**
 * The delivery worker: fans stored events out to their routes, sends what is due, retries with
 * backoff, gives up into a visible dead letter, and once a minute looks for reminders and
 * report surges. Everything it knows is in the database, so a restart goes on where it
 * stopped. It runs beside the monitor on the same event loop, but only ever awaits I/O, and
 * each route has at most one attempt in flight: a hanging receiver holds its own route only.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { alertDeliveries, alertEvents } from '../../db/schema.ts';
import type { Logger } from '../log.ts';
import type { Database } from '../store/database.ts';
import type { SendResult } from './http-post.ts';
import { renderAlert } from './messages.ts';
import { NOTIFIERS } from './notifiers/index.ts';
import { messageLang, planDeliveries, retryDelayMs } from './routing.ts';
import {
  abandonRoutes,
  claimDelivery,
  deleteAlertsBefore,
  deliveryFacts,
  dueDeliveries,
  finishAttempt,
  insertEvents,
  listDeliveries,
  saveRouting,
  unroutedEvents,
  type AttemptOutcome,
  type DeliveryLogEntry,
  type DueDelivery,
} from './store.ts';
import type { DeliverySettings, ResolvedRoute } from './types.ts';
import { SurgeWatch, remind } from './watchers.ts';

export interface AlertWorkerOptions {
  database: Database;
  routes: readonly ResolvedRoute[];
  delivery: DeliverySettings;
  log: Logger;
  now?: () => number;
  /** In [0, 1); the jitter of retries. */
  random?: () => number;
  /** How often due deliveries are looked for (default 1 s). */
  pollMs?: number;
  /** How often reminders and surges are looked for (default 60 s). */
  watchMs?: number;
  /** Inside a configured or announced maintenance window: no reminder, no surge alert. */
  inMaintenance?: (channelPk: number, at: number) => boolean;
  /** The provider of a channel id (routes filtering by channel, notices for a whole provider). */
  providerOf?: (channelId: string) => string | undefined;
}

/** Past an attempt's deadline, how long a claimed delivery waits before another process may try it again. */
const LEASE_SLACK_MS = 30_000;
const RETENTION_EVERY_MS = 3_600_000;

export class AlertWorker {
  private readonly database: Database;
  private readonly routes: Map<string, ResolvedRoute>;
  private readonly delivery: DeliverySettings;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly pollMs: number;
  private readonly watchMs: number;
  private readonly inMaintenance: (channelPk: number, at: number) => boolean;
  private readonly providerOf: (channelId: string) => string | undefined;
  private readonly surges = new SurgeWatch();
  private readonly stopping = new AbortController();
  /** Attempts in flight, by route. */
  private readonly inFlight = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private passing: Promise<void> = Promise.resolve();
  private lastWatch = -Infinity;
  private lastRetention = -Infinity;

  constructor(options: AlertWorkerOptions) {
    this.database = options.database;
    this.routes = new Map(options.routes.map((r) => [r.route.id, r]));
    this.delivery = options.delivery;
    this.log = options.log;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.pollMs = options.pollMs ?? 1000;
    this.watchMs = options.watchMs ?? 60_000;
    this.inMaintenance = options.inMaintenance ?? (() => false);
    this.providerOf = options.providerOf ?? (() => undefined);
  }

  /** Starts polling. Pending deliveries of routes no longer configured become dead letters first. */
  start(): void {
    if (this.stopping.signal.aborted) return;
    this.passing = abandonRoutes(this.database.db, [...this.routes.keys()], this.now()).then(
      (n) => {
        if (n > 0) this.log.warn('alert deliveries of removed routes given up', { deliveries: n });
      },
      (err: unknown) => this.log.error('alert routes check failed', { err }),
    );
    this.schedule(0);
  }

  /**
   * Stops polling and cancels attempts in flight (each gives up at once and stays pending, to
   * be sent after the next start). Resolves when nothing touches the database any more.
   */
  async stop(): Promise<void> {
    this.stopping.abort();
    clearTimeout(this.timer);
    await this.passing;
    await Promise.all(this.inFlight.values());
  }

  /** Adds or replaces a route (the write API); events from now on are routed to it. */
  setRoute(resolved: ResolvedRoute): void {
    this.routes.set(resolved.route.id, resolved);
  }

  /** Removes a route: no new deliveries; its pending ones become dead letters when next due. */
  removeRoute(id: string): void {
    this.routes.delete(id);
  }

  /**
   * One pass: fan out new events, start due attempts; once a `watchMs`, reminders and surges.
   * Resolves when the attempts it started have ended (tests await it; the timer does not).
   */
  async runOnce(): Promise<void> {
    await Promise.all(await this.tick());
  }

  /**
   * The test button: a test message to one route, sent now, once (no retry), and its log entry.
   *
   * @example (await worker.sendTest('ops-webhook')).status // 'delivered' or 'dead'
   */
  async sendTest(routeId: string): Promise<DeliveryLogEntry> {
    const resolved = this.routes.get(routeId);
    if (!resolved) throw new Error(`no alert route "${routeId}"`);
    const now = this.now();
    const key = `test:${routeId}:${randomUUID()}`;
    await insertEvents(this.database, [{ kind: 'test', key, providerPk: null, channelPk: null, incidentId: null, at: now, data: { route: routeId }, createdAt: now }]);
    const { db } = this.database;
    const eventId = (await db.select({ id: alertEvents.id }).from(alertEvents).where(eq(alertEvents.key, key)))[0]!.id;
    // Not due for the poller: this request sends it, once.
    const plan = { routeId, notifier: resolved.route.notifier, nextAttemptAt: now + 86_400_000, heldUntil: null };
    await saveRouting(this.database, [{ eventId, plans: [plan] }], now);
    const deliveryId = (await db.select({ id: alertDeliveries.id }).from(alertDeliveries).where(eq(alertDeliveries.eventId, eventId)))[0]!.id;
    await this.attempt({ id: deliveryId, routeId, attempts: 0 }, 1);
    return (await listDeliveries(db, { before: deliveryId + 1, limit: 1 }))[0]!;
  }

  /** One pass after the one before; resolves to the attempts it started (not awaited: a hanging receiver must not hold the next pass). */
  private tick(): Promise<Promise<void>[]> {
    const run = this.passing.then(() => this.pass());
    this.passing = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.tick()
        .catch((err: unknown) => this.log.error('alert pass failed', { err }))
        .finally(() => {
          if (!this.stopping.signal.aborted && this.timer === undefined) this.schedule(this.pollMs);
        });
    }, ms);
    this.timer.unref?.();
  }

  private async pass(): Promise<Promise<void>[]> {
    if (this.stopping.signal.aborted) return [];
    const now = this.now();
    await this.route(now);
    if (now - this.lastWatch >= this.watchMs) {
      this.lastWatch = now;
      await this.watch(now);
    }
    const started: Promise<void>[] = [];
    for (const due of await dueDeliveries(this.database.db, now, new Set(this.inFlight.keys()))) {
      if (this.stopping.signal.aborted) break;
      const run = this.attempt(due, this.delivery.maxAttempts).finally(() => this.inFlight.delete(due.routeId));
      this.inFlight.set(due.routeId, run);
      started.push(run);
    }
    return started;
  }

  /** Fans new events out to the routes that take them, in batches of 100. */
  private async route(now: number): Promise<void> {
    const routes = [...this.routes.values()].map((r) => r.route);
    for (;;) {
      const events = await unroutedEvents(this.database.db, 100);
      if (events.length === 0) return;
      await saveRouting(
        this.database,
        events.map((e) => ({ eventId: e.id, plans: planDeliveries(routes, e, now, this.providerOf) })),
        now,
      );
      if (events.length < 100) return;
    }
  }

  private async watch(now: number): Promise<void> {
    const routes = [...this.routes.values()].map((r) => r.route);
    const ctx = { database: this.database, routes, now, inMaintenance: this.inMaintenance, providerOf: this.providerOf };
    try {
      const reminders = await remind(ctx);
      const surges = await this.surges.look(ctx);
      if (reminders + surges > 0) await this.route(now);
      if (now - this.lastRetention >= RETENTION_EVERY_MS) {
        this.lastRetention = now;
        const deleted = await deleteAlertsBefore(this.database.db, now - this.delivery.retentionMs);
        if (deleted > 0) this.log.info('old alert events deleted', { events: deleted });
      }
    } catch (err) {
      this.log.error('alert watch failed', { err });
    }
  }

  /** One attempt of one delivery, and what follows from it: delivered, retried later, or dead. */
  private async attempt(due: DueDelivery, maxAttempts: number): Promise<void> {
    const { db } = this.database;
    const start = this.now();
    if (!(await claimDelivery(db, due.id, start, start + this.delivery.timeoutMs + LEASE_SLACK_MS))) return;
    const loaded = await deliveryFacts(db, due.id);
    if (!loaded) return;
    const resolved = this.routes.get(loaded.routeId);
    if (!resolved) {
      await finishAttempt(db, due.id, { status: 'dead', error: 'the route is no longer configured' });
      return;
    }
    const { route } = resolved;
    const lang = messageLang(route, loaded.facts.provider?.locale ?? 'en');
    let result: SendResult;
    try {
      result = await NOTIFIERS[route.notifier]({ facts: loaded.facts, message: renderAlert(loaded.facts, lang), lang }, resolved, {
        timeoutMs: this.delivery.timeoutMs,
        signal: this.stopping.signal,
        now: this.now(),
      });
    } catch (err) {
      // Notifiers do not throw; if one does, it is a fault of ours, worth another try.
      result = { ok: false, permanent: false, error: `notifier failed: ${err instanceof Error ? err.message : String(err)}` };
    }
    const attempts = due.attempts + 1;
    const now = this.now();
    let outcome: AttemptOutcome;
    if (result.ok) outcome = { status: 'delivered', at: now, detail: result.detail };
    else if (this.stopping.signal.aborted) outcome = { status: 'pending', nextAttemptAt: now, error: result.error };
    else if (result.permanent || attempts >= maxAttempts) outcome = { status: 'dead', error: result.error };
    else {
      const wait = Math.min(this.delivery.maxBackoffMs, Math.max(retryDelayMs(attempts, this.delivery, this.random), result.retryAfterMs ?? 0));
      outcome = { status: 'pending', nextAttemptAt: now + wait, error: result.error };
    }
    await finishAttempt(db, due.id, outcome);
    const fields = { route: route.id, delivery: due.id, event: loaded.facts.eventId, attempts };
    if (outcome.status === 'delivered') this.log.info('alert delivered', fields);
    else if (outcome.status === 'dead') this.log.error('alert given up', { ...fields, err: outcome.error });
    else this.log.warn('alert attempt failed; will retry', { ...fields, err: outcome.error, retryAt: new Date(outcome.nextAttemptAt).toISOString() });
    // A retry sooner than the next poll gets its own wake-up.
    if (outcome.status === 'pending' && !this.stopping.signal.aborted && outcome.nextAttemptAt - now < this.pollMs) this.schedule(Math.max(0, outcome.nextAttemptAt - now));
  }
}
