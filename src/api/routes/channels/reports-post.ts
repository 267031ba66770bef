import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { REPORT_PROBLEMS } from '../../../reports/problems.ts';
import { reporterHash, reporterKey } from '../../../reports/reporter-hash.ts';
import { recordReport, reportSalt } from '../../../reports/store.ts';
import type { RouteDeps } from '../../deps.ts';
import { ApiError, ProblemSchema } from '../../errors.ts';
import { rateLimit } from '../../middleware/rate-limit/index.ts';
import { IdParam, Instant } from '../../schemas.ts';
import { iso } from '../../views.ts';

/** Largest report body: `{ "problem": "disconnected" }` is 27 bytes. */
export const MAX_REPORT_BYTES = 1024;
/** Reports one address may send a minute (a burst of this many, then one every 6 s). */
export const REPORTS_PER_MINUTE = 10;

export const NewReportSchema = z
  .strictObject({ problem: z.enum(REPORT_PROBLEMS).openapi({ description: 'What went wrong when you tried the channel.' }) })
  .openapi('NewReport');

export const ReportReceiptSchema = z
  .object({
    channel: z.string(),
    problem: z.enum(REPORT_PROBLEMS),
    counted: z.boolean().openapi({ description: 'false for a repeat: one report per person per channel per 15 minutes counts.' }),
    counted_again_at: Instant.openapi({ description: "When this person's next report on this channel would count." }),
    detail: z.string(),
  })
  .openapi('ReportReceipt');

export const postReportRoute = createRoute({
  method: 'post',
  path: '/api/v1/channels/{id}/reports',
  tags: ['reports'],
  summary: 'Report that a channel could not be reached (no login; one counted report per person per channel per 15 minutes)',
  request: {
    params: z.object({ id: IdParam }),
    body: { required: true, content: { 'application/json': { schema: NewReportSchema } } },
  },
  responses: {
    202: { description: 'Stored; `counted` says whether it counts toward the channel\'s report level.', content: { 'application/json': { schema: ReportReceiptSchema } } },
    400: { description: 'Not JSON, or not one of the problems', content: { 'application/problem+json': { schema: ProblemSchema } } },
    404: { description: 'No such channel', content: { 'application/problem+json': { schema: ProblemSchema } } },
    413: { description: `Body over ${MAX_REPORT_BYTES} bytes`, content: { 'application/problem+json': { schema: ProblemSchema } } },
    429: { description: `More than ${REPORTS_PER_MINUTE} reports a minute from one address`, content: { 'application/problem+json': { schema: ProblemSchema } } },
  },
});

/** What the route needs: the shared route deps; `reportsPerMinute` overrides `REPORTS_PER_MINUTE`. */
export type PostReportDeps = Pick<RouteDeps, 'database' | 'catalog' | 'now' | 'clientAddress'> & { reportsPerMinute?: number };

/**
 * Mounts `POST /api/v1/channels/{id}/reports`. Nothing here makes an outbound request: a
 * report is a row, and it only ever weighs on the channel it names. The reporter is the
 * HMAC of the client address (an IPv6 address by its /64) under the salt in `meta`; the
 * same key is what the per-address limit counts, so rotating addresses inside one /64 buys
 * no extra reports.
 */
export function registerPostReport(app: OpenAPIHono, deps: PostReportDeps): void {
  const addressOf = (c: Context) => deps.clientAddress?.(c) ?? 'anonymous';
  const limit = rateLimit({ limit: deps.reportsPerMinute ?? REPORTS_PER_MINUTE, keyOf: (c) => reporterKey(addressOf(c)), now: deps.now });
  const size = bodyLimit({
    maxSize: MAX_REPORT_BYTES,
    onError: () => {
      throw new ApiError(413, 'payload_too_large', `A report body is limited to ${MAX_REPORT_BYTES} bytes`);
    },
  });
  app.post('/api/v1/channels/:id/reports', limit, size);

  let salt: Promise<string> | undefined;
  const saltOnce = () =>
    (salt ??= reportSalt(deps.database.db).catch((err: unknown) => {
      salt = undefined; // a failed read is tried again by the next report
      throw err;
    }));

  app.openapi(postReportRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { problem } = c.req.valid('json');
    const found = (await deps.catalog()).channelById.get(id);
    if (!found) throw new ApiError(404, 'not_found', `No channel "${id}"`);
    const reporter = reporterHash(addressOf(c), await saltOnce());
    const at = deps.now();
    const decision = await recordReport(deps.database.db, { channelPk: found.channel.pk, reporter, problem, at });
    const again = iso(decision.nextCountedAt)!;
    return c.json(
      {
        channel: id,
        problem,
        counted: decision.counted,
        counted_again_at: again,
        detail: decision.counted
          ? 'Thank you: your report is counted.'
          : `Thank you. You already reported this channel in the last 15 minutes, so this report is stored but not counted again; a report from ${again} on counts.`,
      },
      202,
    );
  });
}
