/**
 * Which operators and values make sense for which operand, checked when the config loads,
 * so that `status contains "2"` or `latency < 800` is refused with a reason instead of
 * failing every check later.
 */
import { ParseFailure, describe, quote } from './hints.ts';
import type { Token } from './lexer.ts';
import type { Literal, Operand, Operator } from './types.ts';

/** Where the operator and the value were written, for columns. */
export interface TypePositions {
  opStart: number;
  literal: Token;
}

const ORDERING = new Set<Operator>(['<', '<=', '>', '>=']);

/**
 * Throws a `ParseFailure` when `left op right` cannot be true of any response.
 *
 * | operand | operators | value |
 * |---|---|---|
 * | status, cert.days_left | == != < <= > >= | number |
 * | latency | == != < <= > >= | duration |
 * | body | == != contains, not contains | text |
 * | header.x | all | text; number for < <= > >= (and == !=); null for == != (absent) |
 * | json.x | all | any but a duration; number for < <= > >= |
 */
export function checkTypes(left: Operand, op: Operator, right: Literal, at: TypePositions): void {
  const name = operandName(left);
  const contains = op === 'contains' || op === 'not contains';
  const wrongValue = (hint: string): ParseFailure => new ParseFailure(at.literal.start, `unexpected ${describe(at.literal)}`, hint);

  if (left.kind === 'latency') {
    if (contains) throw new ParseFailure(at.opStart, `cannot use ${quote(op)} with latency`, 'latency is a duration');
    if (right.type === 'number') {
      throw new ParseFailure(at.literal.start, `missing unit in ${quote(at.literal.text)}`, `latency is compared with a duration such as ${at.literal.text}ms or 2s`);
    }
    if (right.type !== 'duration') throw wrongValue('latency is compared with a duration such as 800ms or 2s');
    return;
  }
  if (right.type === 'duration') {
    throw new ParseFailure(at.literal.start, `unexpected duration ${quote(at.literal.text)}`, 'only latency is compared with a duration');
  }
  if (left.kind === 'status' || left.kind === 'cert_days_left') {
    if (contains) throw new ParseFailure(at.opStart, `cannot use ${quote(op)} with ${name}`, `${name} is a number`);
    if (right.type !== 'number') throw wrongValue(`${name} is compared with a number`);
    return;
  }
  if (ORDERING.has(op)) {
    if (left.kind === 'body') {
      throw new ParseFailure(at.opStart, `cannot use ${quote(op)} with body`, 'body is text: use ==, !=, contains or not contains');
    }
    if (right.type !== 'number') throw wrongValue(`${quote(op)} compares numbers`);
    return;
  }
  if (left.kind === 'body' && right.type !== 'string') throw wrongValue('body is compared with text in double quotes');
  if (left.kind === 'header') {
    if (contains && right.type !== 'string') throw wrongValue(`${quote(op)} takes text in double quotes`);
    if (right.type === 'boolean') throw wrongValue('a header is compared with text, a number or null');
  }
}

/** The operand as a person writes it, for messages: `status`, `cert.days_left`, `header.x`. */
export function operandName(left: Operand): string {
  switch (left.kind) {
    case 'cert_days_left':
      return 'cert.days_left';
    case 'header':
      return `header.${left.name}`;
    case 'json':
      return 'json';
    default:
      return left.kind;
  }
}
