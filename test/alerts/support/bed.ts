/**
 * A database with a small catalog for alert tests, and the monitor's own write path to put
 * events in the outbox (an incident opened or closed with its alert, in one batch).
 */
import { MonitorAlerts } from '../../../src/alerts/monitor-hooks.ts';
import type { AlertRoute, DeliverySettings, EmailRoute, HttpRoute, ResolvedRoute, RouteSecrets } from '../../../src/alerts/types.ts';
import type { Catalog } from '../../../src/domain/catalog.ts';
import { syncCatalog, type CatalogKeys } from '../../../src/store/catalog-sync.ts';
import { openSqlite, type SqliteHandle } from '../../../src/store/sqlite.ts';
import { writeBatch } from '../../../src/store/writes.ts';
import { makeCatalog, makeChannel, makeProvider } from '../../support/catalog.ts';

export interface Bed {
  database: SqliteHandle;
  catalog: Catalog;
  keys: CatalogKeys;
  /** Key of `acme-hotline`. */
  hotline: number;
  alerts: MonitorAlerts;
}

/** `acme` (Asia/Shanghai, zh-CN) with a hotline and a chat, synced into `path` (default in memory). */
export async function openBed(path = ':memory:', now = Date.now()): Promise<Bed> {
  const database = openSqlite(path);
  const catalog = makeCatalog([
    makeProvider('acme', [makeChannel('acme-hotline', { name: 'Hotline' }), makeChannel('acme-chat', { kind: 'live_chat', name: 'Online chat' })], {
      name: 'Acme Pay',
      timezone: 'Asia/Shanghai',
      locale: 'zh-CN',
    }),
  ]);
  const keys = await syncCatalog(database, catalog, now);
  return { database, catalog, keys, hotline: keys.channelPk.get('acme-hotline')!, alerts: new MonitorAlerts() };
}

/** What the monitor writes when the channel goes down: the incident and its alert, one batch. */
export async function writeOutage(bed: Bed, startedAt: number, channelPk = bed.hotline): Promise<void> {
  await writeBatch(bed.database, [], [
    { kind: 'incident_open', channelPk, startedAt, causeClass: 'timeout', causeMessage: 'no answer within 10 s' },
    bed.alerts.down(channelPk, startedAt, { errorClass: 'timeout', message: 'no answer within 10 s' }),
  ]);
}

/** What the monitor writes when it recovers. */
export async function writeRecovery(bed: Bed, endedAt: number, channelPk = bed.hotline): Promise<void> {
  await writeBatch(bed.database, [], [{ kind: 'incident_close', channelPk, endedAt }, bed.alerts.recovered(channelPk, endedAt)]);
}

/** Fast retries for tests: waits of at most tens of ms. */
export const FAST: DeliverySettings = { maxAttempts: 5, timeoutMs: 2000, backoffMs: 20, maxBackoffMs: 50, retentionMs: 30 * 86_400_000 };

const COMMON = { events: ['down', 'recovered', 'degraded', 'cert_expiring', 'notice', 'report_surge'], providers: null, channels: null, lang: null, quietHours: null, timezone: null, remindEveryMs: null } as const;

/** A route of an HTTP notifier at `url`, signed with `secret` when given. */
export function httpRoute(id: string, notifier: HttpRoute['notifier'], url: string, secret: string | null = null, overrides: Partial<HttpRoute> = {}): ResolvedRoute {
  const route: HttpRoute = { ...COMMON, events: [...COMMON.events], id, notifier, url, urlEnv: null, secretEnv: secret ? 'HOOK_SECRET' : null, ...overrides };
  return { route, secrets: { url, secret, smtpUser: null, smtpPassword: null } };
}

/** A route to the local SMTP server. */
export function mailRoute(id: string, port: number, overrides: Partial<EmailRoute> = {}): ResolvedRoute {
  const route: EmailRoute = {
    ...COMMON,
    events: [...COMMON.events],
    id,
    notifier: 'email',
    to: ['oncall@example.test'],
    from: 'supportwatch@example.test',
    smtp: { host: '127.0.0.1', port, secure: false, requireTls: false, insecure: true, userEnv: null, passwordEnv: null },
    ...overrides,
  };
  const secrets: RouteSecrets = { url: null, secret: null, smtpUser: null, smtpPassword: null };
  return { route, secrets };
}

/** Just the route. */
export function routeOf(resolved: ResolvedRoute): AlertRoute {
  return resolved.route;
}
