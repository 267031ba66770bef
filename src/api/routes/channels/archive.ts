import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { ProblemSchema } from '../../errors.ts';
import { bearerSecurity, requireScope } from '../../middleware/require-scope/index.ts';
import { IdParam } from '../../schemas.ts';
import { writeProblemResponses, type WriteRouteDeps } from '../providers/create.ts';

/**
 * Mounts `DELETE /api/v1/channels/{id}`: archives an API-made channel. Its probes stop, it
 * leaves the views, an open incident is closed, and its history is kept. A config channel is
 * 409, and so is the last channel of a provider (archive the provider).
 */
export function registerArchiveChannel(app: OpenAPIHono, deps: WriteRouteDeps): void {
  const route = createRoute({
    method: 'delete',
    path: '/api/v1/channels/{id}',
    tags: ['catalog'],
    summary: 'Archive a channel made through the API (scope write; history kept)',
    security: bearerSecurity,
    middleware: [requireScope('write', deps)] as const,
    request: { params: z.object({ id: IdParam }) },
    responses: {
      204: { description: 'Archived; its probes are unscheduled.' },
      ...writeProblemResponses,
      404: { description: 'No such channel', content: { 'application/problem+json': { schema: ProblemSchema } } },
    },
  });
  app.openapi(route, async (c) => {
    await deps.catalogAdmin.archiveChannel(c.req.valid('param').id);
    return c.body(null, 204);
  });
}
