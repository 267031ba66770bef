import { describe, expect, it } from 'vitest';
import { CHECK_OUTCOMES, ERROR_CLASSES } from '../../src/domain/vocabulary.ts';
import { ERROR_CLASS_CODES, OUTCOME_CODES, decodeErrorClass, decodeOutcome } from '../../src/store/check-codes.ts';

describe('stored check codes', () => {
  // The numbers are the stored format (migration 0012 wrote them): a change here breaks every file.
  it.each([
    ['up', 0],
    ['degraded', 1],
    ['down', 2],
  ] as const)('outcome %s is stored as %i and read back', (outcome, code) => {
    expect(OUTCOME_CODES[outcome]).toBe(code);
    expect(decodeOutcome(code)).toBe(outcome);
  });

  it('gives every outcome and error class its own code and reads each back', () => {
    expect(new Set(CHECK_OUTCOMES.map((o) => OUTCOME_CODES[o])).size).toBe(CHECK_OUTCOMES.length);
    expect(new Set(ERROR_CLASSES.map((e) => ERROR_CLASS_CODES[e])).size).toBe(ERROR_CLASSES.length);
    for (const e of ERROR_CLASSES) expect(decodeErrorClass(ERROR_CLASS_CODES[e])).toBe(e);
    expect(decodeErrorClass(null)).toBeNull();
  });

  it.each([
    ['an outcome', () => decodeOutcome(7)],
    ['an error class', () => decodeErrorClass(42)],
  ])('refuses an unknown code for %s rather than guess', (_, decode) => {
    expect(decode).toThrow(/unknown/);
  });
});
