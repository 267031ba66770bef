import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { ProblemSchema } from '../../errors.ts';
import { bearerSecurity, requireScope } from '../../middleware/require-scope/index.ts';
import { IdParam } from '../../schemas.ts';
import { CatalogEntrySchema, DefinitionSchema, keyName, writeProblemResponses, type WriteRouteDeps } from '../providers/create.ts';

/**
 * Mounts `PATCH /api/v1/channels/{id}`: a JSON merge patch (RFC 7396) of an API-made
 * channel's YAML definition (lists such as `probes` are replaced whole). Probes whose
 * definition did not change keep their state and schedule. A config channel is 409.
 */
export function registerUpdateChannel(app: OpenAPIHono, deps: WriteRouteDeps): void {
  const route = createRoute({
    method: 'patch',
    path: '/api/v1/channels/{id}',
    tags: ['catalog'],
    summary: 'Change a channel made through the API (scope write; JSON merge patch of its YAML definition)',
    security: bearerSecurity,
    middleware: [requireScope('write', deps)] as const,
    request: {
      params: z.object({ id: IdParam }),
      // application/merge-patch+json is read as JSON too.
      body: { required: true, content: { 'application/json': { schema: DefinitionSchema } } },
    },
    responses: {
      200: { description: 'Changed; the monitor uses it at once.', content: { 'application/json': { schema: CatalogEntrySchema } } },
      ...writeProblemResponses,
      404: { description: 'No such channel', content: { 'application/problem+json': { schema: ProblemSchema } } },
    },
  });
  app.openapi(route, async (c) => {
    const entry = await deps.catalogAdmin.updateChannel(c.req.valid('param').id, c.req.valid('json'), keyName(c));
    return c.json(entry, 200);
  });
}
