/**
 * A request that meets a storage fault gets a 503 problem with a Retry-After, never a 500:
 * real SQLite errors (a lock held by another connection, a full file, a read-only handle),
 * thrown by better-sqlite3 directly or wrapped by drizzle, through the app's one error handler.
 */
import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { Hono } from 'hono';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleError, isStorageFault } from '../../src/api/errors.ts';
import { silentLogger } from '../../src/log.ts';

let dir: string;
let path: string;
const open: Database.Database[] = [];

function connect(options?: Database.Options): Database.Database {
  const db = new Database(path, options);
  open.push(db);
  return db;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'supportwatch-errors-'));
  path = join(dir, 'faults.db');
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE t (x TEXT)');
  db.close();
});

afterAll(() => {
  for (const db of open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `fault` and returns what it threw. */
function thrownBy(fault: () => unknown): unknown {
  try {
    fault();
  } catch (err) {
    return err;
  }
  throw new Error('expected the fault to throw');
}

const faults: [string, () => unknown][] = [
  [
    'locked by another connection',
    () => {
      const holder = connect();
      holder.exec('BEGIN EXCLUSIVE');
      const writer = connect();
      writer.pragma('busy_timeout = 0');
      try {
        return thrownBy(() => writer.prepare('INSERT INTO t VALUES (?)').run('x'));
      } finally {
        holder.exec('COMMIT');
      }
    },
  ],
  [
    'locked, through drizzle',
    () => {
      const holder = connect();
      holder.exec('BEGIN EXCLUSIVE');
      const writer = connect();
      writer.pragma('busy_timeout = 0');
      try {
        return thrownBy(() => drizzle(writer).run(sql`INSERT INTO t VALUES ('x')`));
      } finally {
        holder.exec('COMMIT');
      }
    },
  ],
  [
    'full',
    () => {
      const db = connect();
      db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
      return thrownBy(() => db.prepare('INSERT INTO t VALUES (?)').run('x'.repeat(100_000)));
    },
  ],
  ['read-only', () => thrownBy(() => connect({ readonly: true }).prepare('INSERT INTO t VALUES (?)').run('x'))],
];

describe('storage faults in a request', () => {
  it.each(faults)('%s: a 503 problem with Retry-After', async (_name, makeFault) => {
    const err = makeFault();
    expect(isStorageFault(err)).toBe(true);
    const app = new Hono();
    app.onError(handleError(silentLogger));
    app.get('/x', () => {
      throw err;
    });
    const res = await app.request('/x');
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.headers.get('retry-after')).toBe('5');
    expect(await res.json()).toMatchObject({ status: 503, code: 'unavailable' });
  });

  it.each([
    ['a plain bug', new TypeError('undefined is not a function')],
    ['a constraint violation (a bug, not a fault of the disk)', Object.assign(new Error('UNIQUE constraint failed'), { code: 'SQLITE_CONSTRAINT_UNIQUE' })],
  ])('%s stays a 500', async (_name, err) => {
    expect(isStorageFault(err)).toBe(false);
    const app = new Hono();
    app.onError(handleError(silentLogger));
    app.get('/x', () => {
      throw err;
    });
    expect((await app.request('/x')).status).toBe(500);
  });
});
