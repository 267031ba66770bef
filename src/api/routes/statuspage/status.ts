import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { pageParts, statusOf } from '../../../statuspage/documents.ts';
import { StatuspageStatusDocumentSchema } from '../../../statuspage/schema.ts';
import type { RouteDeps } from '../../deps.ts';
import { ProviderParams, STATUSPAGE_TAG, problemResponses, sourceFor } from './shared.ts';

export const statuspageStatusRoute = createRoute({
  method: 'get',
  path: '/p/{provider}/api/v2/status.json',
  tags: [STATUSPAGE_TAG],
  summary: "A provider's overall status (indicator and description), Statuspage v2 format",
  request: { params: ProviderParams },
  responses: {
    200: { description: 'Statuspage v2 status.', content: { 'application/json': { schema: StatuspageStatusDocumentSchema } } },
    ...problemResponses,
  },
});

export function registerStatuspageStatus(app: OpenAPIHono, deps: RouteDeps): void {
  app.openapi(statuspageStatusRoute, async (c) => {
    const { provider } = c.req.valid('param');
    const parts = pageParts(await sourceFor(c, deps, provider, false));
    return c.json({ page: parts.page, status: statusOf(parts) }, 200);
  });
}
