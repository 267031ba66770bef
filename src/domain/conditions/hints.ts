/**
 * The words of syntax errors: hints, "did you mean" guesses, and how a token is shown.
 * Messages quote at most a few dozen characters of what was written, whatever its length.
 */
import type { Token } from './lexer.ts';

export const START_HINT = 'a condition starts with status, latency, body, header.<name>, json.<path> or cert.days_left';
export const OPERATOR_LIST = '==, !=, <, <=, >, >=, contains or not contains';
export const VALUE_HINT = 'a value is a number, "text", true, false, null or a duration such as 800ms';
export const ONE_COMPARISON = 'a condition holds one comparison: write each as its own condition';

/** Why parsing stopped, by UTF-16 index; thrown inside the parser only, never out of it. */
export class ParseFailure {
  constructor(
    readonly index: number,
    readonly problem: string,
    readonly hint?: string,
  ) {}
}

/** Operators from other languages, and typos, mapped to ours. Keys are lower-case. */
const OPERATOR_FIXES: Record<string, string> = {
  '=': '==', '===': '==', '!==': '!=', '=!': '!=', '<>': '!=', '=>': '>=', '=<': '<=',
  eq: '==', is: '==', equals: '==', ne: '!=', lt: '<', le: '<=', gt: '>', ge: '>=',
  includes: 'contains', has: 'contains', contains: 'contains', not: 'not contains',
};

/** Names other monitors use for what we call status, latency … Keys are lower-case. */
const OPERAND_ALIASES: Record<string, string> = {
  code: 'status', status_code: 'status', statuscode: 'status', response_time: 'latency',
  duration: 'latency', time: 'latency', elapsed: 'latency', headers: 'header', text: 'body', html: 'body',
  cert_days_left: 'cert.days_left', days_left: 'cert.days_left',
};

const OPERAND_ROOTS = ['status', 'latency', 'body', 'header', 'json', 'cert'];

/** The operator a person probably meant by `written`, or undefined. */
export function suggestOperator(written: string): string | undefined {
  return OPERATOR_FIXES[written.toLowerCase()];
}

/** The operand a person probably meant by `word`, or null. */
export function suggestOperand(word: string): string | null {
  const lower = word.toLowerCase();
  const alias = OPERAND_ALIASES[lower];
  if (alias !== undefined) return alias;
  if (lower.length > 40) return null;
  for (const root of OPERAND_ROOTS) {
    if (editDistance(lower, root) <= (root.length <= 4 ? 1 : 2)) return root;
  }
  return null;
}

/** Levenshtein distance; callers keep both words short. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}

/** A token as messages show it: `"="`, or `text "ok"` for a string. */
export function describe(t: Token): string {
  return t.kind === 'string' ? `text ${quote(t.value)}` : quote(t.text);
}

/** Text in double quotes, escaped and clipped: `"ok"`, `"\u0007"`. */
export function quote(text: string): string {
  return JSON.stringify(text.length <= 24 ? text : `${text.slice(0, 23)}…`);
}
