/**
 * The Statuspage-compatible documents of each provider, under `/p/:provider/api/v2/`: the
 * paths and shapes of Atlassian Statuspage's public v2 API, so an existing Statuspage client
 * (widget, bot, status aggregator) can read a provider's support channels as a status page.
 * The dashboard's `/p/:provider` page is one segment shorter, so the two never collide.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { RouteDeps } from '../../deps.ts';
import { registerStatuspageComponents } from './components.ts';
import { registerStatuspageIncidents } from './incidents.ts';
import { registerStatuspageMaintenances } from './scheduled-maintenances.ts';
import { registerStatuspageStatus } from './status.ts';
import { registerStatuspageSummary } from './summary.ts';
import { registerStatuspageUnresolved } from './unresolved.ts';

/** Registers every Statuspage-compatible route. */
export function registerStatuspageRoutes(app: OpenAPIHono, deps: RouteDeps): void {
  registerStatuspageSummary(app, deps);
  registerStatuspageStatus(app, deps);
  registerStatuspageComponents(app, deps);
  registerStatuspageIncidents(app, deps);
  registerStatuspageUnresolved(app, deps);
  registerStatuspageMaintenances(app, deps);
}
