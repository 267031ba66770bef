/**
 * The store contract (test/store/contract/suite.ts) on D1 in workerd: the same behaviours as
 * on better-sqlite3, through `openD1`. Each test starts from emptied tables (the migrations
 * stay applied; keys keep counting, which the contract never relies on).
 */
import { env } from 'cloudflare:test';
import { openD1 } from '../../src/store/d1.ts';
import { storeContract } from '../store/contract/suite.ts';

interface RawD1 {
  prepare(query: string): { all<T>(): Promise<{ results: T[] }> };
  batch(statements: unknown[]): Promise<unknown>;
}

/** Empties every table of the schema (not D1's own), foreign keys checked at the end. */
async function emptyAll(): Promise<void> {
  const raw = env.DB as unknown as RawD1;
  const { results } = await raw
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_%'")
    .all<{ name: string }>();
  await raw.batch([raw.prepare('PRAGMA defer_foreign_keys = on'), ...results.map((r) => raw.prepare(`DELETE FROM "${r.name}"`))]);
}

storeContract({
  name: 'D1',
  open: async () => {
    await emptyAll();
    return openD1(env.DB);
  },
});
