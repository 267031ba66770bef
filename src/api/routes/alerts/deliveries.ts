import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { listDeliveries } from '../../../alerts/store.ts';
import { DELIVERY_STATUSES } from '../../../alerts/vocabulary.ts';
import { ProblemSchema } from '../../errors.ts';
import { authProblemResponses, bearerSecurity, requireScope } from '../../middleware/require-scope/index.ts';
import type { AlertRouteDeps } from './index.ts';
import { DeliverySchema, deliveryView } from './schema.ts';

const query = z.object({
  status: z.enum(DELIVERY_STATUSES).optional().openapi({ description: '`dead` lists the dead letters.' }),
  route: z.string().regex(/^[a-z0-9-]{1,64}$/).optional(),
  before: z.coerce.number().int().min(1).optional().openapi({ description: 'Only deliveries with a smaller id: the next page (`next_before` of the last one).' }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const listDeliveriesRoute = createRoute({
  method: 'get',
  path: '/api/v1/alerts/deliveries',
  tags: ['alerts'],
  summary: 'The alert deliveries log, newest first: pending, delivered and dead letters (scope admin)',
  security: bearerSecurity,
  request: { query },
  responses: {
    200: {
      description: 'One entry per event and route.',
      content: { 'application/json': { schema: z.object({ deliveries: z.array(DeliverySchema), next_before: z.number().int().nullable() }).openapi('AlertDeliveries') } },
    },
    400: { description: 'A bad filter', content: { 'application/problem+json': { schema: ProblemSchema } } },
    ...authProblemResponses,
  },
});

/** Mounts `GET /api/v1/alerts/deliveries` (admin). */
export function registerListDeliveries(app: OpenAPIHono, deps: AlertRouteDeps): void {
  app.openapi({ ...listDeliveriesRoute, middleware: [requireScope('admin', deps)] as const }, async (c) => {
    const filter = c.req.valid('query');
    const rows = await listDeliveries(deps.database.db, filter);
    const next = rows.length === filter.limit ? rows[rows.length - 1]!.id : null;
    return c.json({ deliveries: rows.map(deliveryView), next_before: next }, 200);
  });
}
