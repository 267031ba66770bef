import { addDays, localParts, zonedTimeToEpoch } from '../zoned-time.ts';
import { emptyHistogram, percentile } from './latency-histogram.ts';
import { emptyRollup, mergeRollups, type Rollup, type RollupState } from './rollup.ts';

/**
 * The figures people read off rollups: uptime over a span, one bar per local day, and a
 * week-by-hour heatmap. Uptime is time-based and counts only time the channel was open and
 * not in maintenance: `(up + degraded) / (up + degraded + down)`.
 */

export interface Uptime {
  /** From 0 to 1; `null` when no time was measured (closed, in maintenance or unknown throughout). */
  uptime: number | null;
  downSeconds: number;
  /** Up, degraded and down seconds: the time uptime is measured over. */
  measuredSeconds: number;
}

/**
 * Uptime over all the rollups given (pick them by span: 24 h of hourly ones, 90 of daily ones).
 *
 * @example
 * uptimeOf([{ ...emptyRollup(0), seconds: { up: 2700, degraded: 0, down: 900, closed: 3600, maintenance: 0 } }])
 * // { uptime: 0.75, downSeconds: 900, measuredSeconds: 3600 }
 */
export function uptimeOf(rollups: Iterable<Rollup>): Uptime {
  let good = 0;
  let down = 0;
  for (const r of rollups) {
    good += r.seconds.up + r.seconds.degraded;
    down += r.seconds.down;
  }
  const measured = good + down;
  return { uptime: measured > 0 ? good / measured : null, downSeconds: down, measuredSeconds: measured };
}

/** Most telling first: any down time makes a day's bar red, whatever else happened. */
const WORST_FIRST: readonly RollupState[] = ['down', 'degraded', 'maintenance', 'up', 'closed'];

/**
 * The state a day's (or hour's) bar is coloured by: the first of down, degraded,
 * maintenance, up, closed that has any time; `null` when the rollup holds no time at all.
 *
 * @example worstState({ ...emptyRollup(0), seconds: { up: 86_000, degraded: 0, down: 400, closed: 0, maintenance: 0 } }) // 'down'
 */
export function worstState(rollup: Rollup): RollupState | null {
  for (const s of WORST_FIRST) if (rollup.seconds[s] > 0) return s;
  return null;
}

/** One local day of a status bar. */
export interface DailyBar {
  /** The provider's local date, `YYYY-MM-DD`. */
  date: string;
  /** Epoch ms when that local day starts. */
  start: number;
  uptime: number | null;
  downSeconds: number;
  state: RollupState | null;
}

/**
 * One bar per local day for the `days` local days ending with today (the local date of
 * `now` in `timezone`), oldest first. Rollups may be daily or hourly: those falling on the
 * same local date are merged. A day without a rollup has `null` uptime and state.
 *
 * @example dailyBars(daily, 90, 'Asia/Shanghai', now) // 90 bars, the last for today in Shanghai
 */
export function dailyBars(rollups: Iterable<Rollup>, days: number, timezone: string, now: number): DailyBar[] {
  const today = localParts(now, timezone).date;
  const first = addDays(today, 1 - Math.max(0, Math.floor(days)));
  const byDate = new Map<string, Rollup>();
  for (const r of rollups) {
    const date = localParts(r.start, timezone).date;
    if (date < first || date > today) continue;
    const known = byDate.get(date);
    byDate.set(date, known ? mergeRollups(known, r) : r);
  }
  const bars: DailyBar[] = [];
  for (let date = first; date <= today; date = addDays(date, 1)) {
    const r = byDate.get(date);
    const u = r ? uptimeOf([r]) : null;
    bars.push({
      date,
      start: zonedTimeToEpoch(date, 0, timezone),
      uptime: u?.uptime ?? null,
      downSeconds: u?.downSeconds ?? 0,
      state: r ? worstState(r) : null,
    });
  }
  return bars;
}

/** One cell of the week-by-hour heatmap. */
export interface HeatmapCell {
  /** Local weekday, 0 = Sunday, as in `WEEKDAYS`. */
  weekday: number;
  /** Local hour, 0..23. */
  hour: number;
  uptime: number | null;
  measuredSeconds: number;
  /** Median latency of answered checks in the cell, in ms; `null` without any. */
  medianLatencyMs: number | null;
}

/**
 * A 7 × 24 grid (`cells[weekday][hour]`, local weekday 0 = Sunday and local hour) of
 * availability and median latency, from hourly rollups placed by the local time of their
 * start: "Mondays 09:00 are slow" in the provider's own clock. Both 02:00 hours of a
 * fall-back night land in the same cell; a spring-forward night adds nothing to its
 * missing hour.
 *
 * @example heatmap(hourlyLast28Days, 'Asia/Shanghai')[1]?.[9] // Mondays 09:00–10:00 Shanghai time
 */
export function heatmap(hourlyRollups: Iterable<Rollup>, timezone: string): HeatmapCell[][] {
  // Summed in place per cell: merging rollup by rollup allocated a histogram per hour of history.
  const cells = Array.from({ length: 7 * 24 }, () => ({ up: 0, degraded: 0, down: 0, latency: null as number[] | null }));
  for (const r of hourlyRollups) {
    const { weekday, minute } = localParts(r.start, timezone);
    const cell = cells[weekday * 24 + Math.floor(minute / 60)]!;
    cell.up += r.seconds.up;
    cell.degraded += r.seconds.degraded;
    cell.down += r.seconds.down;
    const h = r.latency;
    for (let i = 0; i < h.length; i++) {
      const n = h[i];
      if (!n) continue;
      const sum = (cell.latency ??= [...emptyHistogram()]);
      sum[i] = (sum[i] ?? 0) + n;
    }
  }
  return Array.from({ length: 7 }, (_, weekday) =>
    Array.from({ length: 24 }, (_, hour) => {
      const { up, degraded, down, latency } = cells[weekday * 24 + hour]!;
      // Summed as `uptimeOf` sums a merged rollup, so the figures are the same to the last bit.
      const good = up + degraded;
      const measured = good + down;
      return { weekday, hour, uptime: measured > 0 ? good / measured : null, measuredSeconds: measured, medianLatencyMs: latency ? percentile(latency, 0.5) : null };
    }),
  );
}
