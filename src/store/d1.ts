/**
 * The D1 driver of the store (Cloudflare Workers): the same drizzle schema and queries as
 * better-sqlite3, through `drizzle-orm/d1`. D1 has no interactive transactions; `db.batch()`
 * runs its statements as one implicit transaction, which is what `transact` promises.
 */
import { drizzle } from 'drizzle-orm/d1';
import * as schema from '../../db/schema.ts';
import type { Database, Statement } from './database.ts';

/**
 * The part of a Workers `D1Database` binding this file relies on. Typed here rather than with
 * `@cloudflare/workers-types`, whose globals clash with `@types/node` in the one tsconfig.
 */
export interface D1Binding {
  prepare(query: string): unknown;
  batch(statements: unknown[]): Promise<unknown[]>;
  exec(query: string): Promise<unknown>;
}

/** D1 refuses a statement with more bound parameters than this. */
export const D1_MAX_BOUND_PARAMETERS = 100;

/**
 * A store database over a D1 binding. Migrations are applied outside (`wrangler d1 migrations
 * apply`, or `applyD1Migrations` in tests), from the same `db/migrations` folder Node applies.
 *
 * @example
 * export default { fetch: (req, env) => createApp({ database: openD1(env.DB), … }).fetch(req) };
 */
export function openD1(binding: D1Binding): Database {
  // drizzle types its client with the Workers globals; the binding is that object at run time.
  const db = drizzle(binding as unknown as Parameters<typeof drizzle>[0], { schema });
  return {
    db,
    maxBoundParameters: D1_MAX_BOUND_PARAMETERS,
    async transact(statements: Statement[], first?: () => void): Promise<void> {
      // Only synchronous drivers hand over their own writes; D1 offers no such fast path.
      if (first) throw new Error('D1 cannot run synchronous writes inside a batch');
      if (statements.length === 0) return;
      await db.batch(statements as [Statement, ...Statement[]]);
    },
  };
}
