import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { AlertRouteError, type AlertsApi } from '../../../alerts/alerting.ts';
import { ApiError, ProblemSchema } from '../../errors.ts';
import { authProblemResponses, bearerSecurity, requireScope } from '../../middleware/require-scope/index.ts';
import type { AlertRouteDeps } from './index.ts';
import { RouteViewSchema } from './schema.ts';

const RouteParam = z.string().regex(/^[a-z0-9-]{1,64}$/, 'expected a route id of a-z, 0-9 and -').openapi({ param: { name: 'id', in: 'path' }, example: 'ops-dingtalk' });

/** The body: one route exactly as under `alerts.routes` in supportwatch.yaml (snake_case). */
const RouteBodySchema = z
  .record(z.string(), z.unknown())
  .openapi('AlertRouteBody', {
    description: 'One route as in `alerts.routes` of supportwatch.yaml. Secrets are never sent: name the environment variables that hold them (`secret_env`, `url_env`, `smtp.password_env`); they must be set in the running process.',
    example: { notifier: 'dingtalk', url_env: 'DINGTALK_WEBHOOK_URL', secret_env: 'DINGTALK_SECRET', events: ['down', 'recovered'], lang: 'zh-CN', quiet_hours: '23:00-07:00' },
  });

const conflict = { description: 'The id is a route of the config file', content: { 'application/problem+json': { schema: ProblemSchema } } };

/** Throws the `ApiError` of a refused route change. */
export function routeError(err: unknown): never {
  if (!(err instanceof AlertRouteError)) throw err;
  if (err.kind === 'conflict') throw new ApiError(409, 'conflict', err.message);
  if (err.kind === 'not_found') throw new ApiError(404, 'not_found', err.message);
  throw new ApiError(400, 'bad_request', err.message, err.problems.map((p) => ({ path: p.path ? `body.${p.path}` : 'body', message: p.message })));
}

/** Mounts `PUT /api/v1/alerts/routes/{id}` (admin): create or replace a route made through the API. */
export function registerPutAlertRoute(app: OpenAPIHono, deps: AlertRouteDeps & { alerts: AlertsApi }): void {
  const route = createRoute({
    method: 'put',
    path: '/api/v1/alerts/routes/{id}',
    tags: ['alerts'],
    summary: 'Create or replace an alert route (scope admin); it takes effect at once and survives a restart',
    security: bearerSecurity,
    middleware: [requireScope('admin', deps)] as const,
    request: { params: z.object({ id: RouteParam }), body: { required: true, content: { 'application/json': { schema: RouteBodySchema } } } },
    responses: {
      200: { description: 'Replaced', content: { 'application/json': { schema: RouteViewSchema } } },
      201: { description: 'Created', content: { 'application/json': { schema: RouteViewSchema } } },
      400: { description: 'Not a valid route, or an environment variable it names is not set', content: { 'application/problem+json': { schema: ProblemSchema } } },
      409: conflict,
      ...authProblemResponses,
    },
  });
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const result = await deps.alerts.putRoute(id, c.req.valid('json'), c.get('apiKey').name).catch(routeError);
    return c.json(result.route, result.created ? 201 : 200);
  });
}

/** Mounts `DELETE /api/v1/alerts/routes/{id}` (admin): its pending deliveries become dead letters. */
export function registerDeleteAlertRoute(app: OpenAPIHono, deps: AlertRouteDeps & { alerts: AlertsApi }): void {
  const route = createRoute({
    method: 'delete',
    path: '/api/v1/alerts/routes/{id}',
    tags: ['alerts'],
    summary: 'Delete an alert route made through the API (scope admin)',
    security: bearerSecurity,
    middleware: [requireScope('admin', deps)] as const,
    request: { params: z.object({ id: RouteParam }) },
    responses: {
      204: { description: 'Deleted; its log stays.' },
      404: { description: 'No such route made through the API', content: { 'application/problem+json': { schema: ProblemSchema } } },
      409: conflict,
      ...authProblemResponses,
    },
  });
  app.openapi(route, async (c) => {
    await deps.alerts.deleteRoute(c.req.valid('param').id).catch(routeError);
    return c.body(null, 204);
  });
}
