import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { providerState } from '../../../domain/state.ts';
import { listChannels, listProviders, type ChannelRow } from '../../../store/reads.ts';
import type { AppDeps } from '../../deps.ts';
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

export function registerListProviders(app: OpenAPIHono, deps: AppDeps): void {
  app.openapi(listProvidersRoute, async (c) => {
    const { db } = deps.database;
    const now = deps.now();
    const [providers, channels] = await Promise.all([listProviders(db), listChannels(db)]);
    const byProvider = new Map<number, ChannelRow[]>();
    for (const ch of channels) {
      const own = byProvider.get(ch.providerPk);
      if (own) own.push(ch);
      else byProvider.set(ch.providerPk, [ch]);
    }
    return c.json(
      {
        providers: providers.map((p) => {
          const own = byProvider.get(p.pk) ?? [];
          return { id: p.id, name: p.name, state: providerState(own.map((ch) => channelStateNow(ch, p, now))), channels: own.length };
        }),
      },
      200,
    );
  });
}
