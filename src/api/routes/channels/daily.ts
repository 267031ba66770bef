import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { channelDaily } from '../../../history/queries.ts';
import { historyChannelById } from '../../catalog-view.ts';
import type { RouteDeps } from '../../deps.ts';
import { ProblemSchema } from '../../errors.ts';
import { DailyEntrySchema, IdParam } from '../../schemas.ts';
import { fraction } from '../../views.ts';

export const getDailyRoute = createRoute({
  method: 'get',
  path: '/api/v1/channels/{id}/daily',
  tags: ['history'],
  summary: "A channel's status bars: one entry per local day",
  request: {
    params: z.object({ id: IdParam }),
    query: z.object({
      days: z.coerce.number().int().min(1).max(365).default(90).openapi({ type: 'integer', example: 90, description: 'Local days ending today.' }),
    }),
  },
  responses: {
    200: {
      description: "One entry per day of the provider's calendar, oldest first, the last for today so far.",
      content: { 'application/json': { schema: z.object({ channel: z.string(), timezone: z.string(), days: z.array(DailyEntrySchema) }) } },
    },
    400: { description: 'Bad query', content: { 'application/problem+json': { schema: ProblemSchema } } },
    404: { description: 'No such channel', content: { 'application/problem+json': { schema: ProblemSchema } } },
  },
});

export function registerGetDaily(app: OpenAPIHono, deps: RouteDeps): void {
  app.openapi(getDailyRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { days } = c.req.valid('query');
    const channel = historyChannelById(await deps.catalog(), id);
    const entries = await channelDaily(deps.database.db, channel, days, deps.now());
    return c.json(
      {
        channel: id,
        timezone: channel.timezone,
        days: entries.map((d) => ({
          date: d.date,
          uptime: fraction(d.uptime),
          down_seconds: Math.round(d.downSeconds),
          worst_state: d.worstState,
          incidents: d.incidents,
        })),
      },
      200,
    );
  });
}
