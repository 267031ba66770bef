import { createHash, timingSafeEqual } from 'node:crypto';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { ProblemSchema } from '../../errors.ts';

/** What the route needs: the admin key (`SUPPORTWATCH_ADMIN_KEY`), absent when none is configured. */
export interface AuthCheckDeps {
  adminKey?: string | undefined;
}

/**
 * A 401 problem. `ERROR_CODES` (src/api/errors.ts) has no `unauthorized` yet, so this route
 * answers with its own code rather than mislabel the failure as `bad_request`.
 */
const UnauthorizedSchema = ProblemSchema.extend({ code: z.literal('unauthorized') }).openapi('Unauthorized');

export const authCheckRoute = createRoute({
  method: 'get',
  path: '/api/v1/auth/check',
  tags: ['auth'],
  summary: 'Is this API key the admin key? (the manager console asks before it stores a key)',
  request: {
    headers: z.object({
      authorization: z.string().optional().openapi({ description: 'Bearer <key>', example: 'Bearer 3f6c…' }),
    }),
  },
  responses: {
    204: { description: 'The key is the admin key.' },
    401: {
      description: 'No key, a wrong key, or no admin key configured on the server.',
      content: { 'application/problem+json': { schema: UnauthorizedSchema } },
    },
  },
});

/**
 * Does `presented` equal `expected`? Both are hashed first so the comparison takes the same
 * time whatever their lengths and contents (`timingSafeEqual` needs equal lengths).
 *
 * @example keyMatches('s3cret', 's3cret') // true
 */
export function keyMatches(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** The key of an `Authorization: Bearer <key>` header, or null. */
function bearerKey(header: string | undefined): string | null {
  const match = header === undefined ? null : /^Bearer[ \t]+(\S.*)$/i.exec(header.trim());
  return match ? match[1]!.trim() : null;
}

function unauthorized(c: Context, detail: string): Response {
  const body = { type: 'about:blank', title: 'Unauthorized', status: 401, code: 'unauthorized', detail };
  return c.body(JSON.stringify(body), 401, {
    'content-type': 'application/problem+json',
    'www-authenticate': 'Bearer realm="supportwatch"',
    'cache-control': 'no-store',
  });
}

/**
 * Mounts `GET /api/v1/auth/check`: 204 when `Authorization: Bearer <key>` carries the admin
 * key, else 401. The key is never logged nor echoed.
 */
export function registerAuthCheck(app: OpenAPIHono, deps: AuthCheckDeps): void {
  app.openapi(authCheckRoute, (c) => {
    const expected = deps.adminKey;
    if (!expected) return unauthorized(c, 'No admin key is configured on this server (set SUPPORTWATCH_ADMIN_KEY).');
    const presented = bearerKey(c.req.header('authorization'));
    if (presented === null) return unauthorized(c, 'Send the admin key as "Authorization: Bearer <key>".');
    if (!keyMatches(presented, expected)) return unauthorized(c, 'The key is not valid.');
    return c.body(null, 204, { 'cache-control': 'no-store' });
  });
}
