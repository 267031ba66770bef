import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

/** Headers a cross-origin page may read: validators, limits and the id to quote in a bug report. */
const EXPOSED = ['ETag', 'Retry-After', 'X-Request-Id', 'Content-Length'];

/**
 * CORS open to every origin, for reads only: a status page or widget anywhere may GET our
 * JSON, feeds and badges. Writes get no CORS headers and preflights offer only GET and HEAD,
 * so a browser never lets another site's script POST to us. No credentials: keys travel in
 * `Authorization`, which a page must send on purpose.
 *
 * @example app.use('*', readOnlyCors())
 */
export function readOnlyCors(): MiddlewareHandler {
  const open = cors({
    origin: '*',
    allowMethods: ['GET', 'HEAD'],
    allowHeaders: ['Authorization', 'If-None-Match', 'X-Request-Id'],
    exposeHeaders: EXPOSED,
    maxAge: 86_400,
  });
  return async function readOnlyCors(c, next) {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return open(c, next);
    await next();
  };
}
