/**
 * The key CLI in-process against a temp SQLite file: create prints the key once (stdout) and
 * stores only its hash; list never shows a key; revoke ends it; bad input is a usage error.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runKeyCli, type KeyCliIo } from '../../src/keys/cli.ts';
import { hashKey } from '../../src/keys/secret.ts';
import { openSqlite } from '../../src/store/sqlite.ts';

let dir: string;
let dbPath: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sw-keys-'));
  dbPath = join(dir, 'supportwatch.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: KeyCliIo = { env: { DATABASE_PATH: dbPath }, out: (t) => (out += t), err: (t) => (err += t), now: () => Date.UTC(2026, 2, 1, 9, 30) };
  const code = await runKeyCli(argv, io);
  return { code, out, err };
}

describe('npm run key', () => {
  it('creates a key, prints it once, stores only its hash', async () => {
    const { code, out, err } = await run('create', '--name', 'ci', '--scope', 'write');
    expect(code).toBe(0);
    const key = out.trim();
    expect(key).toMatch(/^sw_[A-Za-z0-9_-]{43}$/);
    expect(err).toContain('only time');
    const db = openSqlite(dbPath);
    try {
      const rows = db.raw.prepare('SELECT name, scope, hash FROM api_keys').all();
      expect(rows).toEqual([{ name: 'ci', scope: 'write', hash: await hashKey(key) }]);
    } finally {
      db.close();
    }
    expect(readFileSync(dbPath).includes(Buffer.from(key))).toBe(false);
    const listed = await run('list');
    expect(listed.out).not.toContain(key);
  });

  it('lists name, scope, created, last used and revoked', async () => {
    await run('create', '--name', 'ci', '--scope', 'read');
    await run('create', '--name=ops', '--scope=admin');
    await run('revoke', '--name', 'ci');
    const { code, out } = await run('list');
    expect(code).toBe(0);
    expect(out.split('\n').map((l) => l.split(/\s{2,}/))).toEqual([
      ['NAME', 'SCOPE', 'CREATED', 'LAST USED', 'REVOKED'],
      ['ci', 'read', '2026-03-01 09:30Z', '-', '2026-03-01 09:30Z'],
      ['ops', 'admin', '2026-03-01 09:30Z', '-', '-'],
      [''],
    ]);
  });

  it('says how to start when there are no keys', async () => {
    expect((await run('list')).out).toContain('npm run key -- create');
  });

  it('refuses a second live key of the same name, allows it after revocation', async () => {
    expect((await run('create', '--name', 'ci', '--scope', 'read')).code).toBe(0);
    const again = await run('create', '--name', 'ci', '--scope', 'read');
    expect(again.code).toBe(1);
    expect(again.err).toContain('exists already');
    expect((await run('revoke', '--name', 'ci')).code).toBe(0);
    expect((await run('create', '--name', 'ci', '--scope', 'read')).code).toBe(0);
  });

  it('answers 1 when revoking a name with no live key', async () => {
    const { code, err } = await run('revoke', '--name', 'nobody');
    expect(code).toBe(1);
    expect(err).toContain('No live key named "nobody"');
  });

  it.each([
    [[], 'usage'],
    [['frobnicate'], 'unknown command'],
    [['create', '--name', 'ci'], '--scope is required'],
    [['create', '--name', 'ci', '--scope', 'root'], '--scope must be one of read, write, admin'],
    [['create', '--scope', 'read'], '--name is required'],
    [['create', '--name', 'has space', '--scope', 'read'], '--name must be'],
    [['create', '--name', '--scope', 'read'], '--name needs a value'],
    [['revoke', '--name', 'ci', '--scope', 'read'], '"revoke" takes no --scope'],
    [['list', 'extra'], 'unexpected argument'],
  ])('%j is a usage error', async (argv, message) => {
    const { code, err } = await run(...argv);
    expect(code).toBe(2);
    expect(err).toContain(message);
  });
});
