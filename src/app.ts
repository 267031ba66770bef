import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { catalogViewCache } from './api/catalog-view.ts';
import type { AppDeps } from './api/deps.ts';
import { ApiError, handleError, notFound } from './api/errors.ts';
import { rateLimit } from './api/middleware/rate-limit/index.ts';
import { registerGetAdvice } from './api/routes/advice/get.ts';
import { registerAuthCheck } from './api/routes/auth/check.ts';
import { registerGetBestTime } from './api/routes/channels/best-time.ts';
import { registerListChecks } from './api/routes/channels/checks.ts';
import { registerGetDaily } from './api/routes/channels/daily.ts';
import { registerGetHeatmap } from './api/routes/channels/heatmap.ts';
import { registerGetLatency } from './api/routes/channels/latency.ts';
import { registerPostReport } from './api/routes/channels/reports-post.ts';
import { registerGetReports } from './api/routes/channels/reports.ts';
import { registerGetUptime } from './api/routes/channels/uptime.ts';
import { registerGetFeed } from './api/routes/feeds/get.ts';
import { registerGetHealth } from './api/routes/health/get.ts';
import { registerListIncidents } from './api/routes/incidents/list.ts';
import { registerListNotices } from './api/routes/notices/list.ts';
import { registerGetProvider } from './api/routes/providers/get.ts';
import { registerListProviders } from './api/routes/providers/list.ts';
import { registerVerify } from './api/routes/verify/get.ts';
import { validationHook } from './api/validation.ts';
import type { DashboardAssets } from './web/assets.ts';

export type { AppDeps } from './api/deps.ts';

/** What `createApp` takes: the routes' dependencies and the parts only some runtimes have. */
export interface AppOptions extends AppDeps {
  /** The dashboard's built files (Node: `dashboardAssets('web/dist')`); without it, API only. */
  dashboard?: DashboardAssets;
  /** The admin key (`SUPPORTWATCH_ADMIN_KEY`); without it every key is refused. */
  adminKey?: string;
}

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
export function createApp(deps: AppOptions): OpenAPIHono {
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
  // One budget per address for the API and the feeds.
  const limit = rateLimit({
    limit: deps.rateLimitPerMinute ?? 600,
    keyOf: deps.clientAddress ?? (() => 'anonymous'),
    now: deps.now,
  });
  app.use('/api/*', limit);
  app.use('/feeds/*', limit);

  const routeDeps = { ...deps, catalog: catalogViewCache(deps.database.db) };
  registerGetHealth(app, routeDeps);
  registerListProviders(app, routeDeps);
  registerGetProvider(app, routeDeps);
  registerListChecks(app, routeDeps);
  registerGetUptime(app, routeDeps);
  registerGetDaily(app, routeDeps);
  registerGetLatency(app, routeDeps);
  registerGetHeatmap(app, routeDeps);
  registerGetBestTime(app, routeDeps);
  registerGetReports(app, routeDeps);
  registerPostReport(app, routeDeps);
  registerGetAdvice(app, routeDeps);
  registerListIncidents(app, routeDeps);
  registerListNotices(app, routeDeps);
  registerGetFeed(app, routeDeps);
  registerVerify(app, routeDeps);
  registerAuthCheck(app, { adminKey: deps.adminKey });

  app.doc31('/api/v1/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'supportwatch API',
      version: deps.version,
      description: 'Is support down, or is it me? The state of every official support channel of the watched providers.',
    },
  });

  // The dashboard: one page for its three routes, hashed files under /assets. Nothing under /api.
  if (deps.dashboard) {
    const { page, assets } = deps.dashboard;
    for (const path of ['/', '/p/:provider', '/manage']) app.get(path, page);
    app.get('/assets/*', assets);
  }
  return app;
}
