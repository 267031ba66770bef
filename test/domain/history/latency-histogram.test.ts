import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BUCKET_COUNT,
  addToHistogram,
  bucketBounds,
  bucketOf,
  bucketValue,
  decodeHistogram,
  emptyHistogram,
  encodeHistogram,
  histogramCount,
  histogramOf,
  mergeHistograms,
  percentile,
  type Histogram,
} from '../../../src/domain/history/latency-histogram.ts';

/** The exact nearest-rank quantile: the sample of rank ceil(q × n), at least 1. */
function bruteForce(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(q * sorted.length - 1e-9));
  return sorted[rank - 1]!;
}

/** Latencies in [1 ms, 60 s]: uniform on a log scale, so fast and slow answers are equally likely. */
const latency = fc.double({ min: 0, max: Math.log(60_000), noNaN: true }).map((x) => Math.min(60_000, Math.max(1, Math.exp(x))));
/** And uniform on a linear scale, which mostly draws slow ones. */
const linearLatency = fc.double({ min: 1, max: 60_000, noNaN: true });

const histogram: fc.Arbitrary<Histogram> = fc.array(fc.oneof(latency, fc.constant(5), fc.constant(250)), { maxLength: 60 }).map(histogramOf);

describe('buckets', () => {
  it('span 1 ms to 120 s with a growth of 1.1', () => {
    expect(BUCKET_COUNT).toBe(123);
    expect(bucketBounds(0)).toEqual({ lower: 1, upper: 1.1 });
    expect(bucketBounds(BUCKET_COUNT - 1).lower).toBeLessThanOrEqual(120_000);
    expect(bucketBounds(BUCKET_COUNT - 1).upper).toBeGreaterThan(120_000);
    for (let i = 0; i < BUCKET_COUNT; i++) {
      const { lower, upper } = bucketBounds(i);
      expect(upper / lower).toBeCloseTo(1.1, 9);
      // The mid-point is within 5 % of everything in its bucket.
      expect(bucketValue(i) / lower).toBeLessThanOrEqual(1.05);
      expect(upper / bucketValue(i)).toBeLessThanOrEqual(1.05);
    }
  });

  it.each([
    [0, 0],
    [0.4, 0],
    [-5, 0],
    [Number.NaN, 0],
    [1, 0],
    [1.09, 0],
    [1.1, 1],
    [100, 48],
    [120_000, 122],
    [1e9, 122],
    [Number.POSITIVE_INFINITY, 122],
  ])('bucketOf(%s) = %i', (ms, bucket) => {
    expect(bucketOf(ms)).toBe(bucket);
  });

  it('puts every latency in the bucket whose bounds hold it', () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 120_000, noNaN: true }), (ms) => {
        const { lower, upper } = bucketBounds(bucketOf(ms));
        expect(lower).toBeLessThanOrEqual(ms);
        expect(ms).toBeLessThan(upper);
      }),
    );
  });

  it('puts every exact bound in its own bucket', () => {
    for (let i = 0; i < BUCKET_COUNT; i++) expect(bucketOf(bucketBounds(i).lower)).toBe(i);
  });
});

describe('percentile', () => {
  it.each([0.5, 0.95, 0.99])('p%s is within 5 %% of the exact sample (log-uniform data)', (q) => {
    fc.assert(
      fc.property(fc.array(latency, { minLength: 1, maxLength: 300 }), (samples) => {
        const estimate = percentile(histogramOf(samples), q)!;
        const exact = bruteForce(samples, q);
        expect(Math.abs(estimate - exact) / exact).toBeLessThanOrEqual(0.05);
      }),
      { numRuns: 300 },
    );
  });

  it.each([0.5, 0.95, 0.99])('p%s is within 5 %% of the exact sample (linear data)', (q) => {
    fc.assert(
      fc.property(fc.array(linearLatency, { minLength: 1, maxLength: 300 }), (samples) => {
        const estimate = percentile(histogramOf(samples), q)!;
        const exact = bruteForce(samples, q);
        expect(Math.abs(estimate - exact) / exact).toBeLessThanOrEqual(0.05);
      }),
      { numRuns: 300 },
    );
  });

  it('is within 5 % for any quantile', () => {
    fc.assert(
      fc.property(fc.array(latency, { minLength: 1, maxLength: 100 }), fc.double({ min: 0, max: 1, noNaN: true }), (samples, q) => {
        const exact = bruteForce(samples, q);
        expect(Math.abs(percentile(histogramOf(samples), q)! - exact) / exact).toBeLessThanOrEqual(0.05);
      }),
    );
  });

  it('uses the nearest rank, so p95 of 1..100 ms is the 95th sample', () => {
    const h = histogramOf(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(percentile(h, 0.95)).toBe(bucketValue(bucketOf(95)));
    expect(percentile(h, 0.5)).toBe(bucketValue(bucketOf(50)));
  });

  it.each([
    ['empty', emptyHistogram(), 0.5, null],
    ['q = 0 is the smallest', histogramOf([10, 1000]), 0, bucketValue(bucketOf(10))],
    ['q = 1 is the largest', histogramOf([10, 1000]), 1, bucketValue(bucketOf(1000))],
    ['q below 0 clamps', histogramOf([10, 1000]), -3, bucketValue(bucketOf(10))],
    ['q above 1 clamps', histogramOf([10, 1000]), 7, bucketValue(bucketOf(1000))],
  ])('%s', (_name, h, q, expected) => {
    expect(percentile(h, q)).toBe(expected);
  });
});

describe('building and merging', () => {
  it('addToHistogram returns a new histogram and leaves its input alone', () => {
    const before = emptyHistogram();
    const after = addToHistogram(before, 100);
    expect(histogramCount(before)).toBe(0);
    expect(histogramCount(after)).toBe(1);
    expect(after[48]).toBe(1);
  });

  it('histogramOf equals folding addToHistogram', () => {
    fc.assert(
      fc.property(fc.array(latency, { maxLength: 40 }), (samples) => {
        expect(histogramOf(samples)).toEqual(samples.reduce(addToHistogram, emptyHistogram()));
      }),
    );
  });

  it('merge is commutative and associative, and the empty histogram is neutral', () => {
    fc.assert(
      fc.property(histogram, histogram, histogram, (a, b, c) => {
        expect(mergeHistograms(a, b)).toEqual(mergeHistograms(b, a));
        expect(mergeHistograms(mergeHistograms(a, b), c)).toEqual(mergeHistograms(a, mergeHistograms(b, c)));
        expect(mergeHistograms(a, emptyHistogram())).toEqual([...a]);
      }),
    );
  });

  it('merging equals building from all samples at once', () => {
    fc.assert(
      fc.property(fc.array(latency), fc.array(latency), (xs, ys) => {
        expect(mergeHistograms(histogramOf(xs), histogramOf(ys))).toEqual(histogramOf([...xs, ...ys]));
      }),
    );
  });
});

describe('encodeHistogram / decodeHistogram', () => {
  it('writes only non-empty buckets, ascending', () => {
    expect(encodeHistogram(histogramOf([100, 1, 1]))).toBe('0:2,48:1');
    expect(encodeHistogram(emptyHistogram())).toBe('');
  });

  it('round-trips', () => {
    fc.assert(
      fc.property(histogram, (h) => {
        expect(decodeHistogram(encodeHistogram(h))).toEqual([...h]);
      }),
    );
  });

  it('round-trips large counts', () => {
    const counts = fc.array(fc.nat({ max: 1e12 }), { minLength: BUCKET_COUNT, maxLength: BUCKET_COUNT });
    fc.assert(
      fc.property(counts, (h) => {
        expect(decodeHistogram(encodeHistogram(h))).toEqual(h);
      }),
    );
  });

  it.each<[string, string | null | undefined, Record<number, number>]>([
    ['a valid value', '0:2,48:1', { 0: 2, 48: 1 }],
    ['the empty string', '', {}],
    ['null', null, {}],
    ['undefined', undefined, {}],
    ['garbage', 'garbage', {}],
    ['buckets out of order', '48:1,0:2', {}],
    ['a repeated bucket', '3:1,3:1', {}],
    ['a bucket past the last', '123:1', {}],
    ['a zero count', '0:0', {}],
    ['a trailing comma', '1:2,', {}],
    ['spaces', '1:2, 3:4', {}],
    ['a negative count', '1:-2', {}],
    ['a fraction', '1:2.5', {}],
    ['JSON', '{"1":2}', {}],
  ])('decodes %s', (_name, text, expected) => {
    const h = decodeHistogram(text);
    expect(h).toHaveLength(BUCKET_COUNT);
    const nonEmpty = Object.fromEntries(h.flatMap((c, i) => (c > 0 ? [[i, c]] : [])));
    expect(nonEmpty).toEqual(expected);
  });

  it('never throws, and always gives a well-formed histogram', () => {
    const nearlyValid = fc
      .array(fc.tuple(fc.integer({ min: -5, max: 200 }), fc.integer({ min: -5, max: 1e6 })), { maxLength: 8 })
      .map((parts) => parts.map(([i, c]) => `${i}:${c}`).join(','));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), nearlyValid), (text) => {
        const h = decodeHistogram(text);
        expect(h).toHaveLength(BUCKET_COUNT);
        expect(h.every((c) => Number.isSafeInteger(c) && c >= 0)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
