import { describe, expect, it } from 'vitest';
import {
  effectiveState,
  initialProbeRuntime,
  measuredState,
  nextProbeRuntime,
  providerState,
  type ProbeRuntime,
  type Thresholds,
} from '../../src/domain/state.ts';
import type { ChannelState, CheckOutcome, ProbeStatus } from '../../src/domain/vocabulary.ts';
import { makeCheck } from '../support/catalog.ts';

const OUTCOME: Record<string, CheckOutcome> = { d: 'down', u: 'up', g: 'degraded' };

/**
 * Folds a sequence such as `'ddu'` (d = down, u = up, g = degraded) into a runtime; check i
 * starts at (i + 1) × 10 ms, and each failure carries its own time in its message.
 */
function fold(sequence: string, t: Thresholds, start: ProbeRuntime = initialProbeRuntime(0)): ProbeRuntime {
  let runtime = start;
  [...sequence].forEach((letter, i) => {
    const at = (i + 1) * 10;
    const outcome = OUTCOME[letter];
    if (!outcome) throw new Error(`bad letter ${letter}`);
    runtime = nextProbeRuntime(runtime, makeCheck(outcome, at, outcome === 'down' ? { message: `fail@${at}` } : {}), t);
  });
  return runtime;
}

const t = (failureThreshold: number, successThreshold: number): Thresholds => ({ failureThreshold, successThreshold });

describe('nextProbeRuntime', () => {
  it.each<{ name: string; th: Thresholds; seq: string; start?: ProbeStatus; status: ProbeStatus; since: number; failures: number; successes: number; firstFailureAt: number | null }>([
    // 1/1: every check decides at once.
    { name: '1/1 one failure is down', th: t(1, 1), seq: 'd', status: 'down', since: 10, failures: 1, successes: 0, firstFailureAt: 10 },
    { name: '1/1 one success is up', th: t(1, 1), seq: 'u', status: 'up', since: 10, failures: 0, successes: 1, firstFailureAt: null },
    { name: '1/1 up again after one success', th: t(1, 1), seq: 'du', status: 'up', since: 20, failures: 0, successes: 1, firstFailureAt: null },
    { name: '1/1 up twice keeps the first since', th: t(1, 1), seq: 'uu', status: 'up', since: 10, failures: 0, successes: 2, firstFailureAt: null },
    { name: '1/1 slow answer is degraded', th: t(1, 1), seq: 'g', status: 'degraded', since: 10, failures: 0, successes: 1, firstFailureAt: null },
    { name: '1/1 up then slow is degraded from then', th: t(1, 1), seq: 'ug', status: 'degraded', since: 20, failures: 0, successes: 2, firstFailureAt: null },
    { name: '1/1 slow then fast is up from then', th: t(1, 1), seq: 'gu', status: 'up', since: 20, failures: 0, successes: 2, firstFailureAt: null },
    // 2/1: one blip is not an outage.
    { name: '2/1 one failure keeps unknown', th: t(2, 1), seq: 'd', status: 'unknown', since: 0, failures: 1, successes: 0, firstFailureAt: 10 },
    { name: '2/1 two failures: down since the first', th: t(2, 1), seq: 'dd', status: 'down', since: 10, failures: 2, successes: 0, firstFailureAt: 10 },
    { name: '2/1 a third failure keeps the date', th: t(2, 1), seq: 'ddd', status: 'down', since: 10, failures: 3, successes: 0, firstFailureAt: 10 },
    { name: '2/1 one failure keeps up', th: t(2, 1), seq: 'uud', status: 'up', since: 10, failures: 1, successes: 0, firstFailureAt: 30 },
    { name: '2/1 up then two failures', th: t(2, 1), seq: 'uudd', status: 'down', since: 30, failures: 2, successes: 0, firstFailureAt: 30 },
    { name: '2/1 a success breaks the streak', th: t(2, 1), seq: 'dud', status: 'up', since: 20, failures: 1, successes: 0, firstFailureAt: 30 },
    { name: '2/1 new streak dated from its own first', th: t(2, 1), seq: 'dudd', status: 'down', since: 30, failures: 2, successes: 0, firstFailureAt: 30 },
    { name: '2/1 recovers after one success', th: t(2, 1), seq: 'ddu', status: 'up', since: 30, failures: 0, successes: 1, firstFailureAt: null },
    { name: '2/1 recovers into degraded', th: t(2, 1), seq: 'ddg', status: 'degraded', since: 30, failures: 0, successes: 1, firstFailureAt: null },
    // 3/2: recovery needs two good checks in a row.
    { name: '3/2 two failures keep unknown', th: t(3, 2), seq: 'dd', status: 'unknown', since: 0, failures: 2, successes: 0, firstFailureAt: 10 },
    { name: '3/2 three failures: down since the first', th: t(3, 2), seq: 'ddd', status: 'down', since: 10, failures: 3, successes: 0, firstFailureAt: 10 },
    { name: '3/2 one success is not enough', th: t(3, 2), seq: 'dddu', status: 'down', since: 10, failures: 0, successes: 1, firstFailureAt: null },
    { name: '3/2 two successes recover', th: t(3, 2), seq: 'ddduu', status: 'up', since: 50, failures: 0, successes: 2, firstFailureAt: null },
    { name: '3/2 successes must be consecutive', th: t(3, 2), seq: 'dddudu', status: 'down', since: 10, failures: 0, successes: 1, firstFailureAt: null },
    { name: '3/2 a failure while down keeps the date', th: t(3, 2), seq: 'ddddd', status: 'down', since: 10, failures: 5, successes: 0, firstFailureAt: 10 },
    { name: '3/2 degraded counts as good', th: t(3, 2), seq: 'dddgu', status: 'up', since: 50, failures: 0, successes: 2, firstFailureAt: null },
    { name: '3/2 recovers into degraded', th: t(3, 2), seq: 'dddug', status: 'degraded', since: 50, failures: 0, successes: 2, firstFailureAt: null },
    { name: '3/2 one failure after recovery keeps up', th: t(3, 2), seq: 'ddduud', status: 'up', since: 50, failures: 1, successes: 0, firstFailureAt: 60 },
    { name: '3/2 two failures while up keep up', th: t(3, 2), seq: 'uudd', status: 'up', since: 10, failures: 2, successes: 0, firstFailureAt: 30 },
    // Restored after a restart: the saved status is the starting point.
    { name: 'restored up keeps up on one failure', th: t(2, 1), seq: 'd', start: 'up', status: 'up', since: 0, failures: 1, successes: 0, firstFailureAt: 10 },
    { name: 'restored down stays down on a failure', th: t(3, 2), seq: 'd', start: 'down', status: 'down', since: 0, failures: 1, successes: 0, firstFailureAt: 10 },
    { name: 'restored down needs M successes', th: t(3, 2), seq: 'u', start: 'down', status: 'down', since: 0, failures: 0, successes: 1, firstFailureAt: null },
    { name: 'restored down recovers after M', th: t(3, 2), seq: 'uu', start: 'down', status: 'up', since: 20, failures: 0, successes: 2, firstFailureAt: null },
  ])('$name ($seq)', ({ th, seq, start, status, since, failures, successes, firstFailureAt }) => {
    const runtime = fold(seq, th, initialProbeRuntime(0, start));
    expect(runtime.status).toBe(status);
    expect(runtime.since).toBe(since);
    expect(runtime.failures).toBe(failures);
    expect(runtime.successes).toBe(successes);
    expect(runtime.firstFailure?.at ?? null).toBe(firstFailureAt);
  });

  it('keeps the error class and message of the first failure of the streak', () => {
    const th = t(3, 1);
    let r = initialProbeRuntime(0);
    r = nextProbeRuntime(r, makeCheck('down', 100, { errorClass: 'dns', message: 'no such host' }), th);
    r = nextProbeRuntime(r, makeCheck('down', 200, { errorClass: 'timeout', message: 'timed out' }), th);
    r = nextProbeRuntime(r, makeCheck('down', 300, { errorClass: 'http_status', message: 'HTTP 503' }), th);
    expect(r.status).toBe('down');
    expect(r.since).toBe(100);
    expect(r.firstFailure).toEqual({ at: 100, errorClass: 'dns', message: 'no such host' });
  });

  it('does not change its input', () => {
    const before = initialProbeRuntime(0);
    const copy = structuredClone(before);
    nextProbeRuntime(before, makeCheck('down', 10), t(1, 1));
    expect(before).toEqual(copy);
  });
});

describe('measuredState', () => {
  it.each<[ProbeStatus[], ChannelState]>([
    [[], 'unknown'],
    [['unknown'], 'unknown'],
    [['unknown', 'unknown'], 'unknown'],
    [['up'], 'up'],
    [['unknown', 'up'], 'up'],
    [['up', 'up'], 'up'],
    [['up', 'degraded'], 'degraded'],
    [['degraded', 'unknown'], 'degraded'],
    [['up', 'down'], 'down'],
    [['degraded', 'down', 'unknown'], 'down'],
    [['down', 'down'], 'down'],
  ])('%j → %s', (statuses, expected) => {
    expect(measuredState(statuses)).toBe(expected);
  });

  it('takes any iterable', () => {
    expect(measuredState(new Set<ProbeStatus>(['up', 'degraded']))).toBe('degraded');
    expect(measuredState(new Map<string, ProbeStatus>([['a', 'down']]).values())).toBe('down');
  });
});

describe('effectiveState', () => {
  it.each<[ChannelState, boolean, boolean, ChannelState]>([
    ['down', true, false, 'down'],
    ['down', false, false, 'closed'],
    ['up', true, false, 'up'],
    ['up', false, false, 'closed'],
    ['degraded', true, false, 'degraded'],
    ['unknown', true, false, 'unknown'],
    ['unknown', false, false, 'closed'],
    ['down', true, true, 'maintenance'],
    ['up', true, true, 'maintenance'],
    ['unknown', true, true, 'maintenance'],
    // Closed wins: "opens at 09:00" is more useful than "in maintenance" at 03:00.
    ['down', false, true, 'closed'],
  ])('%s, open %s, maintenance %s → %s', (measured, open, maintenance, expected) => {
    expect(effectiveState(measured, open, maintenance)).toBe(expected);
  });
});

describe('providerState', () => {
  it.each<[ChannelState[], ChannelState]>([
    [[], 'unknown'],
    [['unknown', 'unknown'], 'unknown'],
    [['closed'], 'closed'],
    [['closed', 'closed'], 'closed'],
    // A channel without data may be open: the provider is closed only when every channel is.
    [['closed', 'unknown'], 'unknown'],
    [['up', 'closed'], 'up'],
    [['up', 'up', 'unknown'], 'up'],
    [['down'], 'down'],
    [['down', 'closed'], 'down'],
    [['down', 'down', 'unknown'], 'down'],
    [['down', 'up'], 'degraded'],
    [['degraded', 'up'], 'degraded'],
    [['degraded', 'closed'], 'degraded'],
    [['maintenance'], 'maintenance'],
    [['maintenance', 'closed'], 'maintenance'],
    [['maintenance', 'up'], 'up'],
    [['maintenance', 'down'], 'degraded'],
  ])('%j → %s', (states, expected) => {
    expect(providerState(states)).toBe(expected);
  });
});
