import { sql, type SQL } from 'drizzle-orm';
import { rollupsDaily, rollupsHourly } from '../../db/schema.ts';
import {
  decodeHistogramBytes,
  emptyHistogram,
  encodeHistogramBytes,
  splitByPeriod,
  wholeSeconds,
  type Rollup,
  type RollupUnit,
} from '../domain/history/index.ts';
import type { Database, Db, Statement } from '../store/database.ts';
import { KEY_CHANNELS, KEY_EPOCH, KEY_MINUTES, channelRuns, minuteOf, rollupKey, splitKey } from './keys.ts';

/**
 * Rollup rows in and out: `rollups_hourly` and `rollups_daily`, one row per channel and
 * complete local period (see `db/schema.ts` and the key layouts in `keys.ts`). Reads go by
 * key range, so they are index seeks whatever the table's size.
 */

type RollupTable = typeof rollupsHourly;

/** The table of a unit. Both have the same columns; drizzle's generics only differ in the name. */
export function rollupTable(unit: RollupUnit): RollupTable {
  return unit === 'hour' ? rollupsHourly : (rollupsDaily as unknown as RollupTable);
}

/** Channels per statement. */
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
 * @example rowValues('day', 1, rollup) // "(67108924,3600,0,0,0,0,60,0,0,0,0,X'3005310c')"
 */
export function rowValues(unit: RollupUnit, channelPk: number, r: Rollup): string {
  const s = wholeSeconds(r.seconds);
  const c = r.checks;
  const counts = [s.up, s.degraded, s.down, s.closed, s.maintenance, c.up, c.degraded, c.down, c.closed, c.maintenance];
  if (!counts.every((n) => Number.isSafeInteger(n) && n >= 0)) throw new RangeError(`rollup counts must be whole numbers, got ${counts.join(', ')}`);
  const latency = encodeHistogramBytes(r.latency);
  return `(${rollupKey(unit, channelPk, r.start)},${counts.join(',')},${latency ? `X'${hex(latency)}'` : 'NULL'})`;
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
function fromValues(unit: RollupUnit, v: readonly unknown[], withLatency: boolean): ChannelRollup {
  const n = v as number[];
  const { channelPk, start } = splitKey(unit, n[0]!);
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

/** Some channels (all of one zone) and the periods starting in `[from, to)` of that zone. */
export interface RollupSpan {
  channelPks: readonly number[];
  from: number;
  to: number;
  timezone: string;
}

/** What selects a span's rows (`r`), the SQL naming each row's channel, and its period's minute. */
interface SpanRows {
  from: SQL;
  channel: string;
  minute: string;
}

/**
 * The rows of a span, as index seeks (see `keys.ts`), or null when the span holds no period.
 * Daily rows: a list of channel keys joined by rowid range, one range per channel. Hourly
 * rows: the span's local hours crossed with the channels' runs of consecutive keys, one range
 * per hour and run. (A `WHERE` of OR-ed ranges plans the same, but SQLite takes ~10 µs a range
 * just to compile it.) Every number is made here, so the text is safe to splice.
 */
function spanRows(unit: RollupUnit, span: RollupSpan): SpanRows | null {
  const table = rollupTable(unit);
  if (span.channelPks.length === 0 || !(span.from < span.to)) return null;
  if (unit === 'day') {
    const list = [...span.channelPks].sort((a, b) => a - b).map((pk) => `(${Math.trunc(pk)})`);
    const lo = `${KEY_MINUTES} + ${minuteOf(span.from)}`;
    const hi = `${KEY_MINUTES} + ${minuteOf(span.to)}`;
    return {
      from: sql`(VALUES ${sql.raw(list.join(','))}) AS ch JOIN ${table} AS r ON r.key >= ch.column1 * ${sql.raw(lo)} AND r.key < ch.column1 * ${sql.raw(hi)}`,
      channel: 'ch.column1',
      minute: `(r.key % ${KEY_MINUTES})`,
    };
  }
  const hours = splitByPeriod(span.from, span.to, span.timezone, 'hour')
    .filter((p) => p.start >= span.from)
    .map((p) => `(${minuteOf(p.start)})`);
  if (hours.length === 0) return null;
  const runs = channelRuns(span.channelPks).map(([first, last]) => `(${Math.trunc(first)}, ${Math.trunc(last)})`);
  return {
    from: sql`(VALUES ${sql.raw(hours.join(','))}) AS hr JOIN (VALUES ${sql.raw(runs.join(','))}) AS rn JOIN ${table} AS r ON r.key >= hr.column1 * ${sql.raw(String(KEY_CHANNELS))} + rn.column1 AND r.key <= hr.column1 * ${sql.raw(String(KEY_CHANNELS))} + rn.column2`,
    channel: `(r.key % ${KEY_CHANNELS})`,
    minute: 'hr.column1',
  };
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
export async function replaceRollups(database: Database, unit: RollupUnit, span: RollupSpan, rollups: readonly ChannelRollup[]): Promise<void> {
  await replaceRows(
    database,
    unit,
    [span],
    rollups.map((r) => rowOf(unit, r)),
  );
}

/** A rollup ready to write: its key and its `VALUES` tuple. */
export interface RollupRow {
  key: number;
  values: string;
}

/** `rowValues` with the key to sort by. */
export function rowOf(unit: RollupUnit, r: ChannelRollup): RollupRow {
  return { key: rollupKey(unit, r.channelPk, r.rollup.start), values: rowValues(unit, r.channelPk, r.rollup) };
}

/**
 * `replaceRollups` for several spans at once (housekeeping's hour of every zone), rows
 * inserted in key order: hourly keys are time-major, so an hour of every channel is appended
 * at the end of the table and fills whole pages, where zone after zone would insert into the
 * middle of the ones just written and leave them half empty.
 *
 * In one transaction, or with `between` one transaction per statement (a few hundred rows)
 * and `between()` awaited after each, so a large step never holds the event loop or the write
 * lock for long. Housekeeping may do that because readers only read rows behind the watermark,
 * which moves once the whole step is written.
 */
export async function replaceRows(
  database: Database,
  unit: RollupUnit,
  spans: readonly RollupSpan[],
  rows: readonly RollupRow[],
  between?: () => Promise<void>,
): Promise<void> {
  const table = rollupTable(unit);
  const { db } = database;
  const statements: Statement[] = [];
  for (const span of spans) {
    for (const part of chunks(span.channelPks, CHANNELS_PER_STATEMENT)) {
      const selected = spanRows(unit, { ...span, channelPks: part });
      if (selected) statements.push(db.delete(table).where(sql`key IN (SELECT r.key FROM ${selected.from})`));
    }
  }
  const values = [...rows].sort((a, b) => a.key - b.key).map((r) => r.values);
  for (const part of chunks(values, ROWS_PER_INSERT)) statements.push(db.insert(table).select(sql.raw(`VALUES ${part.join(',')}`)));
  if (!between) return database.transact(statements);
  for (const statement of statements) {
    await database.transact([statement]);
    await between();
  }
}

/**
 * The channels' stored rollups of the span's periods, by channel, in time order.
 * `withLatency: false` skips decoding histograms (uptime needs none).
 */
export async function readRollups(db: Db, unit: RollupUnit, span: RollupSpan, withLatency = true): Promise<Map<number, Rollup[]>> {
  const byChannel = new Map<number, Rollup[]>();
  const columns = withLatency ? sql`${COLUMNS}, r.latency` : COLUMNS;
  for (const part of chunks(span.channelPks, CHANNELS_PER_STATEMENT)) {
    const rows = spanRows(unit, { ...span, channelPks: part });
    if (!rows) continue;
    for (const v of await db.values(sql`SELECT ${columns} FROM ${rows.from}`)) {
      const { channelPk, rollup } = fromValues(unit, v, withLatency);
      const list = byChannel.get(channelPk);
      if (list) list.push(rollup);
      else byChannel.set(channelPk, [rollup]);
    }
  }
  for (const list of byChannel.values()) list.sort((a, b) => a.start - b.start);
  return byChannel;
}

/** Good (up + degraded), down, and all measured seconds of a span. */
export interface SecondsSum {
  good: number;
  down: number;
}

/**
 * Sums of good and down seconds of each channel over each of `spans` (periods starting in
 * `[from, to)`, local to `timezone`), added up in SQL in one pass over the union of the spans:
 * what uptime needs, without reading the rows. Channels without rows get zeroes.
 */
export async function sumSeconds(
  db: Db,
  unit: RollupUnit,
  channelPks: readonly number[],
  timezone: string,
  spans: readonly { from: number; to: number }[],
): Promise<Map<number, SecondsSum[]>> {
  const sums = new Map<number, SecondsSum[]>(channelPks.map((pk) => [pk, spans.map(() => ({ good: 0, down: 0 }))]));
  const live = spans.filter((s) => s.from < s.to);
  if (live.length === 0) return sums;
  const union = { from: Math.min(...live.map((s) => s.from)), to: Math.max(...live.map((s) => s.to)), timezone };
  for (const part of chunks(channelPks, CHANNELS_PER_STATEMENT)) {
    const rows = spanRows(unit, { ...union, channelPks: part });
    if (!rows) continue;
    const columns = spans.map((s) => {
      const inSpan = s.from < s.to ? `${rows.minute} >= ${minuteOf(s.from)} AND ${rows.minute} < ${minuteOf(s.to)}` : '0';
      return `sum(CASE WHEN ${inSpan} THEN r.up_seconds + r.degraded_seconds ELSE 0 END), sum(CASE WHEN ${inSpan} THEN r.down_seconds ELSE 0 END)`;
    });
    const result = await db.values<number[]>(sql`SELECT ${sql.raw(`${rows.channel}, ${columns.join(', ')}`)} FROM ${rows.from} GROUP BY 1`);
    for (const row of result) {
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
 * Deletes rollups of periods that started before `cutoff`, in batches, yielding between them
 * so readers never wait behind one long delete. Hourly rows are time-major, so the old ones
 * are the start of the table: `batchSize` rows a statement. Daily rows go by channel ranges,
 * `channelsPerBatch` channels a statement (pass every channel, archived ones too). `between`
 * runs between statements (default: yield to the event loop; it may throw to stop early).
 * Returns how many rows went.
 */
export async function deleteRollupsBefore(
  database: Database,
  unit: RollupUnit,
  cutoff: number,
  options: { channelPks: readonly number[]; batchSize?: number; channelsPerBatch?: number; between?: () => Promise<void> },
): Promise<number> {
  const table = rollupTable(unit);
  const pause = options.between ?? (() => new Promise<void>((resolve) => setImmediate(resolve)));
  let deleted = 0;
  if (unit === 'hour') {
    const batchSize = options.batchSize ?? 5000;
    const below = minuteOf(cutoff) * KEY_CHANNELS;
    for (;;) {
      const result = await database.db.run(sql`DELETE FROM ${table} WHERE key IN (SELECT key FROM ${table} WHERE key < ${below} ORDER BY key LIMIT ${batchSize})`);
      const n = changesOf(result);
      deleted += n;
      if (n < batchSize) return deleted;
      await pause();
    }
  }
  for (const part of chunks(options.channelPks, Math.min(options.channelsPerBatch ?? CHANNELS_PER_STATEMENT, CHANNELS_PER_STATEMENT))) {
    const rows = spanRows(unit, { channelPks: part, from: KEY_EPOCH, to: cutoff, timezone: 'UTC' });
    if (!rows) continue;
    deleted += changesOf(await database.db.run(sql`DELETE FROM ${table} WHERE key IN (SELECT r.key FROM ${rows.from})`));
    await pause();
  }
  return deleted;
}

/** Rows a write changed: better-sqlite3 says `changes`, D1 `meta.changes`. */
function changesOf(result: unknown): number {
  const r = result as { changes?: number; meta?: { changes?: number } } | undefined;
  return r?.changes ?? r?.meta?.changes ?? 0;
}
