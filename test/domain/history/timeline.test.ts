import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ServiceHours } from '../../../src/domain/catalog.ts';
import { parseCron, type CronSchedule } from '../../../src/domain/cron.ts';
import { timelineFromChecks, type TimelineCheck, type TimelineInput, type TimelineProbe } from '../../../src/domain/history/timeline.ts';
import type { MaintenanceWindow } from '../../../src/domain/maintenance.ts';
import { isOpen } from '../../../src/domain/service-hours.ts';
import { CHECK_OUTCOMES, type CheckOutcome } from '../../../src/domain/vocabulary.ts';

const utc = (iso: string): number => Date.parse(iso);
const MIN = 60_000;
const SHANGHAI = 'Asia/Shanghai';
const OUTCOME: Record<string, CheckOutcome> = { u: 'up', g: 'degraded', d: 'down' };

const probe = (key: string, failureThreshold = 1, successThreshold = 1): TimelineProbe => ({
  key,
  intervalMs: MIN,
  failureThreshold,
  successThreshold,
});

/** Checks of `key` from a string such as `'uud'`, one a minute from `start`; `.` skips a minute. */
function checks(key: string, pattern: string, start = 0): TimelineCheck[] {
  return [...pattern].flatMap((letter, i) => (letter === '.' ? [] : [{ probeKey: key, startedAt: start + i * MIN, outcome: OUTCOME[letter]! }]));
}

function input(overrides: Partial<TimelineInput>): TimelineInput {
  return { probes: [probe('p')], checks: [], hours: { kind: 'always' }, maintenance: [], timezone: 'UTC', from: 0, to: 10 * MIN, ...overrides };
}

/** Segments as `'state from-to'` with times in minutes, to keep the tables readable. */
function brief(i: TimelineInput): string[] {
  return timelineFromChecks(i).map((s) => `${s.state} ${(s.from - i.from) / MIN}-${(s.to - i.from) / MIN}`);
}

const cron = (expression: string): CronSchedule => {
  const parsed = parseCron(expression);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
};

/** Mon–Fri 09:00–18:00. */
const OFFICE_HOURS: ServiceHours = {
  kind: 'weekly',
  ranges: [1, 2, 3, 4, 5].map((day) => ({ day, start: 540, end: 1080 })),
  exceptions: {},
};

describe('timelineFromChecks: measured state', () => {
  it.each<{ name: string; probes?: TimelineProbe[]; checks: TimelineCheck[]; from?: number; to?: number; expected: string[] }>([
    { name: 'no check at all is unknown', checks: [], expected: ['unknown 0-10'] },
    { name: 'each result holds until the next check', checks: checks('p', 'uuuuuuuuuu'), expected: ['up 0-10'] },
    { name: 'the last result holds 2 intervals, then unknown', checks: checks('p', 'uuu'), expected: ['up 0-4', 'unknown 4-10'] },
    { name: 'a gap longer than 2 intervals is unknown', checks: checks('p', 'u.....uuuu'), expected: ['up 0-2', 'unknown 2-6', 'up 6-10'] },
    { name: 'a gap of 2 intervals is not', checks: checks('p', 'u.uuuuuuuu'), expected: ['up 0-10'] },
    { name: 'threshold 1: every failure counts', checks: checks('p', 'uudduuuuuu'), expected: ['up 0-2', 'down 2-4', 'up 4-10'] },
    { name: 'degraded is its own state', checks: checks('p', 'uuggguuuuu'), expected: ['up 0-2', 'degraded 2-5', 'up 5-10'] },
    { name: 'threshold 2: a blip is no outage', probes: [probe('p', 2)], checks: checks('p', 'uuuduuuuuu'), expected: ['up 0-10'] },
    {
      name: 'threshold 2: an outage is dated from its first failure',
      probes: [probe('p', 2)],
      checks: checks('p', 'uuudddduuu'),
      expected: ['up 0-3', 'down 3-7', 'up 7-10'],
    },
    {
      name: 'success threshold 2: down until the second good check',
      probes: [probe('p', 1, 2)],
      checks: checks('p', 'uudduduuuu'),
      expected: ['up 0-2', 'down 2-7', 'up 7-10'],
    },
    {
      name: 'threshold 2 from the start: unknown until the threshold, then down from the first failure',
      probes: [probe('p', 2)],
      checks: checks('p', 'dd'),
      expected: ['down 0-3', 'unknown 3-10'],
    },
    {
      name: 'threshold 3 with a gap: the gap stays unknown',
      probes: [probe('p', 3)],
      checks: checks('p', 'ud...dduuu'),
      expected: ['up 0-1', 'down 1-3', 'unknown 3-5', 'down 5-7', 'up 7-10'],
    },
    {
      name: 'two probes: the worst one counts',
      probes: [probe('a'), probe('b')],
      checks: [...checks('a', 'uuuuuuuuuu'), ...checks('b', 'uuuuddguuu')],
      expected: ['up 0-4', 'down 4-6', 'degraded 6-7', 'up 7-10'],
    },
    {
      name: 'two probes: a silent one does not vote',
      probes: [probe('a'), probe('b')],
      checks: [...checks('a', 'uuuuuuuuuu'), ...checks('b', 'd')],
      expected: ['down 0-2', 'up 2-10'],
    },
    { name: 'checks of an unknown probe are ignored', checks: checks('other', 'dddddddddd'), expected: ['unknown 0-10'] },
    { name: 'checks in any order', checks: checks('p', 'uudduuuuuu').reverse(), expected: ['up 0-2', 'down 2-4', 'up 4-10'] },
    {
      name: 'checks before `from` set the state at `from`',
      probes: [probe('p', 2)],
      checks: checks('p', 'uudddduuuuuuu', -3 * MIN),
      expected: ['down 0-3', 'up 3-10'],
    },
    { name: 'nothing after `to`', checks: checks('p', 'uuuuuuuuuuuuuuu'), to: 5 * MIN, expected: ['up 0-5'] },
    { name: 'an empty span', checks: checks('p', 'uu'), to: 0, expected: [] },
  ])('$name', ({ probes, checks: list, from, to, expected }) => {
    const overrides: Partial<TimelineInput> = { checks: list };
    if (probes) overrides.probes = probes;
    if (from !== undefined) overrides.from = from;
    if (to !== undefined) overrides.to = to;
    expect(brief(input(overrides))).toEqual(expected);
  });

  it('holds a result longer for a probe that retries', () => {
    const retrying: TimelineProbe = { ...probe('p'), retry: 2, retryDelayMs: 30_000, timeoutMs: 30_000 };
    // 2 × 60 s + 2 × (30 s + 30 s) = 4 minutes.
    expect(brief(input({ probes: [retrying], checks: checks('p', 'u') }))).toEqual(['up 0-4', 'unknown 4-10']);
  });
});

describe('timelineFromChecks: hours and maintenance', () => {
  // Thu 2026-03-05 in Shanghai; the hours 09:00–18:00 are 01:00Z–10:00Z.
  const day = utc('2026-03-04T16:00:00Z');
  const wholeDay = (overrides: Partial<TimelineInput>): TimelineInput => input({ timezone: SHANGHAI, from: day, to: day + 1440 * MIN, ...overrides });
  const everyMinute = (from: number, to: number, outcome: CheckOutcome = 'up'): TimelineCheck[] =>
    Array.from({ length: (to - from) / MIN }, (_, i) => ({ probeKey: 'p', startedAt: from + i * MIN, outcome }));

  it('is closed outside service hours, at the exact boundaries, even while down', () => {
    const i = wholeDay({ checks: everyMinute(day, day + 1440 * MIN, 'down'), hours: OFFICE_HOURS });
    expect(brief(i)).toEqual(['closed 0-540', 'down 540-1080', 'closed 1080-1440']);
    expect(timelineFromChecks(i)[1]).toMatchObject({ from: utc('2026-03-05T01:00:00Z'), to: utc('2026-03-05T10:00:00Z') });
  });

  it('is closed through the weekend, whatever was measured', () => {
    const fri = utc('2026-03-05T16:00:00Z');
    const to = fri + 3 * 1440 * MIN;
    const i = input({ checks: everyMinute(fri, to, 'down'), hours: OFFICE_HOURS, timezone: SHANGHAI, from: fri, to });
    const segments = timelineFromChecks(i);
    expect(segments.map((s) => s.state)).toEqual(['closed', 'down', 'closed']);
    expect(segments[1]).toEqual({ from: utc('2026-03-06T01:00:00Z'), to: utc('2026-03-06T10:00:00Z'), state: 'down' });
    expect(segments[2]!.to).toBe(to);
  });

  it('agrees with isOpen wherever it says closed', () => {
    const i = wholeDay({ checks: everyMinute(day, day + 1440 * MIN), hours: OFFICE_HOURS });
    for (const s of timelineFromChecks(i)) {
      expect(isOpen(OFFICE_HOURS, SHANGHAI, s.from)).toBe(s.state !== 'closed');
      expect(isOpen(OFFICE_HOURS, SHANGHAI, s.to - 1)).toBe(s.state !== 'closed');
    }
  });

  it('is maintenance inside a one-off window, never down', () => {
    const maintenance: MaintenanceWindow[] = [{ kind: 'once', startsAt: day + 600 * MIN, endsAt: day + 660 * MIN }];
    const i = wholeDay({ checks: everyMinute(day, day + 1440 * MIN, 'down'), maintenance });
    expect(brief(i)).toEqual(['down 0-600', 'maintenance 600-660', 'down 660-1440']);
  });

  it('is maintenance inside a recurring window in the provider zone', () => {
    // Every day 02:00–04:00 Shanghai time = 18:00Z–20:00Z.
    const maintenance: MaintenanceWindow[] = [{ kind: 'recurring', schedule: cron('0 2 * * *'), durationMs: 120 * MIN }];
    const i = wholeDay({ checks: everyMinute(day, day + 1440 * MIN), maintenance });
    expect(brief(i)).toEqual(['up 0-120', 'maintenance 120-240', 'up 240-1440']);
  });

  it('is closed when closed and in maintenance, as the live state is', () => {
    const maintenance: MaintenanceWindow[] = [{ kind: 'recurring', schedule: cron('0 8 * * *'), durationMs: 120 * MIN }];
    const i = wholeDay({ checks: everyMinute(day, day + 1440 * MIN), hours: OFFICE_HOURS, maintenance });
    expect(brief(i)).toEqual(['closed 0-540', 'maintenance 540-600', 'up 600-1080', 'closed 1080-1440']);
  });

  it('cuts a year of weekly hours and windows without losing time', () => {
    const from = utc('2026-01-01T00:00:00Z');
    const to = utc('2027-01-01T00:00:00Z');
    const maintenance: MaintenanceWindow[] = [{ kind: 'recurring', schedule: cron('0 2 * * sun'), durationMs: 120 * MIN }];
    const segments = timelineFromChecks(input({ hours: OFFICE_HOURS, maintenance, timezone: 'Europe/Berlin', from, to }));
    // 52 weeks of 5 × 9 hours open, closed otherwise; Sunday 02:00 falls outside the hours.
    const open = segments.filter((s) => s.state === 'unknown').reduce((sum, s) => sum + s.to - s.from, 0);
    expect(open).toBe((52 * 5 + 1) * 9 * 3_600_000); // 2026 has 53 Thursdays
    expect(segments[0]!.from).toBe(from);
    expect(segments[segments.length - 1]!.to).toBe(to);
  });
});

describe('timelineFromChecks: shape', () => {
  const outcome = fc.constantFrom(...CHECK_OUTCOMES);
  it('covers [from, to) with contiguous segments whose neighbours differ', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ probeKey: fc.constantFrom('a', 'b'), startedAt: fc.integer({ min: -5 * MIN, max: 60 * MIN }), outcome })),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 40 * MIN }),
        fc.integer({ min: 1, max: 40 * MIN }),
        (list, threshold, from, length) => {
          const segments = timelineFromChecks(
            input({ probes: [probe('a', threshold), probe('b', 1, threshold)], checks: list, hours: OFFICE_HOURS, from, to: from + length }),
          );
          expect(segments[0]!.from).toBe(from);
          expect(segments[segments.length - 1]!.to).toBe(from + length);
          segments.forEach((s, i) => {
            expect(s.from).toBeLessThan(s.to);
            if (i > 0) {
              expect(s.from).toBe(segments[i - 1]!.to);
              expect(s.state).not.toBe(segments[i - 1]!.state);
            }
          });
        },
      ),
    );
  });
});
