import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { channelHeatmap } from '../../../history/queries.ts';
import { historyChannelById } from '../../catalog-view.ts';
import type { RouteDeps } from '../../deps.ts';
import { ProblemSchema } from '../../errors.ts';
import { HeatmapCellSchema, IdParam } from '../../schemas.ts';
import { fraction, latencyMs } from '../../views.ts';

export const getHeatmapRoute = createRoute({
  method: 'get',
  path: '/api/v1/channels/{id}/heatmap',
  tags: ['history'],
  summary: "A channel's availability and median latency by local weekday and hour",
  request: {
    params: z.object({ id: IdParam }),
    query: z.object({
      days: z.coerce.number().int().min(1).max(90).default(28).openapi({ type: 'integer', example: 28, description: 'Local days ending today.' }),
    }),
  },
  responses: {
    200: {
      description: "7 rows (weekday 0 = Sunday) of 24 cells (hour), in the provider's local time.",
      content: {
        'application/json': {
          schema: z.object({ channel: z.string(), timezone: z.string(), days: z.number().int(), cells: z.array(z.array(HeatmapCellSchema)) }),
        },
      },
    },
    400: { description: 'Bad query', content: { 'application/problem+json': { schema: ProblemSchema } } },
    404: { description: 'No such channel', content: { 'application/problem+json': { schema: ProblemSchema } } },
  },
});

export function registerGetHeatmap(app: OpenAPIHono, deps: RouteDeps): void {
  app.openapi(getHeatmapRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { days } = c.req.valid('query');
    const channel = historyChannelById(await deps.catalog(), id);
    const grid = await channelHeatmap(deps.database.db, channel, days, deps.now());
    return c.json(
      {
        channel: id,
        timezone: channel.timezone,
        days,
        cells: grid.map((row) =>
          row.map((cell) => ({
            weekday: cell.weekday,
            hour: cell.hour,
            uptime: fraction(cell.uptime),
            measured_seconds: Math.round(cell.measuredSeconds),
            median_latency_ms: latencyMs(cell.medianLatencyMs),
          })),
        ),
      },
      200,
    );
  });
}
