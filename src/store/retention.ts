import { and, asc, lt, lte } from 'drizzle-orm';
import { checks } from '../../db/schema.ts';
import type { Db } from './database.ts';

/**
 * Deletes checks that started before `cutoff`, oldest first, `batchSize` rows per statement,
 * yielding between statements so API readers never wait behind one long delete.
 * Check ids grow with time (they are inserted in batches as they finish), so the oldest rows
 * sit at the start of the table and each batch is found without a time index.
 * Returns how many rows were deleted.
 */
export async function deleteChecksBefore(db: Db, cutoff: number, batchSize = 5000): Promise<number> {
  let deleted = 0;
  for (;;) {
    const batch = await db
      .select({ id: checks.id })
      .from(checks)
      .where(lt(checks.startedAt, cutoff))
      .orderBy(asc(checks.id))
      .limit(batchSize);
    const last = batch.at(-1);
    if (!last) return deleted;
    await db.delete(checks).where(and(lte(checks.id, last.id), lt(checks.startedAt, cutoff)));
    deleted += batch.length;
    if (batch.length < batchSize) return deleted;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
