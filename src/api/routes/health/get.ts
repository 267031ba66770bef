import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { RouteDeps } from '../../deps.ts';

const StorageSchema = z
  .object({
    pendingWrites: z.number().int().openapi({ description: 'Checks and state changes waiting in memory for the database.' }),
    droppedChecks: z.number().int().openapi({ description: 'Checks dropped (oldest first) because the database refused writes past the memory bound.' }),
    failingSince: z.string().nullable().openapi({ description: 'When database writes began to fail (ISO 8601), or null while they succeed.' }),
  })
  .openapi('HealthStorage');

const HealthSchema = z
  .object({ status: z.enum(['ok', 'degraded']), reason: z.string().optional(), storage: StorageSchema.optional(), version: z.string() })
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
