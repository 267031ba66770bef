import type { HttpProbeSpec } from '../domain/catalog.ts';
import type { ProbeFailure } from './probe-errors.ts';

/** One request the probe is about to send. */
export interface RequestPlan {
  url: URL;
  method: HttpProbeSpec['method'];
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string | null;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Headers that carry credentials and must not follow a redirect to another origin. */
const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie'];

/** Headers that describe the request body, dropped when a redirect drops the body. */
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location'];

/** Whether a status asks the client to go elsewhere (and carries a `Location`). */
export function isRedirectStatus(status: number): boolean {
  return REDIRECT_STATUSES.has(status);
}

/** Redirect bookkeeping so far. */
export interface RedirectState {
  /** Redirects already followed. */
  followed: number;
  maxRedirects: number;
  /** URLs (without fragment) already requested in this check. */
  visited: ReadonlySet<string>;
}

/**
 * Decides what a redirect leads to: the next request, or a `redirects` failure (too many,
 * a loop, a bad `Location`, a scheme other than http/https). Follows what browsers do:
 * 303 (and 301/302 after a POST) become GET without a body; 307/308 keep method and body;
 * credentials are not sent to another origin.
 *
 * @example
 * planRedirect(plan, 302, '/login', { followed: 0, maxRedirects: 5, visited: new Set() })
 * // → { next: { url: <same origin>/login, method: 'GET', … } }
 */
export function planRedirect(
  from: RequestPlan,
  status: number,
  location: string,
  state: RedirectState,
): { next: RequestPlan } | { failure: ProbeFailure } {
  let url: URL;
  try {
    url = new URL(location, from.url);
  } catch {
    return { failure: { errorClass: 'redirects', message: `redirect (${status}) with an invalid Location header` } };
  }
  url.hash = '';
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { failure: { errorClass: 'redirects', message: `redirect (${status}) to a non-HTTP address (${describeUrl(url)})` } };
  }
  if (state.followed >= state.maxRedirects) {
    const message =
      state.maxRedirects === 0
        ? `redirected (${status}) to ${describeUrl(url)}, but following redirects is off`
        : `more than ${state.maxRedirects} redirects (the last to ${describeUrl(url)})`;
    return { failure: { errorClass: 'redirects', message } };
  }
  if (state.visited.has(url.href)) {
    return { failure: { errorClass: 'redirects', message: `redirect loop: ${describeUrl(url)} was already requested` } };
  }

  const toGet = status === 303 ? from.method !== 'HEAD' : (status === 301 || status === 302) && from.method === 'POST';
  const headers = { ...from.headers };
  if (toGet) for (const name of BODY_HEADERS) delete headers[name];
  if (url.origin !== from.url.origin) for (const name of CREDENTIAL_HEADERS) delete headers[name];
  delete headers.host;
  return {
    next: {
      url,
      method: toGet ? 'GET' : from.method,
      headers,
      body: toGet ? null : from.body,
    },
  };
}

/** A URL as shown in messages: no credentials, no query (either may hold a token), not too long. */
export function describeUrl(url: URL): string {
  const text = `${url.protocol}//${url.host}${url.pathname}`;
  return text.length <= 100 ? text : `${text.slice(0, 99)}…`;
}
