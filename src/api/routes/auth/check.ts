import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Database } from '../../../store/database.ts';
import { authProblemResponses, bearerSecurity, requireScope } from '../../middleware/require-scope/index.ts';

/** What the route needs: the key store and the admin key (`SUPPORTWATCH_ADMIN_KEY`), if any. */
export interface AuthCheckDeps {
  database: Database;
  adminKey?: string | undefined;
  now?: () => number;
}

/**
 * Mounts `GET /api/v1/auth/check`: 204 when `Authorization: Bearer <key>` carries an admin
 * key (SUPPORTWATCH_ADMIN_KEY or a stored key of scope `admin`), 401 for no, unknown or
 * revoked key, 403 for a key of smaller scope. The manager console asks before it stores a
 * key. The key is never logged nor echoed.
 */
export function registerAuthCheck(app: OpenAPIHono, deps: AuthCheckDeps): void {
  const route = createRoute({
    method: 'get',
    path: '/api/v1/auth/check',
    tags: ['auth'],
    summary: 'Is this API key an admin key? (the manager console asks before it stores a key)',
    security: bearerSecurity,
    middleware: [requireScope('admin', deps)] as const,
    responses: {
      204: { description: 'The key is an admin key.' },
      ...authProblemResponses,
    },
  });
  app.openapi(route, (c) => c.body(null, 204));
}
