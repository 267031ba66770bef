import { and, eq, isNull, sql } from 'drizzle-orm';
import type { SQLiteInsertValue } from 'drizzle-orm/sqlite-core';
import { channelStatus, checkMessages, checks, incidents, probeStatus } from '../../db/schema.ts';
import type { ChannelState, CheckOutcome, ErrorClass, ProbeStatus } from '../domain/vocabulary.ts';
import { alertEventStatement, type NewAlertEvent } from '../alerts/event-sql.ts';
import type { Database, Statement } from './database.ts';

/**
 * One check as the store takes and gives it: integer keys, no denormalised names. On disk the
 * outcome and error class are codes and the message an id in `check_messages` (db/schema.ts).
 */
export interface CheckRow {
  channelPk: number;
  probePk: number;
  startedAt: number;
  durationMs: number;
  outcome: CheckOutcome;
  httpStatus: number | null;
  errorClass: ErrorClass | null;
  message: string | null;
  /** Timing phases and certificate expiry, where the probe kind measures them. */
  dnsMs?: number | null;
  connectMs?: number | null;
  tlsMs?: number | null;
  firstByteMs?: number | null;
  certExpiresAt?: number | null;
  /** Bit i set = condition i failed; 0 = all held; null = not evaluated. */
  conditionsFailed?: number | null;
}

/** A change of state decided by the monitor, applied in order after the batch's checks. */
export type StateChange =
  | { kind: 'probe_status'; probePk: number; status: ProbeStatus; since: number }
  | { kind: 'channel_status'; channelPk: number; state: ChannelState; since: number }
  | { kind: 'incident_open'; channelPk: number; startedAt: number; causeClass: ErrorClass | null; causeMessage: string | null }
  | { kind: 'incident_close'; channelPk: number; endedAt: number }
  /** An alert event into the outbox, in the same transaction as the change that caused it (`src/alerts`). */
  | { kind: 'alert_event'; event: NewAlertEvent };

/** Rows per INSERT: 15 values × 1,000 rows stays under SQLite's 32,766 bound variables. */
const CHECKS_PER_INSERT = 1000;
/**
 * Values a check row binds (14 columns, and its message's text to look up the id), for drivers
 * that bind fewer parameters per statement (D1: 100).
 */
const CHECK_PARAMETERS = 15;

/**
 * Writes a batch of checks and the state changes they caused in one atomic unit, so a crash
 * never leaves an incident without the checks that opened it (or the reverse).
 */
export async function writeBatch(database: Database, rows: CheckRow[], changes: StateChange[]): Promise<void> {
  const { db, insertChecksSync, applyChangesSync } = database;
  if (insertChecksSync && applyChangesSync) {
    // A synchronous driver: prepared statements, one transaction (see `sqlite-writes.ts`).
    await database.transact([], () => {
      if (rows.length > 0) insertChecksSync(rows);
      if (changes.length > 0) applyChangesSync(changes);
    });
    return;
  }
  const statements: Statement[] = [];
  if (!insertChecksSync) {
    // Each distinct message stored (or its last_seen moved) first; rows then find its id by text.
    for (const [text, lastSeen] of newestUseOfMessages(rows)) {
      statements.push(
        db
          .insert(checkMessages)
          .values({ text, lastSeen })
          .onConflictDoUpdate({ target: checkMessages.text, set: { lastSeen: sql`max(${checkMessages.lastSeen}, excluded.last_seen)` } }),
      );
    }
    const perInsert = Math.max(1, Math.min(CHECKS_PER_INSERT, Math.floor((database.maxBoundParameters ?? Infinity) / CHECK_PARAMETERS)));
    for (let i = 0; i < rows.length; i += perInsert) {
      statements.push(db.insert(checks).values(rows.slice(i, i + perInsert).map(storedCheck)).onConflictDoNothing());
    }
  }
  for (const change of changes) statements.push(stateChangeStatement(database, change));
  await database.transact(statements, insertChecksSync && rows.length > 0 ? () => insertChecksSync(rows) : undefined);
}

/**
 * Each distinct message of `rows` with the start of its newest check (its `last_seen`).
 *
 * @example newestUseOfMessages([{ message: 'timeout', startedAt: 5, … }]) // Map { 'timeout' => 5 }
 */
export function newestUseOfMessages(rows: readonly CheckRow[]): Map<string, number> {
  const newest = new Map<string, number>();
  for (const { message, startedAt } of rows) {
    if (message != null && !(startedAt <= (newest.get(message) ?? -Infinity))) newest.set(message, startedAt);
  }
  return newest;
}

/** A check row as drizzle inserts it: its message as the id of its text, looked up in the same statement. */
function storedCheck({ message, ...row }: CheckRow): SQLiteInsertValue<typeof checks> {
  const messageId = message == null ? null : sql`(SELECT ${sql.identifier('id')} FROM ${checkMessages} WHERE ${sql.identifier('text')} = ${message})`;
  return { ...row, messageId };
}

/** A state change as a drizzle statement, for drivers without prepared statements (D1). */
export function stateChangeStatement({ db }: Database, change: StateChange): Statement {
  switch (change.kind) {
    case 'probe_status': {
      const set = { status: change.status, since: change.since };
      return db.insert(probeStatus).values({ probePk: change.probePk, ...set }).onConflictDoUpdate({ target: probeStatus.probePk, set });
    }
    case 'channel_status': {
      const set = { state: change.state, since: change.since };
      return db
        .insert(channelStatus)
        .values({ channelPk: change.channelPk, ...set })
        .onConflictDoUpdate({ target: channelStatus.channelPk, set });
    }
    case 'incident_open':
      // The partial unique index allows one open incident per channel; a duplicate is a no-op.
      return db
        .insert(incidents)
        .values({
          channelPk: change.channelPk,
          startedAt: change.startedAt,
          causeClass: change.causeClass,
          causeMessage: change.causeMessage,
        })
        .onConflictDoNothing();
    case 'incident_close':
      return db
        .update(incidents)
        .set({ endedAt: change.endedAt })
        .where(and(eq(incidents.channelPk, change.channelPk), isNull(incidents.endedAt)));
    case 'alert_event':
      return alertEventStatement(db, change.event);
  }
}
