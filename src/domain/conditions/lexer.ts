/**
 * Splits a condition into tokens in one left-to-right pass: every character is looked at a
 * bounded number of times, so any input, however hostile, is read in linear time.
 */

export type TokenKind =
  /** `status`, `content-type`, `days_left`, `true`, `contains` … */
  | 'word'
  /** `200`, `-1`, `0.5`, `800ms`, and malformed ones such as `2xx` (the parser judges). */
  | 'number'
  /** A double-quoted string; `value` holds it unescaped. */
  | 'string'
  /** A run of `=`, `!`, `<`, `>` (`==`, `!`, `=>` …); the parser judges. */
  | 'op'
  /** `.`, `[` or `]`. */
  | 'punct'
  /** Anything else: `'`, `&&`, `(`, a stray control character … */
  | 'other';

export interface Token {
  kind: TokenKind;
  /** The token as written. */
  text: string;
  /** The unescaped value of a string token; `text` for the others. */
  value: string;
  /** UTF-16 index of the first character. */
  start: number;
  /** UTF-16 index just past the last character. */
  end: number;
  /** Whitespace came right before it (paths must be written without spaces). */
  spaced: boolean;
}

/** A lexing failure, by UTF-16 index; the parser turns it into a column. */
export interface LexError {
  index: number;
  problem: string;
  hint?: string;
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };

const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';
const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isWordStart = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
const isWordPart = (c: string): boolean => isWordStart(c) || isDigit(c) || c === '-';
const isAlnum = (c: string): boolean => isWordStart(c) || isDigit(c);
const isOpChar = (c: string): boolean => c === '=' || c === '!' || c === '<' || c === '>';
const isHex = (c: string): boolean => /^[0-9a-fA-F]$/.test(c);

/**
 * Tokenises a whole condition.
 *
 * @example
 * tokenize('json.count >= 1').map((t) => t.text) // → ['json', '.', 'count', '>=', '1']
 */
export function tokenize(source: string): Token[] | LexError {
  const tokens: Token[] = [];
  let i = 0;
  let spaced = false;
  const push = (kind: TokenKind, start: number, end: number, value = source.slice(start, end)): void => {
    tokens.push({ kind, text: source.slice(start, end), value, start, end, spaced });
    spaced = false;
  };
  while (i < source.length) {
    const c = source.charAt(i);
    const start = i;
    if (isSpace(c)) {
      spaced = true;
      i++;
    } else if (c === '"') {
      const read = readString(source, i);
      if ('problem' in read) return read;
      i = read.end;
      push('string', start, i, read.value);
    } else if (isDigit(c) || (c === '-' && isDigit(source.charAt(i + 1)))) {
      // Digits, at most one `.digits`, then any letters or digits (a unit, or junk to report).
      i++;
      while (isDigit(source.charAt(i))) i++;
      if (source.charAt(i) === '.' && isDigit(source.charAt(i + 1))) {
        i++;
        while (isDigit(source.charAt(i))) i++;
      } else if (source.charAt(i) === '.' && !isWordPart(source.charAt(i + 1))) {
        // `1.` is a broken number; `items.0.name` is a path and keeps its dots.
        i++;
      }
      while (isAlnum(source.charAt(i))) i++;
      push('number', start, i);
    } else if (isWordStart(c)) {
      while (isWordPart(source.charAt(i))) i++;
      push('word', start, i);
    } else if (isOpChar(c)) {
      while (isOpChar(source.charAt(i))) i++;
      push('op', start, i);
    } else if (c === '.' || c === '[' || c === ']') {
      i++;
      push('punct', start, i);
    } else if (c === '&' || c === '|') {
      while (source.charAt(i) === '&' || source.charAt(i) === '|') i++;
      push('other', start, i);
    } else {
      // One whole code point, so that an emoji is reported as itself, not half of it.
      i += (source.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
      push('other', start, i);
    }
  }
  return tokens;
}

/** Reads a string starting at the `"` at `open`; returns its value and the index past it. */
function readString(source: string, open: number): { value: string; end: number } | LexError {
  let value = '';
  let i = open + 1;
  while (i < source.length) {
    const c = source.charAt(i);
    if (c === '"') return { value, end: i + 1 };
    if (c !== '\\') {
      value += c;
      i++;
      continue;
    }
    // A whole code point, so that a message never shows half of an emoji.
    const e = i + 1 < source.length ? String.fromCodePoint(source.codePointAt(i + 1) ?? 0) : '';
    const simple = ESCAPES[e];
    if (simple !== undefined) {
      value += simple;
      i += 2;
    } else if (e === 'u') {
      const hex = source.slice(i + 2, i + 6);
      if (hex.length < 4 || ![...hex].every(isHex)) {
        return { index: i, problem: 'bad escape "\\u"', hint: 'write \\u and four hex digits, e.g. \\u00e9' };
      }
      value += String.fromCharCode(Number.parseInt(hex, 16));
      i += 6;
    } else if (e === '') {
      break;
    } else {
      const shown = /^[\x21-\x7e]$/.test(e) ? `"\\${e}"` : `after "\\": ${JSON.stringify(e)}`;
      return { index: i, problem: `unknown escape ${shown}`, hint: 'use \\" \\\\ \\n \\t \\r or \\uXXXX' };
    }
  }
  return { index: open, problem: 'unterminated string', hint: 'close it with "' };
}
