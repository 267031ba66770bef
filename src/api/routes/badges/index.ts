/**
 * Badges for READMEs and help pages: `/badge/:id/status.svg` (a channel's or a provider's
 * state now) and `/badge/:id/uptime.svg?window=30d` (a channel's uptime).
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { RouteDeps } from '../../deps.ts';
import { registerStatusBadge } from './status.ts';
import { registerUptimeBadge } from './uptime.ts';

/** Registers the badge routes. */
export function registerBadgeRoutes(app: OpenAPIHono, deps: RouteDeps): void {
  registerStatusBadge(app, deps);
  registerUptimeBadge(app, deps);
}
