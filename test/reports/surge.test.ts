import { describe, expect, it } from 'vitest';
import { countedReports } from '../../src/reports/limit.ts';
import { detectSurge, surgeDecision, surgeThreshold, usualReportRate, usualReportSpans } from '../../src/reports/surge.ts';

const NOW = Date.parse('2026-11-23T04:30:00Z'); // Monday 12:30 in Shanghai
const MIN = 60_000;
const WEEK = 7 * 86_400_000;

function reporters(n: number, within = 10 * MIN): { reporter: string; at: number }[] {
  return Array.from({ length: n }, (_, i) => ({ reporter: `r${i}`, at: NOW - Math.floor((within * i) / Math.max(1, n)) }));
}

describe('surgeThreshold', () => {
  it.each([
    [null, 5],
    [0, 5],
    [1, 5],
    [2, 8],
    [5, 14],
    [10, 23],
    [100, 200],
  ])('usual %s → %i', (usual, threshold) => {
    expect(surgeThreshold(usual)).toBe(threshold);
  });
});

describe('detectSurge', () => {
  it.each([
    ['4 people, nothing usual: not yet', reporters(4), 0, false],
    ['5 people, nothing usual: surge', reporters(5), 0, true],
    ['5 people, no history: surge', reporters(5), null, true],
    ['5 people where 2 is usual: not well above', reporters(5), 2, false],
    ['8 people where 2 is usual: surge', reporters(8), 2, true],
    ['20 people where 10 is usual: not well above', reporters(20), 10, false],
    ['23 people where 10 is usual: surge', reporters(23), 10, true],
    ['one person reporting 9 times is one reporter', Array.from({ length: 9 }, (_, i) => ({ reporter: 'same', at: NOW - i * MIN })), 0, false],
    ['reports older than 15 minutes do not count', reporters(6, 40 * MIN), 0, false],
  ] as const)('%s', (_name, reports, usual, surge) => {
    expect(detectSurge(reports, usual, NOW).surge).toBe(surge);
  });

  it('says how many, against what', () => {
    expect(detectSurge(reporters(6), 0.5, NOW)).toEqual({ surge: true, reporters: 6, threshold: 5, usual: 0.5 });
  });

  it('only counted reports go in: five clicks of one person are not a surge', () => {
    const clicks = Array.from({ length: 5 }, (_, i) => ({ reporter: 'x', channel: 'chat', at: NOW - i * MIN }));
    expect(detectSurge(countedReports(clicks), 0, NOW).reporters).toBe(1);
  });
});

describe('usualReportRate', () => {
  it('median over past weeks of the same local hour, per 15 minutes', () => {
    // Monday 12:xx Shanghai in each of the past 4 weeks: 4, 8, 0, 4 reports.
    const sameHour = (weeksAgo: number, n: number) => Array.from({ length: n }, (_, i) => ({ at: NOW - weeksAgo * WEEK - 20 * MIN + i * MIN }));
    const reports = [...sameHour(1, 4), ...sameHour(2, 8), ...sameHour(3, 0), ...sameHour(4, 4)];
    expect(usualReportRate(reports, 'Asia/Shanghai', NOW)).toBe(1); // median 4 an hour = 1 per 15 min
  });

  it('ignores other hours, the current hour and anything older than the weeks asked for', () => {
    const reports = [
      { at: NOW - WEEK + 2 * 3_600_000 }, // Monday 14:30 last week
      { at: NOW - 5 * MIN }, // now: the surge itself must not raise the bar
      { at: NOW - 6 * WEEK }, // too old
      { at: NOW - WEEK - 86_400_000 }, // Sunday
    ];
    expect(usualReportRate(reports, 'Asia/Shanghai', NOW)).toBe(0);
  });

  it('one past outage does not raise the bar', () => {
    const outage = Array.from({ length: 40 }, (_, i) => ({ at: NOW - 2 * WEEK - 25 * MIN + i * 10_000 }));
    expect(usualReportRate(outage, 'Asia/Shanghai', NOW)).toBe(0);
    expect(detectSurge(reporters(5), usualReportRate(outage, 'Asia/Shanghai', NOW), NOW).surge).toBe(true);
  });
});

describe('surgeDecision', () => {
  it.each([
    [4, 0, false],
    [5, null, true],
    [7, 2, false],
    [8, 2, true],
  ] as const)('%i distinct reporters where %s is usual → surge %s', (n, usual, surge) => {
    expect(surgeDecision(n, usual)).toEqual({ surge, reporters: n, threshold: surgeThreshold(usual), usual: usual ?? 0 });
  });

  it('is what detectSurge decides from the reports themselves', () => {
    expect(detectSurge(reporters(8), 2, NOW)).toEqual(surgeDecision(8, 2));
  });
});

describe('usualReportRate with tallies', () => {
  it('a tally of n stands for n reports at its instant', () => {
    const one = (weeksAgo: number, n: number) => Array.from({ length: n }, () => ({ at: NOW - weeksAgo * WEEK - 20 * MIN }));
    const reports = [...one(1, 4), ...one(2, 8), ...one(4, 4)];
    const tallies = [
      { at: NOW - WEEK - 20 * MIN, count: 4 },
      { at: NOW - 2 * WEEK - 20 * MIN, count: 8 },
      { at: NOW - 4 * WEEK - 20 * MIN, count: 4 },
    ];
    expect(usualReportRate(tallies, 'Asia/Shanghai', NOW)).toBe(usualReportRate(reports, 'Asia/Shanghai', NOW));
    expect(usualReportRate(tallies, 'Asia/Shanghai', NOW)).toBe(1);
  });
});

describe('usualReportSpans', () => {
  it('covers the same local hour of each past week, an hour wider each side', () => {
    const hour = Date.parse('2026-11-23T04:00:00Z'); // Monday 12:00 in Shanghai
    expect(usualReportSpans('Asia/Shanghai', NOW)).toEqual(
      [1, 2, 3, 4].map((w) => ({ from: hour - w * WEEK - 3_600_000, to: hour - w * WEEK + 2 * 3_600_000 })),
    );
  });

  it('holds every report usualReportRate counts, across a DST change', () => {
    // Monday 2026-11-02 09:30 in New York (EST); four weeks back crosses the end of EDT on 1 November.
    const now = Date.parse('2026-11-02T14:30:00Z');
    const tz = 'America/New_York';
    const spans = usualReportSpans(tz, now);
    // Every minute of the past 5 weeks, each one report: those the rate counts must lie in a span.
    const all = Array.from({ length: 5 * 7 * 24 * 60 }, (_, i) => ({ at: now - (i + 1) * MIN }));
    const inSpans = all.filter((r) => spans.some((s) => r.at >= s.from && r.at < s.to));
    expect(usualReportRate(inSpans, tz, now)).toBe(usualReportRate(all, tz, now));
    expect(usualReportRate(all, tz, now)).toBe(15); // 60 an hour, every week
  });
});
