/**
 * The HTTP probe on Workers: `fetch` instead of undici, with the Node probe's rules: one
 * deadline for the whole chain, manual redirects under the same limit and rules
 * (`planRedirect`), a body-size cap, and the same judge (status, keywords, conditions,
 * latency). A failed check is a result, never a throw.
 *
 * What a Worker cannot see: the DNS, connect and TLS phases (only time to headers and the
 * total), and the server certificate (so `certExpiresAt` stays unset and `cert.days_left`
 * conditions have no value).
 */
import type { CheckResult, HttpProbeSpec } from '../domain/catalog.ts';
import { needsBody, needsJson } from '../domain/conditions/index.ts';
import { formatBytes } from '../probes/http-body.ts';
import {
  KEYWORD_WINDOW_BYTES,
  decideOutcome,
  judgeConditions,
  judgeKeywords,
  judgeStatus,
  keywordWindow,
  type ConditionVerdict,
  type ResponseFacts,
} from '../probes/http-judge.ts';
import { isRedirectStatus, planRedirect, type RequestPlan } from '../probes/http-redirect.ts';
import { sanitizeMessage, type HttpPhase, type ProbeFailure } from '../probes/probe-errors.ts';

/** Sent unless the probe's own headers name a user agent (the Node probe's, minus undici). */
const USER_AGENT = 'supportwatch/0.1 (+https://github.com/supportwatch) workers';

interface Progress {
  phase: HttpPhase;
  target: string;
  status: number | null;
  firstByteAt: number | null;
}

interface CheckEnd {
  failure: ProbeFailure | null;
  conditions: ConditionVerdict | null;
}

/**
 * Runs one HTTP check with `fetch`.
 *
 * @example
 * const result = await runFetchProbe(spec);
 * // → { outcome: 'down', errorClass: 'http_status', httpStatus: 503, message: 'expected status 200, got 503', … }
 */
export async function runFetchProbe(spec: HttpProbeSpec, now: () => number = Date.now): Promise<CheckResult> {
  const startedAt = now();
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, spec.timeoutMs);
  const progress: Progress = { phase: 'connect', target: '', status: null, firstByteAt: null };
  let end: CheckEnd;
  try {
    const expired = new Promise<never>((_, reject) => controller.signal.addEventListener('abort', () => reject(new Error('deadline'))));
    const check = performCheck(spec, controller.signal, progress, startedAt, now);
    // Whichever loses the race settles later with nobody listening: not an unhandled rejection.
    expired.catch(() => {});
    check.catch(() => {});
    end = await Promise.race([check, expired]);
  } catch (err) {
    end = { failure: classifyFetchError(err, { timedOut, timeoutMs: spec.timeoutMs, phase: progress.phase, target: progress.target }), conditions: null };
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  const durationMs = Math.max(0, now() - startedAt);
  const failure = end.failure === null ? null : { errorClass: end.failure.errorClass, message: sanitizeMessage(end.failure.message, secretsOf(spec)) };
  const result = decideOutcome({ startedAt, durationMs, httpStatus: progress.status, failure, maxLatencyMs: spec.expect.maxLatencyMs, conditions: end.conditions });
  result.phases = { dns: null, connect: null, tls: null, firstByte: progress.firstByteAt === null ? null : progress.firstByteAt - startedAt, total: durationMs };
  return result;
}

async function performCheck(spec: HttpProbeSpec, signal: AbortSignal, progress: Progress, startedAt: number, now: () => number): Promise<CheckEnd> {
  const headers: Record<string, string> = { 'user-agent': USER_AGENT };
  for (const [name, value] of Object.entries(spec.headers)) headers[name.toLowerCase()] = value;
  let plan: RequestPlan = { url: new URL(spec.url), method: spec.method, headers, body: spec.method === 'POST' ? spec.body : null };
  const visited = new Set<string>();
  for (let followed = 0; ; followed++) {
    visited.add(plan.url.href);
    progress.phase = 'connect';
    progress.target = `${plan.url.hostname}:${plan.url.port || (plan.url.protocol === 'https:' ? '443' : '80')}`;
    const res = await fetch(plan.url.href, { method: plan.method, headers: plan.headers, body: plan.body, redirect: 'manual', signal });
    progress.firstByteAt = now();
    progress.phase = 'body';
    progress.status = res.status;
    const location = res.headers.get('location');
    if (isRedirectStatus(res.status) && location !== null && !spec.expect.status.includes(res.status)) {
      await res.body?.cancel();
      const step = planRedirect(plan, res.status, location, { followed, maxRedirects: spec.maxRedirects, visited });
      if ('failure' in step) return { failure: step.failure, conditions: null };
      plan = step.next;
      continue;
    }
    return judgeResponse(spec, plan, res, startedAt, now);
  }
}

async function judgeResponse(spec: HttpProbeSpec, plan: RequestPlan, res: Response, startedAt: number, now: () => number): Promise<CheckEnd> {
  const statusFailure = judgeStatus(res.status, spec.expect.status);
  if (statusFailure !== null) {
    await res.body?.cancel();
    return { failure: statusFailure, conditions: null };
  }
  const conditions = spec.conditions ?? [];
  const judge = (text: string | null, fullText: string | null): CheckEnd => ({
    failure: judgeKeywords(text, spec.expect),
    conditions: conditions.length === 0 ? null : judgeConditions(conditions, facts(res, now() - startedAt, text, fullText), secretsOf(spec)),
  });
  if (plan.method === 'HEAD') {
    await res.body?.cancel();
    return judge(null, null);
  }
  const declared = Number(res.headers.get('content-length') ?? Number.NaN);
  // `fetch` undoes content-encoding itself; a declared length is the encoded one, so it only
  // counts against the cap when nothing was encoded.
  if (res.headers.get('content-encoding') === null && declared > spec.maxBodyBytes) {
    await res.body?.cancel();
    return { failure: { errorClass: 'body_too_large', message: `body of ${declared} bytes is larger than the ${formatBytes(spec.maxBodyBytes)} limit` }, conditions: null };
  }
  const wantText = spec.expect.contains !== null || spec.expect.notContains !== null || needsBody(conditions);
  const keep = needsJson(conditions) ? spec.maxBodyBytes : wantText ? KEYWORD_WINDOW_BYTES : 0;
  const body = await readCapped(res, spec.maxBodyBytes, keep);
  if ('failure' in body) return { failure: body.failure, conditions: null };
  return judge(keywordWindow(body.text), body.text);
}

/** Reads a body up to `maxBytes` (one more fails with `body_too_large`), keeping the first `keepBytes`. */
async function readCapped(res: Response, maxBytes: number, keepBytes: number): Promise<{ text: string } | { failure: ProbeFailure }> {
  if (res.body === null) return { text: '' };
  const reader = res.body.getReader();
  const kept: Uint8Array[] = [];
  let bytes = 0;
  let keptBytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      if (bytes > maxBytes) return { failure: { errorClass: 'body_too_large', message: `body is larger than the ${formatBytes(maxBytes)} limit` } };
      if (keptBytes < keepBytes) {
        const part = value.subarray(0, keepBytes - keptBytes);
        kept.push(part);
        keptBytes += part.byteLength;
      }
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  const all = new Uint8Array(keptBytes);
  let at = 0;
  for (const part of kept) {
    all.set(part, at);
    at += part.byteLength;
  }
  return { text: new TextDecoder().decode(all) };
}

function facts(res: Response, latencyMs: number, bodyText: string | null, fullText: string | null): ResponseFacts {
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  return { status: res.status, latencyMs, headers, bodyText, fullText, certDaysLeft: null };
}

function secretsOf(spec: HttpProbeSpec): string[] {
  return [...Object.values(spec.headers), ...(spec.body === null ? [] : [spec.body])];
}

/**
 * What a Workers `fetch` failure means. The runtime gives messages, not error codes, so the
 * class is read from the words; anything unknown is `connect` before a response and `other`
 * after it, as in the Node probe.
 */
export function classifyFetchError(err: unknown, ctx: { timedOut: boolean; timeoutMs: number; phase: HttpPhase; target: string }): ProbeFailure {
  const words = { connect: 'connecting', response: 'waiting for the response', body: 'reading the body' }[ctx.phase];
  if (ctx.timedOut) return { errorClass: 'timeout', message: `no complete answer within ${ctx.timeoutMs} ms (timed out ${words})` };
  const text = (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').trim().slice(0, 200) || 'unknown error';
  if (/certificate|ssl|tls|handshake/i.test(text)) return { errorClass: 'tls', message: `TLS with ${ctx.target} failed: ${text}` };
  if (/dns|resolve|name not|not known|no such host/i.test(text)) return { errorClass: 'dns', message: `could not resolve ${ctx.target.replace(/:\d+$/, '')}: ${text}` };
  if (ctx.phase === 'body') return { errorClass: 'other', message: `request to ${ctx.target} failed while ${words}: ${text}` };
  return { errorClass: 'connect', message: `could not connect to ${ctx.target}: ${text}` };
}
