import { and, asc, eq, lt, sql } from 'drizzle-orm';
import { checkMessages, channels, checks } from '../../db/schema.ts';
import type { Db } from './database.ts';
import { preparedPerDb, type SyncDb } from './prepared-reads.ts';

/**
 * Deletes checks that started before `cutoff`, channel by channel (archived channels too),
 * at most about `batchSize` rows per statement, yielding between statements so API readers
 * never wait behind one long delete.
 *
 * `checks` is clustered by (channel, time), so a channel's old checks are one key range at
 * the start of its own: each batch is found by one seek, with no time index to maintain on
 * thousands of inserts a second. Then the messages no remaining check uses go too
 * (`deleteCheckMessagesBefore`). Returns how many checks were deleted.
 */
export async function deleteChecksBefore(db: Db, cutoff: number, batchSize = 5000): Promise<number> {
  let deleted = 0;
  const prepared = retentionStatements(db);
  const channelPks = await db.select({ pk: channels.pk }).from(channels).orderBy(asc(channels.pk));
  for (const [i, { pk }] of channelPks.entries()) {
    // A pass over 100,000 channels is 200,000 small statements: let readers in regularly.
    if (i % 200 === 199) await new Promise((resolve) => setImmediate(resolve));
    for (;;) {
      // The time of the batch's last row: the `batchSize`-th oldest check before the cutoff.
      const edge = prepared ? prepared.edge.get({ pk, cutoff, skip: batchSize - 1 }) : (await edgeQuery(db, pk, cutoff, batchSize - 1))[0];
      // Times are whole milliseconds: up to and including the edge is before edge + 1.
      const before = edge ? edge.startedAt + 1 : cutoff;
      const removed = prepared ? prepared.remove.run({ pk, before }).changes : (await removeQuery(db, pk, before)).length;
      deleted += removed;
      if (removed > 0) await new Promise((resolve) => setImmediate(resolve));
      if (!edge) break;
    }
  }
  await deleteCheckMessagesBefore(db, cutoff);
  return deleted;
}

function edgeQuery(db: Db, pk: number, cutoff: number, skip: number) {
  return db
    .select({ startedAt: checks.startedAt })
    .from(checks)
    .where(and(eq(checks.channelPk, pk), lt(checks.startedAt, cutoff)))
    .orderBy(asc(checks.startedAt))
    .limit(1)
    .offset(skip);
}

function removeQuery(db: Db, pk: number, before: number) {
  return db
    .delete(checks)
    .where(and(eq(checks.channelPk, pk), lt(checks.startedAt, before)))
    .returning({ startedAt: checks.startedAt });
}

/**
 * The two statements of a pass, prepared once per better-sqlite3 database: built through
 * drizzle for each of 100,000 channels every ten minutes, they cost seconds of CPU a pass.
 * D1 (undefined here) builds them each time.
 */
const retentionStatements = preparedPerDb((db: SyncDb) => ({
  // The same two statements as `edgeQuery` and `removeQuery`, with placeholders.
  edge: db
    .select({ startedAt: checks.startedAt })
    .from(checks)
    .where(and(eq(checks.channelPk, sql.placeholder('pk')), lt(checks.startedAt, sql.placeholder('cutoff'))))
    .orderBy(asc(checks.startedAt))
    .limit(1)
    .offset(sql.placeholder('skip'))
    .prepare(),
  remove: db
    .delete(checks)
    .where(and(eq(checks.channelPk, sql.placeholder('pk')), lt(checks.startedAt, sql.placeholder('before'))))
    .prepare(),
}));

/**
 * Deletes the stored messages whose newest check started before `cutoff`: once the checks
 * before `cutoff` are gone, nothing refers to them. Found by `last_seen`, never by scanning
 * `checks`. Returns how many were deleted.
 *
 * @example await deleteCheckMessagesBefore(db, now - retentionMs) // after deleting the checks
 */
export async function deleteCheckMessagesBefore(db: Db, cutoff: number): Promise<number> {
  const rows = await db.delete(checkMessages).where(lt(checkMessages.lastSeen, cutoff)).returning({ id: checkMessages.id });
  return rows.length;
}
