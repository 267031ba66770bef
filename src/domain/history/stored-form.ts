import { BUCKET_COUNT, emptyHistogram, type Histogram } from './latency-histogram.ts';
import { ROLLUP_STATES, type RollupState } from './rollup.ts';

/**
 * The stored form of a rollup's parts, for rows that stay small for a year: the latency
 * histogram as bytes and the seconds per state as whole numbers.
 */

/**
 * A binary form of a histogram for a BLOB column: for each non-empty bucket in ascending
 * order, one byte with the bucket index (0..122), then its count as an unsigned LEB128
 * varint (one byte up to 127 checks, two up to 16,383). A typical hour of a channel checked
 * every minute spreads over a handful of buckets: 6 to 10 bytes, less than half the text
 * form of `encodeHistogram`. `null` for an empty histogram, so the column
 * costs nothing then.
 *
 * Like the text form, the bytes are bucket indices: they are only meaningful with this
 * module's `GROWTH` and `BUCKET_COUNT`.
 *
 * @example encodeHistogramBytes(histogramOf([1, 1, 100])) // Uint8Array [0, 2, 48, 1]
 */
export function encodeHistogramBytes(h: Histogram): Uint8Array | null {
  const out: number[] = [];
  for (let i = 0; i < BUCKET_COUNT; i++) {
    let c = Math.floor(h[i] ?? 0);
    if (c <= 0) continue;
    out.push(i);
    while (c >= 0x80) {
      out.push((c % 0x80) | 0x80);
      c = Math.floor(c / 0x80);
    }
    out.push(c);
  }
  return out.length === 0 ? null : Uint8Array.from(out);
}

/**
 * Reads `encodeHistogramBytes`' form back (from a Node Buffer, a Uint8Array, an ArrayBuffer
 * or a plain byte array, as the SQLite drivers hand BLOBs over). Anything malformed (a
 * truncated varint, a bucket out of range or out of order, a zero count) gives an empty
 * histogram rather than a throw: a bad stored row must not fail a status page.
 *
 * @example decodeHistogramBytes(Uint8Array.from([0, 2, 48, 1]))[48] // 1
 * @example decodeHistogramBytes(null) // emptyHistogram()
 */
export function decodeHistogramBytes(bytes: Uint8Array | ArrayBuffer | readonly number[] | null | undefined): Histogram {
  if (bytes === null || bytes === undefined) return emptyHistogram();
  const b = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes;
  const counts = new Array<number>(BUCKET_COUNT).fill(0);
  let previous = -1;
  let p = 0;
  while (p < b.length) {
    const i = b[p++]!;
    if (i <= previous || i >= BUCKET_COUNT) return emptyHistogram();
    let c = 0;
    let scale = 1;
    for (;;) {
      if (p >= b.length || scale > 2 ** 49) return emptyHistogram();
      const byte = b[p++]!;
      c += (byte & 0x7f) * scale;
      scale *= 0x80;
      if (byte < 0x80) break;
    }
    if (c === 0) return emptyHistogram();
    counts[i] = c;
    previous = i;
  }
  return counts;
}

/**
 * Seconds per state rounded to whole seconds so that they still add up to the rounded total
 * (largest remainder first): an hour stays 3600 s and a day its 86,400 s, so sums of stored
 * rows are exact. Ties go to the state listed first in `ROLLUP_STATES`.
 *
 * @example wholeSeconds({ up: 1799.6, degraded: 0, down: 1800.4, closed: 0, maintenance: 0 })
 * // { up: 1800, degraded: 0, down: 1800, closed: 0, maintenance: 0 }
 */
export function wholeSeconds(seconds: Readonly<Record<RollupState, number>>): Record<RollupState, number> {
  const whole = { up: 0, degraded: 0, down: 0, closed: 0, maintenance: 0 };
  const remainder = { up: 0, degraded: 0, down: 0, closed: 0, maintenance: 0 };
  let total = 0;
  let floors = 0;
  for (const s of ROLLUP_STATES) {
    const v = Math.max(0, seconds[s]);
    total += v;
    whole[s] = Math.floor(v);
    remainder[s] = v - whole[s];
    floors += whole[s];
  }
  let left = Math.round(total) - floors;
  // Stable sort: equal remainders keep the order of ROLLUP_STATES.
  for (const s of [...ROLLUP_STATES].sort((a, b) => remainder[b] - remainder[a])) {
    if (left <= 0 || remainder[s] === 0) break;
    whole[s]++;
    left--;
  }
  return whole;
}
