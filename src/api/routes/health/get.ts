import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { RouteDeps } from '../../deps.ts';

const HealthSchema = z
  .object({ status: z.enum(['ok', 'degraded']), reason: z.string().optional(), version: z.string() })
  .openapi('Health');

export const getHealthRoute = createRoute({
  method: 'get',
  path: '/api/v1/health',
  tags: ['health'],
  summary: 'Is supportwatch itself working?',
  responses: { 200: { description: 'The process is serving; `degraded` says what is wrong.', content: { 'application/json': { schema: HealthSchema } } } },
});

export function registerGetHealth(app: OpenAPIHono, deps: RouteDeps): void {
  app.openapi(getHealthRoute, (c) => c.json({ ...(deps.health?.() ?? { status: 'ok' as const }), version: deps.version }, 200));
}
