import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { authProblemResponses, bearerSecurity, requireScope } from '../../middleware/require-scope/index.ts';
import type { WriteRouteDeps } from '../providers/create.ts';

/**
 * Mounts `GET /api/v1/export.yaml`: the whole running catalog (config and API-made entries)
 * as a config file that `npm start --config` accepts. Scope admin: the file carries what no
 * other route shows, such as probe headers, bodies and URLs, which may hold credentials.
 */
export function registerExportYaml(app: OpenAPIHono, deps: WriteRouteDeps): void {
  const route = createRoute({
    method: 'get',
    path: '/api/v1/export.yaml',
    tags: ['catalog'],
    summary: 'The whole catalog as a supportwatch.yaml (scope admin: it holds probe headers and URLs)',
    security: bearerSecurity,
    middleware: [requireScope('admin', deps)] as const,
    responses: {
      200: { description: 'A config file; loading it gives the same catalog.', content: { 'application/yaml': { schema: { type: 'string' } } } },
      ...authProblemResponses,
    },
  });
  app.openapi(route, (c) =>
    c.body(deps.catalogAdmin.exportYaml(), 200, { 'content-type': 'application/yaml; charset=utf-8', 'content-disposition': 'inline; filename="supportwatch.yaml"' }),
  );
}
