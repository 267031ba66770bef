import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  localDayStart,
  localHourStart,
  nextLocalDayStart,
  nextLocalHourStart,
  periodStart,
  splitByPeriod,
  type RollupUnit,
} from '../../../src/domain/history/periods.ts';
import { localParts } from '../../../src/domain/zoned-time.ts';

const utc = (iso: string): number => Date.parse(iso);
const HOUR = 3_600_000;
const SHANGHAI = 'Asia/Shanghai';
const BERLIN = 'Europe/Berlin';
const ZONES = [
  'UTC',
  SHANGHAI,
  BERLIN,
  'America/New_York',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Australia/Lord_Howe',
  'America/Santiago',
  'Pacific/Chatham',
];

describe('local days', () => {
  // [zone, an instant, its local day start, the next local day start, day length in hours]
  it.each([
    // Shanghai (UTC+8, no DST): the local day starts at 16:00 UTC the day before.
    [SHANGHAI, '2026-03-06T20:00:00Z', '2026-03-06T16:00:00Z', '2026-03-07T16:00:00Z', 24],
    [SHANGHAI, '2026-03-06T15:59:59.999Z', '2026-03-05T16:00:00Z', '2026-03-06T16:00:00Z', 24],
    [SHANGHAI, '2026-03-06T16:00:00Z', '2026-03-06T16:00:00Z', '2026-03-07T16:00:00Z', 24],
    // Berlin spring forward, Sun 29 Mar 2026: a 23-hour day.
    [BERLIN, '2026-03-29T10:00:00Z', '2026-03-28T23:00:00Z', '2026-03-29T22:00:00Z', 23],
    // Berlin fall back, Sun 25 Oct 2026: a 25-hour day, including during the repeated hour.
    [BERLIN, '2026-10-25T00:30:00Z', '2026-10-24T22:00:00Z', '2026-10-25T23:00:00Z', 25],
    [BERLIN, '2026-10-25T01:30:00Z', '2026-10-24T22:00:00Z', '2026-10-25T23:00:00Z', 25],
    ['UTC', '2026-03-06T00:00:00Z', '2026-03-06T00:00:00Z', '2026-03-07T00:00:00Z', 24],
    // Lord Howe Island moves its clocks by 30 minutes.
    ['Australia/Lord_Howe', '2026-10-04T06:00:00Z', '2026-10-03T13:30:00Z', '2026-10-04T13:00:00Z', 23.5],
    ['Australia/Lord_Howe', '2026-04-05T06:00:00Z', '2026-04-04T13:00:00Z', '2026-04-05T13:30:00Z', 24.5],
  ])('%s %s is in the day [%s, %s) of %s h', (zone, at, start, next, hours) => {
    expect(localDayStart(utc(at), zone)).toBe(utc(start));
    expect(nextLocalDayStart(utc(at), zone)).toBe(utc(next));
    expect((utc(next) - utc(start)) / HOUR).toBe(hours);
  });
});

describe('local hours', () => {
  // [zone, an instant, its local hour start, the next local hour start]
  it.each([
    [SHANGHAI, '2026-03-06T12:34:56Z', '2026-03-06T12:00:00Z', '2026-03-06T13:00:00Z'],
    ['Asia/Kolkata', '2026-03-06T12:34:56Z', '2026-03-06T12:30:00Z', '2026-03-06T13:30:00Z'],
    ['Asia/Kolkata', '2026-03-06T12:29:59Z', '2026-03-06T11:30:00Z', '2026-03-06T12:30:00Z'],
    ['Asia/Kathmandu', '2026-03-06T12:00:00Z', '2026-03-06T11:15:00Z', '2026-03-06T12:15:00Z'],
    // Berlin 01:30 CET is followed by 03:00 CEST.
    [BERLIN, '2026-03-29T00:30:00Z', '2026-03-29T00:00:00Z', '2026-03-29T01:00:00Z'],
    [BERLIN, '2026-03-29T01:00:00Z', '2026-03-29T01:00:00Z', '2026-03-29T02:00:00Z'],
    // The two 02:00 hours of a Berlin fall-back night are distinct.
    [BERLIN, '2026-10-25T00:30:00Z', '2026-10-25T00:00:00Z', '2026-10-25T01:00:00Z'],
    [BERLIN, '2026-10-25T01:30:00Z', '2026-10-25T01:00:00Z', '2026-10-25T02:00:00Z'],
    // Lord Howe 02:00 → 02:30 at 15:30Z: 01:00–02:00 is a whole hour, 02:30–03:00 a half one.
    ['Australia/Lord_Howe', '2026-10-03T15:10:00Z', '2026-10-03T14:30:00Z', '2026-10-03T15:30:00Z'],
    ['Australia/Lord_Howe', '2026-10-03T15:30:00Z', '2026-10-03T15:30:00Z', '2026-10-03T16:00:00Z'],
    ['Australia/Lord_Howe', '2026-10-03T15:59:00Z', '2026-10-03T15:30:00Z', '2026-10-03T16:00:00Z'],
    // Lord Howe 02:00 → 01:30 at 15:00Z: the second 01:30–02:00 is an hour of its own.
    ['Australia/Lord_Howe', '2026-04-04T14:59:00Z', '2026-04-04T14:00:00Z', '2026-04-04T15:00:00Z'],
    ['Australia/Lord_Howe', '2026-04-04T15:10:00Z', '2026-04-04T15:00:00Z', '2026-04-04T15:30:00Z'],
    // Chatham 02:45 → 03:45 at 14:00Z: 02:00–02:45 and 03:45–04:00 are two short hours.
    ['Pacific/Chatham', '2026-09-26T13:59:00Z', '2026-09-26T13:15:00Z', '2026-09-26T14:00:00Z'],
    ['Pacific/Chatham', '2026-09-26T14:05:00Z', '2026-09-26T14:00:00Z', '2026-09-26T14:15:00Z'],
  ])('%s %s is in the hour keyed %s, ending %s', (zone, at, start, next) => {
    expect(localHourStart(utc(at), zone)).toBe(utc(start));
    expect(nextLocalHourStart(utc(at), zone)).toBe(utc(next));
  });
});

describe('splitByPeriod', () => {
  it.each<[string, string, string, RollupUnit, number]>([
    // Whole Berlin DST days cut into hours: 23 and 25 of them, each one real hour.
    [BERLIN, '2026-03-28T23:00:00Z', '2026-03-29T22:00:00Z', 'hour', 23],
    [BERLIN, '2026-10-24T22:00:00Z', '2026-10-25T23:00:00Z', 'hour', 25],
    [SHANGHAI, '2026-03-05T16:00:00Z', '2026-03-06T16:00:00Z', 'hour', 24],
    [BERLIN, '2026-03-28T12:00:00Z', '2026-03-30T12:00:00Z', 'day', 3],
  ])('%s [%s, %s) by %s gives %i pieces', (zone, from, to, unit, count) => {
    const pieces = splitByPeriod(utc(from), utc(to), zone, unit);
    expect(pieces).toHaveLength(count);
    if (unit === 'hour') for (const p of pieces) expect(p.to - p.from).toBe(HOUR);
    expect(new Set(pieces.map((p) => p.start)).size).toBe(count);
  });

  it('cuts a Shanghai evening at 16:00 UTC', () => {
    expect(splitByPeriod(utc('2026-03-06T15:30:00Z'), utc('2026-03-06T16:30:00Z'), SHANGHAI, 'day')).toEqual([
      { start: utc('2026-03-05T16:00:00Z'), from: utc('2026-03-06T15:30:00Z'), to: utc('2026-03-06T16:00:00Z') },
      { start: utc('2026-03-06T16:00:00Z'), from: utc('2026-03-06T16:00:00Z'), to: utc('2026-03-06T16:30:00Z') },
    ]);
  });

  it('gives nothing for an empty or reversed span', () => {
    expect(splitByPeriod(10, 10, 'UTC', 'hour')).toEqual([]);
    expect(splitByPeriod(10, 5, 'UTC', 'day')).toEqual([]);
  });

  /** The instants in 2026 at which `zone` changes its UTC offset, found by a scan of every 15 minutes. */
  function transitions(zone: string): number[] {
    const found: number[] = [];
    const step = 15 * 60_000;
    for (let t = utc('2026-01-01T00:00:00Z'); t < utc('2027-01-01T00:00:00Z'); t += step) {
      const before = localParts(t - step, zone);
      const after = localParts(t, zone);
      // The wall clock moved by other than the 15 minutes that passed.
      if ((after.date === before.date ? 0 : 1440) + after.minute - before.minute !== 15) found.push(t);
    }
    return found;
  }
  const nearTransitions = ZONES.flatMap((zone) => transitions(zone).map((t) => [zone, t] as const));

  it('finds the DST changes of every zone with DST', () => {
    const zones = new Set(nearTransitions.map(([zone]) => zone));
    expect(nearTransitions).toHaveLength(10);
    expect([...zones].sort()).toEqual([BERLIN, 'America/New_York', 'America/Santiago', 'Australia/Lord_Howe', 'Pacific/Chatham'].sort());
  });

  /** The properties every split must have; see `localHourStart` for why periods are keyed so. */
  function checkSplit(zone: string, unit: RollupUnit, from: number, length: number): void {
    const pieces = splitByPeriod(from, from + length, zone, unit);
    expect(pieces[0]!.from).toBe(from);
    expect(pieces[pieces.length - 1]!.to).toBe(from + length);
    pieces.forEach((p, i) => {
      if (i > 0) expect(p.from).toBe(pieces[i - 1]!.to);
      expect(p.from).toBeLessThan(p.to);
      expect(p.start).toBeLessThanOrEqual(p.from);
      expect(periodStart(p.from, zone, unit)).toBe(p.start);
      expect(periodStart(p.to - 1, zone, unit)).toBe(p.start);
      // Every boundary starts a period of its own: keys are unique and never overlap.
      if (i > 0) expect(p.start).toBe(p.from);
      if (unit === 'day') expect(localParts(p.to - 1, zone).date).toBe(localParts(p.from, zone).date);
      else {
        expect(Math.floor(localParts(p.to - 1, zone).minute / 60)).toBe(Math.floor(localParts(p.from, zone).minute / 60));
        expect(p.to - p.start).toBeLessThanOrEqual(HOUR);
      }
    });
  }

  it('covers any span with contiguous pieces, each inside one local period', () => {
    const year2026 = fc.integer({ min: utc('2026-01-01T00:00:00Z'), max: utc('2027-01-01T00:00:00Z') });
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.constantFrom<RollupUnit>('hour', 'day'),
        year2026,
        fc.oneof(fc.integer({ min: 1, max: 3 * 86_400_000 }), fc.integer({ min: 1, max: 3 * HOUR })),
        checkSplit,
      ),
      { numRuns: 300 },
    );
  });

  it('does so around every DST change of 2026', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...nearTransitions),
        fc.constantFrom<RollupUnit>('hour', 'day'),
        fc.integer({ min: -3 * HOUR, max: HOUR }),
        fc.integer({ min: 1, max: 5 * HOUR }),
        ([zone, t], unit, shift, length) => checkSplit(zone, unit, t + shift, length),
      ),
      { numRuns: 500 },
    );
  });
});
