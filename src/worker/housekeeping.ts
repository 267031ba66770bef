/**
 * Housekeeping on Workers, run by the same cron as the probes: the history pass of Node
 * (hourly and daily rollups, rollup retention) every minute, and every ten minutes the
 * deletion of raw checks and reports past their retention. Node deletes checks channel by
 * channel (two statements each); here a statement covers up to 90 channels, since an
 * invocation may only make so many D1 queries.
 */
import { and, asc, eq, inArray, lt } from 'drizzle-orm';
import { channels, checks, meta } from '../../db/schema.ts';
import type { RetentionSettings } from '../domain/catalog.ts';
import { createHistoryHousekeeping, type PassReport } from '../history/housekeeping.ts';
import { rollupRetentionMs } from '../history/settings.ts';
import type { Logger } from '../log.ts';
import { REPORT_RETENTION_MS, deleteReportsBefore } from '../reports/store.ts';
import type { Database, Db } from '../store/database.ts';
import { deleteCheckMessagesBefore } from '../store/retention.ts';
import { WORKER_RETENTION_KEY } from './config.ts';

/** Raw checks are kept this long unless the config says otherwise (the config's default). */
const DEFAULT_CHECKS_MS = 14 * 86_400_000;
const CHANNELS_PER_DELETE = 90;

/** What one housekeeping run did. */
export interface HousekeepingReport {
  history: PassReport;
  deletedChecks: number;
  deletedReports: number;
}

/**
 * Runs the minute's housekeeping at `at`.
 *
 * @example await runHousekeeping(openD1(env.DB), controller.scheduledTime, log);
 */
export async function runHousekeeping(database: Database, at: number, log: Logger): Promise<HousekeepingReport> {
  const retention = await readRetention(database.db);
  const history = await createHistoryHousekeeping({ database, now: () => at, log, rollupRetentionMs: rollupRetentionMs(retention) }).pass();
  let deletedChecks = 0;
  let deletedReports = 0;
  if (Math.floor(at / 60_000) % 10 === 0) {
    deletedChecks = await deleteOldChecks(database.db, at - (retention.checksMs || DEFAULT_CHECKS_MS));
    deletedReports = await deleteReportsBefore(database.db, at - REPORT_RETENTION_MS);
    if (deletedChecks + deletedReports > 0) log.info('old checks deleted', { deleted: deletedChecks, reports: deletedReports });
  }
  return { history, deletedChecks, deletedReports };
}

async function readRetention(db: Db): Promise<RetentionSettings> {
  const rows = await db.select({ value: meta.value }).from(meta).where(eq(meta.key, WORKER_RETENTION_KEY));
  const value = rows[0]?.value;
  return value ? (JSON.parse(value) as RetentionSettings) : { checksMs: DEFAULT_CHECKS_MS };
}

/** Deletes checks that started before `cutoff`, archived channels' too; a range of each channel's key per statement. */
export async function deleteOldChecks(db: Db, cutoff: number): Promise<number> {
  const pks = (await db.select({ pk: channels.pk }).from(channels).orderBy(asc(channels.pk))).map((r) => r.pk);
  let deleted = 0;
  for (let i = 0; i < pks.length; i += CHANNELS_PER_DELETE) {
    const part = pks.slice(i, i + CHANNELS_PER_DELETE);
    const rows = await db
      .delete(checks)
      .where(and(inArray(checks.channelPk, part), lt(checks.startedAt, cutoff)))
      .returning({ startedAt: checks.startedAt });
    deleted += rows.length;
  }
  await deleteCheckMessagesBefore(db, cutoff);
  return deleted;
}
