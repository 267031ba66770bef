import type { BatchItem } from 'drizzle-orm/batch';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type * as schema from '../../db/schema.ts';
import type { CheckRow, StateChange } from './writes.ts';

/**
 * A drizzle SQLite database of either driver: better-sqlite3 (sync) or D1 (async).
 * The store only uses the awaitable query interface, so one body of queries serves both.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Db = BaseSQLiteDatabase<'sync' | 'async', any, typeof schema>;

/** A built, not yet executed, write statement (insert, update or delete). */
export type Statement = BatchItem<'sqlite'>;

/**
 * What the store needs from a driver: the database, and a way to run several writes
 * atomically. better-sqlite3 does it in a transaction, D1 in `db.batch()`.
 */
export interface Database {
  db: Db;
  /** Runs the statements atomically; `first` (a synchronous driver's own writes) runs first, inside. */
  transact(statements: Statement[], first?: () => void): Promise<void>;
  /**
   * A driver's fast path for the hottest write, thousands of checks a second: a prepared
   * statement instead of building SQL per batch. Only synchronous drivers offer it.
   */
  insertChecksSync?: (rows: readonly CheckRow[]) => void;
  /** The same for state changes, applied in order; offered together with `insertChecksSync`. */
  applyChangesSync?: (changes: readonly StateChange[]) => void;
  /**
   * A value that changes whenever stored data may have changed, cheap enough to read on every
   * request (better-sqlite3: rows changed on this connection plus SQLite's data version, which
   * moves when another connection commits). Equal stamps mean equal data, so an answer computed
   * at one stamp may be served again at the same stamp. Absent (D1) means no such promise.
   */
  readStamp?: () => string;
  /**
   * Most parameters one statement may bind (D1: 100; SQLite's own limit otherwise), so
   * multi-row inserts are cut to fit.
   */
  maxBoundParameters?: number;
}
