import type { MiddlewareHandler } from 'hono';
import { etag } from 'hono/etag';

export interface HttpCacheOptions {
  /** `max-age` in seconds of a public read that set no `Cache-Control` itself; default 15. */
  maxAge?: number;
}

/**
 * Caching headers for every answer, decided in one place:
 * - a successful public read (GET/HEAD, 2xx, no `Authorization`) that set no `Cache-Control`
 *   gets `public, max-age=15` (routes that know better, such as feeds and static assets, set
 *   their own and keep it);
 * - anything sent with a key, any write and any error gets `no-store` (an answer that depends
 *   on who asked, or a 429 that will be different in a second, must not be replayed);
 * - every 2xx read gets a weak ETag (a hash of the body) and answers `If-None-Match` with 304.
 *
 * Weak, because the same JSON is sent gzip'd, brotli'd or plain: equivalent, not byte-equal.
 * Put it inside compression, so the hash is of the uncompressed body.
 *
 * @example app.use('*', httpCache({ maxAge: 15 }))
 */
export function httpCache(options: HttpCacheOptions = {}): MiddlewareHandler {
  const publicCache = `public, max-age=${options.maxAge ?? 15}`;
  const tag = etag({ weak: true });
  return async function httpCache(c, next) {
    await tag(c, async () => {
      await next();
      const read = c.req.method === 'GET' || c.req.method === 'HEAD';
      const keyed = c.req.header('authorization') !== undefined;
      if (!read || keyed || c.res.status >= 400) c.res.headers.set('cache-control', 'no-store');
      else if (!c.res.headers.has('cache-control')) c.res.headers.set('cache-control', publicCache);
    });
  };
}
