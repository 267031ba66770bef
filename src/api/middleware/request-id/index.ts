import type { MiddlewareHandler } from 'hono';
// For its ContextVariableMap augmentation: `c.get('requestId')` is a string everywhere.
import type {} from 'hono/request-id';

export interface RequestIdOptions {
  /** The header read and written; default `X-Request-Id`. */
  headerName?: string;
  /** Makes a new id; default a random UUID. */
  generate?: () => string;
}

/**
 * A sane incoming id: what proxies and tracers send (UUIDs, hex trace ids, `Root=1-…`-style
 * tokens), short, and nothing that could forge a log line or a header.
 */
const SANE_ID = /^[A-Za-z0-9._:=-]{1,128}$/;

/**
 * Gives every request an id: the incoming `X-Request-Id` when it is sane (a proxy or a client
 * already named the request, so logs line up across hops), else a fresh UUID. The id is set
 * as `c.get('requestId')`, echoed in the response header, and put into problem+json bodies
 * and error logs by the error handler.
 *
 * @example app.use('*', requestId()); // then c.get('requestId')
 */
export function requestId(options: RequestIdOptions = {}): MiddlewareHandler {
  const headerName = options.headerName ?? 'X-Request-Id';
  const generate = options.generate ?? (() => crypto.randomUUID());
  return async function requestId(c, next) {
    const incoming = c.req.header(headerName);
    const id = incoming !== undefined && SANE_ID.test(incoming) ? incoming : generate();
    c.set('requestId', id);
    c.header(headerName, id);
    await next();
    // An error response built by the error handler replaces the response; keep the header on it.
    if (!c.res.headers.has(headerName)) c.res.headers.set(headerName, id);
  };
}
