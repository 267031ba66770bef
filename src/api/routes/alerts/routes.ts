import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { authProblemResponses, bearerSecurity, requireScope } from '../../middleware/require-scope/index.ts';
import type { AlertRouteDeps } from './index.ts';
import { RouteViewSchema } from './schema.ts';

export const listAlertRoutesRoute = createRoute({
  method: 'get',
  path: '/api/v1/alerts/routes',
  tags: ['alerts'],
  summary: 'The configured alert routes, without their secrets (scope admin)',
  security: bearerSecurity,
  responses: {
    200: { description: 'Every route of `alerts.routes`.', content: { 'application/json': { schema: z.object({ routes: z.array(RouteViewSchema) }).openapi('AlertRoutes') } } },
    ...authProblemResponses,
  },
});

/** Mounts `GET /api/v1/alerts/routes` (admin). */
export function registerListAlertRoutes(app: OpenAPIHono, deps: AlertRouteDeps): void {
  app.openapi({ ...listAlertRoutesRoute, middleware: [requireScope('admin', deps)] as const }, (c) => c.json({ routes: deps.alerts?.routes() ?? [] }, 200));
}
