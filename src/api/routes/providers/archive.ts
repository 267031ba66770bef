import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { ProblemSchema } from '../../errors.ts';
import { bearerSecurity, requireScope } from '../../middleware/require-scope/index.ts';
import { IdParam } from '../../schemas.ts';
import { writeProblemResponses, type WriteRouteDeps } from './create.ts';

/**
 * Mounts `DELETE /api/v1/providers/{id}`: archives an API-made provider and its channels.
 * Their probes stop, they leave the views, and their history is kept. A config provider is 409.
 */
export function registerArchiveProvider(app: OpenAPIHono, deps: WriteRouteDeps): void {
  const route = createRoute({
    method: 'delete',
    path: '/api/v1/providers/{id}',
    tags: ['catalog'],
    summary: 'Archive a provider made through the API, with its channels (scope write; history kept)',
    security: bearerSecurity,
    middleware: [requireScope('write', deps)] as const,
    request: { params: z.object({ id: IdParam }) },
    responses: {
      204: { description: 'Archived; its probes are unscheduled.' },
      ...writeProblemResponses,
      404: { description: 'No such provider', content: { 'application/problem+json': { schema: ProblemSchema } } },
    },
  });
  app.openapi(route, async (c) => {
    await deps.catalogAdmin.archiveProvider(c.req.valid('param').id);
    return c.body(null, 204);
  });
}
