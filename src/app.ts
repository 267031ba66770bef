import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import type { MiddlewareHandler } from 'hono';
import { catalogViewCache } from './api/catalog-view.ts';
import { responseCache } from './api/cache/response-cache.ts';
import type { AppDeps } from './api/deps.ts';
import { ApiError, handleError, notFound } from './api/errors.ts';
import { compression, type BrotliCompress } from './api/middleware/compression/index.ts';
import { readOnlyCors } from './api/middleware/cors/index.ts';
import { httpCache } from './api/middleware/http-cache/index.ts';
import { methodNotAllowedProblem } from './api/middleware/method-not-allowed/index.ts';
import { rateLimit } from './api/middleware/rate-limit/index.ts';
import { requestId } from './api/middleware/request-id/index.ts';
import { BEARER_SCHEME } from './api/middleware/require-scope/index.ts';
import { registerGetAdvice } from './api/routes/advice/get.ts';
import { registerAuthCheck } from './api/routes/auth/check.ts';
import { registerAlertRoutes } from './api/routes/alerts/index.ts';
import type { AlertsApi } from './alerts/index.ts';
import { registerDocs } from './api/routes/docs/page.ts';
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
import { registerBadgeRoutes } from './api/routes/badges/index.ts';
import { registerGetMetrics } from './api/routes/metrics/get.ts';
import { registerStatuspageRoutes } from './api/routes/statuspage/index.ts';
import { validationHook } from './api/validation.ts';
import type { DashboardAssets } from './web/assets.ts';
import type { CatalogAdmin } from './catalog-admin/catalog-admin.ts';
import type { NoticeAlertStatements } from './catalog-admin/manual-notices.ts';
import { registerWriteRoutes } from './catalog-admin/routes.ts';
import type { LinkedNotice } from './notices/effects.ts';

export type { AppDeps } from './api/deps.ts';

/** What `createApp` takes: the routes' dependencies and the parts only some runtimes have. */
export interface AppOptions extends AppDeps {
  /** The dashboard's built files (Node: `dashboardAssets('web/dist')`); without it, API only. */
  dashboard?: DashboardAssets;
  /** The admin key (`SUPPORTWATCH_ADMIN_KEY`); without it every key is refused. */
  adminKey?: string;
  /** Alerting (Node, with routes configured): the test button and the routes view. */
  alerts?: AlertsApi;
  /** The running catalog (Node): with it the write API (`/api/v1/providers` POST …) and the export are served. */
  catalogAdmin?: CatalogAdmin;
  /** Told of each manual notice written, so the monitor sees announced maintenance at once. */
  noticeWritten?: (notice: LinkedNotice & { providerPk: number }) => Promise<void>;
  /** Alert events for a manual notice's change, written in the notice's own transaction (Node, with alerting). */
  noticeAlerts?: NoticeAlertStatements;
  /** Brotli for responses (Node: `node:zlib`); without it, gzip only. */
  brotli?: BrotliCompress;
}

/** Largest request body accepted anywhere. */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * Headers on every response, errors and 304s included. Cross-origin resource policy is open
 * (badges and feeds are embedded elsewhere); no frame may hold any of it. `overwrite: false`
 * keeps what a route set itself.
 */
export const SECURE_HEADERS = {
  crossOriginResourcePolicy: 'cross-origin',
  xFrameOptions: 'DENY',
  overwrite: false,
} as const satisfies NonNullable<Parameters<typeof secureHeaders>[0]>;

/** The policy of whatever loads nothing (JSON, problems, feeds, badges): nothing, and in no frame. */
export const DEFAULT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * Sets `DEFAULT_CSP` on every answer without a policy of its own (the dashboard and the API docs
 * pages set theirs). Not on a 304: a browser merges its headers into the stored answer, and the
 * page's own policy must stay.
 */
function defaultPolicy(): MiddlewareHandler {
  return async function defaultPolicy(c, next) {
    await next();
    if (c.res.status !== 304 && !c.res.headers.has('content-security-policy')) c.res.headers.set('content-security-policy', DEFAULT_CSP);
  };
}

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

  // Outermost first: the id is set before anything can fail; compression sees the final body;
  // the cache headers and ETag are decided on the uncompressed answer, errors included.
  app.use('*', requestId());
  // Outside CORS, so that a preflight answer carries them too.
  app.use('*', secureHeaders(SECURE_HEADERS));
  app.use('*', defaultPolicy());
  app.use('*', compression({ brotli: deps.brotli }));
  app.use('*', readOnlyCors());
  app.use('*', httpCache());
  app.use('*', methodNotAllowedProblem(app));
  const limitBody = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new ApiError(413, 'payload_too_large', `Request bodies are limited to ${MAX_BODY_BYTES} bytes`);
    },
  });
  // GET and HEAD carry no body (the server never hands one on), and asking made the Node
  // adapter build a full web Request for every read: 70–100 µs and garbage per request.
  app.use('/api/*', function limitRequestBody(c, next) {
    return c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next);
  });
  // One budget per address for the API, the feeds, the Statuspage documents and the badges.
  const limit = rateLimit({
    limit: deps.rateLimitPerMinute ?? 600,
    keyOf: deps.clientAddress ?? (() => 'anonymous'),
    now: deps.now,
  });
  app.use('/api/*', limit);
  app.use('/feeds/*', limit);
  app.use('/p/:provider/api/*', limit);
  app.use('/badge/*', limit);
  // The polled reads answer again from memory while nothing was written (see response-cache.ts).
  // Only drivers with a cheap write stamp (better-sqlite3) offer it; D1 reads every time.
  if (deps.database.readStamp) {
    const cached = responseCache({ stamp: deps.database.readStamp, now: deps.now });
    for (const path of ['/api/v1/providers', '/api/v1/providers/*', '/api/v1/channels/*', '/api/v1/incidents', '/api/v1/notices', '/p/:provider/api/*']) {
      app.use(path, cached);
    }
  }

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
  registerStatuspageRoutes(app, routeDeps);
  registerBadgeRoutes(app, routeDeps);
  registerGetMetrics(app, routeDeps);
  registerAuthCheck(app, { database: deps.database, adminKey: deps.adminKey, now: deps.now });
  registerWriteRoutes(app, routeDeps);
  registerAlertRoutes(app, { database: deps.database, adminKey: deps.adminKey, now: deps.now, alerts: deps.alerts });
  app.openAPIRegistry.registerComponent('securitySchemes', BEARER_SCHEME, { type: 'http', scheme: 'bearer', description: 'An API key: `npm run key -- create` or SUPPORTWATCH_ADMIN_KEY.' });

  registerDocs(app);
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
