import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { bestTimes } from '../../../advice/best-time.ts';
import { BUSYNESS_LEVELS, MEASURED_MIN_DAYS } from '../../../advice/busyness.ts';
import { historyChannelById } from '../../catalog-view.ts';
import type { RouteDeps } from '../../deps.ts';
import { ProblemSchema } from '../../errors.ts';
import { IdParam, Instant, UptimeFractionSchema } from '../../schemas.ts';
import { fraction, iso, latencyMs } from '../../views.ts';
import { HOUR_OF_WEEK_DAYS, hourOfWeekTables } from '../advice/hour-of-week.ts';

export const BestWindowSchema = z
  .object({
    start: Instant,
    end: Instant,
    median_latency_ms: z.number().nullable().openapi({ description: 'Slowest hourly median latency inside the window (measured basis only).' }),
    availability: UptimeFractionSchema.openapi({ description: 'Lowest hourly availability inside the window (measured basis only).' }),
    level: z.enum(BUSYNESS_LEVELS).nullable().openapi({ description: 'The default busyness of the window (default basis only).' }),
  })
  .openapi('BestWindow');

export const BestTimeSchema = z
  .object({
    channel: z.string(),
    timezone: z.string(),
    basis: z.enum(['measured', 'default']).openapi({
      description: `measured: from the channel's own latency and availability by hour of the week, with ${MEASURED_MIN_DAYS}+ days of history; default: weekdays 09–11 and 14–16 busy, 12–13 and after 17:00 quiet.`,
    }),
    days: z.number().int().openapi({ description: `Days (of the last ${HOUR_OF_WEEK_DAYS}) the channel was watched.` }),
    windows: z.array(BestWindowSchema).openapi({ description: 'Up to three windows inside service hours within the next 7 days, soonest first.' }),
    evidence: z
      .array(
        z.object({
          weekday: z.number().int().openapi({ description: 'Local weekday, 0 = Sunday.' }),
          hour: z.number().int().openapi({ description: 'Local hour, 0–23.' }),
          median_latency_ms: z.number().nullable(),
          availability: UptimeFractionSchema,
        }),
      )
      .openapi({ description: 'Median latency and availability of each local hour of the week (168, Sunday 00:00 first) over the last 28 days; null where nothing was measured.' }),
  })
  .openapi('BestTime');

export const getBestTimeRoute = createRoute({
  method: 'get',
  path: '/api/v1/channels/{id}/best-time',
  tags: ['advice'],
  summary: 'The next three windows inside service hours when a channel is expected to answer quickest',
  request: { params: z.object({ id: IdParam }) },
  responses: {
    200: { description: 'The windows and the evidence behind them.', content: { 'application/json': { schema: BestTimeSchema } } },
    400: { description: 'Malformed id', content: { 'application/problem+json': { schema: ProblemSchema } } },
    404: { description: 'No such channel', content: { 'application/problem+json': { schema: ProblemSchema } } },
  },
});

/** Mounts `GET /api/v1/channels/{id}/best-time`. */
export function registerGetBestTime(app: OpenAPIHono, deps: RouteDeps): void {
  app.openapi(getBestTimeRoute, async (c) => {
    const { id } = c.req.valid('param');
    const channel = historyChannelById(await deps.catalog(), id);
    const now = deps.now();
    const history = (await hourOfWeekTables(deps.database.db, [channel], now)).get(channel.pk) ?? null;
    const best = bestTimes({ hours: channel.hours, timezone: channel.timezone, history }, now);
    return c.json(
      {
        channel: id,
        timezone: channel.timezone,
        basis: best.basis,
        days: best.days,
        windows: best.windows.map((w) => ({
          start: iso(w.start)!,
          end: iso(w.end)!,
          median_latency_ms: latencyMs(w.medianLatencyMs),
          availability: fraction(w.availability),
          level: w.level,
        })),
        evidence: best.evidence.map((e) => ({
          weekday: e.weekday,
          hour: e.hour,
          median_latency_ms: latencyMs(e.medianLatencyMs),
          availability: fraction(e.availability),
        })),
      },
      200,
    );
  });
}
