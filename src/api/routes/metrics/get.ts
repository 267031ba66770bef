import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { channelStateFamilies, readChannelStates } from '../../../metrics/channel-states.ts';
import { PROMETHEUS_CONTENT_TYPE, formatFamilies } from '../../../metrics/exposition.ts';
import type { RouteDeps } from '../../deps.ts';
import { authProblemResponses, bearerSecurity, requireScope } from '../../middleware/require-scope/index.ts';

/** What the route needs beyond the routes' usual dependencies: the key that may scrape. */
export type MetricsRouteDeps = RouteDeps & { adminKey?: string | undefined };

/**
 * Mounts `GET /metrics`, the Prometheus scrape target: the channel states the app computes
 * (`supportwatch_channels`, `supportwatch_channel_up`) and, when the runtime has them
 * (`deps.metrics`, Node), the monitor's checks, latency, scheduler lag and notice source
 * errors. It wants a key of scope `read` (Prometheus: `authorization: { credentials: <key> }`)
 * unless `metricsPublic` is set, for a monitor whose port only Prometheus can reach: this
 * app faces the public, and process internals are the operator's.
 */
export function registerGetMetrics(app: OpenAPIHono, deps: MetricsRouteDeps): void {
  const route = createRoute({
    method: 'get',
    path: '/metrics',
    tags: ['metrics'],
    summary: deps.metricsPublic ? 'Prometheus metrics (text format 0.0.4)' : 'Prometheus metrics (text format 0.0.4; scope read)',
    ...(deps.metricsPublic ? {} : { security: bearerSecurity, middleware: [requireScope('read', deps)] as const }),
    responses: {
      200: { description: 'Metrics in the Prometheus text exposition format.', content: { 'text/plain': { schema: z.string() } } },
      ...(deps.metricsPublic ? {} : authProblemResponses),
    },
  });
  app.openapi(route, async (c) => {
    const [process, channels] = await Promise.all([deps.metrics?.() ?? '', readChannelStates(deps)]);
    const text = process + formatFamilies(channelStateFamilies(channels));
    // A typed route expects JSON; this is Prometheus text. Never cached: each scrape is now.
    return c.body(text, 200, { 'content-type': PROMETHEUS_CONTENT_TYPE, 'cache-control': 'no-store' }) as never;
  });
}
