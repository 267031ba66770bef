import type { ServiceHours } from '../domain/catalog.ts';
import type { HeatmapCell } from '../domain/history/uptime.ts';
import { nextLocalHourStart } from '../domain/history/periods.ts';
import { openingStatus } from '../domain/service-hours.ts';
import { localParts } from '../domain/zoned-time.ts';
import { BUSYNESS_LEVELS, cellAt, defaultBusyness, flattenCells, isMeasured, type Busyness } from './busyness.ts';
import type { HourOfWeekTable } from './types.ts';

/**
 * "When should I call?": the next windows inside service hours in which a channel is
 * expected to answer quickest, from its measured latency and availability by hour of the
 * week (`heatmap()` over 28 days), or from the default busy/quiet pattern when fewer than
 * `MEASURED_MIN_DAYS` days are measured.
 *
 * Measured rule: an hour is quick when it is reliable (availability ≥ 99 %, or within a
 * point of the best hour when none is) and its median latency is at most 1.25 × that of the
 * quickest reliable open hour ahead: when every hour is about as quick, every open hour is
 * a good time, and the windows say so. Default rule:
 * an hour is quick when its default level is the best level among the open hours ahead
 * (quiet if any quiet hour is open, else normal). Adjacent quick hours form one window.
 */

/** A window shorter than this (the tail of the current hour, a half-hour opening) is not offered. */
export const MIN_WINDOW_MS = 15 * 60_000;
export const QUICK_SLACK = 1.25;
export const RELIABLE_AVAILABILITY = 0.99;

export interface BestTimeInput {
  hours: ServiceHours;
  timezone: string;
  history: HourOfWeekTable | null;
}

/** One window: real instants, and what the evidence says about it. */
export interface BestWindow {
  /** Epoch ms; the first window may start at `now`. */
  start: number;
  end: number;
  /** Slowest hourly median latency inside the window, ms (measured basis only). */
  medianLatencyMs: number | null;
  /** Lowest hourly availability inside the window (measured basis only). */
  availability: number | null;
  /** Default level of the window's hours (default basis only). */
  level: Busyness | null;
}

/** Median latency and availability of one hour of the week: the evidence behind the windows. */
export interface HourEvidence {
  weekday: number;
  hour: number;
  medianLatencyMs: number | null;
  availability: number | null;
}

export interface BestTime {
  basis: 'measured' | 'default';
  /** Days of history behind the evidence. */
  days: number;
  windows: BestWindow[];
  evidence: HourEvidence[];
}

interface Portion {
  start: number;
  end: number;
  weekday: number;
  hour: number;
}

/**
 * The next `count` (default 3) quickest windows within `horizonDays` (default 7) of `now`.
 *
 * @example bestTimes({ hours, timezone: 'Asia/Shanghai', history: { cells: heatmap(rollups, tz), days: 28 } }, now)
 * // { basis: 'measured', days: 28, windows: [{ start, end, medianLatencyMs: 310, availability: 1, level: null }, …], evidence: [...] }
 */
export function bestTimes(input: BestTimeInput, now: number, options: { count?: number; horizonDays?: number } = {}): BestTime {
  const count = options.count ?? 3;
  const horizon = now + (options.horizonDays ?? 7) * 86_400_000;
  const portions = openPortions(input.hours, input.timezone, now, horizon);
  const history = input.history;
  const evidence = history
    ? flattenCells(history.cells)
        .map((c) => ({ weekday: c.weekday, hour: c.hour, medianLatencyMs: c.medianLatencyMs, availability: c.uptime }))
        .sort((a, b) => a.weekday - b.weekday || a.hour - b.hour)
    : [];
  const days = history?.days ?? 0;

  if (isMeasured(history)) {
    const quick = measuredQuick(history, portions);
    if (quick) {
      const windows = merge(portions, count, (p) => quick.has(key(p)), (cells) => {
        const found = cells.map((p) => cellAt(history, p.weekday, p.hour)!);
        return {
          medianLatencyMs: Math.max(...found.map((c) => c.medianLatencyMs!)),
          availability: found.some((c) => c.uptime === null) ? null : Math.min(...found.map((c) => c.uptime!)),
          level: null,
        };
      });
      return { basis: 'measured', days, windows, evidence };
    }
  }
  const rank = (p: Portion) => BUSYNESS_LEVELS.indexOf(defaultBusyness(p.weekday, p.hour));
  const best = Math.max(-1, ...portions.map(rank));
  const windows = merge(portions, count, (p) => rank(p) === best, (cells) => ({
    medianLatencyMs: null,
    availability: null,
    level: defaultBusyness(cells[0]!.weekday, cells[0]!.hour),
  }));
  return { basis: 'default', days, windows, evidence };
}

function key(p: { weekday: number; hour: number }): number {
  return p.weekday * 24 + p.hour;
}

/** Cells (as `key`) that count as quick among the open hours ahead; null when none has data. */
function measuredQuick(history: HourOfWeekTable, portions: Portion[]): Set<number> | null {
  const seen = new Map<number, HeatmapCell>();
  for (const p of portions) {
    const cell = cellAt(history, p.weekday, p.hour);
    if (cell && cell.medianLatencyMs !== null) seen.set(key(p), cell);
  }
  const cells = [...seen.values()];
  if (cells.length === 0) return null;
  const bestUptime = Math.max(...cells.map((c) => c.uptime ?? 1));
  const floor = Math.min(RELIABLE_AVAILABILITY, bestUptime - 0.01);
  const reliable = cells.filter((c) => c.uptime === null || c.uptime >= floor);
  const threshold = Math.min(...reliable.map((c) => c.medianLatencyMs!)) * QUICK_SLACK;
  return new Set(reliable.filter((c) => c.medianLatencyMs! <= threshold).map(key));
}

/**
 * The open parts of each local hour between `from` and `to`, in order. A closed stretch is
 * skipped in one step (to its next opening), so this costs about one hours lookup per open hour.
 */
function openPortions(hours: ServiceHours, tz: string, from: number, to: number): Portion[] {
  const out: Portion[] = [];
  let at = from;
  while (at < to) {
    const status = openingStatus(hours, tz, at);
    if (!status.openNow) {
      if (status.opensAt === null || status.opensAt <= at) break;
      at = status.opensAt;
      continue;
    }
    const end = Math.min(nextLocalHourStart(at, tz), status.closesAt ?? Number.POSITIVE_INFINITY, to);
    const { weekday, minute } = localParts(at, tz);
    out.push({ start: at, end, weekday, hour: Math.floor(minute / 60) });
    at = end;
  }
  return out;
}

/** Runs of adjacent quick portions, the first `count` of at least `MIN_WINDOW_MS`. */
function merge(
  portions: Portion[],
  count: number,
  isQuick: (p: Portion) => boolean,
  describe: (cells: Portion[]) => Omit<BestWindow, 'start' | 'end'>,
): BestWindow[] {
  const windows: BestWindow[] = [];
  let run: Portion[] = [];
  const close = () => {
    const first = run[0];
    const last = run[run.length - 1];
    if (first && last && last.end - first.start >= MIN_WINDOW_MS) windows.push({ start: first.start, end: last.end, ...describe(run) });
    run = [];
  };
  for (const p of portions) {
    if (windows.length >= count) break;
    const last = run[run.length - 1];
    if (!isQuick(p) || (last && last.end !== p.start)) close();
    if (isQuick(p)) run.push(p);
  }
  if (windows.length < count) close();
  return windows.slice(0, count);
}
