import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { chooseLang } from '../../../advice/lang.ts';
import { rankChannels } from '../../../advice/rank.ts';
import { NEEDS } from '../../../advice/types.ts';
import type { RouteDeps } from '../../deps.ts';
import { ApiError, ProblemSchema } from '../../errors.ts';
import { ChannelStateSchema, IdParam, LangQuery } from '../../schemas.ts';
import { adviceChannels } from './channels.ts';

export const AdviceSchema = z
  .object({
    provider: z.string(),
    state: ChannelStateSchema.openapi({ description: "The provider's own support as one word (the regulator and notices do not vote)." }),
    summary: z.string(),
    suggestions: z
      .array(z.object({ channel: z.string(), rank: z.number().int().min(1), state: ChannelStateSchema, reason: z.string() }))
      .openapi({ description: 'Channels to try now, best first (rank 1). Never a down, closed or maintenance channel.' }),
    avoid: z.array(z.object({ channel: z.string(), reason: z.string() })).openapi({ description: 'Channels not to try now, and why and until when.' }),
  })
  .openapi('Advice');

export const getAdviceRoute = createRoute({
  method: 'get',
  path: '/api/v1/providers/{id}/advice',
  tags: ['advice'],
  summary: 'Which channel of a provider to try now for a need, with a reason for each, in zh-CN or en',
  request: {
    params: z.object({ id: IdParam }),
    query: z.object({
      need: z.enum(NEEDS).default('general').openapi({ description: 'What the user needs help with.' }),
      lang: LangQuery,
    }),
  },
  responses: {
    200: { description: 'Ranked suggestions and channels to avoid. `Content-Language` says which language the texts are in.', content: { 'application/json': { schema: AdviceSchema } } },
    400: { description: 'Unknown need or malformed id or language', content: { 'application/problem+json': { schema: ProblemSchema } } },
    404: { description: 'No such provider', content: { 'application/problem+json': { schema: ProblemSchema } } },
  },
});

/** Mounts `GET /api/v1/providers/{id}/advice`. */
export function registerGetAdvice(app: OpenAPIHono, deps: RouteDeps): void {
  app.openapi(getAdviceRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { need, lang } = c.req.valid('query');
    const catalog = await deps.catalog();
    const provider = catalog.providerById.get(id);
    if (!provider) throw new ApiError(404, 'not_found', `No provider "${id}"`);
    const now = deps.now();
    const channels = await adviceChannels(deps.database.db, catalog, provider, now);
    const chosen = chooseLang({ lang, acceptLanguage: c.req.header('accept-language'), fallback: provider.locale });
    const advice = rankChannels({ provider: { id: provider.id, name: provider.name, timezone: provider.timezone }, need, lang: chosen, channels }, now);
    c.header('content-language', chosen);
    c.header('vary', 'accept-language');
    return c.json(advice, 200);
  });
}
