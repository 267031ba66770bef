import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { coveredByWholeProvider } from '../../../notices/effects.ts';
import { listNotices, type NoticeFilter } from '../../../notices/store.ts';
import { NOTICE_KINDS } from '../../../notices/types.ts';
import type { RouteDeps } from '../../deps.ts';
import { ApiError, ProblemSchema } from '../../errors.ts';
import { IdParam, NoticeSchema } from '../../schemas.ts';
import { noticeView } from '../../views.ts';

export const listNoticesRoute = createRoute({
  method: 'get',
  path: '/api/v1/notices',
  tags: ['notices'],
  summary: "The providers' own announcements (outage, maintenance, resolved, info), newest first",
  request: {
    query: z.object({
      provider: IdParam.optional().openapi({ param: { name: 'provider', in: 'query' } }),
      channel: IdParam.optional().openapi({
        param: { name: 'channel', in: 'query' },
        description: 'Only notices that apply to this channel: those naming it, and those naming no channel (the whole provider).',
        example: 'examplepay-hotline',
      }),
      active: z.enum(['true', 'false']).optional().openapi({ description: 'Only notices in effect now (true) or not (false).' }),
      kind: z.enum(NOTICE_KINDS).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100).openapi({ type: 'integer' }),
    }),
  },
  responses: {
    200: { description: 'Notices, newest first.', content: { 'application/json': { schema: z.object({ notices: z.array(NoticeSchema) }) } } },
    400: { description: 'Bad query', content: { 'application/problem+json': { schema: ProblemSchema } } },
    404: { description: 'No such provider or channel', content: { 'application/problem+json': { schema: ProblemSchema } } },
  },
});

export function registerListNotices(app: OpenAPIHono, deps: RouteDeps): void {
  app.openapi(listNoticesRoute, async (c) => {
    const query = c.req.valid('query');
    const catalog = await deps.catalog();
    const now = deps.now();
    const filter: NoticeFilter = { kind: query.kind, now, limit: query.limit };
    if (query.active !== undefined) filter.active = query.active === 'true';
    if (query.provider !== undefined) {
      const provider = catalog.providerById.get(query.provider);
      if (!provider) throw new ApiError(404, 'not_found', `No provider "${query.provider}"`);
      filter.providerPk = provider.pk;
    }
    if (query.channel !== undefined) {
      const found = catalog.channelById.get(query.channel);
      if (!found) throw new ApiError(404, 'not_found', `No channel "${query.channel}"`);
      if (query.provider !== undefined && found.provider.id !== query.provider) {
        const message = `channel "${query.channel}" belongs to provider "${found.provider.id}", not "${query.provider}"`;
        throw new ApiError(400, 'bad_request', `query.channel: ${message}`, [{ path: 'query.channel', message }]);
      }
      filter.providerPk = found.provider.pk;
      filter.channel = { id: found.channel.id, wholeProvider: coveredByWholeProvider(found.channel.kind) };
    }
    const notices = await listNotices(deps.database.db, filter);
    return c.json({ notices: notices.map((n) => noticeView(n, now)) }, 200);
  });
}
