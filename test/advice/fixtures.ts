/**
 * Builders for advice tests: channels of a wallet in Shanghai, weekly hours, instants named
 * by their local time, and hour-of-week tables made the way the store makes them (hourly
 * rollups through `heatmap()`).
 */
import type { AdviceChannel, HourOfWeekTable } from '../../src/advice/types.ts';
import type { ServiceHours } from '../../src/domain/catalog.ts';
import { histogramOf } from '../../src/domain/history/latency-histogram.ts';
import { nextLocalHourStart } from '../../src/domain/history/periods.ts';
import { emptyRollup, type Rollup } from '../../src/domain/history/rollup.ts';
import { heatmap } from '../../src/domain/history/uptime.ts';
import { localParts } from '../../src/domain/zoned-time.ts';

export const TZ = 'Asia/Shanghai';
export const ALWAYS: ServiceHours = { kind: 'always' };

/** Shanghai local time (UTC+8, no DST) `YYYY-MM-DD HH:MM` as an instant. */
export function local(text: string): number {
  return Date.parse(`${text.replace(' ', 'T')}:00+08:00`);
}

/** Weekly hours: the same range on each of `days` (0 = Sunday), `HH:MM`-`HH:MM`. */
export function weekly(days: number[], from: string, to: string): ServiceHours {
  const minute = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  const start = minute(from);
  let end = minute(to);
  if (end <= start) end += 1440;
  return { kind: 'weekly', ranges: days.map((day) => ({ day, start, end })), exceptions: {} };
}

export const WEEKDAYS = [1, 2, 3, 4, 5];
export const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6];

/** An up channel open around the clock, answering in 400 ms; override what the case is about. */
export function channel(id: string, overrides: Partial<AdviceChannel> = {}): AdviceChannel {
  return {
    id,
    name: id,
    kind: 'hotline',
    state: 'up',
    stateSince: null,
    latencyMs: 400,
    usualLatencyMs: null,
    hours: ALWAYS,
    reportsSurge: false,
    ...overrides,
  };
}

/**
 * `days` days of hourly rollups ending at `end`, each hour up for its whole length (when
 * `open` says so) with `samples` checks answering in `latency(weekday, hour)` ms, turned into
 * a table by `heatmap()`.
 */
export function measuredTable(
  end: number,
  days: number,
  latency: (weekday: number, hour: number) => number,
  opts: { open?: (weekday: number, hour: number) => boolean; uptime?: (weekday: number, hour: number) => number; samples?: number } = {},
): HourOfWeekTable {
  const rollups: Rollup[] = [];
  for (let at = end - days * 86_400_000; at < end; at = nextLocalHourStart(at, TZ)) {
    const { weekday, minute } = localParts(at, TZ);
    const hour = Math.floor(minute / 60);
    const r = emptyRollup(at);
    if (opts.open && !opts.open(weekday, hour)) {
      r.seconds.closed = 3600;
    } else {
      const up = opts.uptime?.(weekday, hour) ?? 1;
      r.seconds.up = 3600 * up;
      r.seconds.down = 3600 * (1 - up);
      r.latency = histogramOf(Array.from({ length: opts.samples ?? 6 }, () => latency(weekday, hour)));
    }
    rollups.push(r);
  }
  return { cells: heatmap(rollups, TZ), days };
}
