/**
 * Rollup row keys: the channel and the period start packed into one integer, the table's
 * rowid. SQLite then stores rows clustered by channel and time with no second index, and a
 * channel's periods between two instants are one rowid range.
 *
 * `key = channelPk × 2^26 + minutes since 2020-01-01T00:00Z`. 2^26 minutes last until 2147;
 * channel keys up to 2^27 keep every key an exact JavaScript number. Period starts are whole
 * minutes in every zone in use since 1972.
 */

/** Keys of one channel span this many minutes. */
export const KEY_CHANNEL_FACTOR = 2 ** 26;
/** Minute 0 of the key's time part. */
export const KEY_EPOCH = Date.UTC(2020, 0, 1);

const MINUTE_MS = 60_000;
const MAX_CHANNEL_PK = 2 ** 27;

/**
 * The key of the rollup of `channelPk` for the period starting at `start`.
 *
 * @throws RangeError when `start` is not a whole minute between 2020 and 2147, or the channel key is out of range.
 * @example rollupKey(1, Date.parse('2020-01-01T01:00:00Z')) // 2 ** 26 + 60
 */
export function rollupKey(channelPk: number, start: number): number {
  const minutes = (start - KEY_EPOCH) / MINUTE_MS;
  if (!Number.isInteger(minutes) || minutes < 0 || minutes >= KEY_CHANNEL_FACTOR) {
    throw new RangeError(`a rollup period must start on a whole minute between 2020 and 2147, got ${new Date(start).toISOString()}`);
  }
  if (!Number.isInteger(channelPk) || channelPk < 0 || channelPk >= MAX_CHANNEL_PK) throw new RangeError(`channel key out of range: ${channelPk}`);
  return channelPk * KEY_CHANNEL_FACTOR + minutes;
}

/**
 * The keys of `channelPk`'s periods starting in `[from, to)`, as `[lo, hi)`. Instants are
 * clamped into the key's span, so "everything before `to`" is `keyRange(pk, 0, to)`.
 *
 * @example keyRange(1, 0, Date.parse('2020-01-01T01:00:00Z')) // [2 ** 26, 2 ** 26 + 60]
 */
export function keyRange(channelPk: number, from: number, to: number): [lo: number, hi: number] {
  return [channelPk * KEY_CHANNEL_FACTOR + minuteOf(from), channelPk * KEY_CHANNEL_FACTOR + minuteOf(to)];
}

/**
 * The time part of a key for an instant, rounded up to a whole minute and clamped into
 * `[0, 2^26]`: the offset SQL adds to `channel_pk × 2^26` for range scans of many channels.
 *
 * @example minuteOf(Date.parse('2020-01-01T00:00:30Z')) // 1
 */
export function minuteOf(at: number): number {
  return Math.min(KEY_CHANNEL_FACTOR, Math.max(0, Math.ceil((at - KEY_EPOCH) / MINUTE_MS)));
}

/**
 * The channel and period start a key stands for.
 *
 * @example splitKey(rollupKey(7, Date.parse('2026-11-23T00:00:00Z'))) // { channelPk: 7, start: Date.parse('2026-11-23T00:00:00Z') }
 */
export function splitKey(key: number): { channelPk: number; start: number } {
  const channelPk = Math.floor(key / KEY_CHANNEL_FACTOR);
  return { channelPk, start: KEY_EPOCH + (key - channelPk * KEY_CHANNEL_FACTOR) * MINUTE_MS };
}
