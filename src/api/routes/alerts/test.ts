import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { ApiError, ProblemSchema } from '../../errors.ts';
import { authProblemResponses, bearerSecurity, requireScope } from '../../middleware/require-scope/index.ts';
import type { AlertRouteDeps } from './index.ts';
import { DeliverySchema, deliveryView } from './schema.ts';

export const testRouteRoute = createRoute({
  method: 'post',
  path: '/api/v1/alerts/{route}/test',
  tags: ['alerts'],
  summary: 'Send a test message to one alert route now, once (scope admin)',
  security: bearerSecurity,
  request: { params: z.object({ route: z.string().regex(/^[a-z0-9-]{1,64}$/).openapi({ param: { name: 'route', in: 'path' }, example: 'ops-webhook' }) }) },
  responses: {
    200: {
      description: 'Tried: `status` is `delivered`, or `dead` with the reason in `last_error` (a test is not retried). It is in the deliveries log.',
      content: { 'application/json': { schema: DeliverySchema } },
    },
    404: { description: 'No such route', content: { 'application/problem+json': { schema: ProblemSchema } } },
    ...authProblemResponses,
  },
});

/** Mounts `POST /api/v1/alerts/{route}/test` (admin). */
export function registerTestAlert(app: OpenAPIHono, deps: AlertRouteDeps): void {
  app.openapi({ ...testRouteRoute, middleware: [requireScope('admin', deps)] as const }, async (c) => {
    const { route } = c.req.valid('param');
    if (!deps.alerts?.routes().some((r) => r.id === route)) throw new ApiError(404, 'not_found', `No alert route "${route}"`);
    const entry = await deps.alerts.sendTest(route);
    return c.json(deliveryView(entry), 200);
  });
}
