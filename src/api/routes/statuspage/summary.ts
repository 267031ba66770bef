import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { buildSummary } from '../../../statuspage/documents.ts';
import { StatuspageSummarySchema } from '../../../statuspage/schema.ts';
import type { RouteDeps } from '../../deps.ts';
import { ProviderParams, STATUSPAGE_TAG, problemResponses, sourceFor } from './shared.ts';

export const statuspageSummaryRoute = createRoute({
  method: 'get',
  path: '/p/{provider}/api/v2/summary.json',
  tags: [STATUSPAGE_TAG],
  summary: "A provider's status in Atlassian Statuspage's v2 format: channels as components, unresolved incidents, current maintenance, page status",
  request: { params: ProviderParams },
  responses: {
    200: { description: 'Statuspage v2 summary.', content: { 'application/json': { schema: StatuspageSummarySchema } } },
    ...problemResponses,
  },
});

export function registerStatuspageSummary(app: OpenAPIHono, deps: RouteDeps): void {
  app.openapi(statuspageSummaryRoute, async (c) => {
    const { provider } = c.req.valid('param');
    return c.json(buildSummary(await sourceFor(c, deps, provider, false)), 200);
  });
}
