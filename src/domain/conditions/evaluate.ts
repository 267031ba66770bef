import { renderText, renderValue } from './render.ts';
import type { Condition, ConditionContext, ConditionResult, Literal, Operand, Operator, PathSegment } from './types.ts';

/** `actual` when the left side has no value, by cause. */
export const ABSENT = {
  missing: '(missing)',
  notJson: '(not JSON)',
  noBody: '(no body)',
  noCertificate: '(no certificate)',
  noStatus: '(no status)',
} as const;

/** `actual` of a header whose value is a secret. */
export const HIDDEN = '(hidden)';

/** Headers whose values never leave the probe: they carry credentials or sessions. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);

type Side = { present: true; value: unknown } | { present: false; actual: string };

/** A comparison between values of different types: a failed condition, not an error. */
const MISMATCH = Symbol('mismatch');

/**
 * Evaluates one parsed condition against the facts of a response. Pure; never throws.
 *
 * - A left side with no value (a missing header or JSON key, a body that is not JSON, no
 *   certificate) fails, except that a missing value satisfies `== null`.
 * - Values of different types fail every operator (`json.count >= 1` with `"1"` fails),
 *   except that `null` can be compared with anything by `==` and `!=`. Header values are
 *   text, read as numbers when compared with a number.
 * - `contains` looks for text in text, or for an equal element in a JSON array.
 *
 * @example
 * evaluateCondition(parseCondition('json.status == "ok"') as Condition, { ...ctx, json: { status: 'busy' } })
 * // → { source: 'json.status == "ok"', ok: false, actual: '"busy"' }
 */
export function evaluateCondition(c: Condition, ctx: ConditionContext): ConditionResult {
  const side = leftSide(c.left, ctx);
  if (!side.present) {
    const ok = side.actual === ABSENT.missing && c.op === '==' && c.right.type === 'null';
    return { source: c.source, ok, actual: side.actual };
  }
  const ok = compare(side.value, c.op, c.right, c.left.kind === 'header');
  return { source: c.source, ok, actual: renderActual(c.left, side.value, ctx.secrets ?? []) };
}

/** Whether any condition reads the body as JSON (so the caller parses it, once). */
export function needsJson(conditions: readonly Condition[]): boolean {
  return conditions.some((c) => c.left.kind === 'json');
}

/** Whether any condition reads the body at all. */
export function needsBody(conditions: readonly Condition[]): boolean {
  return conditions.some((c) => c.left.kind === 'json' || c.left.kind === 'body');
}

/**
 * Parses a body as JSON for `ConditionContext.json`: `undefined` when it is not JSON.
 * A leading byte-order mark is allowed, as browsers allow it.
 */
export function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
  } catch {
    return undefined;
  }
}

function leftSide(left: Operand, ctx: ConditionContext): Side {
  switch (left.kind) {
    case 'status':
      return ctx.status === null ? absent(ABSENT.noStatus) : { present: true, value: ctx.status };
    case 'latency':
      return { present: true, value: ctx.latencyMs };
    case 'cert_days_left':
      return ctx.certDaysLeft === null ? absent(ABSENT.noCertificate) : { present: true, value: ctx.certDaysLeft };
    case 'body':
      return ctx.bodyText === null ? absent(ABSENT.noBody) : { present: true, value: ctx.bodyText };
    case 'header': {
      const value = headerValue(ctx.headers, left.name);
      return value === undefined ? absent(ABSENT.missing) : { present: true, value };
    }
    case 'json':
      if (ctx.bodyText === null) return absent(ABSENT.noBody);
      if (ctx.json === undefined) return absent(ABSENT.notJson);
      return walk(ctx.json, left.path);
  }
}

function absent(actual: string): Side {
  return { present: false, actual };
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  if (Object.hasOwn(headers, name)) return headers[name];
  // The context promises lower-case names; a caller that forgot still gets the header.
  for (const key of Object.keys(headers)) if (key.toLowerCase() === name) return headers[key];
  return undefined;
}

/** Follows a path through own properties only: `json.constructor` is missing, not a function. */
function walk(root: unknown, path: readonly PathSegment[]): Side {
  let current = root;
  for (const segment of path) {
    if (Array.isArray(current)) {
      const index = typeof segment === 'number' ? segment : /^(0|[1-9]\d{0,8})$/.test(segment) ? Number(segment) : -1;
      if (index < 0 || index >= current.length) return absent(ABSENT.missing);
      current = current[index] as unknown;
    } else if (current !== null && typeof current === 'object' && Object.hasOwn(current, String(segment))) {
      current = (current as Record<string, unknown>)[String(segment)];
    } else {
      return absent(ABSENT.missing);
    }
  }
  return { present: true, value: current };
}

function compare(value: unknown, op: Operator, right: Literal, textIsNumber: boolean): boolean {
  if (op === 'contains' || op === 'not contains') {
    const found = containsValue(value, right);
    return found !== MISMATCH && found === (op === 'contains');
  }
  if (op === '==' || op === '!=') {
    const equal = equals(value, right, textIsNumber);
    return equal !== MISMATCH && equal === (op === '==');
  }
  const n = asNumber(value, textIsNumber);
  const limit = literalNumber(right);
  if (n === null || limit === null) return false;
  switch (op) {
    case '<':
      return n < limit;
    case '<=':
      return n <= limit;
    case '>':
      return n > limit;
    case '>=':
      return n >= limit;
  }
}

function equals(value: unknown, right: Literal, textIsNumber: boolean): boolean | typeof MISMATCH {
  if (right.type === 'null' || value === null) return value === null && right.type === 'null';
  if (right.type === 'string') return typeof value === 'string' ? value === right.value : MISMATCH;
  if (right.type === 'boolean') return typeof value === 'boolean' ? value === right.value : MISMATCH;
  const n = asNumber(value, textIsNumber);
  return n === null ? MISMATCH : n === literalNumber(right);
}

function containsValue(value: unknown, right: Literal): boolean | typeof MISMATCH {
  if (typeof value === 'string') return right.type === 'string' ? value.includes(right.value) : MISMATCH;
  if (Array.isArray(value)) return value.some((item) => sameScalar(item, right));
  return MISMATCH;
}

function sameScalar(item: unknown, right: Literal): boolean {
  switch (right.type) {
    case 'null':
      return item === null;
    case 'duration':
      return item === right.ms;
    default:
      return item === right.value;
  }
}

function literalNumber(right: Literal): number | null {
  if (right.type === 'number') return right.value;
  return right.type === 'duration' ? right.ms : null;
}

/** A number, or text that is one (header values); anything else is not a number. */
function asNumber(value: unknown, textIsNumber: boolean): number | null {
  if (typeof value === 'number') return value;
  if (textIsNumber && typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return null;
}

function renderActual(left: Operand, value: unknown, secrets: readonly string[]): string {
  switch (left.kind) {
    case 'latency':
      return `${Math.round(value as number)}ms`;
    case 'header':
      return SECRET_HEADERS.has(left.name) ? HIDDEN : renderValue(value, { secrets });
    case 'body':
      return renderText(value as string, { collapseSpace: true, secrets });
    default:
      return renderValue(value, { secrets });
  }
}
