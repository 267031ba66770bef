import { eq, sql } from 'drizzle-orm';
import { HISTORY_DAILY_RETENTION_KEY, HISTORY_WATERMARK_KEY, channels, checks, meta } from '../../db/schema.ts';
import { localDayStart, localHourStart, regroupRollups } from '../domain/history/index.ts';
import type { Logger } from '../log.ts';
import { catalogVersion } from '../store/reads.ts';
import type { Database } from '../store/database.ts';
import { loadHistoryChannels, settleMs, type HistoryChannel } from './channels.ts';
import { readWatermark } from './coverage.ts';
import { rollUpRaw } from './raw.ts';
import { deleteRollupsBefore, readRollups, replaceRollups, replaceRows, rowOf, type ChannelRollup, type RollupRow, type RollupSpan } from './rows.ts';

/**
 * The history housekeeping pass, run every minute: rolls up each local hour (and then each
 * local day) that has ended and settled, for every channel, and deletes rollups past their
 * retention. Progress is a watermark in `meta`; every period is recomputed whole from raw
 * checks and replaces its rows, so a pass cut short by a crash is simply done again.
 */

export interface HousekeepingOptions {
  database: Database;
  now: () => number;
  /** How long rollups are kept (`retention.rollups`). */
  rollupRetentionMs: number;
  log?: Logger;
  /** Channels rolled up between two yields to the event loop (default 500). */
  batchSize?: number;
  /** Hours of backlog one pass works through at most (default 24); the next pass goes on. */
  maxHoursPerPass?: number;
  /** How often hourly rollups are expired (default hourly). */
  retentionEveryMs?: number;
  /**
   * How often daily rollups are expired (default daily). Daily rows are keyed by channel, so
   * expiring them is a seek per channel (120,000 at full scale), and a day only ends once a day.
   */
  dailyRetentionEveryMs?: number;
}

/** What one pass did. */
export interface PassReport {
  /** The watermark after the pass (null when there was nothing to roll up yet). */
  watermark: number | null;
  hourlyRows: number;
  dailyRows: number;
  deletedRollups: number;
  ms: number;
}

export interface HistoryHousekeeping {
  pass(): Promise<PassReport>;
  /** Lets a running pass stop after its current batch (its step is redone next time) and waits for it. */
  stop(): Promise<void>;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Builds the housekeeping pass. Call `pass()` every minute (it never runs two at once when
 * scheduled with `noOverlap`); each pass does at most `maxHoursPerPass` hours of backlog.
 *
 * @example
 * const history = createHistoryHousekeeping({ database, now: Date.now, rollupRetentionMs: 400 * 86_400_000 });
 * cron.schedule('* * * * *', () => history.pass(), { noOverlap: true });
 */
export function createHistoryHousekeeping(options: HousekeepingOptions): HistoryHousekeeping {
  const { database, now } = options;
  const { db } = database;
  const batchSize = options.batchSize ?? 500;
  const maxHours = options.maxHoursPerPass ?? 24;
  const retentionEveryMs = options.retentionEveryMs ?? HOUR_MS;
  const dailyRetentionEveryMs = options.dailyRetentionEveryMs ?? DAY_MS;
  let lastRetention = Number.NEGATIVE_INFINITY;
  let stopping = false;
  let running: Promise<PassReport> | undefined;
  let cache: { version: string | null; loadedAt: number; channels: HistoryChannel[]; settle: number } | undefined;

  async function context(at: number) {
    const version = await catalogVersion(db);
    if (!cache || cache.version !== version || at - cache.loadedAt > HOUR_MS) {
      const list = await loadHistoryChannels(db, at - 2 * 86_400_000);
      cache = { version, loadedAt: at, channels: list, settle: settleMs(list.flatMap((c) => c.probes)) };
    }
    return cache;
  }

  /**
   * Rolls up the local hours that ended in `(w0, w1]` in every zone: computed batch by batch,
   * written together in key order (see `replaceRows`), then the local days that ended,
   * regrouped from their stored hours; yielding to the event loop between batches throughout.
   */
  async function rollUpStep(list: readonly HistoryChannel[], w0: number, w1: number): Promise<{ hourly: number; daily: number }> {
    const spans: RollupSpan[] = [];
    const rows: RollupRow[] = [];
    const days: { timezone: string; pks: number[]; from: number; to: number }[] = [];
    for (const [timezone, zoneChannels] of byZone(list)) {
      const hourFrom = localHourStart(w0, timezone);
      const hourTo = localHourStart(w1, timezone);
      if (!(hourFrom < hourTo)) continue;
      const dayFrom = localDayStart(w0, timezone);
      const dayTo = localDayStart(w1, timezone);
      for (let i = 0; i < zoneChannels.length; i += batchSize) {
        if (stopping) throw new Stopped();
        const batch = zoneChannels.slice(i, i + batchSize);
        const pks = batch.map((c) => c.pk);
        for (const [channelPk, rs] of await rollUpRaw(db, batch, hourFrom, hourTo, 'hour')) {
          for (const rollup of rs) rows.push(rowOf('hour', { channelPk, rollup }));
        }
        spans.push({ channelPks: pks, from: hourFrom, to: hourTo, timezone });
        if (dayFrom < dayTo) days.push({ timezone, pks, from: dayFrom, to: dayTo });
        await pause();
      }
    }
    await replaceRows(database, 'hour', spans, rows, between);
    let daily = 0;
    for (const { timezone, pks, from, to } of days) {
      if (stopping) throw new Stopped();
      const stored = await readRollups(db, 'hour', { channelPks: pks, from, to, timezone });
      const regrouped: ChannelRollup[] = [...stored].flatMap(([channelPk, rs]) => regroupRollups(rs, timezone, 'day').map((rollup) => ({ channelPk, rollup })));
      await replaceRollups(database, 'day', { channelPks: pks, from, to, timezone }, regrouped);
      daily += regrouped.length;
      await pause();
    }
    return { hourly: rows.length, daily };
  }

  /** Yields to the event loop between statements, and unwinds the pass once housekeeping stops. */
  async function between(): Promise<void> {
    await pause();
    if (stopping) throw new Stopped();
  }

  async function retention(at: number): Promise<number> {
    const cutoff = at - options.rollupRetentionMs;
    let deleted = 0;
    if (at - lastRetention >= retentionEveryMs) {
      deleted += await deleteRollupsBefore(database, 'hour', cutoff, { channelPks: [], between });
      lastRetention = at;
    }
    // The time of the last daily expiry is kept in `meta`, so a monitor restarted more often
    // than daily still expires days, and one restarted often does not walk every channel each time.
    const stored = (await db.select({ value: meta.value }).from(meta).where(eq(meta.key, HISTORY_DAILY_RETENTION_KEY)))[0]?.value;
    if (stored === undefined) {
      // The first pass of a database: start the clock instead of walking every channel while
      // the monitor starts up; rows can only be a day later than retention says, never lost early.
      await writeMeta(database, HISTORY_DAILY_RETENTION_KEY, at);
    } else if (at - Number(stored) >= dailyRetentionEveryMs) {
      // Archived channels too: their rollups expire like everyone's.
      const pks = (await db.select({ pk: channels.pk }).from(channels)).map((r) => r.pk);
      deleted += await deleteRollupsBefore(database, 'day', cutoff, { channelPks: pks, between });
      await writeMeta(database, HISTORY_DAILY_RETENTION_KEY, at);
    }
    return deleted;
  }

  async function pass(): Promise<PassReport> {
    const startedAt = performance.now();
    const at = now();
    const { channels: list, settle } = await context(at);
    const target = at - settle;
    let watermark = (await readWatermark(db)) ?? (await initialWatermark(database, target));
    let hourlyRows = 0;
    let dailyRows = 0;
    let deletedRollups = 0;
    try {
      for (let step = 0; step < maxHours && watermark < target; step++) {
        const next = Math.min(target, Math.floor(watermark / HOUR_MS) * HOUR_MS + HOUR_MS);
        const done = await rollUpStep(list, watermark, next);
        hourlyRows += done.hourly;
        dailyRows += done.daily;
        watermark = next;
        await writeWatermark(database, watermark);
      }
      deletedRollups = await retention(at);
    } catch (err) {
      if (!(err instanceof Stopped)) throw err;
    }
    const report = { watermark, hourlyRows, dailyRows, deletedRollups, ms: Math.round(performance.now() - startedAt) };
    if (hourlyRows + dailyRows + deletedRollups > 0) options.log?.info('history rolled up', { ...report, watermark: new Date(watermark).toISOString() });
    return report;
  }

  return {
    async pass() {
      if (stopping) return { watermark: await readWatermark(db), hourlyRows: 0, dailyRows: 0, deletedRollups: 0, ms: 0 };
      running = pass();
      try {
        return await running;
      } finally {
        running = undefined;
      }
    },
    async stop() {
      stopping = true;
      await running?.catch(() => undefined);
    },
  };
}

function pause(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Thrown inside a pass to unwind it when housekeeping stops. */
class Stopped extends Error {}

/** Channels grouped by their provider's zone: local hours and days are per zone. */
function byZone(list: readonly HistoryChannel[]): Map<string, HistoryChannel[]> {
  const groups = new Map<string, HistoryChannel[]>();
  for (const c of list) {
    if (c.probes.length === 0) continue; // nothing measures it, so it has no history
    const group = groups.get(c.timezone);
    if (group) group.push(c);
    else groups.set(c.timezone, [c]);
  }
  return groups;
}

/**
 * Where a new database's history starts: at its oldest raw check (found with an index seek
 * per channel), so an existing monitor gets rollups of everything it still has; with no
 * check at all, at `fallback`.
 */
async function initialWatermark(database: Database, fallback: number): Promise<number> {
  const rows = await database.db.values<[number | null]>(
    sql`SELECT min((SELECT min(${checks.startedAt}) FROM ${checks} WHERE ${checks.channelPk} = c.pk)) FROM ${channels} c`,
  );
  const oldest = rows[0]?.[0];
  const start = typeof oldest === 'number' ? Math.min(oldest, fallback) : fallback;
  await writeWatermark(database, start);
  return start;
}

function writeWatermark(database: Database, at: number): Promise<void> {
  return writeMeta(database, HISTORY_WATERMARK_KEY, at);
}

async function writeMeta(database: Database, key: string, at: number): Promise<void> {
  const row = { key, value: String(at) };
  await database.transact([database.db.insert(meta).values(row).onConflictDoUpdate({ target: meta.key, set: { value: row.value } })]);
}
