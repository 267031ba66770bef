/** Times in the provider's zone, spans and figures, in both languages. */
import { describe, expect, it } from 'vitest';
import { formatter } from '../../web/src/format.ts';

// Monday 2026-11-23 12:00 in Shanghai.
const NOW = Date.parse('2026-11-23T04:00:00Z');
const en = formatter('en', 'Asia/Shanghai', () => NOW);
const zh = formatter('zh-CN', 'Asia/Shanghai', () => NOW);

describe('formatter', () => {
  it.each([
    ['the same local day: the time alone', '2026-11-23T01:00:00Z', '09:00'],
    ['a later local day within the week: weekday and time', '2026-11-24T01:00:00Z', 'Tue 09:00'],
    ['local midnight belongs to the next day', '2026-11-23T16:00:00Z', 'Tue 00:00'],
    ['more than a week away: month/day and time', '2026-12-05T01:00:00Z', '12/05 09:00'],
  ])('time: %s', (_name, iso, shown) => {
    expect(en.time(iso)).toBe(shown);
  });

  it('shows times in the provider zone, not the machine zone', () => {
    expect(formatter('en', 'Europe/Berlin', () => NOW).time('2026-11-23T08:00:00Z')).toBe('09:00');
    expect(formatter('en', 'America/New_York', () => NOW).dateTime('2026-11-23T04:00:00Z')).toBe('11/22/2026, 23:00');
  });

  it.each([
    ['within a day: the end as a time alone', '2026-11-25T18:00:00Z', '2026-11-25T20:00:00Z', 'Thu 02:00–04:00'],
    ['across midnight: the end with its day', '2026-11-24T15:00:00Z', '2026-11-24T17:00:00Z', 'Tue 23:00–Wed 01:00'],
    ['an open end', '2026-11-23T01:00:00Z', null, '09:00–…'],
    ['no window at all', null, null, '–'],
  ])('range: %s', (_name, from, to, shown) => {
    expect(en.range(from, to)).toBe(shown);
  });

  it('names the zone with its offset', () => {
    expect(en.zone()).toBe('Asia/Shanghai (GMT+8)');
  });

  it.each([
    [45, '45 s', '45秒'],
    [600, '10 min', '10分钟'],
    [7500, '2 h 5 min', '2小时5分钟'],
    [7200, '2 h', '2小时'],
    [2 * 86_400 + 3 * 3600 + 59, '2 d 3 h', '2天3小时'],
  ])('span(%i s)', (seconds, english, chinese) => {
    expect(en.span(seconds)).toBe(english);
    expect(zh.span(seconds)).toBe(chinese);
  });

  it.each([
    [1, '100%'],
    [0.99996, '99.99%'],
    [0.5, '50%'],
    [null, '–'],
  ])('percent(%s) never rounds up to 100 %%', (fraction, shown) => {
    expect(en.percent(fraction)).toBe(shown);
  });

  it('says how long ago and how many ms', () => {
    expect(en.ago(NOW - 25 * 60_000)).toBe('25 min ago');
    expect(zh.ago(NOW - 25 * 60_000)).toBe('25分钟前');
    expect(en.ms(1234)).toBe('1,234 ms');
    expect(en.time(null)).toBe('–');
  });
});
