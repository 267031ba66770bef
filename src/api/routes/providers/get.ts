import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { providerState } from '../../../domain/state.ts';
import { findProvider, latestChecks, listChannels } from '../../../store/reads.ts';
import type { AppDeps } from '../../deps.ts';
import { ApiError, ProblemSchema } from '../../errors.ts';
import { IdParam, ProviderSchema } from '../../schemas.ts';
import { channelView } from '../../views.ts';

export const getProviderRoute = createRoute({
  method: 'get',
  path: '/api/v1/providers/{id}',
  tags: ['providers'],
  summary: 'A provider with the state of every support channel now',
  request: { params: z.object({ id: IdParam }) },
  responses: {
    200: { description: 'The provider and its channels, in config order.', content: { 'application/json': { schema: ProviderSchema } } },
    400: { description: 'Malformed id', content: { 'application/problem+json': { schema: ProblemSchema } } },
    404: { description: 'No such provider', content: { 'application/problem+json': { schema: ProblemSchema } } },
  },
});

export function registerGetProvider(app: OpenAPIHono, deps: AppDeps): void {
  app.openapi(
    getProviderRoute,
    async (c) => {
      const { id } = c.req.valid('param');
      const { db } = deps.database;
      const provider = await findProvider(db, id);
      if (!provider) throw new ApiError(404, 'not_found', `No provider "${id}"`);
      const now = deps.now();
      const rows = await listChannels(db, provider.pk);
      const last = await latestChecks(db, rows.map((r) => r.pk));
      const channels = rows.map((row) => channelView(row, provider, last.get(row.pk), now));
      return c.json(
        {
          id: provider.id,
          name: provider.name,
          timezone: provider.timezone,
          locale: provider.locale,
          state: providerState(channels.map((ch) => ch.state)),
          channels,
        },
        200,
      );
    },
  );
}
