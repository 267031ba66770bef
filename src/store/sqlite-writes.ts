/**
 * The hot writes of the monitor as prepared better-sqlite3 statements: checks (thousands a
 * second) and state changes (a burst of one per channel at start-up, then one per flap).
 * Building each through drizzle cost more CPU than the probe it recorded; a prepared statement
 * binds values and runs. The SQL mirrors `stateChangeStatement` in `writes.ts`, which the
 * asynchronous drivers (D1) still use, and the store tests run both paths.
 */
import type Database from 'better-sqlite3';
import { getTableColumns } from 'drizzle-orm';
import * as schema from '../../db/schema.ts';
import { alertEventInserter } from '../alerts/event-sql.ts';
import { newestUseOfMessages, type CheckRow, type StateChange } from './writes.ts';

/**
 * One prepared INSERT for checks, reused for every row. The column list comes from the drizzle
 * table, so a new column in the schema flows through (a missing row field is stored as NULL);
 * values go through each column's driver mapping (outcome and error class become their codes).
 * A row's message is stored once in `check_messages` and referred to by id: one upsert per
 * distinct message of the batch, inside the batch's transaction. No id is remembered from one
 * batch to the next, so a rolled-back batch or a retention pass can never leave a stale one.
 */
export function checkInserter(raw: Database.Database): (rows: readonly CheckRow[]) => void {
  const columns = Object.entries(getTableColumns(schema.checks));
  // A replayed row (same channel, probe and start) is the same check: keep the first.
  const statement = raw.prepare(
    `INSERT OR IGNORE INTO checks (${columns.map(([, c]) => `"${c.name}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
  );
  const messageId = raw.prepare(MESSAGE_UPSERT_SQL).pluck();
  // Only the coded columns (custom types) need their driver mapping; the rest bind as they are.
  const fields = columns.map(([key, column]) => ({
    key: key as keyof CheckRow,
    encode: column.columnType === 'SQLiteCustomColumn' ? (value: unknown) => column.mapToDriverValue(value) : null,
  }));
  const messageIndex = fields.findIndex((f) => f.key === ('messageId' as string));
  const values: unknown[] = new Array(fields.length);
  return (rows) => {
    const ids = new Map<string, number>();
    for (const [text, lastSeen] of newestUseOfMessages(rows)) ids.set(text, messageId.get(text, lastSeen) as number);
    for (const row of rows) {
      for (let i = 0; i < fields.length; i++) {
        const { key, encode } = fields[i]!;
        const value = row[key] ?? null;
        values[i] = encode === null || value === null ? value : encode(value);
      }
      values[messageIndex] = row.message == null ? null : ids.get(row.message)!;
      statement.run(values);
    }
  };
}

/**
 * Stores a message (or moves its `last_seen` forward) and answers its id. `max()` keeps
 * `last_seen` at the newest check using it even when an older check is written late.
 */
const MESSAGE_UPSERT_SQL =
  'INSERT INTO check_messages (text, last_seen) VALUES (?, ?) ON CONFLICT (text) DO UPDATE SET last_seen = max(last_seen, excluded.last_seen) RETURNING id';

/** Applies state changes in order with one prepared statement per kind. */
export function changeApplier(raw: Database.Database): (changes: readonly StateChange[]) => void {
  const probeStatus = raw.prepare(
    'INSERT INTO probe_status (probe_pk, status, since) VALUES (?, ?, ?) ON CONFLICT (probe_pk) DO UPDATE SET status = excluded.status, since = excluded.since',
  );
  const channelStatus = raw.prepare(
    'INSERT INTO channel_status (channel_pk, state, since) VALUES (?, ?, ?) ON CONFLICT (channel_pk) DO UPDATE SET state = excluded.state, since = excluded.since',
  );
  // The partial unique index allows one open incident per channel; a duplicate is a no-op.
  const incidentOpen = raw.prepare(
    'INSERT INTO incidents (channel_pk, started_at, cause_class, cause_message) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const incidentClose = raw.prepare('UPDATE incidents SET ended_at = ? WHERE channel_pk = ? AND ended_at IS NULL');
  const alertEvent = alertEventInserter(raw);
  return (changes) => {
    for (const change of changes) {
      switch (change.kind) {
        case 'probe_status':
          probeStatus.run(change.probePk, change.status, change.since);
          break;
        case 'channel_status':
          channelStatus.run(change.channelPk, change.state, change.since);
          break;
        case 'incident_open':
          incidentOpen.run(change.channelPk, change.startedAt, change.causeClass, change.causeMessage);
          break;
        case 'incident_close':
          incidentClose.run(change.endedAt, change.channelPk);
          break;
        case 'alert_event':
          alertEvent(change.event);
          break;
      }
    }
  };
}
