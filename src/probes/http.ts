import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import { Client } from 'undici';
import type { CheckResult, HttpProbeSpec } from '../domain/catalog.ts';
import { needsBody, needsJson, type Condition } from '../domain/conditions/index.ts';
import { formatBytes, readBody } from './http-body.ts';
import { clearHop, hopPhases, timedConnector, type HopRecord } from './http-connector.ts';
import { Deadline } from './deadline.ts';
import { classifyError, sanitizeMessage, type ProbeFailure, type HttpPhase } from './probe-errors.ts';
import {
  KEYWORD_WINDOW_BYTES,
  decideOutcome,
  judgeConditions,
  judgeKeywords,
  judgeStatus,
  keywordWindow,
  type ConditionVerdict,
  type ResponseFacts,
} from './http-judge.ts';
import { isRedirectStatus, planRedirect, type RequestPlan } from './http-redirect.ts';
import { certDaysLeft } from './net-cert.ts';

/**
 * Why a finished check's client is destroyed. Without a reason undici makes a new error per
 * call and Node formats its stack while destroying the socket: measurable at thousands of
 * checks a second. One error, its stack formatted once here, costs nothing per check.
 */
const CHECK_FINISHED = new Error('check finished');
void CHECK_FINISHED.stack;

/** The same for a body the check does not read (see `discard`). */
const BODY_DISCARDED = new Error('body not needed');
void BODY_DISCARDED.stack;

/** Sent unless the probe's own headers name a user agent. */
export const USER_AGENT = 'supportwatch/0.1 (+https://github.com/supportwatch)';

/** Sent unless the probe's own headers set it: the codings `readBody` can undo. */
export const ACCEPT_ENCODING = 'gzip, deflate, br';

/**
 * Where the check is, for messages, and what its current hop went through, for the phases
 * and the certificate: one object per check, updated as it goes.
 */
interface Progress extends HopRecord {
  phase: HttpPhase;
  target: string;
  status: number | null;
  /** Epoch ms and `performance.now()` at the start, for `latency` and `cert.days_left`. */
  startedAt: number;
  t0: number;
}

/** How the chain of hops ended. */
interface CheckEnd {
  failure: ProbeFailure | null;
  /** Null without conditions, or when the check failed before the body was read. */
  conditions: ConditionVerdict | null;
}

/**
 * Runs one HTTP check. Never throws for an upstream fault: every failure is a CheckResult.
 *
 * Each hop (the first request and every redirect) uses a new connection, closed afterwards,
 * because a monitor should measure what a new visitor meets, not a warm pool. One deadline,
 * `spec.timeoutMs`, covers connecting, headers, redirects and the body.
 *
 * `phases` are those of the last hop (see `hopPhases`); a step it did not complete is null,
 * so a failed check still says how far it got. `total` is `durationMs`, the whole chain.
 *
 * @example
 * const result = await runHttpProbe(spec);
 * // → { outcome: 'down', errorClass: 'http_status', httpStatus: 503,
 * //     message: 'expected status 200, got 503', startedAt, durationMs,
 * //     phases: { dns: 3, connect: 12, tls: 25, firstByte: 80, total: 121 } }
 */
export async function runHttpProbe(spec: HttpProbeSpec): Promise<CheckResult> {
  const startedAt = Date.now();
  const t0 = performance.now();
  const deadline = new Deadline(spec.timeoutMs);
  const progress: Progress = {
    phase: 'connect',
    target: '',
    status: null,
    startedAt,
    t0,
    secure: false,
    connectCalled: null,
    resolved: null,
    tcpUp: null,
    ready: null,
    headers: null,
    certValidTo: null,
  };
  let end: CheckEnd;
  try {
    // The race makes the deadline hard even if some step ignored the abort; cleanup still runs.
    end = await Promise.race([performCheck(spec, deadline, progress), deadline.expired]);
  } catch (err) {
    const failure = classifyError(err, {
      timedOut: deadline.hasExpired,
      timeoutMs: spec.timeoutMs,
      phase: progress.phase,
      target: progress.target,
    });
    end = { failure, conditions: null };
  } finally {
    deadline.clear();
  }
  const durationMs = Math.round(performance.now() - t0);
  let { failure } = end;
  if (failure !== null) {
    failure = { errorClass: failure.errorClass, message: sanitizeMessage(failure.message, secretsOf(spec)) };
  }
  const result = decideOutcome({
    startedAt,
    durationMs,
    httpStatus: progress.status,
    failure,
    maxLatencyMs: spec.expect.maxLatencyMs,
    conditions: end.conditions,
  });
  // With redirects, the phases of the last hop: the one whose answer was judged. Set on the
  // fresh result rather than spread into a copy, as this runs thousands of times a second.
  result.phases = hopPhases(progress, t0, durationMs);
  if (progress.certValidTo !== null) result.certExpiresAt = progress.certValidTo;
  return result;
}

/** What must never appear in a stored message: request header values and the request body. */
function secretsOf(spec: HttpProbeSpec): string[] {
  return [...Object.values(spec.headers), ...(spec.body === null ? [] : [spec.body])];
}

/** Follows the chain of hops; resolves to the failure found (null when all is well) and the conditions' verdict. */
async function performCheck(spec: HttpProbeSpec, deadline: Deadline, progress: Progress): Promise<CheckEnd> {
  let plan = initialPlan(spec);
  const visited = new Set<string>();
  for (let followed = 0; ; followed++) {
    visited.add(plan.url.href);
    const hop = await runHop(plan, spec, deadline, progress);
    if (hop.kind === 'done') return hop;
    const step = planRedirect(plan, hop.status, hop.location, { followed, maxRedirects: spec.maxRedirects, visited });
    if ('failure' in step) return { failure: step.failure, conditions: null };
    plan = step.next;
  }
}

type HopResult = ({ kind: 'done' } & CheckEnd) | { kind: 'redirect'; status: number; location: string };

/** One request on its own client: judged here, or handed back as a redirect to follow. */
async function runHop(plan: RequestPlan, spec: HttpProbeSpec, deadline: Deadline, progress: Progress): Promise<HopResult> {
  const { url } = plan;
  progress.phase = 'connect';
  progress.target = `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
  clearHop(progress);
  const remaining = deadline.remainingMs();
  const client = new Client(url.origin, {
    connectTimeout: remaining,
    headersTimeout: remaining,
    bodyTimeout: remaining,
    connect: timedConnector({ rejectUnauthorized: !spec.insecure, timeout: remaining }, progress, deadline.signal),
  });
  client.once('connect', () => {
    progress.phase = 'response';
  });
  const release = deadline.track(client);
  try {
    const res = await client.request({
      path: `${url.pathname}${url.search}`,
      method: plan.method,
      headers: plan.headers,
      body: plan.body,
      signal: deadline.signal,
      headersTimeout: remaining,
      bodyTimeout: remaining,
    });
    progress.headers = performance.now();
    progress.phase = 'body';
    progress.status = res.statusCode;
    const location = headerValue(res.headers.location);
    if (isRedirectStatus(res.statusCode) && location !== undefined && !spec.expect.status.includes(res.statusCode)) {
      discard(res.body);
      return { kind: 'redirect', status: res.statusCode, location };
    }
    const statusFailure = judgeStatus(res.statusCode, spec.expect.status);
    if (statusFailure !== null) {
      discard(res.body);
      return { kind: 'done', failure: statusFailure, conditions: null };
    }
    const conditions = spec.conditions ?? [];
    // Called once the body is read: `latency` in a condition is the time until then.
    const judge = (text: string | null, fullText: string | null): CheckEnd => ({
      failure: judgeKeywords(text, spec.expect),
      conditions:
        conditions.length === 0
          ? null
          : judgeConditions(conditions, responseFacts(res, progress, text, fullText), secretsOf(spec)),
    });
    if (plan.method === 'HEAD') {
      discard(res.body);
      return { kind: 'done', ...judge(null, null) };
    }
    const wantText = spec.expect.contains !== null || spec.expect.notContains !== null || needsBody(conditions);
    const encoding = headerValue(res.headers['content-encoding']);
    const declared = Number(headerValue(res.headers['content-length']) ?? Number.NaN);
    if (encoding === undefined && declared > spec.maxBodyBytes) {
      discard(res.body);
      return { kind: 'done', failure: tooLarge(declared, spec.maxBodyBytes), conditions: null };
    }
    // Without keywords the body is still read (and discarded): its download is part of what a
    // visitor waits for, and the cap ends an endless body. JSON is kept whole (up to the cap),
    // as a document cut at the keyword window would not parse.
    const body = await readBody(res.body, encoding, {
      maxBytes: spec.maxBodyBytes,
      keepBytes: needsJson(conditions) ? spec.maxBodyBytes : wantText ? KEYWORD_WINDOW_BYTES : 0,
    });
    return { kind: 'done', ...judge(keywordWindow(body.text), body.text) };
  } finally {
    release();
    await client.destroy(CHECK_FINISHED).catch(() => {});
  }
}

function initialPlan(spec: HttpProbeSpec): RequestPlan {
  const headers: Record<string, string> = { 'user-agent': USER_AGENT, 'accept-encoding': ACCEPT_ENCODING };
  for (const [name, value] of Object.entries(spec.headers)) headers[name.toLowerCase()] = value;
  return {
    url: new URL(spec.url),
    method: spec.method,
    headers,
    body: spec.method === 'POST' ? spec.body : null,
  };
}

function tooLarge(declared: number, max: number): ProbeFailure {
  return { errorClass: 'body_too_large', message: `body of ${declared} bytes is larger than the ${formatBytes(max)} limit` };
}

/**
 * Drops a body we do not read. Destroyed without a reason, undici makes a new abort error
 * (and Node formats its stack) per call; the shared reason costs nothing. Nobody needs the error.
 */
function discard(body: Readable): void {
  body.on('error', () => {});
  body.destroy(BODY_DISCARDED);
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/** What conditions see of a response; undici gives lower-case header names. */
function responseFacts(
  res: { statusCode: number; headers: Record<string, string | string[] | undefined> },
  progress: Progress,
  bodyText: string | null,
  fullText: string | null,
): ResponseFacts {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    const text = headerValue(value);
    if (text !== undefined) headers[name] = text;
  }
  const validTo = progress.certValidTo;
  return {
    status: res.statusCode,
    latencyMs: performance.now() - progress.t0,
    headers,
    bodyText,
    fullText,
    certDaysLeft: validTo === null ? null : certDaysLeft(validTo, progress.startedAt),
  };
}
