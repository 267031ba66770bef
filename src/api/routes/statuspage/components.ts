import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { pageParts } from '../../../statuspage/documents.ts';
import { StatuspageComponentsDocumentSchema } from '../../../statuspage/schema.ts';
import type { RouteDeps } from '../../deps.ts';
import { ProviderParams, STATUSPAGE_TAG, problemResponses, sourceFor } from './shared.ts';

export const statuspageComponentsRoute = createRoute({
  method: 'get',
  path: '/p/{provider}/api/v2/components.json',
  tags: [STATUSPAGE_TAG],
  summary: "A provider's channels as Statuspage v2 components",
  request: { params: ProviderParams },
  responses: {
    200: { description: 'Statuspage v2 components.', content: { 'application/json': { schema: StatuspageComponentsDocumentSchema } } },
    ...problemResponses,
  },
});

export function registerStatuspageComponents(app: OpenAPIHono, deps: RouteDeps): void {
  app.openapi(statuspageComponentsRoute, async (c) => {
    const { provider } = c.req.valid('param');
    const parts = pageParts(await sourceFor(c, deps, provider, false));
    return c.json({ page: parts.page, components: parts.entries.map((e) => e.component) }, 200);
  });
}
