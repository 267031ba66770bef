import type { CheckResult, HttpExpectations } from '../domain/catalog.ts';
import {
  evaluateCondition,
  needsJson,
  parseJsonBody,
  type Condition,
  type ConditionResult,
} from '../domain/conditions/index.ts';
import type { ErrorClass } from '../domain/vocabulary.ts';
import type { ProbeFailure } from './probe-errors.ts';

/** Only this much of the (decoded) body is searched for keywords (and by `body` conditions). */
export const KEYWORD_WINDOW_BYTES = 256 * 1024;

/**
 * The class of a check failed by a condition. Not in ERROR_CLASSES yet: the cast goes once
 * the vocabulary has `'condition'` (the API and database enums derive from that list).
 */
export const CONDITION_ERROR_CLASS: ErrorClass = 'condition';

/**
 * Judges a status code against the accepted ones.
 *
 * @example
 * judgeStatus(503, [200]) // → { errorClass: 'http_status', message: 'expected status 200, got 503' }
 */
export function judgeStatus(status: number, accepted: readonly number[]): ProbeFailure | null {
  if (accepted.includes(status)) return null;
  return { errorClass: 'http_status', message: `expected status ${listWords(accepted.map(String))}, got ${status}` };
}

/**
 * Judges the searched part of a body against `contains` / `notContains`.
 * `text` is null when the response has no body to search (HEAD).
 */
export function judgeKeywords(
  text: string | null,
  expect: Pick<HttpExpectations, 'contains' | 'notContains'>,
): ProbeFailure | null {
  const { contains, notContains } = expect;
  if (contains === null && notContains === null) return null;
  if (text === null) {
    return { errorClass: 'keyword', message: 'a HEAD response has no body to search for keywords' };
  }
  if (contains !== null && !text.includes(contains)) {
    return { errorClass: 'keyword', message: `expected ${quote(contains)} in the body, not found` };
  }
  if (notContains !== null && text.includes(notContains)) {
    return { errorClass: 'keyword', message: `found forbidden text ${quote(notContains)} in the body` };
  }
  return null;
}

/** The degraded message when a good answer took longer than allowed, else null. */
export function judgeLatency(durationMs: number, maxLatencyMs: number | null): string | null {
  if (maxLatencyMs === null || durationMs <= maxLatencyMs) return null;
  return `answered in ${durationMs} ms, slower than the ${maxLatencyMs} ms limit`;
}

/**
 * The part of a decoded body that is searched: the first `KEYWORD_WINDOW_BYTES` bytes. The
 * body may have been kept whole (to parse it as JSON); searches still see only the window.
 */
export function keywordWindow(text: string): string {
  // UTF-8 spends at most 3 bytes per UTF-16 unit, so short text needs no measuring.
  if (text.length * 3 <= KEYWORD_WINDOW_BYTES || Buffer.byteLength(text) <= KEYWORD_WINDOW_BYTES) return text;
  return Buffer.from(text, 'utf8').subarray(0, KEYWORD_WINDOW_BYTES).toString('utf8');
}

/** What a response showed, for conditions. */
export interface ResponseFacts {
  status: number;
  /** From the start of the check until the body was read. */
  latencyMs: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** The searched window of the body; null when there is no body (HEAD). */
  bodyText: string | null;
  /** All of the body that was kept, parsed as JSON when a condition asks for it. */
  fullText: string | null;
  certDaysLeft: number | null;
}

/** How a response fared against the probe's conditions. */
export interface ConditionVerdict {
  results: ConditionResult[];
  /** Set when a condition other than one on `latency` failed: the check is `down`. */
  failure: ProbeFailure | null;
  /** Set when only `latency` conditions failed: the answer was right but slow, `degraded`. */
  slow: string | null;
}

/**
 * Evaluates every condition (the body is parsed as JSON at most once, and only when a
 * condition reads it), with the probe's secrets redacted from `actual` values.
 *
 * @example
 * judgeConditions([parseCondition('json.status == "ok"')], facts, [])
 * // → { results: [{ source: 'json.status == "ok"', ok: false, actual: '"busy"' }],
 * //     failure: { errorClass: 'condition', message: 'condition failed: json.status == "ok" (got "busy")' },
 * //     slow: null }
 */
export function judgeConditions(
  conditions: readonly Condition[],
  facts: ResponseFacts,
  secrets: readonly string[],
): ConditionVerdict {
  const json = needsJson(conditions) && facts.fullText !== null ? parseJsonBody(facts.fullText) : undefined;
  // The same rule as sanitizeMessage: shorter values would match ordinary words.
  const ctx = { ...facts, json, secrets: secrets.filter((s) => s.length >= 6) };
  const results = conditions.map((c) => evaluateCondition(c, ctx));
  const failed = (latency: boolean): ConditionResult[] =>
    results.filter((r, i) => !r.ok && (conditions[i]?.left.kind === 'latency') === latency);
  const wrong = failed(false);
  const slow = failed(true);
  return {
    results,
    failure: wrong.length === 0 ? null : { errorClass: CONDITION_ERROR_CLASS, message: failedMessage(wrong) },
    slow: slow.length === 0 ? null : failedMessage(slow),
  };
}

/** What a finished check found, before it becomes a `CheckResult`. */
export interface CheckFindings {
  startedAt: number;
  durationMs: number;
  httpStatus: number | null;
  failure: ProbeFailure | null;
  maxLatencyMs: number | null;
  /** Null when the probe has no conditions or the check failed before they could run. */
  conditions?: ConditionVerdict | null;
}


/**
 * The final verdict: a failure makes the check `down` (an earlier failure, such as the
 * status, before a failed condition); otherwise a slow answer (over `maxLatencyMs`, or a
 * failed `latency` condition) is `degraded` and a timely one `up`.
 */
export function decideOutcome(f: CheckFindings): CheckResult {
  const base = {
    startedAt: f.startedAt,
    durationMs: f.durationMs,
    httpStatus: f.httpStatus,
    ...(f.conditions ? { conditions: f.conditions.results } : {}),
  };
  const failure = f.failure ?? f.conditions?.failure ?? null;
  if (failure !== null) {
    return { ...base, outcome: 'down', errorClass: failure.errorClass, message: failure.message };
  }
  const slow = judgeLatency(f.durationMs, f.maxLatencyMs) ?? f.conditions?.slow ?? null;
  if (slow !== null) return { ...base, outcome: 'degraded', errorClass: null, message: slow };
  return { ...base, outcome: 'up', errorClass: null, message: null };
}

/** `condition failed: json.status == "ok" (got "busy")`, and how many more failed. */
function failedMessage(failed: readonly ConditionResult[]): string {
  const [first] = failed;
  if (first === undefined) return '';
  const more = failed.length > 1 ? `, and ${failed.length - 1} more` : '';
  return `condition failed: ${clip(first.source, 120)} (got ${first.actual ?? 'nothing'})${more}`;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A keyword in quotes, shortened so that a message never carries much of a page. */
function quote(text: string): string {
  const short = text.length <= 60 ? text : `${text.slice(0, 59)}…`;
  return `"${short.replace(/\s+/g, ' ')}"`;
}

/** `200`, `200 or 204`, `200, 201 or 204`. */
function listWords(items: readonly string[]): string {
  if (items.length === 0) return '(none)';
  if (items.length === 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
