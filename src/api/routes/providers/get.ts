import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { providerState } from '../../../domain/state.ts';
import { historyChannelOf } from '../../../history/channels.ts';
import { providerUptimes } from '../../../history/queries.ts';
import { isActive, isUpcoming } from '../../../notices/lifecycle.ts';
import { listLiveNotices } from '../../../notices/store.ts';
import { reportSurges } from '../../../reports/store.ts';
import { latestChecks, listChannelStates, withState } from '../../../store/reads.ts';
import type { RouteDeps } from '../../deps.ts';
import { ApiError, ProblemSchema } from '../../errors.ts';
import { IdParam, ProviderSchema } from '../../schemas.ts';
import { channelView, noticeView } from '../../views.ts';

export const getProviderRoute = createRoute({
  method: 'get',
  path: '/api/v1/providers/{id}',
  tags: ['providers'],
  summary: 'A provider with the state of every support channel now, its uptime over 24 hours, 30 and 90 days, and its notices in effect',
  request: { params: z.object({ id: IdParam }) },
  responses: {
    200: { description: 'The provider and its channels, in config order.', content: { 'application/json': { schema: ProviderSchema } } },
    400: { description: 'Malformed id', content: { 'application/problem+json': { schema: ProblemSchema } } },
    404: { description: 'No such provider', content: { 'application/problem+json': { schema: ProblemSchema } } },
  },
});

export function registerGetProvider(app: OpenAPIHono, deps: RouteDeps): void {
  app.openapi(
    getProviderRoute,
    async (c) => {
      const { id } = c.req.valid('param');
      const { db } = deps.database;
      const catalog = await deps.catalog();
      const provider = catalog.providerById.get(id);
      if (!provider) throw new ApiError(404, 'not_found', `No provider "${id}"`);
      const now = deps.now();
      const own = catalog.channelsByProvider.get(provider.pk) ?? [];
      const history = own.map((info) => historyChannelOf(provider, info, catalog.probesByChannel.get(info.pk) ?? []));
      const [states, last, uptimes, live, surges] = await Promise.all([
        listChannelStates(db, provider.pk),
        latestChecks(db, own.map((c) => c.pk)),
        providerUptimes(db, history, now),
        listLiveNotices(db, { now, providerPk: provider.pk }),
        reportSurges(db, own.map((c) => c.pk), provider.timezone, now),
      ]);
      const channels = own.map((info) =>
        channelView(
          withState(info, states.get(info.pk)),
          provider,
          last.get(info.pk),
          now,
          uptimes.get(info.pk),
          surges.get(info.pk)?.surge ? 'surge' : 'normal',
          live,
        ),
      );
      return c.json(
        {
          id: provider.id,
          name: provider.name,
          timezone: provider.timezone,
          locale: provider.locale,
          state: providerState(channels.map((ch) => ch.state)),
          channels,
          notices: live.filter((n) => isActive(n, now) || isUpcoming(n, now)).map((n) => noticeView(n, now)),
        },
        200,
      );
    },
  );
}
