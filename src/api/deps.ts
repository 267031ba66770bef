import type { Context } from 'hono';
import type { Logger } from '../log.ts';
import type { Database } from '../store/database.ts';
import type { CatalogView } from './catalog-view.ts';

/** How healthy the process is, for `/api/v1/health`. */
export interface HealthReport {
  status: 'ok' | 'degraded';
  /** Why it is degraded, in a sentence. */
  reason?: string;
  /** Checks and changes waiting in memory for the database; checks dropped past the memory bound. */
  storage?: { pendingWrites: number; droppedChecks: number; failingSince: string | null };
}

/** Everything the app needs from outside; `createApp` reads nothing else (no globals, no env). */
export interface AppDeps {
  database: Database;
  log: Logger;
  now: () => number;
  version: string;
  health?: () => HealthReport;
  /** The client's address, for rate limits (the runtime knows where it comes from). */
  clientAddress?: (c: Context) => string;
  /** Requests per minute per address on the public API; default 600. */
  rateLimitPerMinute?: number;
  /** The monitor's own metrics in the Prometheus text format (Node: `ProcessMetrics#render`); `/metrics` adds channel states. */
  metrics?: () => Promise<string>;
  /** Serve `/metrics` without a key (a port only Prometheus reaches); by default it wants a `read` key. */
  metricsPublic?: boolean;
}

/** What routes get: the app's dependencies and what `createApp` builds from them once. */
export interface RouteDeps extends AppDeps {
  /** The catalog, cached by catalog version. */
  catalog: () => Promise<CatalogView>;
}
