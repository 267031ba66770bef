import { describe, expect, it } from 'vitest';
import { probeThreadCount, probeThreadsFromEnv } from '../../../src/probes/pool/thread-count.ts';

describe('probeThreadCount', () => {
  it.each([
    // requested, probes, cores, threads
    ['auto', 10, 8, 0],
    ['auto', 999, 8, 0],
    ['auto', 1000, 2, 1],
    ['auto', 120_000, 1, 0],
    ['auto', 120_000, 2, 1],
    ['auto', 120_000, 4, 3],
    ['auto', 120_000, 64, 4],
    [0, 120_000, 8, 0],
    [2, 10, 1, 2],
    [9, 10, 8, 4],
  ] as const)('%s with %i probes on %i cores → %i threads', (requested, probes, cores, threads) => {
    expect(probeThreadCount(requested, probes, cores)).toBe(threads);
  });
});

describe('probeThreadsFromEnv', () => {
  it.each([
    [undefined, 'auto'],
    ['', 'auto'],
    ['auto', 'auto'],
    ['0', 0],
    ['3', 3],
  ] as const)('%j → %j', (text, want) => {
    expect(probeThreadsFromEnv(text)).toBe(want);
  });

  it.each(['-1', '5', '1.5', 'two', 'AUTO'])('refuses %j and names the variable', (text) => {
    expect(() => probeThreadsFromEnv(text)).toThrow(/SUPPORTWATCH_PROBE_THREADS must be "auto" or a whole number from 0 to 4, got/);
  });
});
