/** Pure parts of the Worker: which minute a probe runs in, and thresholds rebuilt from stored checks. */
import { describe, expect, it } from 'vitest';
import { nextProbeRuntime } from '../../src/domain/state.ts';
import { answersOf } from '../../src/worker/doh-probe.ts';
import { restoreRuntime, type RecentCheck } from '../../src/worker/restore.ts';
import { periodMinutes, planMinute, shardHash } from '../../src/worker/schedule.ts';

const MIN = 60_000;
const T0 = Date.parse('2026-11-23T10:00:00Z');
const probes = (n: number, intervalMs: number) => Array.from({ length: n }, (_, i) => ({ key: `c${i}#0`, intervalMs }));

describe('sharded cron minutes', () => {
  it.each([
    [10_000, 1],
    [60_000, 1],
    [90_000, 2],
    [300_000, 5],
  ])('an interval of %i ms runs every %i minute(s)', (intervalMs, minutes) => expect(periodMinutes(intervalMs)).toBe(minutes));

  it('runs each 5-minute probe in exactly one minute of every five, spread over the five', () => {
    const list = probes(500, 5 * MIN);
    const perMinute = [0, 1, 2, 3, 4].map((m) => planMinute(list, T0 + m * MIN, 1000).due);
    expect(perMinute.flat().map((p) => p.key).sort()).toEqual(list.map((p) => p.key).sort());
    for (const due of perMinute) expect(due.length).toBeGreaterThan(60);
    expect(planMinute(list, T0 + 5 * MIN, 1000).due).toEqual(perMinute[0]);
  });

  it('stretches every period to fit the budget, and never exceeds it', () => {
    const list = probes(100, MIN);
    const plans = [0, 1, 2, 3].map((m) => planMinute(list, T0 + m * MIN, 40));
    expect(plans[0]!.stretch).toBe(3);
    for (const plan of plans) expect(plan.due.length).toBeLessThanOrEqual(40);
    // Over three minutes every probe ran once (unless the budget deferred a few).
    const ran = new Set(plans.slice(0, 3).flatMap((p) => p.due.map((d) => d.key)));
    expect(ran.size + plans.slice(0, 3).reduce((n, p) => n + p.deferred, 0)).toBe(100);
  });

  it('keeps a probe in its minute across runtimes (a stable hash)', () => expect(shardHash('examplepay-chat#0')).toBe(shardHash('examplepay-chat#0')));
});

describe('restoring threshold counts from stored checks', () => {
  const bad = (at: number): RecentCheck => ({ startedAt: at, outcome: 'down', errorClass: 'timeout', message: 'no answer' });
  const good = (at: number): RecentCheck => ({ startedAt: at, outcome: 'up', errorClass: null, message: null });
  const t = { failureThreshold: 2, successThreshold: 2 };

  it('counts the trailing failures, so the next one reaches the threshold as on Node', () => {
    const runtime = restoreRuntime({ status: 'up', since: 0 }, [good(1), bad(2)], 3);
    expect(runtime).toMatchObject({ status: 'up', failures: 1, successes: 0, firstFailure: { at: 2, errorClass: 'timeout' } });
    const next = nextProbeRuntime(runtime, { startedAt: 3, durationMs: 1, outcome: 'down', httpStatus: null, errorClass: 'timeout', message: 'x' }, t);
    expect(next).toMatchObject({ status: 'down', since: 2 });
  });

  it('counts the trailing successes of a down probe', () => {
    expect(restoreRuntime({ status: 'down', since: 5 }, [bad(5), good(6)], 7)).toMatchObject({ status: 'down', failures: 0, successes: 1, firstFailure: null });
  });

  it('dates a down probe’s streak from its since, even when the checks read do not reach back', () => {
    expect(restoreRuntime({ status: 'down', since: 1 }, [bad(8), bad(9)], 10).firstFailure).toMatchObject({ at: 1 });
  });

  it('starts unknown without a stored status', () => expect(restoreRuntime(undefined, [], 4)).toMatchObject({ status: 'unknown', since: 4, failures: 0 }));
});

describe('DNS-over-HTTPS answers', () => {
  it.each([
    ['A', [{ type: 1, data: '192.0.2.1' }, { type: 5, data: 'alias.example.' }], ['192.0.2.1']],
    ['MX', [{ type: 15, data: '20 mx2.example.com.' }, { type: 15, data: '10 mx1.example.com.' }], ['mx1.example.com', 'mx2.example.com']],
    ['TXT', [{ type: 16, data: '"v=spf1 " "-all"' }], ['v=spf1 -all']],
    ['CNAME', [{ type: 5, data: 'help.example.net.' }], ['help.example.net']],
  ] as const)('%s answers read as the Node probe reads them', (record, answers, expected) => {
    expect(answersOf(answers, record)).toEqual(expected);
  });
});
