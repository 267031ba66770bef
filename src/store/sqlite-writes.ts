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
import type { CheckRow, StateChange } from './writes.ts';

/**
 * One prepared INSERT for checks, reused for every row. The column list comes from the drizzle
 * table, so a new column in the schema flows through (a missing row field is stored as NULL).
 */
export function checkInserter(raw: Database.Database): (rows: readonly CheckRow[]) => void {
  const columns = Object.entries(getTableColumns(schema.checks));
  // A replayed row (same channel, probe and start) is the same check: keep the first.
  const statement = raw.prepare(
    `INSERT OR IGNORE INTO checks (${columns.map(([, c]) => `"${c.name}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
  );
  const keys = columns.map(([key]) => key as keyof CheckRow);
  const values: unknown[] = new Array(keys.length);
  return (rows) => {
    for (const row of rows) {
      for (let i = 0; i < keys.length; i++) values[i] = row[keys[i]!] ?? null;
      statement.run(values);
    }
  };
}

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
