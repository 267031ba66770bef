import { describe, expect, it } from 'vitest';
import { decideIncident, type IncidentDecision, type IncidentInput } from '../../src/domain/incidents.ts';
import type { FailureCause } from '../../src/domain/state.ts';

const CAUSE: FailureCause = { at: 100, errorClass: 'timeout', message: 'no answer in 10 s' };
const AT = 300;

describe('decideIncident', () => {
  it.each<{ name: string; input: Omit<IncidentInput, 'at'>; expected: IncidentDecision }>([
    {
      name: 'opens when an open channel turns down, dated from the cause',
      input: { open: false, effective: 'down', measured: 'down', cause: CAUSE },
      expected: { kind: 'open', startedAt: 100, cause: CAUSE },
    },
    {
      name: 'opens at the check time when no cause is known',
      input: { open: false, effective: 'down', measured: 'down', cause: null },
      expected: { kind: 'open', startedAt: AT, cause: null },
    },
    {
      name: 'a failure while closed never opens one',
      input: { open: false, effective: 'closed', measured: 'down', cause: CAUSE },
      expected: { kind: 'none' },
    },
    {
      name: 'a failure during maintenance does not open one',
      input: { open: false, effective: 'maintenance', measured: 'down', cause: CAUSE },
      expected: { kind: 'none' },
    },
    {
      name: 'does not open a second one while one is open',
      input: { open: true, effective: 'down', measured: 'down', cause: CAUSE },
      expected: { kind: 'none' },
    },
    {
      name: 'closes when the probes measure up',
      input: { open: true, effective: 'up', measured: 'up', cause: null },
      expected: { kind: 'close', endedAt: AT },
    },
    {
      name: 'closes when the probes measure degraded (answering, slowly)',
      input: { open: true, effective: 'degraded', measured: 'degraded', cause: null },
      expected: { kind: 'close', endedAt: AT },
    },
    {
      name: 'closes when healed outside hours',
      input: { open: true, effective: 'closed', measured: 'up', cause: null },
      expected: { kind: 'close', endedAt: AT },
    },
    {
      name: 'keeps it open while still down outside hours',
      input: { open: true, effective: 'closed', measured: 'down', cause: CAUSE },
      expected: { kind: 'none' },
    },
    {
      name: 'keeps it open when the state becomes unknown',
      input: { open: true, effective: 'unknown', measured: 'unknown', cause: null },
      expected: { kind: 'none' },
    },
    {
      name: 'nothing to do when up and none open',
      input: { open: false, effective: 'up', measured: 'up', cause: null },
      expected: { kind: 'none' },
    },
    {
      name: 'degraded alone does not open one',
      input: { open: false, effective: 'degraded', measured: 'degraded', cause: null },
      expected: { kind: 'none' },
    },
    {
      name: 'unknown does not open one',
      input: { open: false, effective: 'unknown', measured: 'unknown', cause: null },
      expected: { kind: 'none' },
    },
  ])('$name', ({ input, expected }) => {
    expect(decideIncident({ ...input, at: AT })).toEqual(expected);
  });
});
