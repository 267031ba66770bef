import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketOf, emptyHistogram, histogramCount, histogramOf } from '../../../src/domain/history/latency-histogram.ts';
import {
  ROLLUP_STATES,
  emptyRollup,
  mergeRollups,
  regroupRollups,
  rollUp,
  rollUpChannel,
  type Rollup,
  type RollupCheck,
} from '../../../src/domain/history/rollup.ts';
import type { StateSegment } from '../../../src/domain/history/timeline.ts';
import { CHANNEL_STATES, CHECK_OUTCOMES } from '../../../src/domain/vocabulary.ts';

const utc = (iso: string): number => Date.parse(iso);
const MIN = 60_000;
const HOUR = 3_600_000;
const SHANGHAI = 'Asia/Shanghai';
const BERLIN = 'Europe/Berlin';
const ZONES = ['UTC', SHANGHAI, BERLIN, 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/Santiago'];

const seg = (from: string, to: string, state: StateSegment['state']): StateSegment => ({ from: utc(from), to: utc(to), state });
const check = (at: string, outcome: RollupCheck['outcome'], durationMs = 100): RollupCheck => ({ startedAt: utc(at), outcome, durationMs });

/** Start → seconds of one state, for compact expectations. */
const secondsBy = (rollups: Rollup[], state: keyof Rollup['seconds']) => rollups.map((r) => [new Date(r.start).toISOString(), r.seconds[state]]);

/** Random contiguous-or-gapped segments in 2026, any state including unknown. */
const segmentsArb = fc
  .tuple(
    fc.integer({ min: utc('2026-01-01T00:00:00Z'), max: utc('2026-12-25T00:00:00Z') }),
    fc.array(fc.tuple(fc.integer({ min: 0, max: 2 * HOUR }), fc.integer({ min: 1, max: 30 * HOUR }), fc.constantFrom(...CHANNEL_STATES)), {
      maxLength: 12,
    }),
  )
  .map(([start, parts]) => {
    let t = start;
    return parts.map(([gap, length, state]) => {
      const s = { from: t + gap, to: t + gap + length, state };
      t = s.to;
      return s;
    });
  });

const rollupArb: fc.Arbitrary<Rollup> = fc
  .record({
    start: fc.integer({ min: 0, max: 1e12 }),
    seconds: fc.tuple(...ROLLUP_STATES.map(() => fc.integer({ min: 0, max: 3600 }))),
    checks: fc.tuple(...ROLLUP_STATES.map(() => fc.integer({ min: 0, max: 60 }))),
    latency: fc.array(fc.integer({ min: 1, max: 60_000 }), { maxLength: 10 }),
  })
  .map(({ start, seconds, checks, latency }) => ({
    start,
    seconds: Object.fromEntries(ROLLUP_STATES.map((s, i) => [s, seconds[i]!])) as Rollup['seconds'],
    checks: Object.fromEntries(ROLLUP_STATES.map((s, i) => [s, checks[i]!])) as Rollup['checks'],
    latency: histogramOf(latency),
  }));

describe('emptyRollup / mergeRollups', () => {
  it('starts empty', () => {
    expect(emptyRollup(5)).toEqual({
      start: 5,
      seconds: { up: 0, degraded: 0, down: 0, closed: 0, maintenance: 0 },
      checks: { up: 0, degraded: 0, down: 0, closed: 0, maintenance: 0 },
      latency: emptyHistogram(),
    });
  });

  it('is commutative and associative, keeps the earlier start, and adds everything', () => {
    fc.assert(
      fc.property(rollupArb, rollupArb, rollupArb, (a, b, c) => {
        expect(mergeRollups(a, b)).toEqual(mergeRollups(b, a));
        expect(mergeRollups(mergeRollups(a, b), c)).toEqual(mergeRollups(a, mergeRollups(b, c)));
        const ab = mergeRollups(a, b);
        expect(ab.start).toBe(Math.min(a.start, b.start));
        expect(ab.seconds.down).toBe(a.seconds.down + b.seconds.down);
        expect(ab.checks.up).toBe(a.checks.up + b.checks.up);
        expect(histogramCount(ab.latency)).toBe(histogramCount(a.latency) + histogramCount(b.latency));
      }),
    );
  });
});

describe('rollUp: time', () => {
  it('splits at the Shanghai local midnight, 16:00 UTC', () => {
    const segments = [seg('2026-03-06T15:30:00Z', '2026-03-06T16:30:00Z', 'up')];
    expect(secondsBy(rollUp({ segments, checks: [], timezone: SHANGHAI, unit: 'day' }), 'up')).toEqual([
      ['2026-03-05T16:00:00.000Z', 1800],
      ['2026-03-06T16:00:00.000Z', 1800],
    ]);
    // The same span is one UTC day.
    expect(secondsBy(rollUp({ segments, checks: [], timezone: 'UTC', unit: 'day' }), 'up')).toEqual([['2026-03-06T00:00:00.000Z', 3600]]);
  });

  it('splits at Shanghai local hours', () => {
    const segments = [seg('2026-03-06T15:45:00Z', '2026-03-06T17:15:00Z', 'down')];
    expect(secondsBy(rollUp({ segments, checks: [], timezone: SHANGHAI, unit: 'hour' }), 'down')).toEqual([
      ['2026-03-06T15:00:00.000Z', 900],
      ['2026-03-06T16:00:00.000Z', 3600],
      ['2026-03-06T17:00:00.000Z', 900],
    ]);
  });

  it.each([
    ['spring forward, 2026-03-29: 23 hours', '2026-03-28T23:00:00Z', '2026-03-29T22:00:00Z', 23],
    ['fall back, 2026-10-25: 25 hours', '2026-10-24T22:00:00Z', '2026-10-25T23:00:00Z', 25],
  ])('a whole Berlin DST day, %s', (_name, from, to, hours) => {
    const segments = [seg(from, to, 'up')];
    const daily = rollUp({ segments, checks: [], timezone: BERLIN, unit: 'day' });
    expect(secondsBy(daily, 'up')).toEqual([[new Date(utc(from)).toISOString(), hours * 3600]]);
    const hourly = rollUp({ segments, checks: [], timezone: BERLIN, unit: 'hour' });
    expect(hourly).toHaveLength(hours);
    for (const r of hourly) expect(r.seconds.up).toBe(3600);
  });

  it('spreads a span over the Berlin spring-forward weekend by local day', () => {
    const segments = [seg('2026-03-28T12:00:00Z', '2026-03-30T12:00:00Z', 'degraded')];
    expect(secondsBy(rollUp({ segments, checks: [], timezone: BERLIN, unit: 'day' }), 'degraded')).toEqual([
      ['2026-03-27T23:00:00.000Z', 11 * 3600], // Sat 13:00–24:00 CET
      ['2026-03-28T23:00:00.000Z', 23 * 3600], // Sun, 23 h
      ['2026-03-29T22:00:00.000Z', 14 * 3600], // Mon 00:00–14:00 CEST
    ]);
  });

  it('counts each state apart and unknown time nowhere', () => {
    const segments = [
      seg('2026-03-06T00:00:00Z', '2026-03-06T00:10:00Z', 'up'),
      seg('2026-03-06T00:10:00Z', '2026-03-06T00:20:00Z', 'unknown'),
      seg('2026-03-06T00:20:00Z', '2026-03-06T00:25:00Z', 'down'),
      seg('2026-03-06T00:25:00Z', '2026-03-06T00:40:00Z', 'closed'),
      seg('2026-03-06T00:40:00Z', '2026-03-06T00:45:00Z', 'maintenance'),
      seg('2026-03-06T00:45:00Z', '2026-03-06T00:45:01.5Z', 'degraded'),
    ];
    const [r, ...rest] = rollUp({ segments, checks: [], timezone: 'UTC', unit: 'hour' });
    expect(rest).toEqual([]);
    expect(r!.seconds).toEqual({ up: 600, degraded: 1.5, down: 300, closed: 900, maintenance: 300 });
  });

  it('makes no rollup of unknown time alone', () => {
    const segments = [seg('2026-03-06T00:00:00Z', '2026-03-08T00:00:00Z', 'unknown')];
    expect(rollUp({ segments, checks: [], timezone: 'UTC', unit: 'hour' })).toEqual([]);
  });

  it('sums, per state, to the segment lengths minus unknown, in any zone and unit', () => {
    fc.assert(
      fc.property(segmentsArb, fc.constantFrom(...ZONES), fc.constantFrom('hour' as const, 'day' as const), (segments, zone, unit) => {
        const rollups = rollUp({ segments, checks: [], timezone: zone, unit });
        for (const state of ROLLUP_STATES) {
          const expected = segments.filter((s) => s.state === state).reduce((sum, s) => sum + (s.to - s.from), 0);
          const got = rollups.reduce((sum, r) => sum + r.seconds[state] * 1000, 0);
          expect(Math.abs(got - expected)).toBeLessThan(1e-3);
        }
        for (let i = 1; i < rollups.length; i++) expect(rollups[i]!.start).toBeGreaterThan(rollups[i - 1]!.start);
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same days from hourly rollups regrouped as from the segments directly', () => {
    fc.assert(
      fc.property(segmentsArb, fc.constantFrom(...ZONES), (segments, zone) => {
        const hourly = rollUp({ segments, checks: [], timezone: zone, unit: 'hour' });
        const direct = rollUp({ segments, checks: [], timezone: zone, unit: 'day' });
        const regrouped = regroupRollups(hourly, zone, 'day');
        expect(regrouped.map((r) => r.start)).toEqual(direct.map((r) => r.start));
        regrouped.forEach((r, i) => {
          for (const s of ROLLUP_STATES) expect(r.seconds[s]).toBeCloseTo(direct[i]!.seconds[s], 6);
        });
      }),
      { numRuns: 100 },
    );
  });
});

describe('rollUp: checks', () => {
  const segments = [
    seg('2026-03-06T00:00:00Z', '2026-03-06T01:00:00Z', 'up'),
    seg('2026-03-06T01:00:00Z', '2026-03-06T01:30:00Z', 'maintenance'),
    seg('2026-03-06T01:30:00Z', '2026-03-06T02:00:00Z', 'closed'),
  ];

  it('counts each check in the hour it started, under the state people saw', () => {
    const checks = [
      check('2026-03-06T00:59:59.999Z', 'up', 120),
      check('2026-03-06T00:10:00Z', 'down', 10_000),
      check('2026-03-06T00:20:00Z', 'degraded', 4000),
      check('2026-03-06T01:00:00Z', 'down', 5000),
      check('2026-03-06T01:45:00Z', 'up', 90),
    ];
    const [first, second] = rollUp({ segments, checks, timezone: 'UTC', unit: 'hour' });
    expect(first!.checks).toEqual({ up: 1, degraded: 1, down: 1, closed: 0, maintenance: 0 });
    expect(second!.checks).toEqual({ up: 0, degraded: 0, down: 0, closed: 1, maintenance: 1 });
    // Latency of answered checks only, closed hours included.
    expect(first!.latency).toEqual(histogramOf([120, 4000]));
    expect(second!.latency).toEqual(histogramOf([90]));
  });

  it('counts a check by its outcome where no segment covers it', () => {
    const [r] = rollUp({ segments: [], checks: [check('2026-03-06T05:00:00Z', 'down')], timezone: 'UTC', unit: 'day' });
    expect(r).toMatchObject({ start: utc('2026-03-06T00:00:00Z'), checks: { down: 1 } });
  });

  it('places checks by Shanghai local day', () => {
    const checks = [check('2026-03-06T15:59:00Z', 'up', 100), check('2026-03-06T16:01:00Z', 'up', 300)];
    const rollups = rollUp({ segments: [], checks, timezone: SHANGHAI, unit: 'day' });
    expect(rollups.map((r) => [new Date(r.start).toISOString(), r.checks.up, r.latency[bucketOf(300)]])).toEqual([
      ['2026-03-05T16:00:00.000Z', 1, 0],
      ['2026-03-06T16:00:00.000Z', 1, 1],
    ]);
  });

  it('counts every check exactly once', () => {
    const checkArb = fc.record({
      startedAt: fc.integer({ min: utc('2026-03-27T00:00:00Z'), max: utc('2026-04-01T00:00:00Z') }),
      outcome: fc.constantFrom(...CHECK_OUTCOMES),
      durationMs: fc.integer({ min: 1, max: 30_000 }),
    });
    fc.assert(
      fc.property(fc.array(checkArb, { maxLength: 50 }), fc.constantFrom(...ZONES), (checks, zone) => {
        const rollups = rollUp({ segments: [], checks, timezone: zone, unit: 'hour' });
        const counted = rollups.reduce((sum, r) => sum + ROLLUP_STATES.reduce((n, s) => n + r.checks[s], 0), 0);
        expect(counted).toBe(checks.length);
        const answered = checks.filter((c) => c.outcome !== 'down').length;
        expect(rollups.reduce((sum, r) => sum + histogramCount(r.latency), 0)).toBe(answered);
      }),
    );
  });
});

describe('rollUpChannel', () => {
  it('rolls up a Shanghai day by hour, using earlier checks only for the state at `from`', () => {
    const from = utc('2026-03-05T16:00:00Z'); // Fri 2026-03-06 00:00 Shanghai
    const to = from + 3 * HOUR;
    // Down since before midnight, back up at 01:30 local, a check every minute.
    const checks = Array.from({ length: 240 }, (_, i) => {
      const startedAt = from - HOUR + i * MIN;
      return { probeKey: 'p', startedAt, outcome: startedAt < from + 90 * MIN ? ('down' as const) : ('up' as const), durationMs: 200 };
    });
    const rollups = rollUpChannel({
      probes: [{ key: 'p', intervalMs: MIN, failureThreshold: 2, successThreshold: 1 }],
      checks,
      hours: { kind: 'always' },
      maintenance: [],
      timezone: SHANGHAI,
      from,
      to,
      unit: 'hour',
    });
    expect(rollups.map((r) => [r.seconds.down, r.seconds.up, r.checks.down, r.checks.up])).toEqual([
      [3600, 0, 60, 0],
      [1800, 1800, 30, 30],
      [0, 3600, 0, 60],
    ]);
    expect(histogramCount(rollups[0]!.latency)).toBe(0);
  });
});
