/**
 * Fetches an announcement source safely: http(s) only, one deadline (at most 10 s) for the
 * whole chain, at most 5 redirects (no loops), at most 2 MiB after decompression (gzip,
 * deflate, br), UTF-8 only. Built from the HTTP probe's parts (deadline, body reader, redirect
 * rules, error classes), so a feed fails the way every other probe does. Never throws.
 */
import * as cheerio from 'cheerio';
import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import { Client } from 'undici';
import { Deadline } from '../probes/deadline.ts';
import { formatBytes, readBody } from '../probes/http-body.ts';
import { describeUrl, isRedirectStatus, planRedirect, type RequestPlan } from '../probes/http-redirect.ts';
import { ACCEPT_ENCODING, USER_AGENT } from '../probes/http.ts';
import { classifyError, sanitizeMessage, type HttpPhase, type ProbeFailure, ProbeFailureError } from '../probes/probe-errors.ts';
import { FEED_MAX_BYTES, FEED_MAX_REDIRECTS, FEED_TIMEOUT_MS, type FeedFormat, type NoticeError, type SourceDocument } from './types.ts';

export { FEED_MAX_BYTES, FEED_MAX_REDIRECTS, FEED_TIMEOUT_MS };

/** What a source is asked for, by format. */
export const ACCEPT_BY_FORMAT: Record<FeedFormat, string> = {
  statuspage: 'application/json',
  jsonfeed: 'application/feed+json, application/json;q=0.9',
  rss: 'application/rss+xml, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1',
  atom: 'application/atom+xml, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1',
  html: 'text/html, application/xhtml+xml;q=0.9',
  auto: 'application/json, application/feed+json, application/rss+xml, application/atom+xml, application/xml;q=0.9, text/html;q=0.8, */*;q=0.1',
};

export interface FetchOptions {
  /** At most `FEED_TIMEOUT_MS`. */
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  accept?: string;
}

export type FetchOutcome =
  | { ok: true; doc: SourceDocument; httpStatus: number; durationMs: number }
  | { ok: false; error: NoticeError; durationMs: number };

const FINISHED = new Error('fetch finished');
void FINISHED.stack;

/** Charsets whose bytes we read correctly (as UTF-8). */
const UTF8_NAMES = new Set(['utf-8', 'utf8', 'us-ascii', 'ascii']);

/**
 * Fetches `url` within the limits.
 *
 * @example
 * const got = await fetchSource('https://status.example.com/api/v2/summary.json', { accept: 'application/json' });
 * if (got.ok) console.log(got.doc.mediaType, got.doc.text.length);
 * else console.log(got.error.errorClass, got.error.message); // e.g. 'timeout', 'no complete answer within 10000 ms …'
 */
export async function fetchSource(url: string, options: FetchOptions = {}): Promise<FetchOutcome> {
  const t0 = performance.now();
  const timeoutMs = Math.min(options.timeoutMs ?? FEED_TIMEOUT_MS, FEED_TIMEOUT_MS);
  const limits = { maxBytes: Math.min(options.maxBytes ?? FEED_MAX_BYTES, FEED_MAX_BYTES), maxRedirects: Math.min(options.maxRedirects ?? FEED_MAX_REDIRECTS, FEED_MAX_REDIRECTS) };
  const progress: Progress = { phase: 'connect', target: '', status: null };
  const elapsed = () => Math.round(performance.now() - t0);
  let start: URL;
  try {
    start = new URL(url);
  } catch {
    return failed({ errorClass: 'other', message: 'not a valid URL' }, progress, elapsed());
  }
  if (start.protocol !== 'http:' && start.protocol !== 'https:') {
    return failed({ errorClass: 'other', message: `only http(s) sources are read, not ${start.protocol}` }, progress, elapsed());
  }
  const deadline = new Deadline(timeoutMs);
  const plan: RequestPlan = {
    url: start,
    method: 'GET',
    headers: { 'user-agent': USER_AGENT, accept: options.accept ?? ACCEPT_BY_FORMAT.auto, 'accept-encoding': ACCEPT_ENCODING },
    body: null,
  };
  try {
    const doc = await Promise.race([follow(plan, limits, deadline, progress), deadline.expired]);
    return { ok: true, doc, httpStatus: progress.status ?? 200, durationMs: elapsed() };
  } catch (error) {
    const failure = classifyError(error, { timedOut: deadline.hasExpired, timeoutMs, phase: progress.phase, target: progress.target });
    return failed(failure, progress, elapsed());
  } finally {
    deadline.clear();
  }
}

interface Progress {
  phase: HttpPhase;
  target: string;
  status: number | null;
}

function failed(failure: ProbeFailure, progress: Progress, durationMs: number): FetchOutcome {
  return {
    ok: false,
    error: { stage: 'fetch', errorClass: failure.errorClass, message: sanitizeMessage(failure.message, []), httpStatus: progress.status },
    durationMs,
  };
}

async function follow(first: RequestPlan, limits: { maxBytes: number; maxRedirects: number }, deadline: Deadline, progress: Progress): Promise<SourceDocument> {
  let plan = first;
  const visited = new Set<string>();
  for (let followed = 0; ; followed++) {
    visited.add(plan.url.href);
    const hop = await request(plan, limits.maxBytes, deadline, progress);
    if ('doc' in hop) return hop.doc;
    const step = planRedirect(plan, hop.status, hop.location, { followed, maxRedirects: limits.maxRedirects, visited });
    if ('failure' in step) throw new ProbeFailureError(step.failure.errorClass, step.failure.message);
    plan = step.next;
  }
}

/** One request on its own client; a redirect is handed back to follow. */
async function request(plan: RequestPlan, maxBytes: number, deadline: Deadline, progress: Progress): Promise<{ doc: SourceDocument } | { status: number; location: string }> {
  const { url } = plan;
  progress.phase = 'connect';
  progress.target = `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
  const remaining = deadline.remainingMs();
  const client = new Client(url.origin, {
    connectTimeout: remaining,
    headersTimeout: remaining,
    bodyTimeout: remaining,
    connect: { timeout: remaining, rejectUnauthorized: true },
  });
  client.once('connect', () => {
    progress.phase = 'response';
  });
  const release = deadline.track(client);
  try {
    const res = await client.request({ path: `${url.pathname}${url.search}`, method: 'GET', headers: plan.headers, signal: deadline.signal });
    progress.phase = 'body';
    progress.status = res.statusCode;
    const location = header(res.headers.location);
    if (isRedirectStatus(res.statusCode) && location !== undefined) {
      discard(res.body);
      return { status: res.statusCode, location };
    }
    if (res.statusCode < 200 || res.statusCode > 299) {
      discard(res.body);
      throw new ProbeFailureError('http_status', `${describeUrl(url)} answered HTTP ${res.statusCode}`);
    }
    const encoding = header(res.headers['content-encoding']);
    const declared = Number(header(res.headers['content-length']) ?? Number.NaN);
    if (encoding === undefined && declared > maxBytes) {
      discard(res.body);
      throw new ProbeFailureError('body_too_large', `body of ${declared} bytes is larger than the ${formatBytes(maxBytes)} limit`);
    }
    const body = await readBody(res.body, encoding, { maxBytes, keepBytes: maxBytes });
    const contentType = header(res.headers['content-type']) ?? '';
    const text = body.text.replace(/^\uFEFF/, '');
    const charset = declaredCharset(contentType, text);
    if (charset !== null && !UTF8_NAMES.has(charset)) {
      throw new ProbeFailureError('other', `the source is encoded as ${charset.slice(0, 20)}; only UTF-8 sources are read`);
    }
    return { doc: { text, mediaType: contentType.split(';')[0]!.trim().toLowerCase(), url: url.href } };
  } finally {
    release();
    await client.destroy(FINISHED).catch(() => {});
  }
}

/** The charset the header, the XML declaration or a `<meta>` names, lower-case; null when none. */
export function declaredCharset(contentType: string, text: string): string | null {
  const fromHeader = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType)?.[1];
  if (fromHeader) return fromHeader.toLowerCase();
  const head = text.slice(0, 1024);
  const fromXml = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1];
  if (fromXml) return fromXml.toLowerCase();
  if (!/<meta/i.test(head)) return null;
  const $ = cheerio.load(head);
  const meta = $('meta[charset]').first().attr('charset') ?? /charset\s*=\s*([\w.:-]+)/i.exec($('meta[http-equiv="content-type" i]').first().attr('content') ?? '')?.[1];
  return meta ? meta.trim().toLowerCase() : null;
}

function discard(body: Readable): void {
  body.on('error', () => {});
  body.destroy(FINISHED);
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}
