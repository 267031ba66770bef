import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { findChannel, listChecks } from '../../../store/reads.ts';
import type { RouteDeps } from '../../deps.ts';
import { ApiError, ProblemSchema } from '../../errors.ts';
import { CheckSchema, IdParam, InstantQuery } from '../../schemas.ts';
import { checkView } from '../../views.ts';

export const listChecksRoute = createRoute({
  method: 'get',
  path: '/api/v1/channels/{id}/checks',
  tags: ['channels'],
  summary: "A channel's recent checks, newest first",
  request: {
    params: z.object({ id: IdParam }),
    query: z.object({
      since: InstantQuery.optional(),
      limit: z.coerce.number().int().min(1).max(1000).default(100).openapi({ type: 'integer', example: 100 }),
    }),
  },
  responses: {
    200: {
      description: 'Checks of every probe of the channel.',
      content: { 'application/json': { schema: z.object({ channel: z.string(), checks: z.array(CheckSchema) }) } },
    },
    400: { description: 'Bad query', content: { 'application/problem+json': { schema: ProblemSchema } } },
    404: { description: 'No such channel', content: { 'application/problem+json': { schema: ProblemSchema } } },
  },
});

export function registerListChecks(app: OpenAPIHono, deps: RouteDeps): void {
  app.openapi(
    listChecksRoute,
    async (c) => {
      const { id } = c.req.valid('param');
      const { since, limit } = c.req.valid('query');
      const { db } = deps.database;
      const channel = await findChannel(db, id);
      if (!channel) throw new ApiError(404, 'not_found', `No channel "${id}"`);
      const rows = await listChecks(db, channel.pk, since ?? null, limit);
      return c.json({ channel: channel.id, checks: rows.map(checkView) }, 200);
    },
  );
}
