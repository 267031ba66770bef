/**
 * The condition language under random input: any text parses to a condition or a syntax error
 * with a column inside the text (never a throw), conditions built from the grammar always
 * parse, evaluation of any condition against any response never throws and gives a short
 * `actual`, and everything is deterministic. Long inputs end at once (the 500-character cap).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_ACTUAL_LENGTH,
  evaluateCondition,
  isConditionSyntaxError,
  parseCondition,
  parseJsonBody,
  type Condition,
  type ConditionContext,
} from '../../src/domain/conditions/index.ts';

const header = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/).map((h) => `header.${h}`);
const jsonPath = fc
  .array(fc.oneof(fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/), fc.nat({ max: 20 }).map((n) => `[${n}]`)), { minLength: 1, maxLength: 6 })
  .map((parts) => `json${parts.map((p) => (p.startsWith('[') ? p : `.${p}`)).join('')}`);
const operand = fc.oneof(fc.constantFrom('status', 'latency', 'body', 'cert.days_left'), header, jsonPath);
const operator = fc.constantFrom('==', '!=', '<', '<=', '>', '>=', 'contains', 'not contains');
const number = fc.oneof(fc.nat({ max: 1_000_000 }).map(String), fc.tuple(fc.nat({ max: 9999 }), fc.nat({ max: 99 })).map(([a, b]) => `${a}.${b}`));
const text = fc.string({ maxLength: 20 }).map((s) => JSON.stringify(s));
const duration = fc.tuple(fc.integer({ min: 1, max: 99_999 }), fc.constantFrom('ms', 's', 'm')).map(([n, u]) => `${n}${u}`);
const literal = fc.oneof(number, text, duration, fc.constantFrom('true', 'false', 'null'));
const ordering = fc.constantFrom('<', '<=', '>', '>=');
const equality = fc.constantFrom('==', '!=');
const containment = fc.constantFrom('contains', 'not contains');

/** A condition the grammar and the type rules (check-types.ts) accept, spaced the way people write them. */
const wellFormed = fc
  .oneof(
    fc.tuple(fc.constantFrom('status', 'cert.days_left'), fc.oneof(ordering, equality), number),
    fc.tuple(fc.constant('latency'), fc.oneof(ordering, equality), duration),
    fc.tuple(fc.constant('body'), fc.oneof(equality, containment), text),
    fc.tuple(header, containment, text),
    fc.tuple(header, ordering, number),
    fc.tuple(header, equality, fc.oneof(text, number, fc.constant('null'))),
    fc.tuple(jsonPath, ordering, number),
    fc.tuple(jsonPath, fc.oneof(equality, containment), fc.oneof(text, number, fc.constantFrom('true', 'false', 'null'))),
  )
  .chain(([l, op, r]) => fc.constantFrom(' ', '  ', '\t').map((sp) => `${l}${sp}${op}${sp}${r}`));

/** Pieces of conditions and of junk, glued at random. */
const piece = fc.oneof(operand, operator, literal, fc.constantFrom('.', '[', ']', '"', "'", '\\', '=', '!', '&&', '||', '(', ')', ' ', '\u0000', '\uFFFF', '停', '١٢', '𝟙', '\n'));
const glued = fc.array(piece, { maxLength: 12 }).map((p) => p.join(''));

const jsonValue = fc.jsonValue({ maxDepth: 4 });
const context: fc.Arbitrary<ConditionContext> = fc.record({
  status: fc.option(fc.integer({ min: 100, max: 599 }), { nil: null }),
  latencyMs: fc.double({ min: 0, max: 1e6, noNaN: true }),
  headers: fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/), fc.string({ maxLength: 300 }), { maxKeys: 5 }),
  bodyText: fc.option(fc.string({ maxLength: 500 }), { nil: null }),
  json: fc.oneof(jsonValue, fc.constant(undefined)),
  certDaysLeft: fc.option(fc.integer({ min: -1000, max: 1000 }), { nil: null }),
  secrets: fc.array(fc.string({ minLength: 6, maxLength: 12 }), { maxLength: 2 }),
});

function checkParse(source: string): Condition | null {
  const parsed = parseCondition(source);
  expect(parseCondition(source)).toEqual(parsed);
  expect(parsed.source).toBe(source);
  if (isConditionSyntaxError(parsed)) {
    expect(parsed.message.length).toBeGreaterThan(0);
    expect(parsed.column).toBeGreaterThanOrEqual(1);
    expect(parsed.column).toBeLessThanOrEqual([...source].length + 1);
    return null;
  }
  return parsed;
}

describe('parseCondition', () => {
  it('never throws on random text, and a syntax error points inside it', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 120 }), fc.string({ unit: 'binary', maxLength: 120 }), glued), (source) => {
        checkParse(source);
      }),
      { seed: 31, numRuns: 2000 },
    );
  });

  it('parses every condition the grammar allows, and parsing its source again gives the same condition', () => {
    fc.assert(
      fc.property(wellFormed, (source) => {
        const parsed = checkParse(source);
        expect(parsed, source).not.toBeNull();
        expect(parseCondition(parsed!.source)).toEqual(parsed);
      }),
      { seed: 32, numRuns: 1000 },
    );
  });

  it.each<[string, string]>([
    ['1 MB of digits', `status == ${'9'.repeat(1_000_000)}`],
    ['1 MB of dots', `json${'.a'.repeat(500_000)} == 1`],
    ['1 MB of brackets', `json${'[0]'.repeat(333_333)} == 1`],
    ['1 MB of quotes', `body contains "${'\\"'.repeat(500_000)}"`],
    ['1 MB of CJK', `body contains "${'停'.repeat(1_000_000)}"`],
    ['an unterminated string of 499 characters', `body contains "${'a'.repeat(483)}`],
    ['32 path segments', `json${'.a'.repeat(32)} == 1`],
    ['33 path segments', `json${'.a'.repeat(33)} == 1`],
  ])('ends at once on %s', (_name, source) => {
    checkParse(source);
  });
});

describe('evaluateCondition', () => {
  it('never throws, for any condition against any response, and says briefly what it saw', () => {
    fc.assert(
      fc.property(wellFormed, context, (source, ctx) => {
        const condition = parseCondition(source) as Condition;
        const result = evaluateCondition(condition, ctx);
        expect(evaluateCondition(condition, ctx)).toEqual(result);
        expect(typeof result.ok).toBe('boolean');
        if (result.actual !== null) expect([...result.actual].length).toBeLessThanOrEqual(MAX_ACTUAL_LENGTH + 2);
        for (const secret of ctx.secrets ?? []) if (secret.trim().length >= 6) expect(result.actual ?? '').not.toContain(secret);
      }),
      { seed: 33, numRuns: 1500 },
    );
  });

  it('reads any body as JSON or as not JSON, without throwing', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), jsonValue.map((v) => JSON.stringify(v))), (text) => {
        const parsed = parseJsonBody(text);
        expect(parseJsonBody(text)).toEqual(parsed);
      }),
      { seed: 34, numRuns: 500 },
    );
  });

  it('handles a 1 MB body and JSON nested 100,000 deep', () => {
    const deep = parseJsonBody(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    const ctx: ConditionContext = { status: 200, latencyMs: 1, headers: {}, bodyText: 'x'.repeat(1_000_000), json: deep, certDaysLeft: null };
    for (const source of ['body contains "y"', `json${'[0]'.repeat(32)} == 1`, 'json contains 1', 'body == "x"']) {
      const result = evaluateCondition(parseCondition(source) as Condition, ctx);
      expect(result.ok).toBe(false);
    }
  });
});
