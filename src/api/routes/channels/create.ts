import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { ProblemSchema } from '../../errors.ts';
import { bearerSecurity, requireScope } from '../../middleware/require-scope/index.ts';
import { IdParam } from '../../schemas.ts';
import { CatalogEntrySchema, DefinitionSchema, keyName, writeProblemResponses, type WriteRouteDeps } from '../providers/create.ts';

/**
 * Mounts `POST /api/v1/providers/{id}/channels`: the body is a channel exactly as in the YAML
 * file, as JSON. It joins the provider (config or API-made) after its other channels, and its
 * probes are due within a few seconds.
 */
export function registerCreateChannel(app: OpenAPIHono, deps: WriteRouteDeps): void {
  const route = createRoute({
    method: 'post',
    path: '/api/v1/providers/{id}/channels',
    tags: ['catalog'],
    summary: 'Add a channel to a provider at run time (scope write); its probes start within seconds',
    security: bearerSecurity,
    middleware: [requireScope('write', deps)] as const,
    request: {
      params: z.object({ id: IdParam }),
      body: { required: true, content: { 'application/json': { schema: DefinitionSchema } } },
    },
    responses: {
      201: { description: 'Made and scheduled (`source: api`).', content: { 'application/json': { schema: CatalogEntrySchema } } },
      ...writeProblemResponses,
      404: { description: 'No such provider', content: { 'application/problem+json': { schema: ProblemSchema } } },
    },
  });
  app.openapi(route, async (c) => {
    const entry = await deps.catalogAdmin.createChannel(c.req.valid('param').id, c.req.valid('json'), keyName(c));
    return c.json(entry, 201, { location: `/api/v1/channels/${entry.id}` });
  });
}
