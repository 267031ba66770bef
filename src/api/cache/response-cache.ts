import type { MiddlewareHandler } from 'hono';

/**
 * An exact cache of successful public read answers, for the endpoints every dashboard and
 * status widget polls. An answer is served again only while the three things it was computed
 * from are unchanged:
 * - the store's write stamp (`Database.readStamp`): any row written anywhere (a check, a state
 *   change, a catalog sync, a notice, an ack) moves it, so a read right after a write never
 *   sees the answer from before it;
 * - the request: method, full URL (host included: some documents link to it) and
 *   `Accept-Language` (advice picks its language from it);
 * - the clock, to the second (`bucketMs`): service hours open and close, maintenance windows
 *   start and end, and uptime counts up to `now` without any write.
 *
 * Only 200 answers to GET requests without `Authorization` are kept; errors, keyed requests and
 * everything else pass straight through. Concurrent misses of one key compute it once.
 * Each kept answer carries its ETag, computed once the way `httpCache` (hono's weak SHA-1
 * ETag) does, so the outer ETag middleware uses it instead of hashing the body again and
 * answers `If-None-Match` with 304 as before.
 */
export interface ResponseCacheOptions {
  /** The store's write stamp; see `Database.readStamp`. */
  stamp: () => string;
  /** The app's clock (tests pass a fake one). */
  now: () => number;
  /** Answers are reused within one such slice of time; default 1000 ms. */
  bucketMs?: number;
  /** Most answers kept (least recently used go first); default 512. */
  maxEntries?: number;
  /** Most body bytes kept in all; default 32 MiB. */
  maxBytes?: number;
}

interface Entry {
  stamp: string;
  bucket: number;
  body: Uint8Array<ArrayBuffer>;
  headers: Record<string, string>;
}

/** Headers a route sets that belong to the answer itself (the others are the request's: ids, CORS, security). */
const KEPT_HEADERS = ['content-type', 'content-language', 'vary', 'cache-control', 'last-modified', 'link', 'content-disposition'];

/** hono's ETag digests the body in pieces of this size, each hashed together with the digest so far. */
const DIGEST_CHUNK = 262_144;

/**
 * The weak ETag `hono/etag` (`weak: true`, SHA-1) gives a body: the same value, so a client's
 * validator from before the cache (or from a driver without it) still matches.
 *
 * @example await weakEtag(new TextEncoder().encode('{}')) // 'W/"bf21a9e8fbc5a3846fb05b4fa0859e0917b2202f"'
 */
export async function weakEtag(body: Uint8Array): Promise<string | null> {
  let digest: ArrayBuffer | undefined;
  for (let offset = 0; offset < body.byteLength; offset += DIGEST_CHUNK) {
    const piece = body.subarray(offset, offset + DIGEST_CHUNK);
    digest = await crypto.subtle.digest({ name: 'SHA-1' }, (digest ? concat(new Uint8Array(digest), piece) : piece) as Uint8Array<ArrayBuffer>);
  }
  // An empty body gets no ETag from hono either.
  if (!digest) return null;
  return `W/"${Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')}"`;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a, 0);
  out.set(b, a.byteLength);
  return out;
}

/**
 * The cache as a middleware: mount it on the read routes, inside rate limits and `httpCache`.
 *
 * @example app.use('/api/v1/providers/*', responseCache({ stamp: database.readStamp, now: Date.now }))
 */
export function responseCache(options: ResponseCacheOptions): MiddlewareHandler {
  const bucketMs = options.bucketMs ?? 1000;
  const maxEntries = options.maxEntries ?? 512;
  const maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
  // Map order is recency: a hit moves its key to the end, eviction takes from the front.
  const entries = new Map<string, Entry>();
  const pending = new Map<string, Promise<Entry | undefined>>();
  let bytes = 0;

  const forget = (key: string) => {
    const old = entries.get(key);
    if (!old) return;
    entries.delete(key);
    bytes -= old.body.byteLength;
  };
  const keep = (key: string, entry: Entry) => {
    forget(key);
    if (entry.body.byteLength > maxBytes) return;
    entries.set(key, entry);
    bytes += entry.body.byteLength;
    for (const oldest of entries.keys()) {
      if (entries.size <= maxEntries && bytes <= maxBytes) break;
      forget(oldest);
    }
  };

  // Requests already inside this cache: mounted on overlapping paths, it must not wait on itself.
  const inside = new WeakSet<Request>();
  return async function responseCache(c, next) {
    if (c.req.method !== 'GET' || c.req.header('authorization') !== undefined || inside.has(c.req.raw)) return next();
    inside.add(c.req.raw);
    const key = `${c.req.url}\n${c.req.header('accept-language') ?? ''}`;
    const stamp = options.stamp();
    const bucket = Math.floor(options.now() / bucketMs);
    const fresh = (e: Entry | undefined): e is Entry => e !== undefined && e.stamp === stamp && e.bucket === bucket;

    let entry = entries.get(key);
    if (fresh(entry)) {
      entries.delete(key);
      entries.set(key, entry);
      return c.body(entry.body, 200, entry.headers);
    }
    // Someone is computing this answer right now: wait for it rather than compute it again.
    const inFlight = pending.get(key);
    if (inFlight) {
      entry = await inFlight;
      if (fresh(entry)) return c.body(entry.body, 200, entry.headers);
      return next();
    }

    let settle!: (e: Entry | undefined) => void;
    pending.set(key, new Promise((resolve) => (settle = resolve)));
    entry = undefined;
    try {
      await next();
      if (c.res.status === 200 && !c.res.headers.has('etag') && !c.res.headers.has('set-cookie')) {
        const body = new Uint8Array(await c.res.clone().arrayBuffer());
        const etag = await weakEtag(body);
        if (etag !== null) {
          const headers: Record<string, string> = { etag };
          for (const name of KEPT_HEADERS) {
            const value = c.res.headers.get(name);
            if (value !== null) headers[name] = value;
          }
          c.res.headers.set('etag', etag);
          // Stamped with what was read before computing: a write meanwhile makes it stale at once.
          entry = { stamp, bucket, body, headers };
          keep(key, entry);
        }
      }
    } finally {
      pending.delete(key);
      settle(entry);
    }
  };
}
