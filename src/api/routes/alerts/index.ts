/** The alert routes (all admin): the routes (read, create, replace, delete), the deliveries log, the test button. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AlertsApi } from '../../../alerts/index.ts';
import type { Database } from '../../../store/database.ts';
import { registerListDeliveries } from './deliveries.ts';
import { registerDeleteAlertRoute, registerPutAlertRoute } from './route-write.ts';
import { registerListAlertRoutes } from './routes.ts';
import { registerTestAlert } from './test.ts';

export interface AlertRouteDeps {
  database: Database;
  /** SUPPORTWATCH_ADMIN_KEY. */
  adminKey?: string | undefined;
  now?: () => number;
  /** Alerting, when routes are configured; without it the log still reads and tests are 404. */
  alerts?: AlertsApi | undefined;
}

/** Mounts every alert route. */
export function registerAlertRoutes(app: OpenAPIHono, deps: AlertRouteDeps): void {
  registerListAlertRoutes(app, deps);
  // Routes can be made through the API only where alerting runs (the Node entry).
  if (deps.alerts) {
    registerPutAlertRoute(app, { ...deps, alerts: deps.alerts });
    registerDeleteAlertRoute(app, { ...deps, alerts: deps.alerts });
  }
  registerListDeliveries(app, deps);
  registerTestAlert(app, deps);
}
