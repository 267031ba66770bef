/**
 * Alerting as an entry wires it: the routes (the config's, then those made through the API),
 * the monitor's and the notice collector's hooks, the delivery worker, and what the API may
 * do with routes. Events are stored whether or not a route exists yet, so a route added later
 * through the API has hooks to listen to; without routes they are routed to no one.
 */
import type { Catalog } from '../domain/catalog.ts';
import { inMaintenance as insideWindows, type MaintenanceWindow } from '../domain/maintenance.ts';
import type { Logger } from '../log.ts';
import type { CatalogKeys } from '../store/catalog-sync.ts';
import type { Database, Statement } from '../store/database.ts';
import { MonitorAlerts } from './monitor-hooks.ts';
import { noticeAlertStatements, type NoticeChangeInput } from './notice-events.ts';
import { deleteApiRoute, loadApiRoutes, parseRouteBody, saveApiRoute, type RouteProblem } from './route-store.ts';
import { AlertSecretsError, redactRoute, resolveRoutes, type RouteView } from './secrets.ts';
import type { DeliveryLogEntry } from './store.ts';
import type { AlertRoute, ResolvedRoute } from './types.ts';
import { AlertWorker, type AlertWorkerOptions } from './worker.ts';
import { DEFAULT_DELIVERY } from '../config/alerts-schema.ts';

/** Why the API refused a route change. */
export class AlertRouteError extends Error {
  constructor(
    readonly kind: 'invalid' | 'conflict' | 'not_found',
    message: string,
    readonly problems: RouteProblem[] = [],
  ) {
    super(message);
    this.name = 'AlertRouteError';
  }
}

/** A route as the API shows it, with where it was defined. */
export type SourcedRouteView = RouteView & { source: 'config' | 'api' };

/** What the API needs of alerting. */
export interface AlertsApi {
  /** Every route, secrets left out. */
  routes(): SourcedRouteView[];
  /** Sends a test message to one route now; its log entry. */
  sendTest(routeId: string): Promise<DeliveryLogEntry>;
  /**
   * Creates or replaces a route made through the API (a YAML-shaped body). Its environment
   * variables must be set in the running process.
   *
   * @throws AlertRouteError `invalid` (with problems), or `conflict` for a config route's id.
   */
  putRoute(id: string, body: unknown, by: string): Promise<{ created: boolean; route: SourcedRouteView }>;
  /** @throws AlertRouteError `not_found`, or `conflict` for a config route. */
  deleteRoute(id: string): Promise<void>;
}

export interface Alerting {
  monitorAlerts: MonitorAlerts;
  noticeStatements: (providerPk: number, changes: readonly NoticeChangeInput[]) => Statement[];
  worker: AlertWorker;
  api: AlertsApi;
}

export interface AlertingOptions {
  database: Database;
  catalog: Catalog;
  keys: CatalogKeys;
  log: Logger;
  now: () => number;
  /** Where route secrets are read (`process.env` in Node). */
  env: Readonly<Record<string, string | undefined>>;
  /** Maintenance the providers announced, by channel key (the notice collector's). */
  announcedWindows?: (channelPk: number) => readonly MaintenanceWindow[];
  worker?: Pick<AlertWorkerOptions, 'pollMs' | 'watchMs' | 'random'>;
}

/**
 * Reads the routes (config and API) with their secrets and builds the parts.
 *
 * @throws AlertSecretsError when a config route names an environment variable that is not set.
 * @example
 * const alerting = await openAlerting({ database, catalog, keys, log, now, env: process.env });
 * new Monitor({ …, alerts: alerting.monitorAlerts }); alerting.worker.start();
 */
export async function openAlerting(options: AlertingOptions): Promise<Alerting> {
  const { database, log, env } = options;
  const settings = options.catalog.alerts;
  const resolved = new Map<string, { resolved: ResolvedRoute; source: 'config' | 'api' }>();
  for (const r of resolveRoutes(settings?.routes ?? [], env)) resolved.set(r.route.id, { resolved: r, source: 'config' });
  const stored = await loadApiRoutes(database.db);
  for (const { id, problems } of stored.unreadable) log.error('alert route made through the API no longer reads; left out', { route: id, problems });
  for (const route of stored.routes) {
    if (resolved.has(route.id)) {
      log.warn('alert route made through the API has the id of a config route; the config route is used', { route: route.id });
      continue;
    }
    try {
      resolved.set(route.id, { resolved: resolveRoutes([route], env)[0]!, source: 'api' });
    } catch (err) {
      // An API route cannot stop start-up: it is left out, loudly.
      log.error('alert route made through the API left out', { route: route.id, err: (err as AlertSecretsError).problems });
    }
  }

  // Kept for the whole run, per channel: only what the worker asks (the catalog keys and the
  // options are not captured), and windows only for the few channels that have any.
  const { now, announcedWindows } = options;
  const windows = new Map<number, readonly MaintenanceWindow[]>();
  const timezoneOf = new Map<number, string>();
  const providerOfChannel = new Map<string, string>();
  for (const provider of options.catalog.providers) {
    for (const channel of provider.channels) {
      providerOfChannel.set(channel.id, provider.id);
      const pk = options.keys.channelPk.get(channel.id);
      if (pk === undefined) continue;
      timezoneOf.set(pk, provider.timezone);
      if (provider.maintenance.length + channel.maintenance.length > 0) windows.set(pk, [...provider.maintenance, ...channel.maintenance]);
    }
  }
  const inMaintenance = (channelPk: number, at: number): boolean => {
    const timezone = timezoneOf.get(channelPk);
    if (timezone === undefined) return false;
    return insideWindows(windows.get(channelPk) ?? [], timezone, at) || insideWindows(announcedWindows?.(channelPk) ?? [], timezone, at);
  };
  const warnUnknownChannels = (route: AlertRoute) => {
    const unknown = (route.channels ?? []).filter((id) => !providerOfChannel.has(id));
    if (unknown.length > 0) log.warn('alert route names channels not in the catalog', { route: route.id, channels: unknown });
  };
  for (const { resolved: r } of resolved.values()) warnUnknownChannels(r.route);

  const worker = new AlertWorker({
    database,
    routes: [...resolved.values()].map((r) => r.resolved),
    delivery: settings?.delivery ?? DEFAULT_DELIVERY,
    log,
    now,
    inMaintenance,
    providerOf: (id) => providerOfChannel.get(id),
    ...options.worker,
  });
  const view = (id: string): SourcedRouteView => {
    const entry = resolved.get(id)!;
    return { ...redactRoute(entry.resolved), source: entry.source };
  };
  const api: AlertsApi = {
    routes: () => [...resolved.keys()].map(view),
    sendTest: (id) => worker.sendTest(id),
    async putRoute(id, body, by) {
      if (resolved.get(id)?.source === 'config') throw new AlertRouteError('conflict', `Route "${id}" is defined in the config file; change it there.`);
      const parsed = parseRouteBody(id, body);
      if (!parsed.ok) throw new AlertRouteError('invalid', 'The route is not valid.', parsed.problems);
      let secrets: ResolvedRoute;
      try {
        secrets = resolveRoutes([parsed.route], env)[0]!;
      } catch (err) {
        const problems = (err as AlertSecretsError).problems.map((p) => ({ path: p.replace(/^routes\.[^.]+\.([^:]+):.*$/, '$1'), message: p.replace(/^[^:]+: /, '') }));
        throw new AlertRouteError('invalid', 'The route names environment variables that are not set in the running process.', problems);
      }
      const created = await saveApiRoute(database.db, id, parsed.body, by, now());
      resolved.set(id, { resolved: secrets, source: 'api' });
      worker.setRoute(secrets);
      warnUnknownChannels(parsed.route);
      log.info(created ? 'alert route created' : 'alert route replaced', { route: id, by });
      return { created, route: view(id) };
    },
    async deleteRoute(id) {
      const entry = resolved.get(id);
      if (entry?.source === 'config') throw new AlertRouteError('conflict', `Route "${id}" is defined in the config file; remove it there.`);
      if (!entry || !(await deleteApiRoute(database.db, id))) throw new AlertRouteError('not_found', `No alert route "${id}" made through the API.`);
      resolved.delete(id);
      worker.removeRoute(id);
      log.info('alert route deleted', { route: id });
    },
  };
  return {
    monitorAlerts: new MonitorAlerts(now),
    noticeStatements: (providerPk, changes) => noticeAlertStatements(database.db, providerPk, changes, now()),
    worker,
    api,
  };
}
