/**
 * How an alert event enters the outbox: one INSERT, run inside the transaction of the change
 * that caused it (the monitor's batch, a notice write), so the event exists exactly when the
 * change does. A replay of the same write hits the unique `key` and does nothing.
 *
 * Down and recovered events are keyed by their incident (`incident:<id>:down`), which the
 * monitor does not know in memory: the statement reads it from `incidents` in the same
 * transaction, right after the incident row was opened or closed.
 */
import type Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { alertEvents } from '../../db/schema.ts';
import type { Db, Statement } from '../store/database.ts';
import type { StoredAlertKind } from './vocabulary.ts';

/** An event to store. */
export interface NewAlertEvent {
  kind: StoredAlertKind;
  /** The idempotency key; null = `incident:<the channel's latest incident>:<kind>`. */
  key: string | null;
  providerPk: number | null;
  channelPk: number | null;
  incidentId: number | null;
  /** When it happened. */
  at: number;
  data: Record<string, unknown>;
  createdAt: number;
}

// Falls back to a channel-and-time key when the channel has no incident at all (never in
// practice): a NULL key would fail the whole batch, and the batch writer retries it forever.
const INSERT_SQL = `INSERT INTO alert_events (key, kind, provider_pk, channel_pk, incident_id, at, data, created_at)
VALUES (
  coalesce(@key, 'incident:' || (SELECT max(id) FROM incidents WHERE channel_pk = @channelPk) || ':' || @kind, 'channel:' || @channelPk || ':' || @at || ':' || @kind),
  @kind, @providerPk, @channelPk,
  CASE WHEN @key IS NULL THEN (SELECT max(id) FROM incidents WHERE channel_pk = @channelPk) ELSE @incidentId END,
  @at, @data, @createdAt)
ON CONFLICT DO NOTHING`;

/**
 * A prepared insert of alert events for better-sqlite3 (the monitor's fast path).
 *
 * @example const insert = alertEventInserter(raw); raw.transaction(() => insert(event))();
 */
export function alertEventInserter(raw: Database.Database): (event: NewAlertEvent) => void {
  const statement = raw.prepare(INSERT_SQL);
  return (e) => {
    statement.run({ key: e.key, kind: e.kind, providerPk: e.providerPk, channelPk: e.channelPk, incidentId: e.incidentId, at: e.at, data: JSON.stringify(e.data), createdAt: e.createdAt });
  };
}

/**
 * The same insert as a drizzle statement, for `database.transact` (D1, notices).
 *
 * @example await database.transact([...writes, alertEventStatement(database.db, event)])
 */
export function alertEventStatement(db: Db, e: NewAlertEvent): Statement {
  const latest = sql`(SELECT max(id) FROM incidents WHERE channel_pk = ${e.channelPk})`;
  return db
    .insert(alertEvents)
    .values({
      key: e.key ?? sql`coalesce('incident:' || ${latest} || ':' || ${e.kind}, 'channel:' || ${e.channelPk} || ':' || ${e.at} || ':' || ${e.kind})`,
      kind: e.kind,
      providerPk: e.providerPk,
      channelPk: e.channelPk,
      incidentId: e.key === null ? latest : e.incidentId,
      at: e.at,
      data: e.data,
      createdAt: e.createdAt,
    })
    .onConflictDoNothing();
}
