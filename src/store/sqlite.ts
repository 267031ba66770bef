import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from '../../db/schema.ts';
import { getTableColumns } from 'drizzle-orm';
import type { Database as StoreDatabase, Statement } from './database.ts';
import type { CheckRow } from './writes.ts';

/** The folder drizzle-kit writes; its `meta/_journal.json` is read at run time. */
export const MIGRATIONS_FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), '../../db/migrations');

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
export function openSqlite(path: string): SqliteHandle {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const raw = new Database(path);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('busy_timeout = 5000');
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
  return { db, transact, insertChecksSync: checkInserter(raw), raw, close: () => raw.close() };
}

/**
 * One prepared INSERT for checks, reused for every row. The column list comes from the drizzle
 * table, so a new column in the schema flows through (a missing row field is stored as NULL).
 */
function checkInserter(raw: Database.Database): (rows: readonly CheckRow[]) => void {
  const columns = Object.entries(getTableColumns(schema.checks)).filter(([key]) => key !== 'id');
  const statement = raw.prepare(
    `INSERT INTO checks (${columns.map(([, c]) => `"${c.name}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
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
