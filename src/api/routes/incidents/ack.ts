import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { acknowledgeIncident } from '../../../catalog-admin/incident-ack.ts';
import type { Database } from '../../../store/database.ts';
import { ApiError, ProblemSchema } from '../../errors.ts';
import { authProblemResponses, bearerSecurity, requireScope } from '../../middleware/require-scope/index.ts';
import { Instant } from '../../schemas.ts';
import { iso } from '../../views.ts';
import { keyName } from '../providers/create.ts';

export const AcknowledgementSchema = z
  .object({
    id: z.number().int(),
    provider: z.string(),
    channel: z.string(),
    started_at: Instant,
    ended_at: Instant.nullable(),
    acknowledged: z.object({ at: Instant, by: z.string().openapi({ description: 'The name of the API key.' }), note: z.string() }),
  })
  .openapi('IncidentAcknowledgement');

/**
 * Mounts `POST /api/v1/incidents/{id}/ack` (scope write): acknowledges an incident with a
 * note; the key's name is recorded as who. A later acknowledgement replaces the note.
 */
export function registerAckIncident(app: OpenAPIHono, deps: { database: Database; adminKey?: string | undefined; now: () => number }): void {
  const route = createRoute({
    method: 'post',
    path: '/api/v1/incidents/{id}/ack',
    tags: ['incidents'],
    summary: 'Acknowledge an incident with a note (scope write)',
    security: bearerSecurity,
    middleware: [requireScope('write', deps)] as const,
    request: {
      params: z.object({ id: z.coerce.number().int().positive().openapi({ param: { name: 'id', in: 'path' }, example: 12 }) }),
      body: { required: true, content: { 'application/json': { schema: z.strictObject({ note: z.string().trim().min(1).max(2000) }) } } },
    },
    responses: {
      200: { description: 'Acknowledged.', content: { 'application/json': { schema: AcknowledgementSchema } } },
      400: { description: 'Bad id or note', content: { 'application/problem+json': { schema: ProblemSchema } } },
      ...authProblemResponses,
      404: { description: 'No such incident', content: { 'application/problem+json': { schema: ProblemSchema } } },
    },
  });
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const acked = await acknowledgeIncident(deps.database, id, { at: deps.now(), by: keyName(c), note: c.req.valid('json').note });
    if (!acked) throw new ApiError(404, 'not_found', `No incident ${id}`);
    return c.json(
      {
        id: acked.id,
        provider: acked.providerId,
        channel: acked.channelId,
        started_at: iso(acked.startedAt)!,
        ended_at: iso(acked.endedAt),
        acknowledged: { at: iso(acked.acknowledgedAt)!, by: acked.acknowledgedBy, note: acked.note },
      },
      200,
    );
  });
}
