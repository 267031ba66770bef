import { eq } from 'drizzle-orm';
import { HISTORY_WATERMARK_KEY, meta } from '../../db/schema.ts';
import { localDayStart, localHourStart, type Rollup, type RollupUnit } from '../domain/history/index.ts';
import type { Db } from '../store/database.ts';
import { preparedReads } from '../store/prepared-reads.ts';
import type { HistoryChannel } from './channels.ts';
import { rollUpRaw } from './raw.ts';
import { readRollups, sumSeconds, type SecondsSum } from './rows.ts';

/**
 * A span of history from three sources that never overlap: daily rows for the complete
 * local days housekeeping has rolled up, hourly rows for its complete hours after them, and
 * for the rest (the open hour, and what housekeeping has not reached yet) a roll-up of raw
 * checks made on read.
 */

/** At most this much of a span is rolled up from raw checks on read, so a stopped housekeeping pass cannot make reads slow. */
export const MAX_LIVE_SPAN_MS = 48 * 3_600_000;

/** The instant housekeeping has rolled up to: every local hour that ended by then has its row. Null before its first pass. */
export async function readWatermark(db: Db): Promise<number | null> {
  const prepared = preparedReads(db);
  const text = prepared
    ? prepared.metaValue(HISTORY_WATERMARK_KEY)
    : (await db.select({ value: meta.value }).from(meta).where(eq(meta.key, HISTORY_WATERMARK_KEY)))[0]?.value;
  const value = Number(text);
  return text !== undefined && text !== null && Number.isFinite(value) ? value : null;
}

/** Where stored rows end in a zone: hourly rows before `hourEdge`, daily rows before `dayEdge`. */
export interface Edges {
  hourEdge: number;
  dayEdge: number;
  /** Raw checks are rolled up from here on (at or after `hourEdge`). */
  liveFrom: number;
}

/**
 * The edges for a zone given the watermark. Without one nothing is stored yet, and the
 * whole span (up to `MAX_LIVE_SPAN_MS`) comes from raw checks.
 */
export function edgesOf(watermark: number | null, timezone: string, now: number): Edges {
  const cap = localHourStart(now - MAX_LIVE_SPAN_MS, timezone);
  if (watermark === null) return { hourEdge: cap, dayEdge: cap, liveFrom: cap };
  const hourEdge = localHourStart(Math.min(watermark, now), timezone);
  const dayEdge = Math.min(localDayStart(Math.min(watermark, now), timezone), hourEdge);
  return { hourEdge, dayEdge, liveFrom: Math.max(hourEdge, cap) };
}

/**
 * The channels' rollups covering `[from, now)`, `from` being a local day start (with
 * `unit: 'day'`) or a local hour start (`unit: 'hour'`, which reads no daily row): daily
 * rows, then hourly rows, then hourly roll-ups of raw checks, in time order. All channels
 * must share a zone (one provider's channels do).
 */
export async function rollupsSince(
  db: Db,
  channelList: readonly HistoryChannel[],
  from: number,
  now: number,
  unit: RollupUnit,
  edges: Edges,
  withLatency = true,
): Promise<Map<number, Rollup[]>> {
  const pks = channelList.map((c) => c.pk);
  const timezone = channelList[0]?.timezone ?? 'UTC';
  const hourFrom = unit === 'day' ? Math.max(from, edges.dayEdge) : from;
  const [daily, hourly, live] = await Promise.all([
    unit === 'day' ? readRollups(db, 'day', { channelPks: pks, from, to: edges.dayEdge, timezone }, withLatency) : new Map<number, Rollup[]>(),
    readRollups(db, 'hour', { channelPks: pks, from: hourFrom, to: edges.hourEdge, timezone }, withLatency),
    rollUpRaw(db, channelList, Math.max(from, edges.liveFrom), now, 'hour'),
  ]);
  const out = new Map<number, Rollup[]>();
  for (const pk of pks) out.set(pk, [...(daily.get(pk) ?? []), ...(hourly.get(pk) ?? []), ...(live.get(pk) ?? [])]);
  return out;
}

/** A span whose uptime is summed: from a local hour start (`hour`) or local day start (`day`) to now. */
export interface SumSpan {
  from: number;
  unit: RollupUnit;
}

/**
 * Good and down seconds of each channel over each span (all ending `now`), summed in SQL from
 * the stored rows plus the raw roll-up of the open part: one query per table and one raw read
 * for all channels and spans together. All channels must share a zone.
 */
export async function sumsSince(
  db: Db,
  channelList: readonly HistoryChannel[],
  spans: readonly SumSpan[],
  now: number,
  edges: Edges,
): Promise<Map<number, SecondsSum[]>> {
  const pks = channelList.map((c) => c.pk);
  const timezone = channelList[0]?.timezone ?? 'UTC';
  const dayParts = spans.map((s) => (s.unit === 'day' ? { from: s.from, to: edges.dayEdge } : { from: 0, to: 0 }));
  const hourParts = spans.map((s) => ({ from: s.unit === 'day' ? Math.max(s.from, edges.dayEdge) : s.from, to: edges.hourEdge }));
  const liveFrom = Math.max(edges.liveFrom, Math.min(...spans.map((s) => s.from)));
  const [days, hours, live] = await Promise.all([
    sumSeconds(db, 'day', pks, timezone, dayParts),
    sumSeconds(db, 'hour', pks, timezone, hourParts),
    rollUpRaw(db, channelList, liveFrom, now, 'hour'),
  ]);
  const out = new Map<number, SecondsSum[]>();
  for (const pk of pks) {
    const d = days.get(pk)!;
    const h = hours.get(pk)!;
    const sums = spans.map((_, i) => ({ good: d[i]!.good + h[i]!.good, down: d[i]!.down + h[i]!.down }));
    for (const r of live.get(pk) ?? []) {
      spans.forEach((s, i) => {
        if (r.start < s.from) return;
        sums[i]!.good += r.seconds.up + r.seconds.degraded;
        sums[i]!.down += r.seconds.down;
      });
    }
    out.set(pk, sums);
  }
  return out;
}

/**
 * Uptime as a fraction from sums: `good / (good + down)`, `null` when nothing was measured.
 *
 * @example uptimeFraction({ good: 2700, down: 900 }) // 0.75
 */
export function uptimeFraction(sum: SecondsSum): number | null {
  const measured = sum.good + sum.down;
  return measured > 0 ? sum.good / measured : null;
}
