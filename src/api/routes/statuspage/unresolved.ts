import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { incidentsOf, pageParts } from '../../../statuspage/documents.ts';
import { StatuspageIncidentsDocumentSchema } from '../../../statuspage/schema.ts';
import type { RouteDeps } from '../../deps.ts';
import { ProviderParams, STATUSPAGE_TAG, problemResponses, sourceFor } from './shared.ts';

export const statuspageUnresolvedRoute = createRoute({
  method: 'get',
  path: '/p/{provider}/api/v2/incidents/unresolved.json',
  tags: [STATUSPAGE_TAG],
  summary: "A provider's unresolved incidents (open outages, outage and info notices in effect), Statuspage v2 format",
  request: { params: ProviderParams },
  responses: {
    200: { description: 'Statuspage v2 unresolved incidents, newest first.', content: { 'application/json': { schema: StatuspageIncidentsDocumentSchema } } },
    ...problemResponses,
  },
});

export function registerStatuspageUnresolved(app: OpenAPIHono, deps: RouteDeps): void {
  app.openapi(statuspageUnresolvedRoute, async (c) => {
    const { provider } = c.req.valid('param');
    const source = await sourceFor(c, deps, provider, false);
    const parts = pageParts(source);
    return c.json({ page: parts.page, incidents: incidentsOf(source, parts, 'unresolved') }, 200);
  });
}
