import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { listIncidents } from '../../../store/reads.ts';
import type { RouteDeps } from '../../deps.ts';
import { ApiError, ProblemSchema } from '../../errors.ts';
import { IdParam, IncidentSchema } from '../../schemas.ts';
import { iso } from '../../views.ts';

export const listIncidentsRoute = createRoute({
  method: 'get',
  path: '/api/v1/incidents',
  tags: ['incidents'],
  summary: 'Incidents, newest first',
  request: {
    query: z.object({
      provider: IdParam.optional().openapi({ param: { name: 'provider', in: 'query' } }),
      open: z.enum(['true', 'false']).optional().openapi({ description: 'Only open (true) or only closed (false) incidents' }),
      limit: z.coerce.number().int().min(1).max(500).default(100).openapi({ type: 'integer' }),
    }),
  },
  responses: {
    200: { description: 'Incidents.', content: { 'application/json': { schema: z.object({ incidents: z.array(IncidentSchema) }) } } },
    400: { description: 'Bad query', content: { 'application/problem+json': { schema: ProblemSchema } } },
    404: { description: 'No such provider', content: { 'application/problem+json': { schema: ProblemSchema } } },
  },
});

export function registerListIncidents(app: OpenAPIHono, deps: RouteDeps): void {
  app.openapi(
    listIncidentsRoute,
    async (c) => {
      const { provider: providerId, open, limit } = c.req.valid('query');
      const { db } = deps.database;
      let providerPk: number | undefined;
      if (providerId !== undefined) {
        const provider = (await deps.catalog()).providerById.get(providerId);
        if (!provider) throw new ApiError(404, 'not_found', `No provider "${providerId}"`);
        providerPk = provider.pk;
      }
      const now = deps.now();
      const rows = await listIncidents(db, { providerPk, open: open === undefined ? undefined : open === 'true', limit });
      return c.json(
        {
          incidents: rows.map((r) => ({
            id: r.id,
            provider: r.providerId,
            channel: r.channelId,
            started_at: iso(r.startedAt)!,
            ended_at: iso(r.endedAt),
            duration_s: Math.max(0, Math.round(((r.endedAt ?? now) - r.startedAt) / 1000)),
            cause: r.causeClass ? { class: r.causeClass, message: r.causeMessage } : null,
            acknowledged: r.acknowledgedAt ? { at: new Date(r.acknowledgedAt).toISOString(), by: r.acknowledgedBy ?? '', note: r.ackNote ?? null } : null,
          })),
        },
        200,
      );
    },
  );
}
