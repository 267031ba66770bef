/**
 * The condition language of HTTP probes: one comparison per condition, such as
 * `json.status == "ok"` or `latency < 800ms`. A probe's conditions are ANDed.
 *
 * Everything here is plain data (no functions, no RegExp), so a parsed condition can be
 * stored inside a probe spec as JSON and compared between config reloads.
 */

/** Longest condition source accepted, in UTF-16 code units. */
export const MAX_CONDITION_LENGTH = 500;

/** Most segments in a `json.` path (`json.a.b[0]` has three). */
export const MAX_PATH_DEPTH = 32;

/** Longest `actual` rendered into a result. */
export const MAX_ACTUAL_LENGTH = 80;

/** The comparisons, as written. `!contains` is read as `not contains`. */
export const OPERATORS = ['==', '!=', '<', '<=', '>', '>=', 'contains', 'not contains'] as const;
export type Operator = (typeof OPERATORS)[number];

/** One step of a JSON path: an object key, or an array index. */
export type PathSegment = string | number;

/** What a condition looks at (its left side). */
export type Operand =
  /** The final response's status code. */
  | { kind: 'status' }
  /** Milliseconds from the start of the check until the body was read. */
  | { kind: 'latency' }
  /** The searched part of the body, as text. */
  | { kind: 'body' }
  /** A response header; `name` is lower-case. Several values are joined with `, `. */
  | { kind: 'header'; name: string }
  /** A value in the body parsed as JSON; `[]` is the whole document. */
  | { kind: 'json'; path: PathSegment[] }
  /** Whole days until the server's certificate expires (https only). */
  | { kind: 'cert_days_left' };

export type OperandKind = Operand['kind'];

/** What a condition compares with (its right side). Durations are held in ms. */
export type Literal =
  | { type: 'number'; value: number }
  | { type: 'string'; value: string }
  | { type: 'boolean'; value: boolean }
  | { type: 'null' }
  | { type: 'duration'; ms: number };

/** A parsed condition. `source` is the text as written (trimmed), used in messages. */
export interface Condition {
  source: string;
  left: Operand;
  op: Operator;
  right: Literal;
}

/**
 * Why a source is not a condition. `message` is a whole sentence that already names the
 * column (`unexpected "=" at column 8; did you mean "=="?`); `column` counts characters
 * (code points) of the untrimmed source from 1, and may be one past its end.
 */
export interface ConditionSyntaxError {
  source: string;
  message: string;
  column: number;
}

/** What a condition is evaluated against: the facts of one response. */
export interface ConditionContext {
  status: number | null;
  latencyMs: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** The searched part of the body; null when there is none (HEAD) or it was not read. */
  bodyText: string | null;
  /** The body parsed as JSON, once, by the caller; `undefined` when it is not JSON. */
  json: unknown;
  certDaysLeft: number | null;
  /**
   * Texts never to show in `actual` (the probe's own header values and request body, which a
   * server may echo): rendered as `[redacted]`.
   */
  secrets?: readonly string[];
}

/**
 * How one condition fared. `actual` is the left side rendered briefly (≤ 80 characters):
 * `"busy"`, `503`, `812ms`, `(missing)`, `(not JSON)`, `(hidden)` for secret headers.
 */
export interface ConditionResult {
  source: string;
  ok: boolean;
  actual: string | null;
}
