import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { CatalogAdmin } from '../../../catalog-admin/catalog-admin.ts';
import type { Database } from '../../../store/database.ts';
import { ProblemSchema } from '../../errors.ts';
import { authProblemResponses, bearerSecurity, requireScope, type ApiKeyEnv } from '../../middleware/require-scope/index.ts';
import { Instant } from '../../schemas.ts';

/** What the write routes need: the key store for `requireScope`, and the catalog admin. */
export interface WriteRouteDeps {
  database: Database;
  adminKey?: string | undefined;
  now?: () => number;
  catalogAdmin: CatalogAdmin;
}

/** A definition as in `supportwatch.yaml`, sent as JSON; the config's own schema checks it. */
export const DefinitionSchema = z.record(z.string(), z.unknown()).openapi('CatalogDefinition', {
  description: 'A provider or channel exactly as written in supportwatch.yaml (see supportwatch.schema.json), as JSON.',
  example: { id: 'examplepay-chat', kind: 'live_chat', name: 'Online chat', probes: [{ type: 'http', url: 'https://help.example.com/chat/health', interval: '60s' }] },
});

/** How the write API answers with an entry it made or changed. */
export const CatalogEntrySchema = z
  .object({
    id: z.string(),
    provider: z.string(),
    source: z.enum(['config', 'api']),
    definition: DefinitionSchema,
    updated_at: Instant,
    updated_by: z.string().openapi({ description: 'The name of the API key that last wrote it.' }),
  })
  .openapi('CatalogEntry');

/** The problems every write route may answer, besides its own. */
export const writeProblemResponses = {
  400: { description: 'Not JSON, or not a valid definition: `errors` names each field (`json.probes[0].url`)', content: { 'application/problem+json': { schema: ProblemSchema } } },
  ...authProblemResponses,
  409: {
    description: 'The entry comes from the config file (edit the file instead), or the id is taken',
    content: { 'application/problem+json': { schema: ProblemSchema } },
  },
} as const;

/**
 * The name of the key that authenticated the request (set by `requireScope`), recorded with
 * what it wrote.
 */
export function keyName(c: Context): string {
  return (c as unknown as Context<ApiKeyEnv>).get('apiKey').name;
}

/**
 * Mounts `POST /api/v1/providers`: the body is a provider of the YAML file (with at least one
 * channel), as JSON.
 */
export function registerCreateProvider(app: OpenAPIHono, deps: WriteRouteDeps): void {
  const route = createRoute({
    method: 'post',
    path: '/api/v1/providers',
    tags: ['catalog'],
    summary: 'Make a provider with its channels at run time (scope write); its probes start within seconds',
    security: bearerSecurity,
    middleware: [requireScope('write', deps)] as const,
    request: { body: { required: true, content: { 'application/json': { schema: DefinitionSchema } } } },
    responses: {
      201: { description: 'Made and scheduled (`source: api`).', content: { 'application/json': { schema: CatalogEntrySchema } } },
      ...writeProblemResponses,
    },
  });
  app.openapi(route, async (c) => {
    const entry = await deps.catalogAdmin.createProvider(c.req.valid('json'), keyName(c));
    return c.json(entry, 201, { location: `/api/v1/providers/${entry.id}` });
  });
}
