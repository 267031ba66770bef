import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from '../../errors.ts';

export interface RateLimitOptions {
  /** Requests allowed per `windowMs` for one key (the bucket's size). */
  limit: number;
  windowMs?: number;
  /** Who is counted: usually the client address. */
  keyOf: (c: Context) => string;
  now?: () => number;
  /** Buckets kept before idle ones are swept, so a flood of addresses cannot grow memory forever. */
  maxKeys?: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * A token bucket per key: `limit` requests at once, refilled evenly over `windowMs`.
 * Past it, a 429 problem with `Retry-After` (seconds until one token is back).
 *
 * @example app.use('/api/*', rateLimit({ limit: 600, keyOf: (c) => addressOf(c) }))
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler {
  const windowMs = options.windowMs ?? 60_000;
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 100_000;
  const perMs = options.limit / windowMs;
  const buckets = new Map<string, Bucket>();

  return async function rateLimit(c, next) {
    const at = now();
    const key = options.keyOf(c);
    let bucket = buckets.get(key);
    if (!bucket) {
      if (buckets.size >= maxKeys) sweep(buckets, at, windowMs);
      bucket = { tokens: options.limit, updatedAt: at };
      buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(options.limit, bucket.tokens + (at - bucket.updatedAt) * perMs);
    bucket.updatedAt = at;
    if (bucket.tokens < 1) {
      const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
      throw new ApiError(429, 'rate_limited', `Too many requests; try again in ${retryAfter} s`, undefined, {
        'retry-after': String(retryAfter),
      });
    }
    bucket.tokens -= 1;
    await next();
  };
}

/** Drops buckets that are full again (idle for a whole window); if none are, the oldest half. */
function sweep(buckets: Map<string, Bucket>, at: number, windowMs: number): void {
  for (const [key, b] of buckets) if (at - b.updatedAt >= windowMs) buckets.delete(key);
  if (buckets.size === 0) return;
  let excess = Math.floor(buckets.size / 2);
  for (const key of buckets.keys()) {
    if (excess-- <= 0) break;
    buckets.delete(key);
  }
}
