/**
 * A latency histogram with fixed, log-spaced buckets: small enough to keep one per channel
 * and hour for a year, precise enough to answer p50/p95/p99 within 5 %.
 *
 * Bucket `i` holds latencies in `[GROWTH^i, GROWTH^(i+1))` ms. A percentile is answered with
 * its bucket's geometric mid-point `GROWTH^(i+½)`, which is at most `√GROWTH − 1 ≈ 4.88 %`
 * above and `1 − 1/√GROWTH ≈ 4.65 %` below any value in the bucket. With `GROWTH = 1.1`,
 * 123 buckets span 1 ms to 120 s (the last one ends at ≈ 123.4 s).
 *
 * The layout is part of the storage format (`encodeHistogram` writes bucket indices): changing
 * `GROWTH` or `BUCKET_COUNT` needs a new encoding, never a silent reinterpretation.
 */

/** Ratio between a bucket's upper and lower bound. */
export const GROWTH = 1.1;

/** Buckets from 1 ms up to and including 120 s: `ceil(log(120 000) / log(1.1))`. */
export const BUCKET_COUNT = 123;

/**
 * Counts per bucket, always `BUCKET_COUNT` long. Plain numbers so a histogram survives
 * `JSON.stringify` as it is; treat it as immutable (every function here returns a new one).
 */
export type Histogram = readonly number[];

/** Lower bounds, computed once with `Math.pow` so that every process agrees on them. */
const LOWER: readonly number[] = Array.from({ length: BUCKET_COUNT + 1 }, (_, i) => Math.pow(GROWTH, i));
const LOG_GROWTH = Math.log(GROWTH);

/**
 * The bucket a latency falls in. Below 1 ms (and anything that is not a number ≥ 1, such as
 * `NaN`) counts in bucket 0; 120 s and beyond count in the last bucket.
 *
 * @example bucketOf(1) // 0
 * @example bucketOf(100) // 48, the bucket [97.0, 106.7) ms
 */
export function bucketOf(ms: number): number {
  if (!(ms >= 1)) return 0;
  let i = Math.min(BUCKET_COUNT - 1, Math.floor(Math.log(ms) / LOG_GROWTH));
  // The logarithm may land one off near a bound; the table is the reference.
  while (i > 0 && LOWER[i]! > ms) i--;
  while (i < BUCKET_COUNT - 1 && LOWER[i + 1]! <= ms) i++;
  return i;
}

/**
 * The bounds of bucket `i` in ms, lower included, upper excluded.
 *
 * @example bucketBounds(0) // { lower: 1, upper: 1.1 }
 */
export function bucketBounds(i: number): { lower: number; upper: number } {
  return { lower: LOWER[i] ?? Number.NaN, upper: LOWER[i + 1] ?? Number.NaN };
}

/**
 * The value that stands for bucket `i`: its geometric mid-point, the point with the smallest
 * worst-case relative error over the bucket.
 *
 * @example bucketValue(0) // 1.0488… ms
 */
export function bucketValue(i: number): number {
  return Math.pow(GROWTH, i + 0.5);
}

/**
 * A histogram with no sample.
 *
 * @example percentile(emptyHistogram(), 0.5) // null
 */
export function emptyHistogram(): Histogram {
  return new Array<number>(BUCKET_COUNT).fill(0);
}

/**
 * A new histogram with one more sample of `ms`.
 *
 * @example addToHistogram(emptyHistogram(), 120)[bucketOf(120)] // 1
 */
export function addToHistogram(h: Histogram, ms: number): Histogram {
  const next = [...h];
  const i = bucketOf(ms);
  next[i] = (next[i] ?? 0) + 1;
  return next;
}

/**
 * A histogram built from many samples at once; cheaper than folding `addToHistogram`.
 *
 * @example histogramOf([80, 95, 3000])
 */
export function histogramOf(samples: Iterable<number>): Histogram {
  const counts = new Array<number>(BUCKET_COUNT).fill(0);
  for (const ms of samples) counts[bucketOf(ms)]!++;
  return counts;
}

/**
 * The histogram of both sets of samples. Associative and commutative, so rollups can be
 * merged in any order (hours into days, days into a 90-day figure).
 *
 * @example mergeHistograms(histogramOf([10]), histogramOf([20])) // two samples
 */
export function mergeHistograms(a: Histogram, b: Histogram): Histogram {
  const merged = new Array<number>(BUCKET_COUNT);
  for (let i = 0; i < BUCKET_COUNT; i++) merged[i] = (a[i] ?? 0) + (b[i] ?? 0);
  return merged;
}

/** How many samples the histogram holds. */
export function histogramCount(h: Histogram): number {
  let total = 0;
  for (const c of h) total += c;
  return total;
}

/**
 * The `q`-quantile (`q` in [0, 1], clamped) by the nearest-rank rule: the sample of rank
 * `ceil(q × n)` (at least 1) in sorted order, answered with its bucket's mid-point, so it is
 * within 5 % of the exact sample for samples in [1 ms, 120 s]. `null` for an empty histogram.
 *
 * @example percentile(histogramOf([100, 200, 300, 400]), 0.5) // ≈ 200 (the 2nd sample's bucket)
 */
export function percentile(h: Histogram, q: number): number | null {
  const total = histogramCount(h);
  if (total === 0) return null;
  const clamped = Number.isNaN(q) ? 0.5 : Math.min(1, Math.max(0, q));
  // The epsilon keeps 0.95 × 100 (= 95.00000000000001 in floating point) at rank 95.
  const rank = Math.max(1, Math.ceil(clamped * total - 1e-9));
  let seen = 0;
  for (let i = 0; i < BUCKET_COUNT; i++) {
    seen += h[i] ?? 0;
    if (seen >= rank) return bucketValue(i);
  }
  return bucketValue(BUCKET_COUNT - 1);
}

/**
 * A compact text form for storage: the non-empty buckets as `index:count`, ascending,
 * comma-separated. An empty histogram is `''`.
 *
 * @example encodeHistogram(histogramOf([1, 1, 100])) // '0:2,48:1'
 */
export function encodeHistogram(h: Histogram): string {
  const parts: string[] = [];
  for (let i = 0; i < BUCKET_COUNT; i++) {
    const c = h[i] ?? 0;
    if (c > 0) parts.push(`${i}:${c}`);
  }
  return parts.join(',');
}

const PART = /^(\d{1,3}):(\d{1,15})$/;

/**
 * Reads `encodeHistogram`'s form back. Anything else (a truncated or corrupted value, a
 * bucket out of range, a repeated or unordered bucket, `null`) gives an empty histogram
 * rather than a throw or a half-read one: a bad stored row must not fail a status page.
 *
 * @example decodeHistogram('0:2,48:1')[48] // 1
 * @example decodeHistogram('garbage') // emptyHistogram()
 */
export function decodeHistogram(s: string | null | undefined): Histogram {
  const counts = new Array<number>(BUCKET_COUNT).fill(0);
  if (typeof s !== 'string' || s === '') return counts;
  let previous = -1;
  for (const part of s.split(',')) {
    const match = PART.exec(part);
    if (!match) return emptyHistogram();
    const i = Number(match[1]);
    const c = Number(match[2]);
    if (i <= previous || i >= BUCKET_COUNT || c === 0) return emptyHistogram();
    counts[i] = c;
    previous = i;
  }
  return counts;
}
