import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { maintenancesIn, maintenancesOf, pageParts } from '../../../statuspage/documents.ts';
import { StatuspageMaintenancesDocumentSchema } from '../../../statuspage/schema.ts';
import type { RouteDeps } from '../../deps.ts';
import { ProviderParams, STATUSPAGE_TAG, problemResponses, sourceFor } from './shared.ts';

/** Which list: every recent one, or Statuspage's `upcoming` and `active` subsets. */
const WHICH = ['scheduled-maintenances.json', 'upcoming.json', 'active.json'] as const;

export const statuspageMaintenancesRoute = createRoute({
  method: 'get',
  path: '/p/{provider}/api/v2/scheduled-maintenances.json',
  tags: [STATUSPAGE_TAG],
  summary: "A provider's 50 most recent scheduled maintenances (announced in its notices, or configured), Statuspage v2 format",
  request: { params: ProviderParams },
  responses: {
    200: { description: 'Statuspage v2 scheduled maintenances, latest start first.', content: { 'application/json': { schema: StatuspageMaintenancesDocumentSchema } } },
    ...problemResponses,
  },
});

export const statuspageMaintenanceSubsetRoute = createRoute({
  method: 'get',
  path: '/p/{provider}/api/v2/scheduled-maintenances/{which}',
  tags: [STATUSPAGE_TAG],
  summary: "A provider's upcoming (not started) or active (in progress) scheduled maintenances, Statuspage v2 format",
  request: {
    params: ProviderParams.extend({ which: z.enum(['upcoming.json', 'active.json']).openapi({ param: { name: 'which', in: 'path' } }) }),
  },
  responses: {
    200: { description: 'Statuspage v2 scheduled maintenances, soonest first.', content: { 'application/json': { schema: StatuspageMaintenancesDocumentSchema } } },
    ...problemResponses,
  },
});

/** The page and the maintenances of one list. */
async function maintenancesDocument(c: Context, deps: RouteDeps, provider: string, which: (typeof WHICH)[number]) {
  const source = await sourceFor(c, deps, provider, which === 'scheduled-maintenances.json');
  const parts = pageParts(source);
  const all = maintenancesOf(source, parts);
  const list = which === 'scheduled-maintenances.json' ? all : maintenancesIn(all, which === 'upcoming.json' ? 'upcoming' : 'active');
  return { page: parts.page, scheduled_maintenances: list };
}

export function registerStatuspageMaintenances(app: OpenAPIHono, deps: RouteDeps): void {
  app.openapi(statuspageMaintenancesRoute, async (c) => {
    const { provider } = c.req.valid('param');
    return c.json(await maintenancesDocument(c, deps, provider, 'scheduled-maintenances.json'), 200);
  });
  app.openapi(statuspageMaintenanceSubsetRoute, async (c) => {
    const { provider, which } = c.req.valid('param');
    return c.json(await maintenancesDocument(c, deps, provider, which), 200);
  });
}
