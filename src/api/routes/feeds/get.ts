import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { listNotices } from '../../../notices/store.ts';
import { listIncidents } from '../../../store/reads.ts';
import type { RouteDeps } from '../../deps.ts';
import { ApiError, ProblemSchema } from '../../errors.ts';
import { FEED_ITEMS, feedDocument, type FeedKind } from './feed-document.ts';

const MEDIA_TYPES: Record<FeedKind, string> = { atom: 'application/atom+xml', rss: 'application/rss+xml' };

export const getFeedRoute = createRoute({
  method: 'get',
  path: '/feeds/{file}',
  tags: ['feeds'],
  summary: "A provider's notices and incidents as Atom (`<provider>.atom`) or RSS 2.0 (`<provider>.rss`), newest first",
  request: {
    params: z.object({
      file: z
        .string()
        .regex(/^[a-z0-9-]{1,64}\.(atom|rss)$/, 'expected <provider id>.atom or <provider id>.rss')
        .openapi({ param: { name: 'file', in: 'path' }, example: 'examplepay.atom' }),
    }),
  },
  responses: {
    200: {
      description: `The ${FEED_ITEMS} newest notices and incidents.`,
      content: { [MEDIA_TYPES.atom]: { schema: z.string() }, [MEDIA_TYPES.rss]: { schema: z.string() } },
    },
    400: { description: 'Not a feed file name', content: { 'application/problem+json': { schema: ProblemSchema } } },
    404: { description: 'No such provider', content: { 'application/problem+json': { schema: ProblemSchema } } },
  },
});

export function registerGetFeed(app: OpenAPIHono, deps: RouteDeps): void {
  app.openapi(getFeedRoute, async (c) => {
    const { file } = c.req.valid('param');
    const dot = file.lastIndexOf('.');
    const id = file.slice(0, dot);
    const kind = file.slice(dot + 1) as FeedKind;
    const catalog = await deps.catalog();
    const provider = catalog.providerById.get(id);
    if (!provider) throw new ApiError(404, 'not_found', `No provider "${id}"`);
    const { db } = deps.database;
    const now = deps.now();
    const [notices, incidents] = await Promise.all([
      listNotices(db, { providerPk: provider.pk, now, limit: FEED_ITEMS }),
      listIncidents(db, { providerPk: provider.pk, limit: FEED_ITEMS }),
    ]);
    const channelNames = new Map((catalog.channelsByProvider.get(provider.pk) ?? []).map((ch) => [ch.id, ch.name]));
    const xml = feedDocument({ provider, notices, incidents, channelNames, origin: new URL(c.req.url).origin, now }, kind);
    // Typed routes expect JSON; a feed is text with its own media type.
    return c.body(xml, 200, { 'content-type': `${MEDIA_TYPES[kind]}; charset=utf-8`, 'cache-control': 'public, max-age=60' }) as never;
  });
}
