import { describe, expect, it } from 'vitest';
import type { HoursRange, MinuteRange, ServiceHours } from '../../src/domain/catalog.ts';
import { isOpen, openingStatus } from '../../src/domain/service-hours.ts';

const utc = (iso: string): number => Date.parse(iso);
const NY = 'America/New_York';
const BERLIN = 'Europe/Berlin';
const SHANGHAI = 'Asia/Shanghai';

const weekly = (ranges: HoursRange[], exceptions: Record<string, MinuteRange[]> = {}): ServiceHours => ({
  kind: 'weekly',
  ranges,
  exceptions,
});
const on = (days: number[], start: number, end: number): HoursRange[] => days.map((day) => ({ day, start, end }));
const MON_FRI = [1, 2, 3, 4, 5];
const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6];

const ALWAYS: ServiceHours = { kind: 'always' };
const MON_FRI_9_21 = weekly(on(MON_FRI, 540, 1260));
const MON_FRI_9_17 = weekly(on(MON_FRI, 540, 1020));
const DAILY_9_17 = weekly(on(EVERY_DAY, 540, 1020));
/** Fri 22:00–02:00 */
const FRI_NIGHT = weekly([{ day: 5, start: 1320, end: 1560 }]);
const FULL_MONDAY = weekly([{ day: 1, start: 0, end: 1440 }]);
/** Wed 23:00 until the end of Thursday */
const WED_LATE = weekly([{ day: 3, start: 1380, end: 2880 }]);
/** Mon 9 Mar 2026 closed, Tue 10 Mar 10:00–12:00 only */
const WITH_EXCEPTIONS = weekly(on(MON_FRI, 540, 1020), { '2026-03-09': [], '2026-03-10': [{ start: 600, end: 720 }] });
/** Sat 7 Mar 2026 closed, but Friday night still runs into it */
const FRI_NIGHT_SAT_CLOSED = weekly([{ day: 5, start: 1320, end: 1560 }, ...on([6], 540, 1020)], { '2026-03-07': [] });
/** Only an overnight exception: Wed 11 Mar 2026 22:00 – Thu 02:00 */
const EXCEPTION_OVERNIGHT = weekly([], { '2026-03-11': [{ start: 1320, end: 1560 }] });
/** Friday 13 Mar 2026 replaced by nothing, so its overnight range is gone too */
const FRI_NIGHT_CANCELLED = weekly([{ day: 5, start: 1320, end: 1560 }], { '2026-03-13': [] });
/** Sun 01:00–04:00 */
const SUN_EARLY = weekly([{ day: 0, start: 60, end: 240 }]);
/** Sat 22:00 – Sun 01:30 */
const SAT_NIGHT = weekly([{ day: 6, start: 1320, end: 1530 }]);
/** Sun 02:30–05:00: starts in New York's spring-forward gap */
const SUN_FROM_GAP = weekly([{ day: 0, start: 150, end: 300 }]);
/** Sun 02:00–02:30: wholly inside the gap on 8 Mar 2026 */
const SUN_IN_GAP = weekly([{ day: 0, start: 120, end: 150 }]);
/** Mon 22:00–24:00 then Tue 00:00–06:00 */
const MON_NIGHT_TUE_MORNING = weekly([{ day: 1, start: 1320, end: 1440 }, { day: 2, start: 0, end: 360 }]);
const MON_OVERLAPPING = weekly([{ day: 1, start: 540, end: 780 }, { day: 1, start: 720, end: 1080 }]);
const MON_ADJACENT_UNSORTED = weekly([{ day: 1, start: 720, end: 1080 }, { day: 1, start: 540, end: 720 }]);
const MON_SPLIT = weekly([{ day: 1, start: 540, end: 720 }, { day: 1, start: 780, end: 1080 }]);
const ROUND_THE_CLOCK = weekly(on(EVERY_DAY, 0, 1440));
const NOTHING = weekly([]);
const ONE_DAY_ONLY = weekly([], { '2026-03-24': [{ start: 540, end: 1020 }] });
const ROUND_THE_CLOCK_BUT_20TH = weekly(on(EVERY_DAY, 0, 1440), { '2026-03-20': [] });
const ROUND_THE_CLOCK_BUT_25TH = weekly(on(EVERY_DAY, 0, 1440), { '2026-03-25': [] });

describe('isOpen', () => {
  it.each<[string, ServiceHours, string, string, boolean]>([
    ['always', ALWAYS, SHANGHAI, '2026-03-07T04:00:00Z', true],
    ['always, in a DST change', ALWAYS, NY, '2026-03-08T07:00:00Z', true],
    // Mon–Fri 09:00–21:00 in Shanghai (UTC+8)
    ['Fri 20:59 local', MON_FRI_9_21, SHANGHAI, '2026-03-06T12:59:00Z', true],
    ['Fri 21:00 local', MON_FRI_9_21, SHANGHAI, '2026-03-06T13:00:00Z', false],
    ['Sat 10:00 local (Sat 02:00Z)', MON_FRI_9_21, SHANGHAI, '2026-03-07T02:00:00Z', false],
    ['Mon 08:59 local (Mon 00:59Z)', MON_FRI_9_21, SHANGHAI, '2026-03-09T00:59:00Z', false],
    ['Mon 09:00 local (Mon 01:00Z)', MON_FRI_9_21, SHANGHAI, '2026-03-09T01:00:00Z', true],
    ['Sun 21:00Z is Mon 05:00 local', MON_FRI_9_21, SHANGHAI, '2026-03-08T21:00:00Z', false],
    // Fri 22:00–02:00
    ['Fri 21:59 local', FRI_NIGHT, SHANGHAI, '2026-03-06T13:59:00Z', false],
    ['Fri 22:00 local', FRI_NIGHT, SHANGHAI, '2026-03-06T14:00:00Z', true],
    ['Sat 01:00 local', FRI_NIGHT, SHANGHAI, '2026-03-06T17:00:00Z', true],
    ['Sat 01:59 local', FRI_NIGHT, SHANGHAI, '2026-03-06T17:59:00Z', true],
    ['Sat 02:00 local', FRI_NIGHT, SHANGHAI, '2026-03-06T18:00:00Z', false],
    // ends at 24:00 and 48:00
    ['Mon 00:00', FULL_MONDAY, 'UTC', '2026-03-09T00:00:00Z', true],
    ['Mon 23:59', FULL_MONDAY, 'UTC', '2026-03-09T23:59:00Z', true],
    ['Tue 00:00 (the 24:00 end)', FULL_MONDAY, 'UTC', '2026-03-10T00:00:00Z', false],
    ['Wed 22:59', WED_LATE, 'UTC', '2026-03-11T22:59:00Z', false],
    ['Thu 23:59 (end 2880)', WED_LATE, 'UTC', '2026-03-12T23:59:00Z', true],
    ['Fri 00:00 (end 2880)', WED_LATE, 'UTC', '2026-03-13T00:00:00Z', false],
    // exceptions
    ['closed-day exception', WITH_EXCEPTIONS, 'UTC', '2026-03-09T10:00:00Z', false],
    ['same weekday a week later', WITH_EXCEPTIONS, 'UTC', '2026-03-16T10:00:00Z', true],
    ['short hours, before', WITH_EXCEPTIONS, 'UTC', '2026-03-10T09:30:00Z', false],
    ['short hours, inside', WITH_EXCEPTIONS, 'UTC', '2026-03-10T10:30:00Z', true],
    ['short hours, at the end', WITH_EXCEPTIONS, 'UTC', '2026-03-10T12:00:00Z', false],
    ['the day after the exception', WITH_EXCEPTIONS, 'UTC', '2026-03-11T09:30:00Z', true],
    ['Friday night spills into a closed Saturday', FRI_NIGHT_SAT_CLOSED, 'UTC', '2026-03-07T01:00:00Z', true],
    ['closed Saturday after the spill', FRI_NIGHT_SAT_CLOSED, 'UTC', '2026-03-07T10:00:00Z', false],
    ['overnight exception, next morning', EXCEPTION_OVERNIGHT, 'UTC', '2026-03-12T01:00:00Z', true],
    ['overnight exception, its end', EXCEPTION_OVERNIGHT, 'UTC', '2026-03-12T02:00:00Z', false],
    ['a cancelled Friday', FRI_NIGHT_CANCELLED, 'UTC', '2026-03-13T23:00:00Z', false],
    ['the Saturday after a cancelled Friday', FRI_NIGHT_CANCELLED, 'UTC', '2026-03-14T01:00:00Z', false],
    ['an ordinary Friday night', FRI_NIGHT_CANCELLED, 'UTC', '2026-03-06T23:00:00Z', true],
    // DST: the wall clock decides, and a range lasts as long in real time as it does on that day
    ['NY Sun 00:59 EST', SUN_EARLY, NY, '2026-03-08T05:59:00Z', false],
    ['NY Sun 01:30 EST', SUN_EARLY, NY, '2026-03-08T06:30:00Z', true],
    ['NY Sun 03:00 EDT, just after the jump', SUN_EARLY, NY, '2026-03-08T07:00:00Z', true],
    ['NY Sun 04:00 EDT', SUN_EARLY, NY, '2026-03-08T08:00:00Z', false],
    ['NY Sat 22:00 EDT before fall back', SAT_NIGHT, NY, '2026-11-01T02:00:00Z', true],
    ['NY first 01:15 (EDT)', SAT_NIGHT, NY, '2026-11-01T05:15:00Z', true],
    ['NY second 01:15 (EST): closed since the first 01:30', SAT_NIGHT, NY, '2026-11-01T06:15:00Z', false],
    ['Berlin 08:59 CEST on the spring-forward day', DAILY_9_17, BERLIN, '2026-03-29T06:59:00Z', false],
    ['Berlin 09:00 CEST on the spring-forward day', DAILY_9_17, BERLIN, '2026-03-29T07:00:00Z', true],
    ['Berlin 09:00 CET on the fall-back day', DAILY_9_17, BERLIN, '2026-10-25T08:00:00Z', true],
    ['Berlin 17:00 CET on the fall-back day', DAILY_9_17, BERLIN, '2026-10-25T16:00:00Z', false],
  ])('%s', (_name, hours, zone, instant, expected) => {
    expect(isOpen(hours, zone, utc(instant))).toBe(expected);
  });
});

type Expected = [open: boolean, opensAt: string | null, closesAt: string | null];

describe('openingStatus', () => {
  it.each<[string, ServiceHours, string, string, Expected]>([
    ['always', ALWAYS, SHANGHAI, '2026-03-07T04:00:00Z', [true, null, null]],
    // across a weekend
    ['Shanghai Fri 21:00 → Mon 09:00', MON_FRI_9_21, SHANGHAI, '2026-03-06T13:00:00Z', [false, '2026-03-09T01:00:00Z', null]],
    ['Shanghai Sat noon → Mon 09:00', MON_FRI_9_21, SHANGHAI, '2026-03-07T04:00:00Z', [false, '2026-03-09T01:00:00Z', null]],
    ['Shanghai Fri 20:00 → closes 21:00', MON_FRI_9_21, SHANGHAI, '2026-03-06T12:00:00Z', [true, null, '2026-03-06T13:00:00Z']],
    ['Shanghai Mon 08:00 → 09:00', MON_FRI_9_21, SHANGHAI, '2026-03-09T00:00:00Z', [false, '2026-03-09T01:00:00Z', null]],
    // across DST in New York: Monday 09:00 is 13:00Z after spring forward, 14:00Z after fall back
    ['NY Fri 18:00 EST → Mon 09:00 EDT', MON_FRI_9_17, NY, '2026-03-06T23:00:00Z', [false, '2026-03-09T13:00:00Z', null]],
    ['NY Sun 12:00 EDT → Mon 09:00 EDT', MON_FRI_9_17, NY, '2026-03-08T16:00:00Z', [false, '2026-03-09T13:00:00Z', null]],
    ['NY Mon 10:00 EDT → closes 17:00 EDT', MON_FRI_9_17, NY, '2026-03-09T14:00:00Z', [true, null, '2026-03-09T21:00:00Z']],
    ['NY Fri 18:00 EDT → Mon 09:00 EST', MON_FRI_9_17, NY, '2026-10-30T22:00:00Z', [false, '2026-11-02T14:00:00Z', null]],
    ['NY Mon 10:00 EST → closes 17:00 EST', MON_FRI_9_17, NY, '2026-11-02T15:00:00Z', [true, null, '2026-11-02T22:00:00Z']],
    // across DST in Berlin
    ['Berlin Fri 18:00 CET → Mon 09:00 CEST', MON_FRI_9_17, BERLIN, '2026-03-27T17:00:00Z', [false, '2026-03-30T07:00:00Z', null]],
    ['Berlin Fri 18:00 CEST → Mon 09:00 CET', MON_FRI_9_17, BERLIN, '2026-10-23T16:00:00Z', [false, '2026-10-26T08:00:00Z', null]],
    ['Berlin spring-forward Sunday opens 09:00 CEST', DAILY_9_17, BERLIN, '2026-03-29T00:30:00Z', [false, '2026-03-29T07:00:00Z', null]],
    ['Berlin spring-forward Sunday closes 17:00 CEST', DAILY_9_17, BERLIN, '2026-03-29T08:00:00Z', [true, null, '2026-03-29T15:00:00Z']],
    ['Berlin fall-back Sunday opens 09:00 CET', DAILY_9_17, BERLIN, '2026-10-25T00:30:00Z', [false, '2026-10-25T08:00:00Z', null]],
    ['Berlin Sat 17:00 CEST → Sun 09:00 CET', DAILY_9_17, BERLIN, '2026-10-24T15:00:00Z', [false, '2026-10-25T08:00:00Z', null]],
    // ranges over the change itself
    ['NY 01:00–04:00 on spring forward opens 06:00Z', SUN_EARLY, NY, '2026-03-08T05:00:00Z', [false, '2026-03-08T06:00:00Z', null]],
    ['… and closes 08:00Z, two real hours later', SUN_EARLY, NY, '2026-03-08T06:30:00Z', [true, null, '2026-03-08T08:00:00Z']],
    ['NY 01:00–04:00 on fall back lasts four hours', SUN_EARLY, NY, '2026-11-01T06:30:00Z', [true, null, '2026-11-01T09:00:00Z']],
    ['NY overnight range closes at the first 01:30', SAT_NIGHT, NY, '2026-11-01T05:15:00Z', [true, null, '2026-11-01T05:30:00Z']],
    ['NY second 01:15 waits for next Saturday', SAT_NIGHT, NY, '2026-11-01T06:15:00Z', [false, '2026-11-08T03:00:00Z', null]],
    ['NY opening inside the gap opens at the jump', SUN_FROM_GAP, NY, '2026-03-08T05:00:00Z', [false, '2026-03-08T07:00:00Z', null]],
    ['NY range wholly in the gap skips that Sunday', SUN_IN_GAP, NY, '2026-03-08T05:00:00Z', [false, '2026-03-15T06:00:00Z', null]],
    // merging
    ['Mon 22:00–24:00 + Tue 00:00–06:00 is one stretch', MON_NIGHT_TUE_MORNING, 'UTC', '2026-03-09T23:00:00Z', [true, null, '2026-03-10T06:00:00Z']],
    ['… also seen from Tuesday', MON_NIGHT_TUE_MORNING, 'UTC', '2026-03-10T03:00:00Z', [true, null, '2026-03-10T06:00:00Z']],
    ['… and opens at Monday 22:00', MON_NIGHT_TUE_MORNING, 'UTC', '2026-03-09T12:00:00Z', [false, '2026-03-09T22:00:00Z', null]],
    ['overlapping ranges merge', MON_OVERLAPPING, 'UTC', '2026-03-09T10:00:00Z', [true, null, '2026-03-09T18:00:00Z']],
    ['adjacent ranges merge, in any order', MON_ADJACENT_UNSORTED, 'UTC', '2026-03-09T10:00:00Z', [true, null, '2026-03-09T18:00:00Z']],
    ['a lunch break does not merge', MON_SPLIT, 'UTC', '2026-03-09T10:00:00Z', [true, null, '2026-03-09T12:00:00Z']],
    ['… and reopens after it', MON_SPLIT, 'UTC', '2026-03-09T12:30:00Z', [false, '2026-03-09T13:00:00Z', null]],
    ['Fri 22:00–02:00 from Saturday 01:00', FRI_NIGHT, SHANGHAI, '2026-03-06T17:00:00Z', [true, null, '2026-03-06T18:00:00Z']],
    // exceptions
    ['closed Monday, short Tuesday', WITH_EXCEPTIONS, 'UTC', '2026-03-08T12:00:00Z', [false, '2026-03-10T10:00:00Z', null]],
    ['short Tuesday closes at noon', WITH_EXCEPTIONS, 'UTC', '2026-03-10T10:30:00Z', [true, null, '2026-03-10T12:00:00Z']],
    ['spill into a closed Saturday', FRI_NIGHT_SAT_CLOSED, 'UTC', '2026-03-07T01:00:00Z', [true, null, '2026-03-07T02:00:00Z']],
    ['closed Saturday → next Friday night', FRI_NIGHT_SAT_CLOSED, 'UTC', '2026-03-07T03:00:00Z', [false, '2026-03-13T22:00:00Z', null]],
    // the 14-day horizon
    ['round the clock: no closing within the horizon', ROUND_THE_CLOCK, 'UTC', '2026-03-09T12:00:00Z', [true, null, null]],
    ['round the clock until a closed day 11 days out', ROUND_THE_CLOCK_BUT_20TH, 'UTC', '2026-03-09T12:00:00Z', [true, null, '2026-03-20T00:00:00Z']],
    ['round the clock until a closed day 16 days out', ROUND_THE_CLOCK_BUT_25TH, 'UTC', '2026-03-09T12:00:00Z', [true, null, null]],
    ['no ranges at all', NOTHING, SHANGHAI, '2026-03-09T12:00:00Z', [false, null, null]],
    ['one open day 13 days out', ONE_DAY_ONLY, 'UTC', '2026-03-11T12:00:00Z', [false, '2026-03-24T09:00:00Z', null]],
    ['one open day exactly 14 days out', ONE_DAY_ONLY, 'UTC', '2026-03-10T09:00:00Z', [false, '2026-03-24T09:00:00Z', null]],
    ['one open day 14 days and a minute out', ONE_DAY_ONLY, 'UTC', '2026-03-10T08:59:00Z', [false, null, null]],
    ['one open day 15 days out', ONE_DAY_ONLY, 'UTC', '2026-03-09T12:00:00Z', [false, null, null]],
  ])('%s', (_name, hours, zone, instant, [open, opensAt, closesAt]) => {
    expect(openingStatus(hours, zone, utc(instant))).toEqual({
      openNow: open,
      opensAt: opensAt === null ? null : utc(opensAt),
      closesAt: closesAt === null ? null : utc(closesAt),
    });
  });
});

describe('isOpen and openingStatus agree', () => {
  const cases: [string, ServiceHours, string][] = [
    ['NY weekdays', MON_FRI_9_17, NY],
    ['NY Sunday small hours', SUN_EARLY, NY],
    ['NY Saturday night', SAT_NIGHT, NY],
    ['NY from the gap', SUN_FROM_GAP, NY],
    ['NY in the gap', SUN_IN_GAP, NY],
    ['Berlin daily', DAILY_9_17, BERLIN],
    ['Berlin Saturday night', SAT_NIGHT, BERLIN],
    ['Shanghai Friday night', FRI_NIGHT_SAT_CLOSED, SHANGHAI],
  ];
  const windows = ['2026-03-06T00:00:00Z', '2026-03-27T00:00:00Z', '2026-10-23T00:00:00Z', '2026-10-30T00:00:00Z'];

  // Every 5 minutes for 4 days around each 2026 change: openNow matches isOpen, and each
  // reported boundary really is a boundary of isOpen.
  it.each(cases)('%s', (_name, hours, zone) => {
    const mismatches: string[] = [];
    for (const from of windows) {
      for (let at = utc(from); at < utc(from) + 4 * 86_400_000; at += 300_000) {
        const status = openingStatus(hours, zone, at);
        const where = new Date(at).toISOString();
        if (isOpen(hours, zone, at) !== status.openNow) mismatches.push(`openNow ${where}`);
        const edge = status.opensAt ?? status.closesAt;
        if (edge !== null && (isOpen(hours, zone, edge) === status.openNow || isOpen(hours, zone, edge - 1) !== status.openNow)) {
          mismatches.push(`edge ${where} → ${new Date(edge).toISOString()}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});
