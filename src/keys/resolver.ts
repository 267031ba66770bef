import type { Database } from '../store/database.ts';
import type { ApiKeyScope } from './scopes.ts';
import { findLiveKey, touchApiKey, type FoundKey } from './store.ts';

/** How long a looked-up key (or its absence) is trusted: a revocation takes effect within this. */
export const KEY_CACHE_MS = 5_000;
/** `last_used_at` is written at most this often per key. */
export const TOUCH_EVERY_MS = 60_000;
/** Entries kept before the cache is emptied, so a flood of made-up keys cannot grow memory. */
const MAX_ENTRIES = 10_000;

/** A stored key that authenticated. */
export interface ResolvedKey {
  name: string;
  scope: ApiKeyScope;
}

/** Finds live keys by hash, with a short cache in front of the database. */
export interface KeyResolver {
  /** The live key with this SHA-256 hex hash at time `at`, or null (unknown or revoked). */
  resolve(hash: string, at: number): Promise<ResolvedKey | null>;
}

interface Entry {
  found: FoundKey | null;
  expiresAt: number;
}

/**
 * A key resolver over `database`: a lookup is served from memory for `ttlMs` (5 s), so a busy
 * client costs one query per key every few seconds, and a revoked key stops working within
 * `ttlMs`. Unknown hashes are cached too, so a client retrying a bad key does not hammer
 * the database. `last_used_at` is written at most once a minute per key; if that write
 * fails, the request still goes through (it is bookkeeping, not access control).
 *
 * @example const keys = createKeyResolver(database); await keys.resolve(await hashKey(k), Date.now())
 */
export function createKeyResolver(database: Database, ttlMs = KEY_CACHE_MS): KeyResolver {
  const cache = new Map<string, Entry>();
  return {
    async resolve(hash, at) {
      let entry = cache.get(hash);
      if (!entry || entry.expiresAt <= at) {
        if (cache.size >= MAX_ENTRIES) cache.clear();
        entry = { found: await findLiveKey(database.db, hash), expiresAt: at + ttlMs };
        cache.set(hash, entry);
      }
      const found = entry.found;
      if (!found) return null;
      if (found.lastUsedAt === null || at - found.lastUsedAt >= TOUCH_EVERY_MS) {
        found.lastUsedAt = at;
        await touchApiKey(database.db, found.pk, at, at - TOUCH_EVERY_MS).catch(() => undefined);
      }
      return { name: found.name, scope: found.scope };
    },
  };
}

const shared = new WeakMap<Database, KeyResolver>();

/**
 * The one resolver (and so the one cache) per database, so every `requireScope` of an app
 * shares it: a key looked up for a read route is warm for the next write route too.
 */
export function keyResolverFor(database: Database): KeyResolver {
  let resolver = shared.get(database);
  if (!resolver) shared.set(database, (resolver = createKeyResolver(database)));
  return resolver;
}
