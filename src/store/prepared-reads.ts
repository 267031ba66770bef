/**
 * The hot reads of the API as prepared better-sqlite3 statements, one set per connection.
 * Through drizzle, each read built its SQL and prepared it again: at a few hundred requests a
 * second that cost more than running it. `reads.ts` asks `preparedReads(db)` first and keeps
 * its drizzle query for asynchronous drivers (D1); the store contract tests run both paths.
 * Each statement here mirrors the drizzle query of the same name in `reads.ts`.
 */
import type Database from 'better-sqlite3';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type * as schema from '../../db/schema.ts';
import type { ChannelState, ErrorClass } from '../domain/vocabulary.ts';
import type { Db } from './database.ts';
import type { IncidentRow, IncidentSpan } from './reads.ts';

/** The reads `reads.ts` (and history's watermark) run through prepared statements when it can. */
export interface PreparedReads {
  /** The `meta` value of `key`, null when absent. */
  metaValue(key: string): string | null;
  /** Measured states of one provider's channels, or of all. */
  channelStates(providerPk?: number): Map<number, { state: ChannelState; since: number }>;
  /** Measured states of the channels with keys in `[fromPk, toPk]`. */
  channelStatesBetween(fromPk: number, toPk: number): Map<number, { state: ChannelState; since: number }>;
  /** An active channel by id, with its provider's id. */
  findChannel(id: string): { pk: number; id: string; providerId: string } | undefined;
  /** Incidents newest first, optionally of one provider and open or closed only. */
  listIncidents(filter: { providerPk?: number; open?: boolean; limit: number }): IncidentRow[];
  /** The incidents of each channel overlapping `[from, to)`, oldest first. */
  incidentSpans(channelPks: readonly number[], from: number, to: number): Map<number, IncidentSpan[]>;
}

const byDb = new WeakMap<object, PreparedReads>();

/** Makes `preparedReads(db)` and `preparedPerDb` answer for this drizzle database over `raw` (done by `openSqlite`). */
export function registerPreparedReads(db: SyncDb, raw: Database.Database): void {
  byDb.set(db, preparedReadsOver(raw));
}

/** The drizzle database of the better-sqlite3 driver: its prepared queries answer synchronously. */
export type SyncDb = BetterSQLite3Database<typeof schema>;

/**
 * A drizzle query prepared once per better-sqlite3 database, for reads whose columns drizzle
 * decodes (stored codes, JSON): `build` makes it with `sql.placeholder`s; the getter returns
 * it, or undefined for a driver without prepared reads (D1 keeps building its queries).
 *
 * @example
 * const byId = preparedPerDb((db) => db.select().from(channels).where(eq(channels.id, sql.placeholder('id'))).prepare());
 * const rows = byId(db)?.all({ id: 'examplepay-chat' });
 */
export function preparedPerDb<Q>(build: (db: SyncDb) => Q): (db: Db) => Q | undefined {
  const built = new WeakMap<object, Q>();
  return (db) => {
    if (!byDb.has(db)) return undefined;
    let query = built.get(db);
    if (query === undefined) built.set(db, (query = build(db as unknown as SyncDb)));
    return query;
  };
}

/** The prepared reads of a better-sqlite3 database; undefined for other drivers. */
export function preparedReads(db: Db): PreparedReads | undefined {
  return byDb.get(db);
}

const INCIDENT_COLUMNS = `i.id, pr.id, ch.id, i.started_at, i.ended_at, i.cause_class, i.cause_message, i.acknowledged_at, i.acknowledged_by, i.ack_note`;

type IncidentTuple = [number, string, string, number, number | null, ErrorClass | null, string | null, number | null, string | null, string | null];

function preparedReadsOver(raw: Database.Database): PreparedReads {
  // Prepared on first use: a connection that never serves the API prepares nothing.
  const statements = new Map<string, Database.Statement>();
  const statement = (sql: string) => {
    let s = statements.get(sql);
    if (!s) statements.set(sql, (s = raw.prepare(sql).raw()));
    return s;
  };
  const stateMap = (rows: [number, ChannelState, number][]) => new Map(rows.map(([pk, state, since]) => [pk, { state, since }]));

  return {
    metaValue(key) {
      const row = statement('SELECT value FROM meta WHERE key = ?').get(key) as [string] | undefined;
      return row?.[0] ?? null;
    },
    channelStates(providerPk) {
      const rows =
        providerPk === undefined
          ? statement('SELECT channel_pk, state, since FROM channel_status').all()
          : statement('SELECT s.channel_pk, s.state, s.since FROM channel_status s JOIN channels c ON c.pk = s.channel_pk WHERE c.provider_pk = ?').all(providerPk);
      return stateMap(rows as [number, ChannelState, number][]);
    },
    channelStatesBetween(fromPk, toPk) {
      return stateMap(statement('SELECT channel_pk, state, since FROM channel_status WHERE channel_pk >= ? AND channel_pk <= ?').all(fromPk, toPk) as [number, ChannelState, number][]);
    },
    findChannel(id) {
      const row = statement('SELECT c.pk, c.id, p.id FROM channels c JOIN providers p ON p.pk = c.provider_pk WHERE c.id = ? AND c.archived_at IS NULL').get(id) as
        | [number, string, string]
        | undefined;
      return row && { pk: row[0], id: row[1], providerId: row[2] };
    },
    listIncidents({ providerPk, open, limit }) {
      const where = [providerPk === undefined ? '' : 'pr.pk = ?', open === undefined ? '' : open ? 'i.ended_at IS NULL' : 'i.ended_at IS NOT NULL'].filter(Boolean);
      const sql = `SELECT ${INCIDENT_COLUMNS} FROM incidents i JOIN channels ch ON ch.pk = i.channel_pk JOIN providers pr ON pr.pk = ch.provider_pk
        ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY i.started_at DESC, i.id DESC LIMIT ?`;
      const params = providerPk === undefined ? [limit] : [providerPk, limit];
      return (statement(sql).all(...params) as IncidentTuple[]).map((t) => ({
        id: t[0],
        providerId: t[1],
        channelId: t[2],
        startedAt: t[3],
        endedAt: t[4],
        causeClass: t[5],
        causeMessage: t[6],
        acknowledgedAt: t[7],
        acknowledgedBy: t[8],
        ackNote: t[9],
      }));
    },
    incidentSpans(channelPks, from, to) {
      // A seek per channel on (channel_pk, started_at), as the IN list of the drizzle query does.
      const spans = statement(
        'SELECT started_at, ended_at FROM incidents WHERE channel_pk = ? AND started_at < ? AND (ended_at IS NULL OR ended_at > ?) ORDER BY started_at',
      );
      const byChannel = new Map<number, IncidentSpan[]>();
      for (const pk of new Set(channelPks)) {
        const rows = spans.all(pk, to, from) as [number, number | null][];
        if (rows.length > 0) byChannel.set(pk, rows.map(([startedAt, endedAt]) => ({ startedAt, endedAt })));
      }
      return byChannel;
    },
  };
}
