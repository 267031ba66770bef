import type { ErrorClass } from '../domain/vocabulary.ts';

/** Why a check failed: the class a manager filters on, and a short human sentence. */
export interface ProbeFailure {
  errorClass: ErrorClass;
  message: string;
}

/** Where a request was when it failed; the same error code means different things in each. */
export type HttpPhase = 'connect' | 'response' | 'body';

/** What `classifyError` needs to know besides the error itself. */
export interface FailureContext {
  /** The check's own deadline fired: whatever error surfaced, the cause is the timeout. */
  timedOut: boolean;
  timeoutMs: number;
  phase: HttpPhase;
  /** `host:port` of the hop that failed, for messages. */
  target: string;
}

/**
 * A failure the probe decided on itself (redirects, body size, encoding), carried as an
 * exception only so that it can leave a stream loop; `classifyError` passes it through.
 */
export class ProbeFailureError extends Error implements ProbeFailure {
  constructor(
    readonly errorClass: ErrorClass,
    message: string,
  ) {
    super(message);
    this.name = 'ProbeFailureError';
  }
}

/** Longest message stored with a check. */
export const MAX_MESSAGE_LENGTH = 300;

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME', 'ENODATA', 'ESERVFAIL']);

const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** Connection-level faults, with the words a person would use for them. */
const CONNECT_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ECONNABORTED: 'connection aborted',
  EPIPE: 'connection closed',
  EHOSTUNREACH: 'host unreachable',
  EHOSTDOWN: 'host down',
  ENETUNREACH: 'network unreachable',
  ENETDOWN: 'network down',
  EADDRNOTAVAIL: 'address not available',
  UND_ERR_SOCKET: 'connection closed by the server',
};

/** OpenSSL verification codes that do not contain `CERT`. */
const TLS_CODES = new Set(['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'HOSTNAME_MISMATCH', 'EPROTO']);

const PHASE_WORDS: Record<HttpPhase, string> = {
  connect: 'connecting',
  response: 'waiting for the response',
  body: 'reading the body',
};

/** The error class a Node, OpenSSL or undici error code belongs to, if it is a known one. */
export function errorClassOfCode(code: string): ErrorClass | null {
  if (DNS_CODES.has(code) || code.startsWith('EAI_')) return 'dns';
  if (TIMEOUT_CODES.has(code)) return 'timeout';
  if (code in CONNECT_CODES) return 'connect';
  if (
    TLS_CODES.has(code) ||
    code.startsWith('ERR_TLS_') ||
    code.startsWith('ERR_SSL_') ||
    code.includes('CERT')
  ) {
    return 'tls';
  }
  return null;
}

/**
 * Turns anything a request threw into a classified failure. Pure: the same error and
 * context always give the same answer.
 *
 * @example
 * classifyError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
 *   { timedOut: false, timeoutMs: 2000, phase: 'connect', target: '127.0.0.1:9' })
 * // → { errorClass: 'connect', message: 'could not connect to 127.0.0.1:9: connection refused (ECONNREFUSED)' }
 */
export function classifyError(err: unknown, ctx: FailureContext): ProbeFailure {
  if (err instanceof ProbeFailureError) return { errorClass: err.errorClass, message: err.message };
  if (ctx.timedOut) {
    return { errorClass: 'timeout', message: `no complete answer within ${ctx.timeoutMs} ms (timed out ${PHASE_WORDS[ctx.phase]})` };
  }
  const chain = errorChain(err);
  for (const e of chain) {
    const code = codeOf(e);
    const errorClass = code === null ? null : errorClassOfCode(code);
    if (code === null || errorClass === null) continue;
    return describe(errorClass, code, e, ctx);
  }
  const first = chain.find((e) => codeOf(e) !== null) ?? chain[0];
  const code = first === undefined ? null : codeOf(first);
  const text = first instanceof Error ? oneLine(first.message) : oneLine(String(err));
  const where = ctx.target === '' ? '' : ` to ${ctx.target}`;
  return {
    errorClass: 'other',
    message: `request${where} failed while ${PHASE_WORDS[ctx.phase]}: ${text || 'unknown error'}${code ? ` (${code})` : ''}`,
  };
}

function describe(errorClass: ErrorClass, code: string, err: unknown, ctx: FailureContext): ProbeFailure {
  const host = ctx.target.replace(/:\d+$/, '');
  switch (errorClass) {
    case 'dns':
      return { errorClass, message: `could not resolve ${host} (${code})` };
    case 'timeout':
      return { errorClass, message: `no complete answer within ${ctx.timeoutMs} ms (timed out ${PHASE_WORDS[ctx.phase]}, ${code})` };
    case 'tls': {
      // OpenSSL's `reason` ("wrong version number") reads better than its whole error line.
      const reason = (err as { reason?: unknown }).reason;
      const why = typeof reason === 'string' && reason !== '' ? reason : err instanceof Error ? oneLine(err.message) : code;
      return { errorClass, message: `TLS handshake with ${ctx.target} failed: ${why} (${code})` };
    }
    default: {
      // A connection that dies after the headers arrived is a broken answer, not an unreachable host.
      const words = CONNECT_CODES[code] ?? code;
      if (ctx.phase === 'body') {
        return { errorClass: 'other', message: `${words} while reading the body from ${ctx.target} (${code})` };
      }
      if (ctx.phase === 'response') {
        return { errorClass, message: `${words} by ${ctx.target} before a response (${code})` };
      }
      return { errorClass, message: `could not connect to ${ctx.target}: ${words} (${code})` };
    }
  }
}

/** The error, its `cause` chain and any `AggregateError` members, outermost first. */
function errorChain(err: unknown): unknown[] {
  const out: unknown[] = [];
  const queue: unknown[] = [err];
  // Bounded, because a cause chain may be circular.
  while (queue.length > 0 && out.length < 16) {
    const e = queue.shift();
    if (e === undefined || e === null || out.includes(e)) continue;
    out.push(e);
    if (typeof e !== 'object') continue;
    const { cause, errors } = e as { cause?: unknown; errors?: unknown };
    if (cause !== undefined) queue.push(cause);
    if (Array.isArray(errors)) queue.push(...errors);
  }
  return out;
}

function codeOf(err: unknown): string | null {
  if (typeof err !== 'object' || err === null) return null;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && code !== '' ? code : null;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 200);
}

/**
 * Makes a message safe to store: secrets (request header values, the request body)
 * replaced, whitespace collapsed, at most `MAX_MESSAGE_LENGTH` characters.
 */
export function sanitizeMessage(message: string, secrets: readonly string[]): string {
  let out = message;
  // Short values would match ordinary words; a real token is longer.
  for (const secret of secrets) {
    if (secret.length >= 6) out = out.split(secret).join('[redacted]');
  }
  out = out.replace(/\s+/g, ' ').trim();
  return out.length <= MAX_MESSAGE_LENGTH ? out : `${out.slice(0, MAX_MESSAGE_LENGTH - 1)}…`;
}
