/**
 * Migration 0012 (checks without text) on a file written before it: every stored check keeps
 * its outcome, error class and message as the API reads them, each message is stored once, and
 * the table stays clustered (WITHOUT ROWID). A row it cannot convert stops the migration and
 * leaves the old table as it was.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as schema from '../../db/schema.ts';
import { CHECK_OUTCOMES, ERROR_CLASSES } from '../../src/domain/vocabulary.ts';
import { syncCatalog, type CatalogKeys } from '../../src/store/catalog-sync.ts';
import type { Statement } from '../../src/store/database.ts';
import { listChecks } from '../../src/store/reads.ts';
import { MIGRATIONS_FOLDER, openSqlite } from '../../src/store/sqlite.ts';
import { makeCatalog, makeChannel, makeProvider } from '../support/catalog.ts';

const T0 = Date.parse('2026-11-20T00:00:00Z');
const BEFORE = '0012_checks_compact';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'supportwatch-migration-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of the migrations folder that ends just before `tag`, as an older release shipped it. */
function migrationsBefore(tag: string): string {
  const folder = join(dir, 'migrations');
  mkdirSync(join(folder, 'meta'), { recursive: true });
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8')) as { entries: { idx: number; tag: string }[] };
  const last = journal.entries.findIndex((e) => e.tag === tag);
  expect(last).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, last);
  for (const entry of journal.entries) copyFileSync(join(MIGRATIONS_FOLDER, `${entry.tag}.sql`), join(folder, `${entry.tag}.sql`));
  writeFileSync(join(folder, 'meta/_journal.json'), JSON.stringify(journal));
  return folder;
}

/** A database file at the schema before 0012, with the catalog synced; its keys. */
async function oldDatabase(path: string): Promise<CatalogKeys> {
  const raw = new Database(path);
  try {
    const db = drizzle(raw, { schema });
    migrate(db, { migrationsFolder: migrationsBefore(BEFORE) });
    const transact = async (statements: Statement[]) => {
      raw.transaction(() => {
        for (const statement of statements) (statement as unknown as { run(): unknown }).run();
      })();
    };
    return await syncCatalog({ db, transact }, makeCatalog([makeProvider('acme', [makeChannel('acme-chat')])]), T0);
  } finally {
    raw.close();
  }
}

interface OldRow {
  startedAt: number;
  outcome: string;
  errorClass: string | null;
  message: string | null;
}

function insertOldRows(path: string, keys: CatalogKeys, rows: OldRow[]): void {
  const raw = new Database(path);
  const insert = raw.prepare(
    `INSERT INTO checks (channel_pk, probe_pk, started_at, duration_ms, outcome, http_status, error_class, message, dns_ms, connect_ms, tls_ms, first_byte_ms, cert_expires_at, conditions_failed)
     VALUES (?, ?, ?, 40, ?, 200, ?, ?, 1, 2, 3, 4, 5, 0)`,
  );
  for (const row of rows) insert.run(keys.channelPk.get('acme-chat'), keys.probePk.get('acme-chat#0'), row.startedAt, row.outcome, row.errorClass, row.message);
  raw.close();
}

describe('migration 0012 (checks without text)', () => {
  it('converts every outcome and error class, keeps every message and stores each once', async () => {
    const path = join(dir, 'old.db');
    const keys = await oldDatabase(path);
    const rows: OldRow[] = [
      ...CHECK_OUTCOMES.map((outcome, i) => ({ startedAt: T0 + i, outcome, errorClass: null, message: outcome === 'up' ? null : `${outcome} once` })),
      ...ERROR_CLASSES.map((errorClass, i) => ({ startedAt: T0 + 100 + i, outcome: 'down', errorClass, message: 'shared message' })),
    ];
    insertOldRows(path, keys, rows);

    const handle = openSqlite(path);
    try {
      const read = await listChecks(handle.db, keys.channelPk.get('acme-chat')!, null, 100);
      expect(read.map((c) => ({ startedAt: c.startedAt, outcome: c.outcome, errorClass: c.errorClass, message: c.message })).reverse()).toEqual(rows);
      expect(read[0]).toMatchObject({ durationMs: 40, httpStatus: 200, dnsMs: 1, connectMs: 2, tlsMs: 3, firstByteMs: 4, certExpiresAt: 5, conditionsFailed: 0 });
      expect(handle.raw.prepare('SELECT text, last_seen AS lastSeen FROM check_messages ORDER BY id').all()).toEqual([
        { text: 'degraded once', lastSeen: T0 + 1 },
        { text: 'down once', lastSeen: T0 + 2 },
        { text: 'shared message', lastSeen: T0 + 100 + ERROR_CLASSES.length - 1 },
      ]);
      const { sql } = handle.raw.prepare("SELECT sql FROM sqlite_master WHERE name = 'checks'").get() as { sql: string };
      expect(sql).toMatch(/WITHOUT ROWID\s*$/);
      expect(handle.raw.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      handle.close();
    }
  });

  it('stops at an outcome it has no code for, leaving the old table and its rows as they were', async () => {
    const path = join(dir, 'odd.db');
    const keys = await oldDatabase(path);
    insertOldRows(path, keys, [
      { startedAt: T0, outcome: 'up', errorClass: null, message: null },
      { startedAt: T0 + 1, outcome: 'sideways', errorClass: null, message: 'made up' },
    ]);
    expect(() => openSqlite(path)).toThrow();
    const raw = new Database(path);
    try {
      expect(raw.prepare('SELECT outcome, message FROM checks ORDER BY started_at').all()).toEqual([
        { outcome: 'up', message: null },
        { outcome: 'sideways', message: 'made up' },
      ]);
      expect(raw.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'check_messages'").get()).toEqual({ n: 0 });
    } finally {
      raw.close();
    }
  });
});
