import { describe, expect, it } from 'vitest';
import {
  addDays,
  dateToDayNumber,
  dayNumberToDate,
  localParts,
  utcOffsetMs,
  zonedTimeToEpoch,
} from '../../src/domain/zoned-time.ts';

const utc = (iso: string): number => Date.parse(iso);
const NY = 'America/New_York';
const BERLIN = 'Europe/Berlin';
const SHANGHAI = 'Asia/Shanghai';

describe('localParts', () => {
  // [zone, instant, date, weekday, local time]
  it.each([
    [SHANGHAI, '2026-03-06T12:59:00Z', '2026-03-06', 5, '20:59'],
    [SHANGHAI, '2026-03-06T16:00:00Z', '2026-03-07', 6, '00:00'],
    [SHANGHAI, '2026-03-08T07:00:00Z', '2026-03-08', 0, '15:00'],
    ['UTC', '2026-01-01T00:00:00Z', '2026-01-01', 4, '00:00'],
    ['UTC', '2024-02-29T23:59:59.999Z', '2024-02-29', 4, '23:59'],
    ['UTC', '1969-12-31T23:59:59.999Z', '1969-12-31', 3, '23:59'],
    // US spring forward, Sun 8 Mar 2026: 02:00 EST → 03:00 EDT at 07:00Z
    [NY, '2026-03-08T06:59:00Z', '2026-03-08', 0, '01:59'],
    [NY, '2026-03-08T07:00:00Z', '2026-03-08', 0, '03:00'],
    [NY, '2026-03-08T04:59:00Z', '2026-03-07', 6, '23:59'],
    // US fall back, Sun 1 Nov 2026: 02:00 EDT → 01:00 EST at 06:00Z; 01:30 happens twice
    [NY, '2026-11-01T05:30:00Z', '2026-11-01', 0, '01:30'],
    [NY, '2026-11-01T05:59:00Z', '2026-11-01', 0, '01:59'],
    [NY, '2026-11-01T06:00:00Z', '2026-11-01', 0, '01:00'],
    [NY, '2026-11-01T06:30:00Z', '2026-11-01', 0, '01:30'],
    [NY, '2026-11-01T07:00:00Z', '2026-11-01', 0, '02:00'],
    // EU spring forward, Sun 29 Mar 2026: 02:00 CET → 03:00 CEST at 01:00Z
    [BERLIN, '2026-03-29T00:59:00Z', '2026-03-29', 0, '01:59'],
    [BERLIN, '2026-03-29T01:00:00Z', '2026-03-29', 0, '03:00'],
    [BERLIN, '2026-03-28T23:00:00Z', '2026-03-29', 0, '00:00'],
    // EU fall back, Sun 25 Oct 2026: 03:00 CEST → 02:00 CET at 01:00Z
    [BERLIN, '2026-10-25T00:30:00Z', '2026-10-25', 0, '02:30'],
    [BERLIN, '2026-10-25T01:30:00Z', '2026-10-25', 0, '02:30'],
    [BERLIN, '2026-10-25T02:00:00Z', '2026-10-25', 0, '03:00'],
    [BERLIN, '2026-10-24T21:59:00Z', '2026-10-24', 6, '23:59'],
  ])('%s at %s is %s (weekday %i) %s', (zone, instant, date, weekday, time) => {
    const [hh, mm] = time.split(':').map(Number) as [number, number];
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    expect(localParts(utc(instant), zone)).toEqual({ year: y, month: m, day: d, weekday, minute: hh * 60 + mm, date });
  });

  it('throws a RangeError for an unknown zone', () => {
    expect(() => localParts(0, 'Mars/Olympus_Mons')).toThrow(RangeError);
  });

  it('agrees with Intl on every hour of 2026 in New York and Berlin', () => {
    const names = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
    const mismatches: string[] = [];
    for (const zone of [NY, BERLIN]) {
      const reference = new Intl.DateTimeFormat('en-CA', {
        timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
        hour: '2-digit', minute: '2-digit', weekday: 'short',
      });
      for (let at = utc('2026-01-01T00:17:00Z'); at < utc('2027-01-01T00:00:00Z'); at += 3_600_000) {
        const p = Object.fromEntries(reference.formatToParts(at).map((part) => [part.type, part.value]));
        const got = localParts(at, zone);
        const want = `${p.year}-${p.month}-${p.day} ${names.indexOf(p.weekday ?? '')} ${Number(p.hour) * 60 + Number(p.minute)}`;
        if (`${got.date} ${got.weekday} ${got.minute}` !== want) mismatches.push(`${zone} ${at}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe('utcOffsetMs', () => {
  it.each([
    ['UTC', '2026-06-01T00:00:00Z', 0],
    [SHANGHAI, '2026-06-01T00:00:00Z', 8 * 60],
    ['Asia/Kathmandu', '2026-06-01T00:00:00Z', 5 * 60 + 45],
    [NY, '2026-03-08T06:59:59.999Z', -5 * 60],
    [NY, '2026-03-08T07:00:00Z', -4 * 60],
    [BERLIN, '2026-10-25T00:59:59.999Z', 2 * 60],
    [BERLIN, '2026-10-25T01:00:00Z', 60],
    // local mean time before standard time carried seconds: -4:56:02
    [NY, '1880-01-01T12:00:00Z', -(4 * 60 + 56 + 2 / 60)],
  ])('%s at %s is %f minutes', (zone, instant, minutes) => {
    expect(utcOffsetMs(utc(instant), zone)).toBeCloseTo(minutes * 60_000, 6);
  });
});

describe('zonedTimeToEpoch', () => {
  // [zone, date, minute, instant]
  it.each([
    ['UTC', '2026-01-01', 0, '2026-01-01T00:00:00Z'],
    [SHANGHAI, '2026-03-06', 540, '2026-03-06T01:00:00Z'],
    [SHANGHAI, '2026-03-06', 1260, '2026-03-06T13:00:00Z'],
    [SHANGHAI, '2026-03-06', 1500, '2026-03-06T17:00:00Z'], // 01:00 the next day
    [SHANGHAI, '2026-03-06', 2880, '2026-03-07T16:00:00Z'], // the midnight after the next day
    [SHANGHAI, '2026-12-31', 1440, '2026-12-31T16:00:00Z'],
    // New York spring forward: 02:00–02:59 does not exist; it resolves to the jump (07:00Z)
    [NY, '2026-03-08', 60, '2026-03-08T06:00:00Z'],
    [NY, '2026-03-08', 119, '2026-03-08T06:59:00Z'],
    [NY, '2026-03-08', 120, '2026-03-08T07:00:00Z'],
    [NY, '2026-03-08', 150, '2026-03-08T07:00:00Z'],
    [NY, '2026-03-08', 180, '2026-03-08T07:00:00Z'],
    [NY, '2026-03-08', 240, '2026-03-08T08:00:00Z'],
    [NY, '2026-03-07', 1590, '2026-03-08T07:00:00Z'], // 02:30 next day, via minute > 1440
    // New York fall back: 01:00–01:59 happens twice; the earlier (EDT) instant wins
    [NY, '2026-11-01', 60, '2026-11-01T05:00:00Z'],
    [NY, '2026-11-01', 90, '2026-11-01T05:30:00Z'],
    [NY, '2026-11-01', 120, '2026-11-01T07:00:00Z'],
    [NY, '2026-11-02', 540, '2026-11-02T14:00:00Z'],
    // Berlin spring forward: 02:00–02:59 does not exist
    [BERLIN, '2026-03-29', 60, '2026-03-29T00:00:00Z'],
    [BERLIN, '2026-03-29', 150, '2026-03-29T01:00:00Z'],
    [BERLIN, '2026-03-29', 540, '2026-03-29T07:00:00Z'],
    // Berlin fall back: 02:00–02:59 happens twice
    [BERLIN, '2026-10-25', 120, '2026-10-25T00:00:00Z'],
    [BERLIN, '2026-10-25', 150, '2026-10-25T00:30:00Z'],
    [BERLIN, '2026-10-25', 180, '2026-10-25T02:00:00Z'],
    // Lord Howe moves its clocks by 30 minutes: 02:00 → 02:30 on 4 Oct 2026 (15:30Z)
    ['Australia/Lord_Howe', '2026-10-04', 135, '2026-10-03T15:30:00Z'],
  ])('%s %s minute %i is %s', (zone, date, minute, instant) => {
    expect(zonedTimeToEpoch(date, minute, zone)).toBe(utc(instant));
  });

  it('inverts localParts for every quarter hour of 2026', () => {
    const mismatches: string[] = [];
    for (const zone of [NY, BERLIN, SHANGHAI]) {
      for (let at = utc('2026-01-01T00:00:00Z'); at < utc('2027-01-01T00:00:00Z'); at += 900_000) {
        const parts = localParts(at, zone);
        const back = zonedTimeToEpoch(parts.date, parts.minute, zone);
        // only the second reading of a repeated wall time may map elsewhere: to the first, an hour earlier
        const ok = back === at || (back === at - 3_600_000 && localParts(back, zone).minute === parts.minute);
        if (!ok) mismatches.push(`${zone} ${new Date(at).toISOString()} → ${new Date(back).toISOString()}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('rejects a malformed date', () => {
    expect(() => zonedTimeToEpoch('2026-02-30', 0, 'UTC')).toThrow(RangeError);
  });
});

describe('addDays', () => {
  it.each([
    ['2026-02-28', 1, '2026-03-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-01-15', 0, '2026-01-15'],
    ['2026-01-01', -365, '2025-01-01'],
    ['2000-02-28', 1, '2000-02-29'],
    ['1900-02-28', 1, '1900-03-01'],
    ['1970-01-01', -1, '1969-12-31'],
  ])('%s %+i days is %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it.each(['2026-02-29', '2026-13-01', '2026-00-10', '2026-3-01', '2026/03/01', 'tomorrow', ''])(
    'rejects %j',
    (date) => {
      expect(() => addDays(date, 1)).toThrow(RangeError);
    },
  );

  it('day numbers round-trip', () => {
    expect(dateToDayNumber('1970-01-01')).toBe(0);
    for (let days = -800; days < 30_000; days += 7) expect(dateToDayNumber(dayNumberToDate(days))).toBe(days);
  });
});
