import { sql, type SQL } from 'drizzle-orm';
import { rollupsDaily, rollupsHourly } from '../../db/schema.ts';
import {
  decodeHistogramBytes,
  emptyHistogram,
  encodeHistogramBytes,
  wholeSeconds,
  type Rollup,
  type RollupUnit,
} from '../domain/history/index.ts';
import type { Database, Db, Statement } from '../store/database.ts';
import { KEY_CHANNEL_FACTOR, minuteOf, rollupKey, splitKey } from './keys.ts';

/**
 * Rollup rows in and out: `rollups_hourly` and `rollups_daily`, one row per channel and
 * complete local period (see `db/schema.ts`). Reads go by key range, so they are index seeks
 * whatever the table's size.
 */

type RollupTable = typeof rollupsHourly;

/** The table of a unit. Both have the same columns; drizzle's generics only differ in the name. */
export function rollupTable(unit: RollupUnit): RollupTable {
  return unit === 'hour' ? rollupsHourly : (rollupsDaily as unknown as RollupTable);
}

/** Channels per statement: one rowid range each. */
const CHANNELS_PER_STATEMENT = 400;
/** Rows per INSERT statement (about 40 bytes of SQL text each). */
const ROWS_PER_INSERT = 500;

/** A channel's rollup, as written. */
export interface ChannelRollup {
  channelPk: number;
  rollup: Rollup;
}

/**
 * The stored row of a rollup as an SQL `VALUES` tuple in column order: whole seconds that add
 * up, check counts, and the histogram bytes as a blob literal. Every part is an integer or hex
 * digits made here, so the text is safe to splice; statements of literal rows skip the
 * per-value binding that made drizzle's builder cost ~100 µs a row.
 *
 * @example rowValues(1, rollup) // "(67108924,3600,0,0,0,0,60,0,0,0,0,X'3005310c')"
 */
export function rowValues(channelPk: number, r: Rollup): string {
  const s = wholeSeconds(r.seconds);
  const c = r.checks;
  const counts = [s.up, s.degraded, s.down, s.closed, s.maintenance, c.up, c.degraded, c.down, c.closed, c.maintenance];
  if (!counts.every((n) => Number.isSafeInteger(n) && n >= 0)) throw new RangeError(`rollup counts must be whole numbers, got ${counts.join(', ')}`);
  const latency = encodeHistogramBytes(r.latency);
  return `(${rollupKey(channelPk, r.start)},${counts.join(',')},${latency ? `X'${hex(latency)}'` : 'NULL'})`;
}

function hex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += (b < 16 ? '0' : '') + b.toString(16);
  return out;
}

/** Columns in the order `fromValues` reads them. */
const COLUMNS = sql.raw(
  'r.key, r.up_seconds, r.degraded_seconds, r.down_seconds, r.closed_seconds, r.maintenance_seconds, r.up_checks, r.degraded_checks, r.down_checks, r.closed_checks, r.maintenance_checks',
);

/** A row read with `COLUMNS` (and the latency BLOB last, when asked for) back as a rollup. */
function fromValues(v: readonly unknown[], withLatency: boolean): ChannelRollup {
  const n = v as number[];
  const { channelPk, start } = splitKey(n[0]!);
  return {
    channelPk,
    rollup: {
      start,
      seconds: { up: n[1]!, degraded: n[2]!, down: n[3]!, closed: n[4]!, maintenance: n[5]! },
      checks: { up: n[6]!, degraded: n[7]!, down: n[8]!, closed: n[9]!, maintenance: n[10]! },
      latency: withLatency ? decodeHistogramBytes(v[11] as Uint8Array | null) : emptyHistogram(),
    },
  };
}

/**
 * `FROM` the channels' rows of periods starting in `[from, to)`, the rows named `r`: a list of
 * channel keys joined to the table by rowid range, so each channel is one seek. (A `WHERE` of
 * OR-ed ranges plans the same, but SQLite takes ~10 µs a range just to compile it.)
 */
function fromChannels(table: RollupTable, channelPks: readonly number[], from: number, to: number): SQL {
  // Ascending, so rows come out in key order (channel, then time) without a sort.
  const list = [...channelPks].sort((a, b) => a - b).map((pk) => `(${Math.trunc(pk)})`).join(',');
  const lo = minuteOf(from);
  const hi = minuteOf(to);
  return sql`(VALUES ${sql.raw(list)}) AS ch JOIN ${table} AS r ON r.key >= ch.column1 * ${sql.raw(`${KEY_CHANNEL_FACTOR} + ${lo}`)} AND r.key < ch.column1 * ${sql.raw(`${KEY_CHANNEL_FACTOR} + ${hi}`)}`;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Replaces the channels' rollups of every period starting in `[from, to)` with `rollups`
 * (which must lie in that span), atomically: periods that now have no rollup lose their
 * old row, so recomputing a span always leaves exactly what the computation gave.
 */
export async function replaceRollups(
  database: Database,
  unit: RollupUnit,
  span: { channelPks: readonly number[]; from: number; to: number },
  rollups: readonly ChannelRollup[],
): Promise<void> {
  const table = rollupTable(unit);
  const { db } = database;
  const statements: Statement[] = [];
  for (const part of chunks(span.channelPks, CHANNELS_PER_STATEMENT)) {
    statements.push(db.delete(table).where(sql`key IN (SELECT r.key FROM ${fromChannels(table, part, span.from, span.to)})`));
  }
  const rows = rollups.map((r) => rowValues(r.channelPk, r.rollup));
  for (const part of chunks(rows, ROWS_PER_INSERT)) statements.push(db.insert(table).select(sql.raw(`VALUES ${part.join(',')}`)));
  await database.transact(statements);
}

/**
 * The channels' stored rollups of periods starting in `[from, to)`, by channel, in time
 * order. `withLatency: false` skips decoding histograms (uptime needs none).
 */
export async function readRollups(
  db: Db,
  unit: RollupUnit,
  channelPks: readonly number[],
  from: number,
  to: number,
  withLatency = true,
): Promise<Map<number, Rollup[]>> {
  const byChannel = new Map<number, Rollup[]>();
  if (!(from < to)) return byChannel;
  const table = rollupTable(unit);
  const columns = withLatency ? sql`${COLUMNS}, r.latency` : COLUMNS;
  for (const part of chunks(channelPks, CHANNELS_PER_STATEMENT)) {
    const rows = await db.values(sql`SELECT ${columns} FROM ${fromChannels(table, part, from, to)}`);
    for (const v of rows) {
      const { channelPk, rollup } = fromValues(v, withLatency);
      const list = byChannel.get(channelPk);
      if (list) list.push(rollup);
      else byChannel.set(channelPk, [rollup]);
    }
  }
  return byChannel;
}

/** Good (up + degraded), down, and all measured seconds of a span. */
export interface SecondsSum {
  good: number;
  down: number;
}

/**
 * Sums of good and down seconds of each channel over each of `spans`, added up in SQL (one
 * pass over the union of the spans, a rowid seek per channel): what uptime needs, without
 * reading the rows. Channels without rows get zeroes.
 */
export async function sumSeconds(
  db: Db,
  unit: RollupUnit,
  channelPks: readonly number[],
  spans: readonly { from: number; to: number }[],
): Promise<Map<number, SecondsSum[]>> {
  const sums = new Map<number, SecondsSum[]>(channelPks.map((pk) => [pk, spans.map(() => ({ good: 0, down: 0 }))]));
  const live = spans.filter((s) => s.from < s.to);
  if (live.length === 0 || channelPks.length === 0) return sums;
  const from = Math.min(...live.map((s) => s.from));
  const to = Math.max(...live.map((s) => s.to));
  const table = rollupTable(unit);
  const minute = `(r.key % ${KEY_CHANNEL_FACTOR})`;
  const columns = spans.map((s) => {
    const inSpan = `${minute} >= ${minuteOf(s.from)} AND ${minute} < ${minuteOf(s.to)}`;
    return `sum(CASE WHEN ${inSpan} THEN r.up_seconds + r.degraded_seconds ELSE 0 END), sum(CASE WHEN ${inSpan} THEN r.down_seconds ELSE 0 END)`;
  });
  for (const part of chunks(channelPks, CHANNELS_PER_STATEMENT)) {
    const rows = await db.values<number[]>(
      sql`SELECT ch.column1, ${sql.raw(columns.join(', '))} FROM ${fromChannels(table, part, from, to)} GROUP BY ch.column1`,
    );
    for (const row of rows) {
      const list = sums.get(row[0]!);
      if (!list) continue;
      spans.forEach((_, i) => {
        list[i] = { good: row[1 + 2 * i] ?? 0, down: row[2 + 2 * i] ?? 0 };
      });
    }
  }
  return sums;
}

/**
 * Deletes the channels' rollups of periods that started before `cutoff`, `channelsPerBatch`
 * channels per statement, yielding between statements so readers never wait behind one long
 * delete. Returns how many rows went.
 */
export async function deleteRollupsBefore(
  database: Database,
  unit: RollupUnit,
  channelPks: readonly number[],
  cutoff: number,
  channelsPerBatch = 100,
): Promise<number> {
  const table = rollupTable(unit);
  let deleted = 0;
  for (const part of chunks(channelPks, Math.min(channelsPerBatch, CHANNELS_PER_STATEMENT))) {
    const result = await database.db.run(sql`DELETE FROM ${table} WHERE key IN (SELECT r.key FROM ${fromChannels(table, part, 0, cutoff)})`);
    deleted += changesOf(result);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return deleted;
}

/** Rows a write changed: better-sqlite3 says `changes`, D1 `meta.changes`. */
function changesOf(result: unknown): number {
  const r = result as { changes?: number; meta?: { changes?: number } } | undefined;
  return r?.changes ?? r?.meta?.changes ?? 0;
}
