/**
 * One POST to a notifier's endpoint with undici: a deadline over the whole exchange, a cap on
 * the answer read, no redirects followed. Never throws: a failure is a `SendResult` that says
 * whether trying again can help.
 */
import { Client } from 'undici';

/** The answer body read at most (bot APIs answer a few dozen bytes of JSON). */
export const MAX_ANSWER_BYTES = 16 * 1024;
/** A `Retry-After` longer than this is not trusted. */
const MAX_RETRY_AFTER_MS = 3_600_000;

/** What one attempt came to. `permanent`: the same request will fail again (bad URL, refused). */
export type SendResult =
  | { ok: true; status: number | null; detail: string | null }
  | { ok: false; permanent: boolean; error: string; retryAfterMs?: number };

/** An HTTP answer, read up to the cap. */
export interface HttpAnswer {
  status: number;
  body: string;
  retryAfterMs: number | null;
}

/**
 * POSTs `body` to `url` and reads the answer (up to `MAX_ANSWER_BYTES`). Rejects only with a
 * classified message (see `postFailure`): callers turn that into a `SendResult`.
 */
export async function post(url: URL, body: string, headers: Record<string, string>, options: { timeoutMs: number; signal: AbortSignal }): Promise<HttpAnswer> {
  const client = new Client(url.origin, {
    connectTimeout: options.timeoutMs,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
  });
  const signal = AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]);
  try {
    const res = await client.request({
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'supportwatch-alerts', ...headers },
      body,
      signal,
    });
    let text = '';
    let size = 0;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (text.length < MAX_ANSWER_BYTES) text += chunk.toString('utf8');
      if (size > MAX_ANSWER_BYTES) break;
    }
    res.body.destroy();
    const retryAfter = Array.isArray(res.headers['retry-after']) ? res.headers['retry-after'][0] : res.headers['retry-after'];
    return { status: res.statusCode, body: text.slice(0, MAX_ANSWER_BYTES), retryAfterMs: retryAfterMs(retryAfter, Date.now()) };
  } finally {
    await client.destroy().catch(() => {});
  }
}

/**
 * A network failure as a `SendResult`: always worth retrying (timeouts, refused connections,
 * resets are what an outage of the receiver looks like).
 */
export function postFailure(err: unknown, url: URL): SendResult {
  const code = (err as { code?: string }).code;
  const name = (err as { name?: string }).name;
  const timedOut = name === 'TimeoutError' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT';
  const what = timedOut ? 'timed out' : name === 'AbortError' ? 'was cancelled (stopping)' : `failed (${code ?? (err instanceof Error ? err.message : String(err))})`;
  return { ok: false, permanent: false, error: `POST ${url.origin} ${what}` };
}

/**
 * An HTTP status as a `SendResult`: 2xx delivered; 408, 425, 429 and 5xx retried (honouring
 * `Retry-After`); any other status permanent, since the same request will be refused again
 * (a redirect too: the URL is wrong).
 */
export function statusResult(answer: HttpAnswer, url: URL): SendResult {
  if (answer.status >= 200 && answer.status < 300) return { ok: true, status: answer.status, detail: null };
  const transient = answer.status === 408 || answer.status === 425 || answer.status === 429 || answer.status >= 500;
  return {
    ok: false,
    permanent: !transient,
    error: `${url.origin} answered HTTP ${answer.status}${answer.body ? `: ${oneLine(answer.body)}` : ''}`,
    ...(answer.retryAfterMs !== null ? { retryAfterMs: answer.retryAfterMs } : {}),
  };
}

/** `Retry-After` as seconds or an HTTP date, in ms from now; null when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now: number): number | null {
  if (value === undefined) return null;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - now;
  return Number.isFinite(ms) && ms >= 0 ? Math.min(ms, MAX_RETRY_AFTER_MS) : null;
}

/** The first 200 characters of an answer on one line, for the deliveries log. */
export function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}
