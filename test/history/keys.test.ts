import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KEY_CHANNELS, KEY_EPOCH, KEY_MINUTES, channelRuns, minuteOf, rollupKey, splitKey } from '../../src/history/keys.ts';

const MIN = 60_000;
const channel = fc.integer({ min: 0, max: KEY_CHANNELS - 1 });
const start = fc.integer({ min: 0, max: KEY_MINUTES - 1 }).map((m) => KEY_EPOCH + m * MIN);
const unit = fc.constantFrom('hour' as const, 'day' as const);

describe('rollupKey / splitKey', () => {
  it('round-trip every channel and minute, as exact JavaScript numbers', () => {
    fc.assert(
      fc.property(unit, channel, start, (u, pk, t) => {
        const key = rollupKey(u, pk, t);
        expect(Number.isSafeInteger(key)).toBe(true);
        expect(splitKey(u, key)).toEqual({ channelPk: pk, start: t });
      }),
    );
  });

  it('orders hourly keys by time, then channel, and daily keys by channel, then time', () => {
    fc.assert(
      fc.property(channel, channel, start, start, (a, b, s, t) => {
        fc.pre(s !== t || a !== b);
        const byTime = Math.sign(s - t) || Math.sign(a - b);
        const byChannel = Math.sign(a - b) || Math.sign(s - t);
        expect(Math.sign(rollupKey('hour', a, s) - rollupKey('hour', b, t))).toBe(byTime);
        expect(Math.sign(rollupKey('day', a, s) - rollupKey('day', b, t))).toBe(byChannel);
      }),
    );
  });

  it.each([
    ['before 2020', 1, Date.UTC(2019, 11, 31, 23, 59)],
    ['not a whole minute', 1, KEY_EPOCH + 30_000],
    ['after 2147', 1, KEY_EPOCH + KEY_MINUTES * MIN],
    ['a negative channel', -1, KEY_EPOCH],
    ['a channel beyond 2^27', KEY_CHANNELS, KEY_EPOCH],
  ])('refuses %s', (_, pk, t) => {
    expect(() => rollupKey('hour', pk, t)).toThrow(RangeError);
    expect(() => rollupKey('day', pk, t)).toThrow(RangeError);
  });

  it('keeps the documented examples', () => {
    expect(rollupKey('day', 1, Date.parse('2020-01-01T01:00:00Z'))).toBe(2 ** 26 + 60);
    expect(rollupKey('hour', 1, Date.parse('2020-01-01T01:00:00Z'))).toBe(60 * 2 ** 27 + 1);
  });
});

describe('minuteOf', () => {
  it.each([
    [KEY_EPOCH, 0],
    [KEY_EPOCH + 30_000, 1],
    [KEY_EPOCH + MIN, 1],
    [0, 0],
    [Number.MAX_SAFE_INTEGER, KEY_MINUTES],
  ])('minuteOf(%d) = %d', (at, minute) => {
    expect(minuteOf(at)).toBe(minute);
  });
});

describe('channelRuns', () => {
  it.each([
    [[], []],
    [[7, 3, 4, 5, 9], [[3, 5], [7, 7], [9, 9]]],
    [[1, 1, 2], [[1, 2]]],
  ])('%j → %j', (pks, runs) => {
    expect(channelRuns(pks)).toEqual(runs);
  });

  it('covers exactly the keys given', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 200 })), (pks) => {
        const covered = channelRuns(pks).flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => a + i));
        expect(covered).toEqual([...new Set(pks)].sort((x, y) => x - y));
      }),
    );
  });
});
