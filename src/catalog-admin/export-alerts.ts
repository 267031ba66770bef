/**
 * The `alerts:` block written back as config: the inverse of `src/config/alerts-schema.ts`,
 * defaults left out, secrets only ever by the names of their environment variables (the
 * settings never hold a secret). Used by the catalog export.
 */
import type { AlertRoute, AlertSettings } from '../alerts/types.ts';
import { ALERT_EVENTS } from '../alerts/vocabulary.ts';
import { DEFAULT_DELIVERY } from '../config/alerts-schema.ts';
import { formatDuration } from '../config/durations.ts';
import type { MinuteRange } from '../domain/catalog.ts';

type Raw = Record<string, unknown>;

/** The settings as the config file's data; null when there is nothing to write. */
export function alertsToConfig(alerts: AlertSettings | undefined): Raw | null {
  if (!alerts) return null;
  const raw: Raw = {};
  const delivery = deliveryToConfig(alerts.delivery);
  if (delivery) raw.delivery = delivery;
  raw.routes = alerts.routes.map(routeToConfig);
  return raw;
}

function deliveryToConfig(d: AlertSettings['delivery']): Raw | null {
  const raw: Raw = {};
  if (d.maxAttempts !== DEFAULT_DELIVERY.maxAttempts) raw.max_attempts = d.maxAttempts;
  if (d.timeoutMs !== DEFAULT_DELIVERY.timeoutMs) raw.timeout = formatDuration(d.timeoutMs);
  if (d.backoffMs !== DEFAULT_DELIVERY.backoffMs) raw.backoff = formatDuration(d.backoffMs);
  if (d.maxBackoffMs !== DEFAULT_DELIVERY.maxBackoffMs) raw.max_backoff = formatDuration(d.maxBackoffMs);
  if (d.retentionMs !== DEFAULT_DELIVERY.retentionMs) raw.retention = formatDuration(d.retentionMs);
  return Object.keys(raw).length > 0 ? raw : null;
}

/** One route, in the order a person writes one: who it is, where it goes, what it takes. */
export function routeToConfig(route: AlertRoute): Raw {
  const raw: Raw = { id: route.id, notifier: route.notifier };
  if (route.notifier === 'email') {
    raw.to = [...route.to];
    raw.from = route.from;
    const s = route.smtp;
    const smtp: Raw = { host: s.host };
    if (s.port !== 587) smtp.port = s.port;
    if (s.secure) smtp.secure = true;
    if (s.requireTls) smtp.require_tls = true;
    if (s.insecure) smtp.insecure = true;
    if (s.userEnv !== null) smtp.user_env = s.userEnv;
    if (s.passwordEnv !== null) smtp.password_env = s.passwordEnv;
    raw.smtp = smtp;
  } else {
    if (route.url !== null) raw.url = route.url;
    if (route.urlEnv !== null) raw.url_env = route.urlEnv;
    if (route.secretEnv !== null) raw.secret_env = route.secretEnv;
  }
  const allEvents = route.events.length === ALERT_EVENTS.length && ALERT_EVENTS.every((e) => route.events.includes(e));
  if (!allEvents) raw.events = [...route.events];
  if (route.providers !== null) raw.providers = [...route.providers];
  if (route.channels !== null) raw.channels = [...route.channels];
  if (route.lang !== null) raw.lang = route.lang;
  if (route.quietHours !== null) raw.quiet_hours = rangeText(route.quietHours);
  if (route.timezone !== null) raw.timezone = route.timezone;
  if (route.remindEveryMs !== null) raw.remind_every = formatDuration(route.remindEveryMs);
  return raw;
}

function rangeText(r: MinuteRange): string {
  return `${clock(r.start)}-${r.end === 1440 ? '24:00' : clock(r.end % 1440)}`;
}

function clock(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}
