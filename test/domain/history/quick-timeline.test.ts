import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ServiceHours } from '../../../src/domain/catalog.ts';
import { parseCron, type CronSchedule } from '../../../src/domain/cron.ts';
import { quickTimeline, timeline } from '../../../src/domain/history/quick-timeline.ts';
import { timelineFromChecks, type TimelineCheck, type TimelineInput, type TimelineProbe } from '../../../src/domain/history/timeline.ts';
import type { MaintenanceWindow } from '../../../src/domain/maintenance.ts';
import type { CheckOutcome } from '../../../src/domain/vocabulary.ts';

const MIN = 60_000;
const utc = (iso: string): number => Date.parse(iso);
// Thu 2026-03-05 09:00–10:00 in Shanghai (01:00Z–02:00Z).
const FROM = utc('2026-03-05T01:00:00Z');
const TO = FROM + 60 * MIN;
const OUTCOME: Record<string, CheckOutcome> = { u: 'up', g: 'degraded', d: 'down' };

const probe = (key: string, overrides: Partial<TimelineProbe> = {}): TimelineProbe => ({ key, intervalMs: MIN, failureThreshold: 2, successThreshold: 1, ...overrides });

/** Checks of `key`, one a minute from `start`, from a pattern such as `'uug'`; `.` skips a minute. */
function checks(key: string, pattern: string, start = FROM - 5 * MIN): TimelineCheck[] {
  return [...pattern].flatMap((letter, i) => (letter === '.' ? [] : [{ probeKey: key, startedAt: start + i * MIN, outcome: OUTCOME[letter]! }]));
}

function input(overrides: Partial<TimelineInput>): TimelineInput {
  return { probes: [probe('p')], checks: checks('p', 'u'.repeat(66)), hours: { kind: 'always' }, maintenance: [], timezone: 'Asia/Shanghai', from: FROM, to: TO, ...overrides };
}

const cron = (expression: string): CronSchedule => {
  const parsed = parseCron(expression);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
};

/** Mon–Fri 09:00–18:00. */
const OFFICE: ServiceHours = { kind: 'weekly', ranges: [1, 2, 3, 4, 5].map((day) => ({ day, start: 540, end: 1080 })), exceptions: {} };
const NIGHT: Partial<TimelineInput> = { from: utc('2026-03-05T14:00:00Z'), to: utc('2026-03-05T15:00:00Z') }; // 22:00–23:00

describe('quickTimeline', () => {
  it.each<[string, Partial<TimelineInput>, string[] | null]>([
    ['a healthy hour', {}, ['up 0-60']],
    ['a slow hour', { checks: checks('p', 'g'.repeat(66)) }, ['degraded 0-60']],
    ['a few slow answers', { checks: checks('p', 'u'.repeat(20) + 'gg' + 'u'.repeat(44)) }, ['up 0-15', 'degraded 15-17', 'up 17-60']],
    ['closed all hour, whatever the checks', { ...NIGHT, hours: OFFICE, checks: checks('p', 'd'.repeat(66), NIGHT.from! - 5 * MIN) }, ['closed 0-60']],
    ['inside a maintenance window', { maintenance: [{ kind: 'once', startsAt: FROM - MIN, endsAt: TO + MIN }], checks: checks('p', 'd'.repeat(66)) }, ['maintenance 0-60']],
    ['two probes answering alike', { probes: [probe('p'), probe('q')], checks: [...checks('p', 'u'.repeat(66)), ...checks('q', 'g'.repeat(66))] }, ['degraded 0-60']],
    ['a probe without checks does not vote', { probes: [probe('p'), probe('q')] }, ['up 0-60']],
    // Anything less plain is left to timelineFromChecks:
    ['a failed check', { checks: checks('p', 'u'.repeat(30) + 'd' + 'u'.repeat(35)) }, null],
    ['a failed check after the span (it could re-date)', { checks: checks('p', 'u'.repeat(66) + 'dd') }, null],
    ['no check before the span', { checks: checks('p', 'u'.repeat(60), FROM + MIN) }, null],
    ['a gap longer than the hold time', { checks: checks('p', 'u'.repeat(30) + '...' + 'u'.repeat(33)) }, null],
    ['the last result expiring before the end', { checks: checks('p', 'u'.repeat(60)) }, null],
    ['opening hours starting inside', { from: utc('2026-03-05T00:30:00Z'), hours: OFFICE }, null],
    ['a window starting inside', { maintenance: [{ kind: 'once', startsAt: FROM + 10 * MIN, endsAt: TO + MIN }] }, null],
    ['two probes differing', { probes: [probe('p'), probe('q')], checks: [...checks('p', 'u'.repeat(66)), ...checks('q', 'u'.repeat(30) + 'g' + 'u'.repeat(35))] }, null],
    ['no check at all', { checks: [] }, null],
  ])('%s', (_, overrides, expected) => {
    const i = input(overrides);
    const quick = quickTimeline(i);
    expect(quick?.map((s) => `${s.state} ${(s.from - i.from) / MIN}-${(s.to - i.from) / MIN}`) ?? null).toEqual(expected);
    if (quick) expect(quick).toEqual(timelineFromChecks(i));
  });

  it('holds a result for the retry time too, as the timeline does', () => {
    const slowRetries = probe('p', { retry: 1, retryDelayMs: 30_000, timeoutMs: 30_000 });
    const i = input({ probes: [slowRetries], checks: checks('p', 'u'.repeat(30) + '..' + 'u'.repeat(34)) });
    expect(quickTimeline(i)).toEqual(timelineFromChecks(i));
  });

  it('answers an empty span with no segment', () => {
    expect(quickTimeline(input({ to: FROM }))).toEqual([]);
  });

  /** Mostly plain inputs, perturbed: a failure, a gap, a slow answer, a window, hours. */
  const arbitraryInput: fc.Arbitrary<TimelineInput> = fc
    .record({
      probes: fc.subarray([probe('a'), probe('b', { intervalMs: 2 * MIN, failureThreshold: 1, successThreshold: 2 })], { minLength: 1 }),
      patternA: fc.array(fc.constantFrom('u', 'u', 'u', 'u', 'u', 'u', 'g', 'd', '.'), { minLength: 60, maxLength: 75 }),
      patternB: fc.array(fc.constantFrom('u', 'u', 'u', 'g', '.'), { minLength: 30, maxLength: 40 }),
      startA: fc.integer({ min: -10 * MIN, max: 5 * MIN }),
      hours: fc.constantFrom<ServiceHours>({ kind: 'always' }, OFFICE),
      from: fc.integer({ min: -3 * 60, max: 12 * 60 }).map((m) => FROM + m * MIN),
      length: fc.integer({ min: 1, max: 90 }).map((m) => m * MIN),
      maintenance: fc.constantFrom<MaintenanceWindow[]>(
        [],
        [{ kind: 'once', startsAt: FROM + 20 * MIN, endsAt: FROM + 40 * MIN }],
        [{ kind: 'recurring', schedule: cron('0 9 * * *'), durationMs: 30 * MIN }],
      ),
    })
    .map((r) => ({
      probes: r.probes,
      checks: [...checks('a', r.patternA.join(''), r.from + r.startA), ...checks('b', r.patternB.join('').replace(/./g, (c, i) => (i % 2 ? '.' : c)), r.from - 6 * MIN)],
      hours: r.hours,
      maintenance: r.maintenance,
      timezone: 'Asia/Shanghai',
      from: r.from,
      to: r.from + r.length,
    }));

  it('whenever it answers, answers exactly what timelineFromChecks does', () => {
    let answered = 0;
    fc.assert(
      fc.property(arbitraryInput, (i) => {
        const quick = quickTimeline(i);
        if (quick !== null) {
          answered++;
          expect(quick).toEqual(timelineFromChecks(i));
        }
        expect(timeline(i)).toEqual(timelineFromChecks(i));
      }),
      { numRuns: 2000 },
    );
    // The generator must exercise the shortcut, not only the fallback.
    expect(answered).toBeGreaterThan(100);
  });
});
