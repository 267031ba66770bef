import { checkTypes } from './check-types.ts';
import {
  ONE_COMPARISON,
  OPERATOR_LIST,
  ParseFailure,
  START_HINT,
  VALUE_HINT,
  describe,
  quote,
  suggestOperand,
  suggestOperator,
} from './hints.ts';
import { tokenize, type Token } from './lexer.ts';
import {
  MAX_CONDITION_LENGTH,
  MAX_PATH_DEPTH,
  type Condition,
  type ConditionSyntaxError,
  type Literal,
  type Operand,
  type Operator,
  type PathSegment,
} from './types.ts';

const COMPARISONS = new Set<string>(['==', '!=', '<', '<=', '>', '>=']);
const KEY = /^[A-Za-z0-9_-]+$/;
const NUMBER = /^(-?\d+(?:\.\d+)?)(ms|s|m)?$/;
const DURATION_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };

/**
 * Parses one condition. Never throws: a source that is not a condition gives a
 * `ConditionSyntaxError` naming the column. Linear in the length of the source, which is
 * capped at 500 characters; JSON paths are capped at 32 segments.
 *
 * @example
 * parseCondition('json.status == "ok"')
 * // → { source: 'json.status == "ok"', left: { kind: 'json', path: ['status'] }, op: '==',
 * //     right: { type: 'string', value: 'ok' } }
 * parseCondition('status = 200')
 * // → { source: 'status = 200', column: 8, message: 'unexpected "=" at column 8; did you mean "=="?' }
 */
export function parseCondition(source: string): Condition | ConditionSyntaxError {
  if (source.length > MAX_CONDITION_LENGTH) {
    return syntaxError(source, new ParseFailure(MAX_CONDITION_LENGTH, 'condition too long', `the limit is ${MAX_CONDITION_LENGTH} characters`));
  }
  const tokens = tokenize(source);
  if (!Array.isArray(tokens)) return syntaxError(source, new ParseFailure(tokens.index, tokens.problem, tokens.hint));
  try {
    return new Parser(source, tokens).condition();
  } catch (err) {
    if (err instanceof ParseFailure) return syntaxError(source, err);
    throw err;
  }
}

/** Tells a syntax error from a condition. */
export function isConditionSyntaxError(x: Condition | ConditionSyntaxError): x is ConditionSyntaxError {
  return 'column' in x;
}

function syntaxError(source: string, f: ParseFailure): ConditionSyntaxError {
  // Columns count code points, so that text with emoji or CJK points where a person looks.
  const column = Array.from(source.slice(0, f.index)).length + 1;
  const message = `${f.problem} at column ${column}${f.hint === undefined ? '' : `; ${f.hint}`}`;
  return { source, message, column };
}

class Parser {
  #pos = 0;

  constructor(
    readonly source: string,
    readonly tokens: readonly Token[],
  ) {}

  condition(): Condition {
    const first = this.#peek();
    if (first === undefined) throw new ParseFailure(0, 'empty condition', 'write a comparison such as status == 200');
    const left = this.#operand();
    const leftText = this.source.slice(first.start, this.#lastEnd());
    const opStart = this.#peek()?.start ?? this.#lastEnd();
    const op = this.#operator(leftText);
    const opEnd = this.#lastEnd();
    const literalToken = this.#peek();
    const right = this.#literal(op, opEnd);
    const extra = this.#peek();
    if (extra !== undefined) throw new ParseFailure(extra.start, `unexpected ${describe(extra)}`, ONE_COMPARISON);
    checkTypes(left, op, right, { opStart, literal: literalToken as Token });
    return { source: this.source.trim(), left, op, right };
  }

  #operand(): Operand {
    const t = this.#take() as Token;
    if (t.kind !== 'word') throw new ParseFailure(t.start, `unexpected ${describe(t)}`, START_HINT);
    switch (t.text) {
      case 'status':
      case 'latency':
      case 'body':
        this.#noFields(t);
        return { kind: t.text };
      case 'header':
        return this.#header(t);
      case 'json':
        return { kind: 'json', path: this.#path() };
      case 'cert': {
        const dot = this.#attached('.');
        const name = dot === undefined ? undefined : this.#attachedKey();
        if (name === 'days_left') {
          this.#noFields(t);
          return { kind: 'cert_days_left' };
        }
        const written = name === undefined ? 'cert' : `cert.${name}`;
        throw new ParseFailure(t.start, `unknown value ${quote(written)}`, 'did you mean "cert.days_left"?');
      }
      default: {
        const guess = suggestOperand(t.text);
        throw new ParseFailure(t.start, `unknown value ${quote(t.text)}`, guess === null ? START_HINT : `did you mean ${quote(guess)}?`);
      }
    }
  }

  #header(t: Token): Operand {
    const dot = this.#attached('.');
    if (dot === undefined) throw new ParseFailure(t.end, '"header" needs a name', 'write it like header.content-type');
    const name = this.#attachedKey();
    if (name === undefined) throw new ParseFailure(dot.end, 'expected a header name after "header."');
    this.#noFields(t, 'a header name holds letters, digits, "-" and "_"');
    return { kind: 'header', name: name.toLowerCase() };
  }

  #path(): PathSegment[] {
    const path: PathSegment[] = [];
    for (let p = this.#peek(); p !== undefined && !p.spaced && p.kind === 'punct'; p = this.#peek()) {
      if (p.text === ']') throw new ParseFailure(p.start, 'unexpected "]"', 'no "[" was opened');
      if (path.length === MAX_PATH_DEPTH) {
        throw new ParseFailure(p.start, `path deeper than ${MAX_PATH_DEPTH} segments`);
      }
      this.#take();
      path.push(p.text === '.' ? this.#dotKey(p) : this.#bracket(p));
    }
    return path;
  }

  #dotKey(dot: Token): string {
    const key = this.#attachedKey();
    if (key === undefined) throw new ParseFailure(dot.end, 'expected a key after "."', 'write other keys as json["…"]');
    return key;
  }

  #bracket(open: Token): PathSegment {
    const inner = this.#take();
    let segment: PathSegment;
    if (inner?.kind === 'string') {
      segment = inner.value;
    } else if (inner?.kind === 'number' && /^\d+$/.test(inner.text)) {
      if (inner.text.length > 9) throw new ParseFailure(inner.start, `index ${quote(inner.text)} too large`);
      segment = Number(inner.text);
    } else {
      throw new ParseFailure(inner?.start ?? open.end, 'expected an index or a quoted key after "["', 'write it like json.items[0] or json["a.b"]');
    }
    const close = this.#take();
    if (close?.text !== ']' || close.kind !== 'punct') throw new ParseFailure(close?.start ?? inner.end, 'expected "]"');
    return segment;
  }

  #operator(leftText: string): Operator {
    const t = this.#take();
    if (t === undefined) throw new ParseFailure(this.#lastEnd(), `expected an operator after ${quote(leftText)}`, `use ${OPERATOR_LIST}`);
    if (t.kind === 'op') {
      if (COMPARISONS.has(t.text)) return t.text as Operator;
      if (t.text === '!' && this.#peek()?.text === 'contains' && this.#peek()?.spaced === false) {
        this.#take();
        return 'not contains';
      }
      const fix = t.text === '!' ? '"!=" or "!contains"' : quoteOrNull(suggestOperator(t.text));
      throw new ParseFailure(t.start, `unexpected ${describe(t)}`, fix === null ? `expected ${OPERATOR_LIST}` : `did you mean ${fix}?`);
    }
    if (t.kind === 'word' && t.text === 'contains') return 'contains';
    if (t.kind === 'word' && t.text === 'not') {
      const next = this.#take();
      if (next?.kind === 'word' && next.text === 'contains') return 'not contains';
      throw new ParseFailure(next?.start ?? t.end, 'expected "contains" after "not"');
    }
    const fix = t.kind === 'word' ? quoteOrNull(suggestOperator(t.text)) : null;
    throw new ParseFailure(t.start, `unexpected ${describe(t)}`, fix === null ? `expected an operator: ${OPERATOR_LIST}` : `did you mean ${fix}?`);
  }

  #literal(op: Operator, opEnd: number): Literal {
    const t = this.#take();
    if (t === undefined) throw new ParseFailure(opEnd, `expected a value after ${quote(op)}`, VALUE_HINT);
    if (t.kind === 'string') return { type: 'string', value: t.value };
    if (t.kind === 'number') return numberLiteral(t);
    if (t.kind === 'word') {
      if (t.text === 'true' || t.text === 'false') return { type: 'boolean', value: t.text === 'true' };
      if (t.text === 'null') return { type: 'null' };
      const lower = t.text.toLowerCase();
      if (lower === 'true' || lower === 'false' || lower === 'null') {
        throw new ParseFailure(t.start, `unexpected ${describe(t)}`, `did you mean ${quote(lower)}?`);
      }
      throw new ParseFailure(t.start, `unexpected ${describe(t)}`, `text goes in double quotes: ${quote(t.text)}`);
    }
    if (t.text === "'") throw new ParseFailure(t.start, `unexpected ${describe(t)}`, 'strings use double quotes');
    throw new ParseFailure(t.start, `unexpected ${describe(t)}`, VALUE_HINT);
  }

  /** After an operand that has no fields: a `.` or `[` stuck to it is a mistake. */
  #noFields(t: Token, hint = `${t.text === 'cert' ? 'cert.days_left' : t.text} has no fields`): void {
    const next = this.#peek();
    if (next !== undefined && !next.spaced && next.kind === 'punct') {
      throw new ParseFailure(next.start, `unexpected ${describe(next)}`, hint);
    }
  }

  /** Takes a `.`/`[`/`]` written right after the previous token. */
  #attached(text: string): Token | undefined {
    const next = this.#peek();
    if (next === undefined || next.spaced || next.kind !== 'punct' || next.text !== text) return undefined;
    return this.#take();
  }

  /** Takes a bare key (`content-type`, `items`, `0`) written right after the previous token. */
  #attachedKey(): string | undefined {
    const next = this.#peek();
    if (next === undefined || next.spaced || (next.kind !== 'word' && next.kind !== 'number') || !KEY.test(next.text)) {
      return undefined;
    }
    return this.#take()?.text;
  }

  #peek(): Token | undefined {
    return this.tokens[this.#pos];
  }

  #take(): Token | undefined {
    const t = this.tokens[this.#pos];
    if (t !== undefined) this.#pos++;
    return t;
  }

  /** The index just past the last token taken. */
  #lastEnd(): number {
    return this.tokens[this.#pos - 1]?.end ?? 0;
  }
}

function numberLiteral(t: Token): Literal {
  const match = NUMBER.exec(t.text);
  if (match === null) {
    throw new ParseFailure(t.start, `bad number ${quote(t.text)}`, 'write numbers like 200, -1 or 0.5 and durations like 800ms, 2s or 1m');
  }
  const [, digits = '', unit] = match;
  const value = Number(digits);
  if (!Number.isFinite(value)) throw new ParseFailure(t.start, `number ${quote(t.text)} too large`);
  if (unit === undefined) return { type: 'number', value };
  if (value < 0) throw new ParseFailure(t.start, `negative duration ${quote(t.text)}`);
  return { type: 'duration', ms: value * (DURATION_MS[unit] ?? 1) };
}

function quoteOrNull(text: string | undefined): string | null {
  return text === undefined ? null : quote(text);
}
