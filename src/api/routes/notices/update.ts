import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { findManualNotice, updateManualNotice, type ManualNoticeInput } from '../../../catalog-admin/manual-notices.ts';
import type { StoredNotice } from '../../../notices/store.ts';
import { ApiError, ProblemSchema } from '../../errors.ts';
import { authProblemResponses, bearerSecurity, requireScope } from '../../middleware/require-scope/index.ts';
import { keyName } from '../providers/create.ts';
import { ManualNoticeFields, ManualNoticeSchema, answer, checkChannels, windowOf, type ManualNoticeDeps } from './create.ts';

/** A manual notice's id in a path. */
export const NoticeIdParam = z
  .string()
  .regex(/^manual-[0-9a-f]{16}$/, 'expected the id of a manual notice (manual-…)')
  .openapi({ param: { name: 'id', in: 'path' }, example: 'manual-3f2a9c1e0b7d4a51' });

/** The manual notice with this id, open: 404 for none, 409 for one read from a feed or resolved. */
export async function openManualNotice(deps: ManualNoticeDeps, id: string): Promise<StoredNotice> {
  const found = await findManualNotice(deps.database, id);
  if (!found) throw new ApiError(404, 'not_found', `No notice "${id}"`);
  if (found.fromFeed) throw new ApiError(409, 'conflict', `Notice "${id}" was read from the provider's announcement source; only manual notices change through the API.`);
  if (found.notice.closedAt !== null) throw new ApiError(409, 'conflict', `Notice "${id}" is resolved; post a new notice instead.`);
  return found.notice;
}

/**
 * Mounts `PATCH /api/v1/notices/{id}` (scope write): changes a manual notice's text, kind,
 * window or channels, and adds an update entry (`update`, else the new body).
 */
export function registerUpdateNotice(app: OpenAPIHono, deps: ManualNoticeDeps): void {
  const route = createRoute({
    method: 'patch',
    path: '/api/v1/notices/{id}',
    tags: ['notices'],
    summary: 'Update a manual notice and add an update entry (scope write)',
    security: bearerSecurity,
    middleware: [requireScope('write', deps)] as const,
    request: {
      params: z.object({ id: NoticeIdParam }),
      body: {
        required: true,
        content: {
          'application/json': {
            schema: z.strictObject({
              kind: ManualNoticeFields.kind.optional(),
              title: ManualNoticeFields.title.optional(),
              body: ManualNoticeFields.body.optional(),
              url: ManualNoticeFields.url.nullable().optional(),
              window: ManualNoticeFields.window.nullable().optional(),
              channels: ManualNoticeFields.channels.nullable().optional(),
              update: z.string().trim().min(1).max(4000).optional().openapi({ description: 'The text of this update, as a status page shows it.' }),
            }),
          },
        },
      },
    },
    responses: {
      200: { description: 'Updated.', content: { 'application/json': { schema: ManualNoticeSchema } } },
      400: { description: 'Invalid body', content: { 'application/problem+json': { schema: ProblemSchema } } },
      ...authProblemResponses,
      404: { description: 'No such notice', content: { 'application/problem+json': { schema: ProblemSchema } } },
      409: { description: 'Read from a feed, or resolved', content: { 'application/problem+json': { schema: ProblemSchema } } },
    },
  });
  app.openapi(route, async (c) => {
    const stored = await openManualNotice(deps, c.req.valid('param').id);
    const { update, window, ...fields } = c.req.valid('json');
    await checkChannels(deps, stored.providerPk, fields.channels);
    const change: Partial<ManualNoticeInput> = { ...fields };
    if (window !== undefined) change.window = windowOf(window);
    const written = await updateManualNotice(deps.database, stored, { change, update: update ?? null, by: keyName(c), now: deps.now(), alerts: deps.noticeAlerts });
    return c.json(await answer(deps, written), 200);
  });
}
