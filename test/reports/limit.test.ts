import { describe, expect, it } from 'vitest';
import { REPORT_WINDOW_MS, countedReports, reportDecision } from '../../src/reports/limit.ts';

const T = Date.parse('2026-11-23T04:00:00Z');
const MIN = 60_000;

describe('reportDecision', () => {
  it.each([
    ['first report', null, T, true, T + REPORT_WINDOW_MS],
    ['1 min after a counted one', T - MIN, T, false, T + 14 * MIN],
    ['14:59 after', T - REPORT_WINDOW_MS + 1000, T, false, T + 1000],
    ['exactly 15 min after', T - REPORT_WINDOW_MS, T, true, T + REPORT_WINDOW_MS],
    ['an hour after', T - 60 * MIN, T, true, T + REPORT_WINDOW_MS],
    ['clock went backwards', T + MIN, T, true, T + REPORT_WINDOW_MS],
  ] as const)('%s', (_name, last, now, counted, next) => {
    expect(reportDecision(last, now)).toEqual({ counted, nextCountedAt: next });
  });
});

describe('countedReports', () => {
  it('keeps one report per reporter per channel per 15 minutes, sliding from the counted one', () => {
    const reports = [
      { reporter: 'a', channel: 'chat', at: T },
      { reporter: 'a', channel: 'chat', at: T + 5 * MIN }, // not counted
      { reporter: 'a', channel: 'hotline', at: T + 5 * MIN }, // other channel: counted
      { reporter: 'b', channel: 'chat', at: T + 6 * MIN }, // other reporter: counted
      { reporter: 'a', channel: 'chat', at: T + 14 * MIN }, // not counted
      { reporter: 'a', channel: 'chat', at: T + 15 * MIN }, // 15 min after the counted one
      { reporter: 'a', channel: 'chat', at: T + 29 * MIN }, // not counted
    ];
    const counted = countedReports([...reports].reverse());
    expect(counted.map((r) => `${r.reporter}/${r.channel}@${(r.at - T) / MIN}`)).toEqual(['a/chat@0', 'a/hotline@5', 'b/chat@6', 'a/chat@15']);
  });

  it('a reporter pressing the button every minute for an hour counts four times', () => {
    const spam = Array.from({ length: 60 }, (_, i) => ({ reporter: 'x', channel: 'chat', at: T + i * MIN }));
    expect(countedReports(spam)).toHaveLength(4);
  });
});
