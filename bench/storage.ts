/**
 * Bytes on disk per check after an hour's worth of checks. A bench window is minutes long, so
 * the checks the monitor stored in it are written again, shifted by whole windows, through the
 * monitor's own write path (`writeBatch`, batches of 2,000 in time order, as the batch writer
 * does) until every channel has an hour of checks. The rows are the monitor's own: the same
 * outcomes, phases and messages, the same channels in the same order; only their times move.
 */
import { statSync } from 'node:fs';
import { asc, eq, getTableColumns } from 'drizzle-orm';
import { checkMessages, checks } from '../db/schema.ts';
import { openSqlite } from '../src/store/sqlite.ts';
import { writeBatch, type CheckRow } from '../src/store/writes.ts';
import { round } from './report.ts';

export interface StorageResult {
  /** Checks the monitor stored in its window, and after the fill. */
  checksFromRun: number;
  checks: number;
  /** Hours of checks per channel at the probes' interval. */
  hoursCovered: number;
  fillSeconds: number;
  rowsPerSecondWritten: number;
  /** Database + WAL as the monitor's own writes left them, per check. */
  bytesPerCheck: number;
  /** The same after a TRUNCATE checkpoint (WAL folded in). */
  bytesPerCheckAtRest: number;
  /**
   * The checks table and its indexes alone, with the messages they refer to (`check_messages`),
   * per check (SQLite `dbstat`); null without dbstat. The rest of `bytesPerCheckAtRest` is the
   * catalog (probes, channels …), states and alerts, a fixed cost per channel and not per check.
   */
  checksBytesPerCheck: number | null;
  dbBytes: number;
  walBytes: number;
}

const BATCH = 2000;

/** Fills the database at `path` to one hour of checks per channel and measures it. */
export async function fillToAnHour(path: string, options: { channels: number; intervalMs: number }): Promise<StorageResult> {
  const handle = openSqlite(path);
  try {
    const { messageId: _, ...columns } = getTableColumns(checks);
    const rows: CheckRow[] = await handle.db
      .select({ ...columns, message: checkMessages.text })
      .from(checks)
      .leftJoin(checkMessages, eq(checkMessages.id, checks.messageId))
      .orderBy(asc(checks.startedAt));
    const first = rows[0];
    const last = rows.at(-1);
    if (!first || !last) throw new Error('storage: the monitor stored no checks to measure');
    // The window the rows span, rounded up to whole intervals, so shifted copies never overlap.
    const span = Math.ceil((last.startedAt - first.startedAt + 1) / options.intervalMs) * options.intervalMs;
    const target = Math.ceil((options.channels * 3_600_000) / options.intervalMs);
    const t0 = performance.now();
    let total = rows.length;
    for (let shift = span; total < target; shift += span) {
      for (let i = 0; i < rows.length && total < target; i += BATCH) {
        const batch = rows.slice(i, Math.min(i + BATCH, i + target - total)).map((row) => ({ ...row, startedAt: row.startedAt + shift }));
        await writeBatch(handle, batch, []);
        total += batch.length;
      }
    }
    const fillSeconds = (performance.now() - t0) / 1000;
    const dbBytes = fileSize(path);
    const walBytes = fileSize(`${path}-wal`);
    handle.raw.pragma('wal_checkpoint(TRUNCATE)');
    const atRest = fileSize(path) + fileSize(`${path}-wal`);
    return {
      checksFromRun: rows.length,
      checks: total,
      hoursCovered: round((total * options.intervalMs) / options.channels / 3_600_000, 2),
      fillSeconds: round(fillSeconds),
      rowsPerSecondWritten: round((total - rows.length) / fillSeconds),
      bytesPerCheck: round((dbBytes + walBytes) / total),
      bytesPerCheckAtRest: round(atRest / total),
      checksBytesPerCheck: checksTableBytes(handle.raw, total),
      dbBytes,
      walBytes,
    };
  } finally {
    handle.close();
  }
}

function checksTableBytes(raw: ReturnType<typeof openSqlite>['raw'], total: number): number | null {
  try {
    const names = (raw.prepare("SELECT name FROM sqlite_master WHERE tbl_name IN ('checks', 'check_messages')").all() as { name: string }[]).map((r) => r.name);
    const placeholders = names.map(() => '?').join(', ');
    const { bytes } = raw.prepare(`SELECT sum(pgsize) AS bytes FROM dbstat WHERE name IN (${placeholders})`).get(...names) as { bytes: number };
    return round(bytes / total);
  } catch {
    return null; // dbstat is a compile-time option
  }
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
