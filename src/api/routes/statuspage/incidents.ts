import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { incidentsOf, pageParts } from '../../../statuspage/documents.ts';
import { StatuspageIncidentsDocumentSchema } from '../../../statuspage/schema.ts';
import type { RouteDeps } from '../../deps.ts';
import { ProviderParams, STATUSPAGE_TAG, problemResponses, sourceFor } from './shared.ts';

export const statuspageIncidentsRoute = createRoute({
  method: 'get',
  path: '/p/{provider}/api/v2/incidents.json',
  tags: [STATUSPAGE_TAG],
  summary: "A provider's 50 most recent incidents (measured outages, outage and info notices), resolved or not, Statuspage v2 format",
  request: { params: ProviderParams },
  responses: {
    200: { description: 'Statuspage v2 incidents, newest first.', content: { 'application/json': { schema: StatuspageIncidentsDocumentSchema } } },
    ...problemResponses,
  },
});

export function registerStatuspageIncidents(app: OpenAPIHono, deps: RouteDeps): void {
  app.openapi(statuspageIncidentsRoute, async (c) => {
    const { provider } = c.req.valid('param');
    const source = await sourceFor(c, deps, provider, true);
    const parts = pageParts(source);
    return c.json({ page: parts.page, incidents: incidentsOf(source, parts, 'recent') }, 200);
  });
}
