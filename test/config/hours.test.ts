import { describe, expect, it } from 'vitest';
import { parseDayKey } from '../../src/config/hours.ts';
import { hoursSchema } from '../../src/config/index.ts';
import type { HoursRange, ServiceHours } from '../../src/domain/catalog.ts';
import { problemsOf } from './problems-of.ts';

const MON = 1;
const FRI = 5;
const SAT = 6;
const SUN = 0;

/** Minutes after midnight. */
const t = (clock: string): number => {
  const [h = 0, m = 0] = clock.split(':').map(Number);
  return h * 60 + m;
};
const range = (day: number, start: string, end: string, nextDay = false): HoursRange => ({
  day,
  start: t(start),
  end: t(end) + (nextDay ? 1440 : 0),
});
const days = (list: number[], start: string, end: string, nextDay = false): HoursRange[] =>
  list.map((day) => range(day, start, end, nextDay));

describe('hours', () => {
  it.each<[string, unknown, ServiceHours]>([
    ['always', 'always', { kind: 'always' }],
    [
      'a weekday range',
      { 'mon-fri': '09:00-18:00' },
      { kind: 'weekly', ranges: days([1, 2, 3, 4, 5], '09:00', '18:00'), exceptions: {} },
    ],
    [
      'a range that wraps past Saturday',
      { 'fri-mon': '10:00-16:00' },
      { kind: 'weekly', ranges: days([SUN, MON, FRI, SAT], '10:00', '16:00'), exceptions: {} },
    ],
    [
      'a range crossing midnight stays on the day it starts',
      { fri: '22:00-02:00' },
      { kind: 'weekly', ranges: [range(FRI, '22:00', '02:00', true)], exceptions: {} },
    ],
    [
      '24:00 as an end',
      { sat: '18:00-24:00' },
      { kind: 'weekly', ranges: [{ day: SAT, start: t('18:00'), end: 1440 }], exceptions: {} },
    ],
    ['a whole day', { sun: '00:00-24:00' }, { kind: 'weekly', ranges: [{ day: SUN, start: 0, end: 1440 }], exceptions: {} }],
    [
      'several ranges, sorted, with single-digit hours',
      { mon: '13:00-18:00, 9:00-12:00' },
      { kind: 'weekly', ranges: [range(MON, '09:00', '12:00'), range(MON, '13:00', '18:00')], exceptions: {} },
    ],
    [
      'closed days and days not listed',
      { mon: '09:00-17:00', tue: 'closed' },
      { kind: 'weekly', ranges: [range(MON, '09:00', '17:00')], exceptions: {} },
    ],
    [
      'exceptions: closed and shortened dates',
      { 'mon-fri': '09:00-18:00', exceptions: { '2026-12-24': '09:00-12:00', '2026-10-01': 'closed' } },
      {
        kind: 'weekly',
        ranges: days([1, 2, 3, 4, 5], '09:00', '18:00'),
        exceptions: { '2026-10-01': [], '2026-12-24': [{ start: t('09:00'), end: t('12:00') }] },
      },
    ],
    [
      'a leap day exception',
      { sat: '10:00-12:00', exceptions: { '2028-02-29': '22:00-01:00' } },
      {
        kind: 'weekly',
        ranges: [range(SAT, '10:00', '12:00')],
        exceptions: { '2028-02-29': [{ start: t('22:00'), end: t('01:00') + 1440 }] },
      },
    ],
    [
      'only exceptions',
      { exceptions: { '2026-11-11': '00:00-24:00' } },
      { kind: 'weekly', ranges: [], exceptions: { '2026-11-11': [{ start: 0, end: 1440 }] } },
    ],
  ])('%s', (_, input, expected) => {
    expect(hoursSchema.parse(input)).toEqual(expected);
  });

  it.each<[string, unknown, Array<[string, string]>]>([
    ['an hour past 24', { mon: '09:00-25:00' }, [['mon', '"25:00" is not a time of day (00:00 to 24:00)']]],
    ['minutes past 59', { mon: '09:60-10:00' }, [['mon', '"09:60" is not a time of day (00:00 to 23:59)']]],
    ['24:30', { mon: '09:00-24:30' }, [['mon', '"24:30" is not a time of day (00:00 to 24:00)']]],
    ['a start at 24:00', { mon: '24:00-02:00' }, [['mon', '"24:00-02:00" starts at 24:00; write 00:00 on the next day']]],
    ['an empty range', { mon: '09:00-09:00' }, [['mon', '"09:00-09:00" is an empty range']]],
    [
      'overlapping ranges',
      { mon: '09:00-12:00, 11:00-13:00' },
      [['mon', '"09:00-12:00, 11:00-13:00": the ranges 09:00-12:00 and 11:00-13:00 overlap']],
    ],
    [
      'not a range',
      { mon: '9-17' },
      [['mon', '"9-17": expected "HH:MM-HH:MM", several such ranges separated by commas, or closed']],
    ],
    [
      'an unknown day name',
      { Monday: '09:00-17:00' },
      [['Monday', 'unknown day "Monday"; expected mon, tue, wed, thu, fri, sat or sun, or a range like mon-fri']],
    ],
    [
      'a day given twice, and every mistake of the block at once',
      { 'sat-sun': '10:00-14:00', 'fri-sat': '09:00-12:00', tue: '25:00-26:00' },
      [
        ['fri-sat', '"sat" is already covered by "sat-sun"'],
        ['tue', '"25:00" is not a time of day (00:00 to 23:59)'],
      ],
    ],
    [
      'bad exception dates',
      { mon: '09:00-17:00', exceptions: { '2026-13-01': 'closed', '26-01-01': 'closed' } },
      [
        ['exceptions.2026-13-01', '"2026-13-01" is not a calendar date (YYYY-MM-DD)'],
        ['exceptions.26-01-01', '"26-01-01" is not a calendar date (YYYY-MM-DD)'],
      ],
    ],
    ['every day closed', { mon: 'closed' }, [['', 'every day is closed; list at least one day, or use always']]],
    [
      'neither always nor a map',
      'weekdays',
      [['', 'expected always, or a map of days to hours such as { mon-fri: "09:00-18:00" }']],
    ],
  ])('refuses %s', (_, input, expected) => {
    expect(problemsOf(hoursSchema, input)).toEqual(expected);
  });
});

describe('parseDayKey', () => {
  it.each<[string, number[] | string]>([
    ['mon', [1]],
    ['mon-fri', [1, 2, 3, 4, 5]],
    ['sat-sun', [6, 0]],
    ['fri-mon', [5, 6, 0, 1]],
    ['sun-sat', [0, 1, 2, 3, 4, 5, 6]],
    ['mon-mon', [1]],
    ['weekdays', 'unknown day "weekdays"; expected mon, tue, wed, thu, fri, sat or sun, or a range like mon-fri'],
  ])('%s', (key, expected) => {
    expect(parseDayKey(key)).toEqual(expected);
  });
});
