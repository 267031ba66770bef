import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { channelLatency, FIVE_MINUTE_WINDOWS } from '../../../history/queries.ts';
import { historyChannelById } from '../../catalog-view.ts';
import type { RouteDeps } from '../../deps.ts';
import { ApiError, ProblemSchema } from '../../errors.ts';
import { IdParam, LatencyPointSchema, LatencyStepSchema } from '../../schemas.ts';
import { iso, latencyMs } from '../../views.ts';

const LATENCY_WINDOWS = ['24h', '7d', '30d'] as const;

export const getLatencyRoute = createRoute({
  method: 'get',
  path: '/api/v1/channels/{id}/latency',
  tags: ['history'],
  summary: "A channel's latency percentiles over time",
  request: {
    params: z.object({ id: IdParam }),
    query: z.object({
      window: z.enum(LATENCY_WINDOWS).default('24h'),
      step: LatencyStepSchema.default('1h').openapi({ description: '5m is read from raw checks, so only for windows up to 7d.' }),
    }),
  },
  responses: {
    200: {
      description: 'One point per step over the window, oldest first; percentiles of answered checks in ms.',
      content: {
        'application/json': {
          schema: z.object({ channel: z.string(), window: z.enum(LATENCY_WINDOWS), step: LatencyStepSchema, points: z.array(LatencyPointSchema) }),
        },
      },
    },
    400: { description: 'Bad query', content: { 'application/problem+json': { schema: ProblemSchema } } },
    404: { description: 'No such channel', content: { 'application/problem+json': { schema: ProblemSchema } } },
  },
});

export function registerGetLatency(app: OpenAPIHono, deps: RouteDeps): void {
  app.openapi(getLatencyRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { window, step } = c.req.valid('query');
    if (step === '5m' && !FIVE_MINUTE_WINDOWS.includes(window)) {
      const message = `a 5m step needs a window of ${FIVE_MINUTE_WINDOWS.join(' or ')} (raw checks are not kept longer)`;
      throw new ApiError(400, 'bad_request', `query.step: ${message}`, [{ path: 'query.step', message }]);
    }
    const channel = historyChannelById(await deps.catalog(), id);
    const points = await channelLatency(deps.database.db, channel, window, step, deps.now());
    return c.json(
      {
        channel: id,
        window,
        step,
        points: points.map((p) => ({ at: iso(p.start)!, count: p.count, p50: latencyMs(p.p50), p95: latencyMs(p.p95), p99: latencyMs(p.p99) })),
      },
      200,
    );
  });
}
