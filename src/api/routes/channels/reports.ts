import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { splitByPeriod, windowStart } from '../../../domain/history/index.ts';
import { REPORT_PROBLEMS, type ReportProblem } from '../../../reports/problems.ts';
import { reportSurges, reportTallies } from '../../../reports/store.ts';
import type { RouteDeps } from '../../deps.ts';
import { ApiError, ProblemSchema } from '../../errors.ts';
import { IdParam, Instant, ReportLevelSchema } from '../../schemas.ts';
import { iso } from '../../views.ts';

/** The windows report counts are given for (reports are kept 35 days). */
export const REPORT_WINDOWS = ['24h', '7d'] as const;

export const ReportCountsSchema = z
  .object({
    channel: z.string(),
    window: z.enum(REPORT_WINDOWS),
    from: Instant.openapi({ description: "Where the window starts: the local hour 23 hours (24h) or local day 6 days (7d) before the current one, in the provider's zone." }),
    total: z.number().int().openapi({ description: 'Counted reports in the window (repeats within 15 minutes are not counted).' }),
    reporters: z.number().int().openapi({ description: 'Distinct people behind them.' }),
    by_problem: z.object(Object.fromEntries(REPORT_PROBLEMS.map((p) => [p, z.number().int()])) as Record<ReportProblem, z.ZodNumber>),
    by_hour: z
      .array(z.object({ at: Instant.openapi({ description: 'Start of the local hour.' }), count: z.number().int() }))
      .openapi({ description: 'Counted reports per local hour, oldest first, the current hour last.' }),
    surge: z
      .object({
        state: ReportLevelSchema,
        reporters: z.number().int().openapi({ description: 'Distinct people with a counted report in the last 15 minutes.' }),
        threshold: z.number().int().openapi({ description: 'How many make a surge now: max(5, 2u, u + 4√u).' }),
        usual: z.number().openapi({ description: 'u: the usual counted reports per 15 minutes at this hour of the week (median of the past 4 weeks).' }),
      })
      .openapi('ReportSurge'),
  })
  .openapi('ReportCounts');

export const getReportsRoute = createRoute({
  method: 'get',
  path: '/api/v1/channels/{id}/reports',
  tags: ['reports'],
  summary: "Users' reports on a channel: counts by problem and by hour, and whether they make a surge now",
  request: {
    params: z.object({ id: IdParam }),
    query: z.object({ window: z.enum(REPORT_WINDOWS).default('24h') }),
  },
  responses: {
    200: { description: 'Counted reports over the window and the surge decision now.', content: { 'application/json': { schema: ReportCountsSchema } } },
    400: { description: 'Bad window or malformed id', content: { 'application/problem+json': { schema: ProblemSchema } } },
    404: { description: 'No such channel', content: { 'application/problem+json': { schema: ProblemSchema } } },
  },
});

/** Mounts `GET /api/v1/channels/{id}/reports`. */
export function registerGetReports(app: OpenAPIHono, deps: Pick<RouteDeps, 'database' | 'catalog' | 'now'>): void {
  app.openapi(getReportsRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { window } = c.req.valid('query');
    const found = (await deps.catalog()).channelById.get(id);
    if (!found) throw new ApiError(404, 'not_found', `No channel "${id}"`);
    const { db } = deps.database;
    const pk = found.channel.pk;
    const tz = found.provider.timezone;
    const now = deps.now();
    const from = windowStart(window, now, tz);
    const [{ tallies, reporters }, surges] = await Promise.all([reportTallies(db, pk, from, now), reportSurges(db, [pk], tz, now)]);

    const byProblem = Object.fromEntries(REPORT_PROBLEMS.map((p) => [p, 0])) as Record<ReportProblem, number>;
    const hours = splitByPeriod(from, now + 1, tz, 'hour').map((p) => ({ start: p.start, count: 0 }));
    let h = 0;
    for (const t of tallies) {
      byProblem[t.problem] += t.count;
      // Tallies come oldest first, and each 5-minute slot lies inside one local hour.
      while (h + 1 < hours.length && hours[h + 1]!.start <= t.slot) h++;
      hours[h]!.count += t.count;
    }
    const surge = surges.get(pk)!;
    return c.json(
      {
        channel: id,
        window,
        from: iso(from)!,
        total: tallies.reduce((n, t) => n + t.count, 0),
        reporters,
        by_problem: byProblem,
        by_hour: hours.map((x) => ({ at: iso(x.start)!, count: x.count })),
        surge: { state: surge.surge ? ('surge' as const) : ('normal' as const), reporters: surge.reporters, threshold: surge.threshold, usual: surge.usual },
      },
      200,
    );
  });
}
