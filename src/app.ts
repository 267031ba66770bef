import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { catalogViewCache } from './api/catalog-view.ts';
import type { AppDeps } from './api/deps.ts';
import { ApiError, handleError, notFound } from './api/errors.ts';
import { rateLimit } from './api/middleware/rate-limit/index.ts';
import { registerListChecks } from './api/routes/channels/checks.ts';
import { registerGetHealth } from './api/routes/health/get.ts';
import { registerListIncidents } from './api/routes/incidents/list.ts';
import { registerGetProvider } from './api/routes/providers/get.ts';
import { registerListProviders } from './api/routes/providers/list.ts';
import { validationHook } from './api/validation.ts';

export type { AppDeps } from './api/deps.ts';

/** Largest request body accepted anywhere. */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * Builds the whole HTTP app (JSON API and OpenAPI document) from its dependencies.
 * It never listens and never reads globals: the Node and Workers entries wire it.
 *
 * @example
 * const app = createApp({ database, log, now: Date.now, version: '0.1.0' });
 * const res = await app.request('/api/v1/providers');
 */
export function createApp(deps: AppDeps): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.onError(handleError(deps.log));
  app.notFound(notFound);

  app.use('*', secureHeaders());
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new ApiError(413, 'payload_too_large', `Request bodies are limited to ${MAX_BODY_BYTES} bytes`);
      },
    }),
  );
  app.use(
    '/api/*',
    rateLimit({
      limit: deps.rateLimitPerMinute ?? 600,
      keyOf: deps.clientAddress ?? (() => 'anonymous'),
      now: deps.now,
    }),
  );

  const routeDeps = { ...deps, catalog: catalogViewCache(deps.database.db) };
  registerGetHealth(app, routeDeps);
  registerListProviders(app, routeDeps);
  registerGetProvider(app, routeDeps);
  registerListChecks(app, routeDeps);
  registerListIncidents(app, routeDeps);

  app.doc31('/api/v1/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'supportwatch API',
      version: deps.version,
      description: 'Is support down, or is it me? The state of every official support channel of the watched providers.',
    },
  });
  return app;
}
