/**
 * The outbox in the database: events waiting to be fanned out to routes, deliveries waiting to
 * be tried, and the log. Plain drizzle on the `Db` type, so the same queries serve
 * better-sqlite3 and D1.
 */
import { and, asc, desc, eq, inArray, isNull, lt, lte, notInArray, sql, type SQL } from 'drizzle-orm';
import { alertDeliveries, alertEvents, channels, incidents, providers } from '../../db/schema.ts';
import type { Database, Db } from '../store/database.ts';
import { alertEventStatement, type NewAlertEvent } from './event-sql.ts';
import type { AlertFacts } from './messages.ts';
import type { DeliveryPlan, RoutableEvent } from './routing.ts';
import type { DeliveryStatus, StoredAlertKind } from './vocabulary.ts';

/** The provider of an event: its own, else its channel's. */
const providerPkOf = sql`coalesce(${alertEvents.providerPk}, ${channels.providerPk})`;

/** An event not yet fanned out, with what routing needs. */
export interface UnroutedEvent extends RoutableEvent {
  id: number;
}

/**
 * Events not yet fanned out to routes, oldest first (one index range).
 *
 * @example for (const e of await unroutedEvents(db, 100)) planDeliveries(routes, e, now, providerOf)
 */
export async function unroutedEvents(db: Db, limit: number): Promise<UnroutedEvent[]> {
  const rows = await db
    .select({
      id: alertEvents.id,
      kind: alertEvents.kind,
      data: alertEvents.data,
      channelId: channels.id,
      providerId: providers.id,
      timezone: providers.timezone,
      locale: providers.locale,
    })
    .from(alertEvents)
    .leftJoin(channels, eq(channels.pk, alertEvents.channelPk))
    .leftJoin(providers, eq(providers.pk, providerPkOf))
    .where(isNull(alertEvents.routedAt))
    .orderBy(asc(alertEvents.id))
    .limit(limit);
  return rows.map((r) => {
    const data = r.data ?? {};
    const named = data.channels;
    return {
      id: r.id,
      kind: r.kind,
      providerId: r.providerId,
      channelId: r.channelId,
      noticeChannels: Array.isArray(named) ? named.filter((c): c is string => typeof c === 'string') : null,
      timezone: r.timezone ?? 'UTC',
      locale: r.locale ?? 'en',
      routeId: typeof data.route === 'string' ? data.route : null,
    };
  });
}

/** Ids per UPDATE: under the 100 bound parameters D1 allows a statement (SQLite allows far more). */
const UNMATCHED_PER_UPDATE = 90;

/**
 * Creates the deliveries of events and marks them fanned out, in one transaction: a crash
 * leaves an event either unrouted (done again, the unique (event, route) makes it once) or
 * fully routed.
 */
export async function saveRouting(database: Database, routed: ReadonlyArray<{ eventId: number; plans: readonly DeliveryPlan[] }>, now: number): Promise<void> {
  const { db } = database;
  const statements = [];
  // Most events match no route (a catalog without alerts still keeps its outbox): one UPDATE
  // per few hundred of those instead of a statement each, which a wave of outages made costly.
  const unmatched = routed.filter((r) => r.plans.length === 0).map((r) => r.eventId);
  for (let i = 0; i < unmatched.length; i += UNMATCHED_PER_UPDATE) {
    statements.push(db.update(alertEvents).set({ routedAt: now }).where(inArray(alertEvents.id, unmatched.slice(i, i + UNMATCHED_PER_UPDATE))));
  }
  for (const { eventId, plans } of routed) {
    if (plans.length === 0) continue;
    for (const plan of plans) {
      statements.push(
        db
          .insert(alertDeliveries)
          .values({
            eventId,
            routeId: plan.routeId,
            notifier: plan.notifier,
            status: 'pending',
            attempts: 0,
            createdAt: now,
            nextAttemptAt: plan.nextAttemptAt,
            lastError: plan.heldUntil === null ? null : `held for quiet hours until ${new Date(plan.heldUntil).toISOString()}`,
          })
          .onConflictDoNothing(),
      );
    }
    statements.push(db.update(alertEvents).set({ routedAt: now }).where(eq(alertEvents.id, eventId)));
  }
  if (statements.length > 0) await database.transact(statements);
}

/** Stores events outside the monitor's batches (reminders, surges, tests); a known key is a no-op. */
export async function insertEvents(database: Database, events: readonly NewAlertEvent[]): Promise<void> {
  if (events.length > 0) await database.transact(events.map((e) => alertEventStatement(database.db, e)));
}

/** A delivery due now. */
export interface DueDelivery {
  id: number;
  routeId: string;
  attempts: number;
}

/**
 * Deliveries due at `now`, the oldest pending one of each route only: a route's messages go
 * out in the order they happened, and a receiver that is down holds back its own route, no
 * other. `busy` routes (an attempt in flight) are skipped.
 */
export async function dueDeliveries(db: Db, now: number, busy: ReadonlySet<string>, limit = 50): Promise<DueDelivery[]> {
  const older = sql`SELECT 1 FROM ${alertDeliveries} o WHERE o.route_id = ${alertDeliveries.routeId} AND o.status = 'pending' AND o.id < ${alertDeliveries.id}`;
  const rows = await db
    .select({ id: alertDeliveries.id, routeId: alertDeliveries.routeId, attempts: alertDeliveries.attempts })
    .from(alertDeliveries)
    .where(and(eq(alertDeliveries.status, 'pending'), lte(alertDeliveries.nextAttemptAt, now), sql`NOT EXISTS (${older})`))
    .orderBy(asc(alertDeliveries.nextAttemptAt))
    .limit(limit + busy.size);
  return rows.filter((r) => !busy.has(r.routeId)).slice(0, limit);
}

/**
 * Takes a delivery for one attempt: counts the attempt and pushes its next try past the
 * attempt's deadline (`leaseUntil`), so a crash mid-send retries it later rather than never.
 * False when it is no longer pending.
 */
export async function claimDelivery(db: Db, id: number, now: number, leaseUntil: number): Promise<boolean> {
  const rows = await db
    .update(alertDeliveries)
    .set({ attempts: sql`${alertDeliveries.attempts} + 1`, lastAttemptAt: now, nextAttemptAt: leaseUntil })
    .where(and(eq(alertDeliveries.id, id), eq(alertDeliveries.status, 'pending')))
    .returning({ id: alertDeliveries.id });
  return rows.length === 1;
}

/** How an attempt ended, as stored. */
export type AttemptOutcome =
  | { status: 'delivered'; at: number; detail: string | null }
  | { status: 'pending'; nextAttemptAt: number; error: string }
  | { status: 'dead'; error: string };

export async function finishAttempt(db: Db, id: number, outcome: AttemptOutcome): Promise<void> {
  const set =
    outcome.status === 'delivered'
      ? { status: outcome.status, deliveredAt: outcome.at, lastError: null }
      : outcome.status === 'pending'
        ? { status: outcome.status, nextAttemptAt: outcome.nextAttemptAt, lastError: outcome.error }
        : { status: outcome.status, lastError: outcome.error };
  await db.update(alertDeliveries).set(set).where(eq(alertDeliveries.id, id));
}

/** What a message is made of, for one delivery; null when it is gone. */
export async function deliveryFacts(db: Db, deliveryId: number): Promise<{ routeId: string; facts: AlertFacts } | null> {
  const rows = await db
    .select({
      routeId: alertDeliveries.routeId,
      key: alertEvents.key,
      kind: alertEvents.kind,
      at: alertEvents.at,
      data: alertEvents.data,
      providerId: providers.id,
      providerName: providers.name,
      timezone: providers.timezone,
      locale: providers.locale,
      channelId: channels.id,
      channelName: channels.name,
      channelKind: channels.kind,
      incidentId: incidents.id,
      startedAt: incidents.startedAt,
      endedAt: incidents.endedAt,
      causeClass: incidents.causeClass,
      causeMessage: incidents.causeMessage,
    })
    .from(alertDeliveries)
    .innerJoin(alertEvents, eq(alertEvents.id, alertDeliveries.eventId))
    .leftJoin(channels, eq(channels.pk, alertEvents.channelPk))
    .leftJoin(providers, eq(providers.pk, providerPkOf))
    .leftJoin(incidents, eq(incidents.id, alertEvents.incidentId))
    .where(eq(alertDeliveries.id, deliveryId));
  const r = rows[0];
  if (!r) return null;
  return {
    routeId: r.routeId,
    facts: {
      eventId: r.key,
      deliveryId,
      kind: r.kind,
      at: r.at,
      data: r.data ?? {},
      provider: r.providerId === null ? null : { id: r.providerId, name: r.providerName!, timezone: r.timezone!, locale: r.locale! },
      channel: r.channelId === null ? null : { id: r.channelId, name: r.channelName!, kind: r.channelKind! },
      incident:
        r.incidentId === null
          ? null
          : { id: r.incidentId, startedAt: r.startedAt!, endedAt: r.endedAt ?? null, causeClass: r.causeClass ?? null, causeMessage: r.causeMessage ?? null },
    },
  };
}

/** One row of the deliveries log. */
export interface DeliveryLogEntry {
  id: number;
  eventId: string;
  kind: StoredAlertKind;
  providerId: string | null;
  channelId: string | null;
  routeId: string;
  notifier: string;
  status: DeliveryStatus;
  attempts: number;
  createdAt: number;
  nextAttemptAt: number | null;
  lastAttemptAt: number | null;
  deliveredAt: number | null;
  lastError: string | null;
}

export interface DeliveryFilter {
  status?: DeliveryStatus;
  route?: string;
  /** Only rows with a smaller id (the next page). */
  before?: number;
  limit: number;
}

/**
 * The deliveries log, newest first.
 *
 * @example await listDeliveries(db, { status: 'dead', limit: 50 })
 */
export async function listDeliveries(db: Db, filter: DeliveryFilter): Promise<DeliveryLogEntry[]> {
  const where: SQL[] = [];
  if (filter.status) where.push(eq(alertDeliveries.status, filter.status));
  if (filter.route) where.push(eq(alertDeliveries.routeId, filter.route));
  if (filter.before !== undefined) where.push(lt(alertDeliveries.id, filter.before));
  const rows = await db
    .select({
      id: alertDeliveries.id,
      eventId: alertEvents.key,
      kind: alertEvents.kind,
      providerId: providers.id,
      channelId: channels.id,
      routeId: alertDeliveries.routeId,
      notifier: alertDeliveries.notifier,
      status: alertDeliveries.status,
      attempts: alertDeliveries.attempts,
      createdAt: alertDeliveries.createdAt,
      nextAttemptAt: alertDeliveries.nextAttemptAt,
      lastAttemptAt: alertDeliveries.lastAttemptAt,
      deliveredAt: alertDeliveries.deliveredAt,
      lastError: alertDeliveries.lastError,
    })
    .from(alertDeliveries)
    .innerJoin(alertEvents, eq(alertEvents.id, alertDeliveries.eventId))
    .leftJoin(channels, eq(channels.pk, alertEvents.channelPk))
    .leftJoin(providers, eq(providers.pk, providerPkOf))
    .where(and(...where))
    .orderBy(desc(alertDeliveries.id))
    .limit(filter.limit);
  return rows.map((r) => ({ ...r, nextAttemptAt: r.status === 'pending' ? r.nextAttemptAt : null }));
}

/** Open incidents with their channel, for reminders. */
export async function openIncidents(db: Db): Promise<Array<{ id: number; channelPk: number; startedAt: number; channelId: string; providerId: string; timezone: string }>> {
  return db
    .select({ id: incidents.id, channelPk: incidents.channelPk, startedAt: incidents.startedAt, channelId: channels.id, providerId: providers.id, timezone: providers.timezone })
    .from(incidents)
    .innerJoin(channels, eq(channels.pk, incidents.channelPk))
    .innerJoin(providers, eq(providers.pk, channels.providerPk))
    .where(isNull(incidents.endedAt));
}

/** Channel keys of the report surges alerted since `since`: a surge that goes on is not news. */
export async function recentSurgeChannels(db: Db, since: number): Promise<Set<number>> {
  const rows = await db
    .select({ channelPk: alertEvents.channelPk })
    .from(alertEvents)
    .where(and(eq(alertEvents.kind, 'report_surge'), sql`${alertEvents.createdAt} >= ${since}`));
  return new Set(rows.map((r) => r.channelPk).filter((pk): pk is number => pk !== null));
}

/**
 * Deletes events created before `cutoff` whose deliveries all ended (their deliveries go with
 * them). Returns how many events went.
 */
export async function deleteAlertsBefore(db: Db, cutoff: number): Promise<number> {
  const stillPending = db.select({ id: alertDeliveries.eventId }).from(alertDeliveries).where(eq(alertDeliveries.status, 'pending'));
  const rows = await db
    .delete(alertEvents)
    .where(and(lt(alertEvents.createdAt, cutoff), sql`${alertEvents.routedAt} IS NOT NULL`, notInArray(alertEvents.id, stillPending)))
    .returning({ id: alertEvents.id });
  return rows.length;
}

/** Pending deliveries of routes that left the config: dead letters now (they stay in the log). Returns how many. */
export async function abandonRoutes(db: Db, known: readonly string[], now: number): Promise<number> {
  const rows = await db
    .update(alertDeliveries)
    .set({ status: 'dead', lastError: 'the route is no longer configured', lastAttemptAt: now })
    .where(and(eq(alertDeliveries.status, 'pending'), known.length > 0 ? notInArray(alertDeliveries.routeId, [...known]) : undefined))
    .returning({ id: alertDeliveries.id });
  return rows.length;
}
