import {
  dailyBars,
  daysBack,
  fiveMinuteStart,
  heatmap,
  histogramOf,
  latencySeries,
  stepStarts,
  windowStart,
  type HeatmapCell,
  type HistoryWindow,
  type LatencyPoint,
  type LatencyStep,
  type RollupState,
} from '../domain/history/index.ts';
import type { Db } from '../store/database.ts';
import { listIncidentSpans, type IncidentSpan } from '../store/reads.ts';
import type { HistoryChannel } from './channels.ts';
import { edgesOf, readWatermark, rollupsSince, sumsSince, uptimeFraction } from './coverage.ts';
import { readRawChecks } from './raw.ts';

/**
 * The questions the history API answers, one function each, over stored rollups and (for
 * the open hour) raw checks. Every window and day is the provider's local one.
 */

export interface ChannelUptime {
  window: HistoryWindow;
  /** Where the window starts (see `windowStart`). */
  from: number;
  uptime: number | null;
  downSeconds: number;
  /** Incidents that were open at any time in the window. */
  incidents: number;
}

/**
 * Time-based uptime of one channel over a window: `(up + degraded) / (up + degraded + down)`,
 * counting only time inside service hours and outside maintenance.
 *
 * @example await channelUptime(db, channel, '90d', Date.now())
 */
export async function channelUptime(db: Db, channel: HistoryChannel, window: HistoryWindow, now: number): Promise<ChannelUptime> {
  const from = windowStart(window, now, channel.timezone);
  const edges = edgesOf(await readWatermark(db), channel.timezone, now);
  const [sums, incidents] = await Promise.all([
    sumsSince(db, [channel], [{ from, unit: window === '24h' ? 'hour' : 'day' }], now, edges),
    listIncidentSpans(db, [channel.pk], from, now),
  ]);
  const sum = sums.get(channel.pk)![0]!;
  return { window, from, uptime: uptimeFraction(sum), downSeconds: sum.down, incidents: incidents.get(channel.pk)?.length ?? 0 };
}

/** One local day of a channel's history. */
export interface DailyEntry {
  date: string;
  start: number;
  uptime: number | null;
  downSeconds: number;
  /** Down, degraded, maintenance, up, closed: the first the day had any time in; null without data. */
  worstState: RollupState | null;
  /** Incidents that were open at any time that day. */
  incidents: number;
}

/**
 * One entry per local day, oldest first, for the `days` days ending today.
 *
 * @example await channelDaily(db, channel, 90, Date.now()) // 90 entries, the last for today
 */
export async function channelDaily(db: Db, channel: HistoryChannel, days: number, now: number): Promise<DailyEntry[]> {
  const from = daysBack(now, days, channel.timezone);
  const edges = edgesOf(await readWatermark(db), channel.timezone, now);
  const [rollups, incidents] = await Promise.all([
    rollupsSince(db, [channel], from, now, 'day', edges, false),
    listIncidentSpans(db, [channel.pk], from, now),
  ]);
  const bars = dailyBars(rollups.get(channel.pk) ?? [], days, channel.timezone, now);
  return bars.map((bar, i) => ({
    date: bar.date,
    start: bar.start,
    uptime: bar.uptime,
    downSeconds: bar.downSeconds,
    worstState: bar.state,
    incidents: countOverlapping(incidents.get(channel.pk) ?? [], bar.start, bars[i + 1]?.start ?? now),
  }));
}

function countOverlapping(spans: readonly IncidentSpan[], from: number, to: number): number {
  let n = 0;
  for (const s of spans) if (s.startedAt < to && (s.endedAt === null || s.endedAt > from)) n++;
  return n;
}

/** The windows a latency series may span at a five-minute step (raw checks are kept 14 days by default). */
export const FIVE_MINUTE_WINDOWS: readonly HistoryWindow[] = ['24h', '7d'];

/**
 * p50/p95/p99 of answered checks per step over a window, oldest first; a point without any
 * answered check has null percentiles. Five-minute points come from raw checks, hourly and
 * daily ones from rollups.
 *
 * @example await channelLatency(db, channel, '7d', '1h', Date.now()) // 7 × 24 points (± DST)
 */
export async function channelLatency(db: Db, channel: HistoryChannel, window: HistoryWindow, step: LatencyStep, now: number): Promise<LatencyPoint[]> {
  const from = windowStart(window, now, channel.timezone);
  const starts = stepStarts(from, now, step, channel.timezone);
  if (step === '5m') {
    const raw = (await readRawChecks(db, [channel.pk], from, now)).get(channel.pk) ?? [];
    const bySlot = new Map<number, number[]>();
    for (const c of raw) {
      if (c.outcome === 'down') continue;
      const slot = fiveMinuteStart(c.startedAt);
      const list = bySlot.get(slot);
      if (list) list.push(c.durationMs);
      else bySlot.set(slot, [c.durationMs]);
    }
    return latencySeries([...bySlot].map(([start, ms]) => ({ start, latency: histogramOf(ms) })), starts);
  }
  const edges = edgesOf(await readWatermark(db), channel.timezone, now);
  const unit = step === '1d' && window !== '24h' ? 'day' : 'hour';
  const rollups = await rollupsSince(db, [channel], from, now, unit, edges);
  return latencySeries(rollups.get(channel.pk) ?? [], starts);
}

/**
 * The week-by-hour grid (provider's local weekday and hour) of availability and median
 * latency over the `days` local days ending today.
 *
 * @example (await channelHeatmap(db, channel, 28, Date.now()))[1]![9] // Mondays 09:00–10:00 local
 */
export async function channelHeatmap(db: Db, channel: HistoryChannel, days: number, now: number): Promise<HeatmapCell[][]> {
  const from = daysBack(now, days, channel.timezone);
  const edges = edgesOf(await readWatermark(db), channel.timezone, now);
  const rollups = await rollupsSince(db, [channel], from, now, 'hour', edges);
  return heatmap(rollups.get(channel.pk) ?? [], channel.timezone);
}

/** Uptime of a channel over the last 24 hours, 30 and 90 days, as on a provider's page. */
export interface UptimeSummary {
  uptime24h: number | null;
  uptime30d: number | null;
  uptime90d: number | null;
}

/**
 * `UptimeSummary` of every given channel of one provider (they share its zone), in one pass:
 * one summing query per rollup table and one raw read for all of them.
 *
 * @example await providerUptimes(db, channelsOfProvider, Date.now())
 */
export async function providerUptimes(db: Db, channelList: readonly HistoryChannel[], now: number): Promise<Map<number, UptimeSummary>> {
  const out = new Map<number, UptimeSummary>();
  const first = channelList[0];
  if (!first) return out;
  const tz = first.timezone;
  const edges = edgesOf(await readWatermark(db), tz, now);
  const sums = await sumsSince(
    db,
    channelList,
    [
      { from: windowStart('24h', now, tz), unit: 'hour' },
      { from: windowStart('30d', now, tz), unit: 'day' },
      { from: windowStart('90d', now, tz), unit: 'day' },
    ],
    now,
    edges,
  );
  for (const [pk, [h24, d30, d90]] of sums) {
    out.set(pk, { uptime24h: uptimeFraction(h24!), uptime30d: uptimeFraction(d30!), uptime90d: uptimeFraction(d90!) });
  }
  return out;
}
