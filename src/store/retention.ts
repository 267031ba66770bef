import { and, asc, eq, lt, lte } from 'drizzle-orm';
import { checkMessages, channels, checks } from '../../db/schema.ts';
import type { Db } from './database.ts';

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
  const channelPks = await db.select({ pk: channels.pk }).from(channels).orderBy(asc(channels.pk));
  for (const [i, { pk }] of channelPks.entries()) {
    // A pass over 100,000 channels is 200,000 small statements: let readers in regularly.
    if (i % 200 === 199) await new Promise((resolve) => setImmediate(resolve));
    for (;;) {
      // The time of the batch's last row: the `batchSize`-th oldest check before the cutoff.
      const [edge] = await db
        .select({ startedAt: checks.startedAt })
        .from(checks)
        .where(and(eq(checks.channelPk, pk), lt(checks.startedAt, cutoff)))
        .orderBy(asc(checks.startedAt))
        .limit(1)
        .offset(batchSize - 1);
      const upTo = edge ? lte(checks.startedAt, edge.startedAt) : lt(checks.startedAt, cutoff);
      const rows = await db
        .delete(checks)
        .where(and(eq(checks.channelPk, pk), upTo))
        .returning({ startedAt: checks.startedAt });
      deleted += rows.length;
      if (rows.length > 0) await new Promise((resolve) => setImmediate(resolve));
      if (!edge) break;
    }
  }
  await deleteCheckMessagesBefore(db, cutoff);
  return deleted;
}

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
