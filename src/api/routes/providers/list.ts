import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { providerState } from '../../../domain/state.ts';
import { listChannelStates, withState } from '../../../store/reads.ts';
import type { RouteDeps } from '../../deps.ts';
import { ProblemSchema } from '../../errors.ts';
import { ProviderSummarySchema } from '../../schemas.ts';
import { channelStateNow } from '../../views.ts';

export const listProvidersRoute = createRoute({
  method: 'get',
  path: '/api/v1/providers',
  tags: ['providers'],
  summary: 'Every watched provider with its overall state now',
  responses: {
    200: {
      description: 'Providers in id order.',
      content: { 'application/json': { schema: z.object({ providers: z.array(ProviderSummarySchema) }) } },
    },
    429: { description: 'Rate limited', content: { 'application/problem+json': { schema: ProblemSchema } } },
  },
});

export function registerListProviders(app: OpenAPIHono, deps: RouteDeps): void {
  app.openapi(listProvidersRoute, async (c) => {
    const [catalog, states] = await Promise.all([deps.catalog(), listChannelStates(deps.database.db)]);
    const now = deps.now();
    return c.json(
      {
        providers: catalog.providers.map((p) => {
          const own = catalog.channelsByProvider.get(p.pk) ?? [];
          return {
            id: p.id,
            name: p.name,
            state: providerState(own.map((ch) => channelStateNow(withState(ch, states.get(ch.pk)), p, now))),
            channels: own.length,
          };
        }),
      },
      200,
    );
  });
}
