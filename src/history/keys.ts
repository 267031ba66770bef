import type { RollupUnit } from '../domain/history/index.ts';

/**
 * Rollup row keys: the channel and the period start packed into one integer, the table's
 * rowid, so a row needs no second index. The two tables order their keys differently, for
 * how each is written and read:
 *
 * - hourly rows are time-major, `minute × 2^27 + channel`: every hour housekeeping appends
 *   one row per channel at the end of the table, filling a few pages instead of dirtying one
 *   page per channel (20× less write time and WAL at 10,000 channels); a channel's hours are
 *   one seek each, and a provider's channels (consecutive keys) one range per hour.
 * - daily rows are channel-major, `channel × 2^26 + minute`: written once a day, and read as
 *   one range per channel for 90 or 365 days.
 *
 * `minute` counts minutes since 2020-01-01T00:00Z; 2^26 of them last until 2147. Channel keys
 * stay below 2^27, so every key is an exact JavaScript number. Period starts are whole minutes
 * in every zone in use since 1972.
 */

/** Minute 0 of the keys' time part. */
export const KEY_EPOCH = Date.UTC(2020, 0, 1);
/** Minutes the keys can count: until 2147. */
export const KEY_MINUTES = 2 ** 26;
/** Channel keys must stay below this. */
export const KEY_CHANNELS = 2 ** 27;

const MINUTE_MS = 60_000;

/**
 * The key of `channelPk`'s rollup for the period of `unit` starting at `start`.
 *
 * @throws RangeError when `start` is not a whole minute between 2020 and 2147, or the channel key is out of range.
 * @example rollupKey('day', 1, Date.parse('2020-01-01T01:00:00Z')) // 2 ** 26 + 60
 * @example rollupKey('hour', 1, Date.parse('2020-01-01T01:00:00Z')) // 60 * 2 ** 27 + 1
 */
export function rollupKey(unit: RollupUnit, channelPk: number, start: number): number {
  const minutes = (start - KEY_EPOCH) / MINUTE_MS;
  if (!Number.isInteger(minutes) || minutes < 0 || minutes >= KEY_MINUTES) {
    throw new RangeError(`a rollup period must start on a whole minute between 2020 and 2147, got ${new Date(start).toISOString()}`);
  }
  if (!Number.isInteger(channelPk) || channelPk < 0 || channelPk >= KEY_CHANNELS) throw new RangeError(`channel key out of range: ${channelPk}`);
  return unit === 'hour' ? minutes * KEY_CHANNELS + channelPk : channelPk * KEY_MINUTES + minutes;
}

/**
 * The channel and period start a key of `unit` stands for.
 *
 * @example splitKey('day', rollupKey('day', 7, t)) // { channelPk: 7, start: t }
 */
export function splitKey(unit: RollupUnit, key: number): { channelPk: number; start: number } {
  if (unit === 'hour') {
    const minutes = Math.floor(key / KEY_CHANNELS);
    return { channelPk: key - minutes * KEY_CHANNELS, start: KEY_EPOCH + minutes * MINUTE_MS };
  }
  const channelPk = Math.floor(key / KEY_MINUTES);
  return { channelPk, start: KEY_EPOCH + (key - channelPk * KEY_MINUTES) * MINUTE_MS };
}

/**
 * The time part of a key for an instant, rounded up to a whole minute and clamped into
 * `[0, 2^26]`: what SQL adds to (or multiplies with) a channel key for range scans.
 *
 * @example minuteOf(Date.parse('2020-01-01T00:00:30Z')) // 1
 */
export function minuteOf(at: number): number {
  return Math.min(KEY_MINUTES, Math.max(0, Math.ceil((at - KEY_EPOCH) / MINUTE_MS)));
}

/**
 * Channel keys as runs of consecutive numbers, `[first, last]` each, ascending: a provider's
 * channels (synced together) are usually one run, so one range per hour finds all their rows.
 *
 * @example channelRuns([7, 3, 4, 5, 9]) // [[3, 5], [7, 7], [9, 9]]
 */
export function channelRuns(channelPks: readonly number[]): [first: number, last: number][] {
  const sorted = [...new Set(channelPks)].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const pk of sorted) {
    const last = runs[runs.length - 1];
    if (last && last[1] === pk - 1) last[1] = pk;
    else runs.push([pk, pk]);
  }
  return runs;
}
