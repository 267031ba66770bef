import { describe, expect, it } from 'vitest';
import { firstDue, stableHash } from '../../src/scheduler/spread.ts';

describe('stableHash', () => {
  it.each([
    // Published FNV-1a 32-bit test vectors.
    ['', 0x811c9dc5],
    ['a', 0xe40c292c],
    ['foobar', 0xbf9cf968],
  ])('FNV-1a(%j) = %i', (text, expected) => {
    expect(stableHash(text)).toBe(expected);
  });

  it('is an unsigned 32-bit integer', () => {
    for (const key of ['acme-hotline#0', 'x', 'a much longer key with spaces #12']) {
      const h = stableHash(key);
      expect(Number.isInteger(h)).toBe(true);
      expect(h).toBeGreaterThanOrEqual(0);
      expect(h).toBeLessThan(2 ** 32);
    }
  });
});

describe('firstDue', () => {
  it('is stable across calls', () => {
    const now = 1_700_000_000_000;
    for (const key of ['acme-hotline#0', 'acme-chat#1', 'wallet-email#0']) {
      const offset = firstDue(key, 60_000, now) - now;
      expect(firstDue(key, 60_000, now) - now).toBe(offset);
      // The phase does not depend on when the scheduler starts.
      expect(firstDue(key, 60_000, now + 12_345) - (now + 12_345)).toBe(offset);
    }
  });

  it.each([1, 50, 1000, 60_000, 86_400_000])('lands within [now, now + %i)', (intervalMs) => {
    const now = 1_700_000_000_000;
    for (let i = 0; i < 500; i++) {
      const due = firstDue(`provider-${i}-hotline#0`, intervalMs, now);
      expect(due).toBeGreaterThanOrEqual(now);
      expect(due).toBeLessThan(now + intervalMs);
    }
  });

  it.each([
    ['provider-<i>-hotline#0', (i: number) => `provider-${i}-hotline#0`],
    ['wallet-<i>#<i % 3>', (i: number) => `wallet-${i}#${i % 3}`],
    ['c<i>#0', (i: number) => `c${i}#0`],
  ])('spreads 1,000 keys (%s) over 60 s with no second holding more than 5 %%', (_name, keyOf) => {
    const now = 0;
    const perSecond = new Array<number>(60).fill(0);
    for (let i = 0; i < 1000; i++) {
      const second = Math.floor(firstDue(keyOf(i), 60_000, now) / 1000);
      perSecond[second] = (perSecond[second] ?? 0) + 1;
    }
    expect(Math.max(...perSecond)).toBeLessThanOrEqual(50);
    // And no large gap: every 10-second window gets a fair share (≈ 167 expected).
    for (let start = 0; start < 60; start += 10) {
      const windowCount = perSecond.slice(start, start + 10).reduce((a, b) => a + b, 0);
      expect(windowCount).toBeGreaterThan(100);
    }
  });
});
