import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { channelUptime } from '../../../history/queries.ts';
import { historyChannelById } from '../../catalog-view.ts';
import type { RouteDeps } from '../../deps.ts';
import { ProblemSchema } from '../../errors.ts';
import { HistoryWindowSchema, IdParam, UptimeSchema } from '../../schemas.ts';
import { fraction, iso } from '../../views.ts';

export const getUptimeRoute = createRoute({
  method: 'get',
  path: '/api/v1/channels/{id}/uptime',
  tags: ['history'],
  summary: "A channel's time-based uptime over a window",
  description:
    'uptime = (up + degraded) / (up + degraded + down), counting only time inside service hours and outside maintenance windows; null when no time was measured.',
  request: {
    params: z.object({ id: IdParam }),
    query: z.object({ window: HistoryWindowSchema.default('24h') }),
  },
  responses: {
    200: { description: 'Uptime, down time and incidents over the window.', content: { 'application/json': { schema: UptimeSchema } } },
    400: { description: 'Bad query', content: { 'application/problem+json': { schema: ProblemSchema } } },
    404: { description: 'No such channel', content: { 'application/problem+json': { schema: ProblemSchema } } },
  },
});

export function registerGetUptime(app: OpenAPIHono, deps: RouteDeps): void {
  app.openapi(getUptimeRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { window } = c.req.valid('query');
    const channel = historyChannelById(await deps.catalog(), id);
    const u = await channelUptime(deps.database.db, channel, window, deps.now());
    return c.json(
      { channel: id, window, from: iso(u.from)!, uptime: fraction(u.uptime), down_seconds: Math.round(u.downSeconds), incidents: u.incidents },
      200,
    );
  });
}
