import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { resolveManualNotice } from '../../../catalog-admin/manual-notices.ts';
import { ProblemSchema } from '../../errors.ts';
import { authProblemResponses, bearerSecurity, requireScope } from '../../middleware/require-scope/index.ts';
import { keyName } from '../providers/create.ts';
import { ManualNoticeSchema, answer, type ManualNoticeDeps } from './create.ts';
import { NoticeIdParam, openManualNotice } from './update.ts';

/**
 * Mounts `POST /api/v1/notices/{id}/resolve` (scope write): resolves a manual notice (it is
 * no longer in effect) with an optional closing note.
 */
export function registerResolveNotice(app: OpenAPIHono, deps: ManualNoticeDeps): void {
  const route = createRoute({
    method: 'post',
    path: '/api/v1/notices/{id}/resolve',
    tags: ['notices'],
    summary: 'Resolve a manual notice (scope write)',
    security: bearerSecurity,
    middleware: [requireScope('write', deps)] as const,
    request: {
      params: z.object({ id: NoticeIdParam }),
      body: { required: false, content: { 'application/json': { schema: z.strictObject({ note: z.string().trim().min(1).max(4000).optional() }) } } },
    },
    responses: {
      200: { description: 'Resolved.', content: { 'application/json': { schema: ManualNoticeSchema } } },
      400: { description: 'Invalid body', content: { 'application/problem+json': { schema: ProblemSchema } } },
      ...authProblemResponses,
      404: { description: 'No such notice', content: { 'application/problem+json': { schema: ProblemSchema } } },
      409: { description: 'Read from a feed, or resolved already', content: { 'application/problem+json': { schema: ProblemSchema } } },
    },
  });
  app.openapi(route, async (c) => {
    const stored = await openManualNotice(deps, c.req.valid('param').id);
    const note = (c.req.valid('json') as { note?: string } | undefined)?.note ?? null;
    const written = await resolveManualNotice(deps.database, stored, { note, by: keyName(c), now: deps.now(), alerts: deps.noticeAlerts });
    return c.json(await answer(deps, written), 200);
  });
}
