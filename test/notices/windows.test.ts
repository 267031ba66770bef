import { describe, expect, it } from 'vitest';
import { parseDate } from '../../src/notices/parse-date.ts';
import { extractWindow } from '../../src/notices/windows.ts';

const SHANGHAI = 'Asia/Shanghai';
/** Published 2026-11-20 12:00 in Shanghai. */
const PUBLISHED = Date.parse('2026-11-20T04:00:00Z');

type Expected = [string | null, string | null] | null;

function window(text: string, timezone = SHANGHAI, reference = PUBLISHED): Expected {
  const w = extractWindow(text, { timezone, reference });
  return w === null ? null : [iso(w.startsAt), iso(w.endsAt)];
}

/** `2026-11-22T18:00Z`: windows are whole minutes. */
function iso(at: number | null): string | null {
  return at === null ? null : `${new Date(at).toISOString().slice(0, 16)}Z`;
}

describe('extractWindow', () => {
  it.each<[string, Expected, string?, number?]>([
    // The forms the issue names, read in the provider's zone (UTC+8).
    ['2026-11-23 02:00-06:00', ['2026-11-22T18:00Z', '2026-11-22T22:00Z']],
    ['2026年11月23日 02:00至06:00', ['2026-11-22T18:00Z', '2026-11-22T22:00Z']],
    ['11月23日凌晨2点至6点', ['2026-11-22T18:00Z', '2026-11-22T22:00Z']],
    ['Nov 23, 2:00 AM – 6:00 AM (GMT+8)', ['2026-11-22T18:00Z', '2026-11-22T22:00Z']],
    ['from 02:00 to 06:00 UTC', ['2026-11-20T02:00Z', '2026-11-20T06:00Z']],
    // More Chinese
    ['维护时间：2026年11月23日（周一）02:00-06:00', ['2026-11-22T18:00Z', '2026-11-22T22:00Z']],
    ['2026/11/23 02:00～2026/11/24 06:00', ['2026-11-22T18:00Z', '2026-11-23T22:00Z']],
    ['2026年11月23日22:00至次日02:00', ['2026-11-23T14:00Z', '2026-11-23T18:00Z']],
    ['11月23日22:00-02:00', ['2026-11-23T14:00Z', '2026-11-23T18:00Z']],
    ['11月23日晚上10点至2点', ['2026-11-23T14:00Z', '2026-11-23T18:00Z']],
    ['11月23日晚上10点至次日凌晨2点', ['2026-11-23T14:00Z', '2026-11-23T18:00Z']],
    ['11月23日下午2点至6点', ['2026-11-23T06:00Z', '2026-11-23T10:00Z']],
    ['11月23日凌晨两点至六点', ['2026-11-22T18:00Z', '2026-11-22T22:00Z']],
    ['十一月二十三日凌晨2点半至5点', ['2026-11-22T18:30Z', '2026-11-22T21:00Z']],
    ['11月23日2点30分至4点', ['2026-11-22T18:30Z', '2026-11-22T20:00Z']],
    ['１１月２３日　０２：００～０６：００', ['2026-11-22T18:00Z', '2026-11-22T22:00Z']],
    ['将于11月23日02:00起暂停服务，预计06:00恢复', ['2026-11-22T18:00Z', '2026-11-22T22:00Z']],
    ['北京时间2026年11月23日02:00至06:00', ['2026-11-22T18:00Z', '2026-11-22T22:00Z']],
    ['11月23日至11月25日暂停服务', ['2026-11-22T16:00Z', '2026-11-25T16:00Z']],
    ['自11月23日02:00开始，持续约4小时', ['2026-11-22T18:00Z', '2026-11-22T22:00Z']],
    ['将于11月23日02:00开始维护', ['2026-11-22T18:00Z', null]],
    // A date without a year takes the year nearest the publication date.
    ['1月2日02:00-04:00', ['2027-01-01T18:00Z', '2027-01-01T20:00Z'], SHANGHAI, Date.parse('2026-12-28T00:00:00Z')],
    ['12月30日02:00-04:00', ['2025-12-29T18:00Z', '2025-12-29T20:00Z'], SHANGHAI, Date.parse('2026-01-03T00:00:00Z')],
    // More English
    ['Sunday, October 26th, from 2:00 AM to 6:00 AM ET', ['2026-10-26T06:00Z', '2026-10-26T10:00Z'], 'UTC', Date.parse('2026-10-23T08:55:00Z')],
    ['THIS IS A SCHEDULED EVENT Dec 18, 16:00 - 17:00 UTC', ['2019-12-18T16:00Z', '2019-12-18T17:00Z'], 'UTC', Date.parse('2019-12-09T19:40:00Z')],
    ['on December 18, 2019, starting at 16:00 UTC, and is expected to last up to 1 hour.', ['2019-12-18T16:00Z', '2019-12-18T17:00Z'], 'UTC'],
    ['Start Date: December 18, 2019, at 16:00 UTC\n• End Date: December 19, 2019, at 01:00 UTC', ['2019-12-18T16:00Z', '2019-12-19T01:00Z'], 'UTC'],
    ['on Saturday, October 24th 2020, starting at 10:00am PDT and ending at 12:00pm PDT.', ['2020-10-24T17:00Z', '2020-10-24T19:00Z'], 'UTC'],
    ['Between 03:26am PST on Nov 3rd and 03:52am PST on Nov 4th', ['2020-11-03T11:26Z', '2020-11-04T11:52Z'], 'UTC', Date.parse('2020-11-04T12:09:00Z')],
    ['November 23, 2026 10 PM – 2 AM (UTC+08:00)', ['2026-11-23T14:00Z', '2026-11-23T18:00Z']],
    ['23 November 2026, 02:00–06:00', ['2026-11-22T18:00Z', '2026-11-22T22:00Z']],
    ['Nov 23, 2 – 6 AM', ['2026-11-22T18:00Z', '2026-11-22T22:00Z']],
    ['2026-11-23T02:00:00+08:00 to 2026-11-23T06:00:00+08:00', ['2026-11-22T18:00Z', '2026-11-22T22:00Z']],
    ['Maintenance on Nov 23 from 2:00 to 6:00 (GMT+5:30)', ['2026-11-22T20:30Z', '2026-11-23T00:30Z']],
    ['Nov 23 from 1:00 to 3:00 ET', ['2026-11-23T06:00Z', '2026-11-23T08:00Z']],
    ['Jul 23 from 1:00 to 3:00 ET', ['2026-07-23T05:00Z', '2026-07-23T07:00Z']],
    ['Chat will be down from midnight to 04:00 CST on Nov 23', ['2026-11-22T16:00Z', '2026-11-22T20:00Z']],
    // Unknown stays unknown.
    ['客服热线故障，正在排查', null],
    ['We are investigating elevated error rates.', null],
    ['客服热线服务时间：9:00-21:00', null],
    ['Nov 21, 05:07 UTC\nResolved - The issue has now been resolved.', null],
    ['2月30日02:00-06:00', null],
    ['The next update will be at 06:00 UTC.', null],
  ])('%s', (text, expected, timezone = SHANGHAI, reference = PUBLISHED) => {
    expect(window(text, timezone, reference)).toEqual(expected);
  });

  it('is right across a daylight-saving change in the provider zone', () => {
    // 2026-03-08 02:30 does not exist in New York; the window starts when the clock jumps.
    expect(window('2026-03-08 01:00-04:00', 'America/New_York', Date.parse('2026-03-01T00:00:00Z'))).toEqual(['2026-03-08T06:00Z', '2026-03-08T08:00Z']);
  });
});

describe('parseDate', () => {
  const ctx = { timezone: SHANGHAI, reference: PUBLISHED };
  it.each<[string, string | null]>([
    ['Fri, 21 Nov 2025 05:07:49 +0000', '2025-11-21T05:07:49Z'],
    ['Wed, 01 Jan 2014 09:09:00 -0800', '2014-01-01T17:09:00Z'],
    ['2019-11-20T03:25:47Z', '2019-11-20T03:25:47Z'],
    ['2022-02-15T13:14:17.744-08:00', '2022-02-15T21:14:17.744Z'],
    ['2026-11-20', '2026-11-19T16:00:00Z'],
    ['2026-11-20 10:00', '2026-11-20T02:00:00Z'],
    ['2026-11-20T10:00:00', '2026-11-20T02:00:00Z'],
    ['2026年11月20日', '2026-11-19T16:00:00Z'],
    ['2026年11月20日 14:30', '2026-11-20T06:30:00Z'],
    ['2026/11/20', '2026-11-19T16:00:00Z'],
    ['Nov 20, 2026', '2026-11-19T16:00:00Z'],
    ['11-18', '2026-11-17T16:00:00Z'],
    ['[2026-11-20]', '2026-11-19T16:00:00Z'],
    ['yesterday', null],
    ['', null],
    ['发布于 2026-11-20 第3期 共5页', null],
  ])('%s', (text, expected) => {
    const at = parseDate(text, ctx);
    expect(at === null ? null : new Date(at).toISOString().replace('.000Z', 'Z')).toBe(expected);
  });
});
