import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from '../../db/schema.ts';
import type { Database as StoreDatabase, Statement } from './database.ts';
import { registerPreparedReads } from './prepared-reads.ts';
import { changeApplier, checkInserter } from './sqlite-writes.ts';

/** The folder drizzle-kit writes; its `meta/_journal.json` is read at run time. */
export const MIGRATIONS_FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), '../../db/migrations');

export interface SqliteOptions {
  /**
   * How long a statement waits for another connection's lock before SQLITE_BUSY. better-sqlite3
   * waits synchronously, so in a serving process this is time the event loop stands still:
   * keep it short there and let the batch writer retry.
   */
  busyTimeoutMs?: number;
}

export interface SqliteHandle extends StoreDatabase {
  /** The raw connection, for pragmas and maintenance. */
  raw: Database.Database;
  close(): void;
}

/**
 * Opens (creating if needed) the SQLite file at `path` (or `:memory:`), applies pending
 * migrations and returns a store database. WAL mode lets the API read while probes write;
 * `synchronous=NORMAL` is durable to the last committed batch across a process crash.
 */
export function openSqlite(path: string, options: SqliteOptions = {}): SqliteHandle {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const raw = new Database(path);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
  raw.pragma('foreign_keys = ON');
  const db = drizzle(raw, { schema });
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  const transact = async (statements: Statement[], first?: () => void): Promise<void> => {
    if (statements.length === 0 && !first) return;
    // better-sqlite3 is synchronous: one transaction, all or nothing.
    raw.transaction(() => {
      first?.();
      for (const statement of statements) (statement as unknown as { run(): unknown }).run();
    })();
  };
  // total_changes() counts every row written on this connection (a rolled-back write only
  // makes a stamp change for nothing); data_version moves when another connection commits.
  const stamp = raw.prepare('SELECT total_changes(), data_version FROM pragma_data_version()').raw();
  const readStamp = () => (stamp.get() as [number, number]).join('.');
  registerPreparedReads(db, raw);
  return { db, transact, insertChecksSync: checkInserter(raw), applyChangesSync: changeApplier(raw), readStamp, raw, close: () => raw.close() };
}
