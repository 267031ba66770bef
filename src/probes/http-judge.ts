import type { CheckResult, HttpExpectations } from '../domain/catalog.ts';
import type { HttpFailure } from './http-errors.ts';

/** Only this much of the (decoded) body is searched for keywords. */
export const KEYWORD_WINDOW_BYTES = 256 * 1024;

/**
 * Judges a status code against the accepted ones.
 *
 * @example
 * judgeStatus(503, [200]) // → { errorClass: 'http_status', message: 'expected status 200, got 503' }
 */
export function judgeStatus(status: number, accepted: readonly number[]): HttpFailure | null {
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
): HttpFailure | null {
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

/** What a finished check found, before it becomes a `CheckResult`. */
export interface CheckFindings {
  startedAt: number;
  durationMs: number;
  httpStatus: number | null;
  failure: HttpFailure | null;
  maxLatencyMs: number | null;
}

/**
 * The final verdict: a failure makes the check `down`; otherwise a slow answer is
 * `degraded` and a timely one `up`.
 */
export function decideOutcome(f: CheckFindings): CheckResult {
  const base = { startedAt: f.startedAt, durationMs: f.durationMs, httpStatus: f.httpStatus };
  if (f.failure !== null) {
    return { ...base, outcome: 'down', errorClass: f.failure.errorClass, message: f.failure.message };
  }
  const slow = judgeLatency(f.durationMs, f.maxLatencyMs);
  if (slow !== null) return { ...base, outcome: 'degraded', errorClass: null, message: slow };
  return { ...base, outcome: 'up', errorClass: null, message: null };
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
