import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUCKET_COUNT, emptyHistogram, encodeHistogram, histogramOf, percentile, type Histogram } from '../../../src/domain/history/latency-histogram.ts';
import { ROLLUP_STATES, type RollupState } from '../../../src/domain/history/rollup.ts';
import { decodeHistogramBytes, encodeHistogramBytes, wholeSeconds } from '../../../src/domain/history/stored-form.ts';

const counts: fc.Arbitrary<Histogram> = fc
  .array(fc.tuple(fc.integer({ min: 0, max: BUCKET_COUNT - 1 }), fc.oneof(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 2 ** 40 }))), { maxLength: 30 })
  .map((pairs) => {
    const h = new Array<number>(BUCKET_COUNT).fill(0);
    for (const [i, c] of pairs) h[i] = c;
    return h;
  });

describe('encodeHistogramBytes / decodeHistogramBytes', () => {
  it('round-trips any histogram, counts up to 2^40', () => {
    fc.assert(
      fc.property(counts, (h) => {
        expect(decodeHistogramBytes(encodeHistogramBytes(h))).toEqual(h);
      }),
    );
  });

  it('is a byte per bucket index and a varint per count, null when empty', () => {
    expect(encodeHistogramBytes(emptyHistogram())).toBeNull();
    expect([...encodeHistogramBytes(histogramOf([1, 1, 100]))!]).toEqual([0, 2, 48, 1]);
    const h = new Array<number>(BUCKET_COUNT).fill(0);
    h[122] = 300; // 300 = 0b10_0101100 → 0xac 0x02
    expect([...encodeHistogramBytes(h)!]).toEqual([122, 0xac, 0x02]);
  });

  it('takes less than half the text form for an hour of a healthy channel', () => {
    const hour = histogramOf(Array.from({ length: 60 }, (_, i) => 80 + (i % 12) * 3));
    expect(encodeHistogramBytes(hour)!.length * 2).toBeLessThan(encodeHistogram(hour).length);
  });

  it('reads what the SQLite drivers hand over: Buffer, ArrayBuffer, byte arrays', () => {
    const h = histogramOf([5, 250, 250]);
    const bytes = encodeHistogramBytes(h)!;
    expect(decodeHistogramBytes(Buffer.from(bytes))).toEqual(h);
    expect(decodeHistogramBytes(bytes.slice().buffer)).toEqual(h);
    expect(decodeHistogramBytes([...bytes])).toEqual(h);
  });

  it.each([
    ['a truncated varint', [48, 0x81]],
    ['a bucket out of range', [123, 1]],
    ['buckets out of order', [50, 1, 48, 1]],
    ['a repeated bucket', [48, 1, 48, 1]],
    ['a zero count', [48, 0]],
    ['a missing count', [48]],
  ])('gives an empty histogram for %s, never a throw', (_, bytes) => {
    expect(decodeHistogramBytes(Uint8Array.from(bytes))).toEqual(emptyHistogram());
  });

  it('keeps percentiles exactly as they were', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1, max: 60_000, noNaN: true }), { minLength: 1, maxLength: 200 }), (samples) => {
        const h = histogramOf(samples);
        const back = decodeHistogramBytes(encodeHistogramBytes(h));
        for (const q of [0.5, 0.95, 0.99]) expect(percentile(back, q)).toBe(percentile(h, q));
      }),
    );
  });
});

describe('wholeSeconds', () => {
  const seconds = fc.record(Object.fromEntries(ROLLUP_STATES.map((s) => [s, fc.double({ min: 0, max: 90_000, noNaN: true })])) as Record<RollupState, fc.Arbitrary<number>>);

  it('gives whole seconds that add up to the rounded total, each within a second of its own', () => {
    fc.assert(
      fc.property(seconds, (s) => {
        const whole = wholeSeconds(s);
        const total = ROLLUP_STATES.reduce((sum, k) => sum + s[k], 0);
        expect(ROLLUP_STATES.reduce((sum, k) => sum + whole[k], 0)).toBe(Math.round(total));
        for (const k of ROLLUP_STATES) {
          expect(Number.isInteger(whole[k])).toBe(true);
          expect(Math.abs(whole[k] - s[k])).toBeLessThan(1);
        }
      }),
    );
  });

  it.each([
    [{ up: 1799.6, degraded: 0, down: 1800.4, closed: 0, maintenance: 0 }, { up: 1800, degraded: 0, down: 1800, closed: 0, maintenance: 0 }],
    [{ up: 3600, degraded: 0, down: 0, closed: 0, maintenance: 0 }, { up: 3600, degraded: 0, down: 0, closed: 0, maintenance: 0 }],
    // Three thirds of a second: the second goes to the state listed first.
    [{ up: 1200.333, degraded: 1200.333, down: 1199.334, closed: 0, maintenance: 0 }, { up: 1200, degraded: 1200, down: 1200, closed: 0, maintenance: 0 }],
    [{ up: 0.5, degraded: 0.5, down: 0, closed: 0, maintenance: 0 }, { up: 1, degraded: 0, down: 0, closed: 0, maintenance: 0 }],
  ])('%o → %o', (s, expected) => {
    expect(wholeSeconds(s)).toEqual(expected);
  });
});
