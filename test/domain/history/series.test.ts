import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { histogramOf, percentile } from '../../../src/domain/history/latency-histogram.ts';
import { localHourStart } from '../../../src/domain/history/periods.ts';
import { daysBack, fiveMinuteStart, hoursBack, latencySeries, stepStarts, windowStart } from '../../../src/domain/history/series.ts';

const utc = (iso: string): number => Date.parse(iso);
const HOUR = 3_600_000;

describe('windowStart', () => {
  // Monday 2026-11-23 12:00 in Shanghai.
  const now = utc('2026-11-23T04:00:00Z');

  it.each([
    ['24h', 'Asia/Shanghai', '2026-11-22T05:00:00.000Z'], // the current hour and the 23 before it
    ['7d', 'Asia/Shanghai', '2026-11-16T16:00:00.000Z'], // Tue 2026-11-17 00:00 Shanghai, six days before today
    ['30d', 'Asia/Shanghai', '2026-10-24T16:00:00.000Z'],
    ['90d', 'UTC', '2026-08-26T00:00:00.000Z'],
    ['365d', 'UTC', '2025-11-24T00:00:00.000Z'],
    ['7d', 'Asia/Kolkata', '2026-11-16T18:30:00.000Z'],
  ] as const)('%s in %s starts at %s', (window, tz, start) => {
    expect(new Date(windowStart(window, now, tz)).toISOString()).toBe(start);
  });

  it('counts distinct local hours across a fall-back night (the repeated 02:00 is two of them)', () => {
    // Berlin 2026-10-25: 02:00–03:00 happens twice.
    const at = utc('2026-10-25T12:30:00Z');
    expect(at - hoursBack(at, 24, 'Europe/Berlin')).toBe(23 * HOUR + 30 * 60_000);
    expect(localHourStart(hoursBack(at, 24, 'Europe/Berlin'), 'Europe/Berlin')).toBe(hoursBack(at, 24, 'Europe/Berlin'));
  });

  it('counts local days, not 24-hour blocks, across a spring-forward day', () => {
    const at = utc('2026-03-30T10:00:00Z'); // Monday in Berlin, the day after the 23-hour Sunday
    expect(daysBack(at, 2, 'Europe/Berlin')).toBe(utc('2026-03-28T23:00:00Z'));
    expect(daysBack(at, 1, 'Europe/Berlin')).toBe(utc('2026-03-29T22:00:00Z'));
  });
});

describe('stepStarts', () => {
  const from = utc('2026-11-22T05:00:00Z');

  it('numbers five-minute steps on the UTC grid', () => {
    const starts = stepStarts(from + 60_000, from + HOUR, '5m', 'Asia/Kolkata');
    expect(starts).toHaveLength(12);
    expect(starts[0]).toBe(from);
    expect(fiveMinuteStart(from + 7 * 60_000 + 10_000)).toBe(from + 5 * 60_000);
  });

  it('numbers local hours and local days', () => {
    expect(stepStarts(from, from + 24 * HOUR, '1h', 'Asia/Kolkata')).toHaveLength(25); // :30 hours cut twice
    expect(stepStarts(utc('2026-11-16T16:00:00Z'), utc('2026-11-23T04:00:00Z'), '1d', 'Asia/Shanghai')).toEqual(
      Array.from({ length: 7 }, (_, i) => utc('2026-11-16T16:00:00Z') + i * 24 * HOUR),
    );
  });
});

describe('latencySeries', () => {
  const t0 = utc('2026-11-23T00:00:00Z');

  it('puts each histogram in the last step at or before it, and keeps empty steps', () => {
    const series = latencySeries(
      [
        { start: t0 - HOUR, latency: histogramOf([999]) }, // before the first step: ignored
        { start: t0 + 10 * 60_000, latency: histogramOf([100, 100]) },
        { start: t0 + 50 * 60_000, latency: histogramOf([200]) },
      ],
      [t0, t0 + HOUR, t0 + 2 * HOUR],
    );
    expect(series.map((p) => p.count)).toEqual([3, 0, 0]);
    expect(series[0]!.p50).toBeCloseTo(100, -1);
    expect(series[1]).toEqual({ start: t0 + HOUR, count: 0, p50: null, p95: null, p99: null });
  });

  it('gives percentiles within 5 % of the exact ones over any split of random samples into steps', () => {
    const exact = (samples: number[], q: number) => [...samples].sort((a, b) => a - b)[Math.max(1, Math.ceil(q * samples.length - 1e-9)) - 1]!;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 * HOUR - 1 }), fc.double({ min: 1, max: 100_000, noNaN: true })), { minLength: 1, maxLength: 300 }), (samples) => {
        // One histogram per sample minute, as rollups would come; three hourly steps.
        const byMinute = new Map<number, number[]>();
        for (const [at, ms] of samples) byMinute.set(Math.floor(at / 60_000), [...(byMinute.get(Math.floor(at / 60_000)) ?? []), ms]);
        const series = latencySeries([...byMinute].map(([m, ms]) => ({ start: t0 + m * 60_000, latency: histogramOf(ms) })), [t0, t0 + HOUR, t0 + 2 * HOUR]);
        series.forEach((point, i) => {
          const own = samples.filter(([at]) => Math.floor(at / HOUR) === i).map(([, ms]) => ms);
          expect(point.count).toBe(own.length);
          for (const [q, value] of [[0.5, point.p50], [0.95, point.p95], [0.99, point.p99]] as const) {
            if (own.length === 0) expect(value).toBeNull();
            else expect(Math.abs(value! / exact(own, q) - 1)).toBeLessThanOrEqual(0.05);
          }
        });
      }),
    );
  });

  it('agrees with percentile() of the merged histogram', () => {
    const h = histogramOf([10, 20, 30, 40, 5000]);
    const [point] = latencySeries([{ start: t0, latency: h }], [t0]);
    expect(point).toMatchObject({ count: 5, p50: percentile(h, 0.5), p95: percentile(h, 0.95), p99: percentile(h, 0.99) });
  });
});
