import { z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { ApiError, ProblemSchema } from '../../errors.ts';
import { keyResolverFor, type KeyResolver, type ResolvedKey } from '../../../keys/resolver.ts';
import { scopeAllows, type ApiKeyScope } from '../../../keys/scopes.ts';
import { hashKey, sameDigest } from '../../../keys/secret.ts';
import type { Database } from '../../../store/database.ts';

/** The key that authenticated a request, as `c.get('apiKey')` gives it after `requireScope`. */
export interface AuthenticatedKey extends ResolvedKey {
  /** `admin-key` for SUPPORTWATCH_ADMIN_KEY, `stored` for a key made with `npm run key`. */
  source: 'admin-key' | 'stored';
}

/** The Hono env a route behind `requireScope` may declare to read `c.get('apiKey')`. */
export interface ApiKeyEnv {
  Variables: { apiKey: AuthenticatedKey };
}

export interface RequireScopeDeps {
  database: Database;
  /** SUPPORTWATCH_ADMIN_KEY: always an `admin` key. Empty or absent: none. */
  adminKey?: string | undefined;
  now?: () => number;
  /** The key lookup; by default the one shared per database (so its cache is too). */
  keys?: KeyResolver;
}

/** The name of the security scheme in the OpenAPI document (`app.ts` registers it). */
export const BEARER_SCHEME = 'bearer';
/** For a route's `createRoute({ security })`: this route takes `Authorization: Bearer <key>`. */
export const bearerSecurity = [{ [BEARER_SCHEME]: [] }];

/** Documented 401 and 403 answers, to spread into a protected route's `responses`. */
export const authProblemResponses = {
  401: {
    description: 'No key, an unknown key or a revoked key (`WWW-Authenticate: Bearer`).',
    content: { 'application/problem+json': { schema: ProblemSchema.extend({ code: z.literal('unauthorized') }).openapi('Unauthorized') } },
  },
  403: {
    description: 'The key is valid but its scope is too small for this route.',
    content: { 'application/problem+json': { schema: ProblemSchema.extend({ code: z.literal('forbidden') }).openapi('Forbidden') } },
  },
} as const;

const CHALLENGE = { 'www-authenticate': 'Bearer realm="supportwatch"', 'cache-control': 'no-store' };

/**
 * Lets a request through only with a key of at least `scope` (read < write < admin) in
 * `Authorization: Bearer <key>`: a key made with `npm run key`, or SUPPORTWATCH_ADMIN_KEY
 * (always admin). No, unknown or revoked key: 401 with `WWW-Authenticate: Bearer`; too small
 * a scope: 403. Both are problem+json and never echo the key.
 *
 * Keys are compared by their SHA-256: the presented key is hashed and looked up by hash (an
 * index seek). That lookup's timing can only tell an attacker about hashes near the hash of
 * their own guess, which says nothing about any real key: keys are 256 random bits, and
 * SHA-256 preimages are out of reach. The admin key's hash is compared in constant time.
 *
 * @example
 * app.use('/api/v1/admin/*', requireScope('admin', { database, adminKey }));
 * app.openapi(createRoute({ ..., middleware: [requireScope('write', deps)] as const }), handler);
 */
export function requireScope(scope: ApiKeyScope, deps: RequireScopeDeps): MiddlewareHandler<ApiKeyEnv> {
  const now = deps.now ?? Date.now;
  const keys = deps.keys ?? keyResolverFor(deps.database);
  const adminHash = deps.adminKey ? hashKey(deps.adminKey) : null;

  return async function requireScope(c, next) {
    const presented = bearerKey(c.req.header('authorization'));
    if (presented === null) {
      throw new ApiError(401, 'unauthorized', 'Send an API key as "Authorization: Bearer <key>".', undefined, CHALLENGE);
    }
    const hash = await hashKey(presented);
    let key: AuthenticatedKey | null = null;
    if (adminHash !== null && sameDigest(hash, await adminHash)) key = { name: 'admin', scope: 'admin', source: 'admin-key' };
    else {
      const stored = await keys.resolve(hash, now());
      if (stored) key = { ...stored, source: 'stored' };
    }
    if (!key) {
      throw new ApiError(
        401,
        'unauthorized',
        'The key is not valid: it is unknown or revoked. Keys come from `npm run key -- create` or SUPPORTWATCH_ADMIN_KEY.',
        undefined,
        CHALLENGE,
      );
    }
    if (!scopeAllows(key.scope, scope)) {
      throw new ApiError(403, 'forbidden', `This needs a key of scope "${scope}" or above; this key's scope is "${key.scope}".`, undefined, {
        'cache-control': 'no-store',
      });
    }
    c.set('apiKey', key);
    await next();
    // An answer that depends on who asked is never cached by a shared cache.
    c.header('cache-control', 'no-store');
  };
}

/**
 * The key of an `Authorization: Bearer <key>` header (scheme in any case), or null.
 *
 * @example bearerKey('Bearer sw_abc') // 'sw_abc'
 */
export function bearerKey(header: string | undefined): string | null {
  const match = header === undefined ? null : /^Bearer[ \t]+(\S.*)$/i.exec(header.trim());
  return match ? match[1]!.trim() : null;
}
