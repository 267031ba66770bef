/**
 * Pure decisions of alerting: which routes get an event, when a delivery may first be tried
 * (quiet hours), how long a retry waits, and in which language a route reads. They take `now`
 * and data and return values; the worker does the I/O around them.
 */
import type { MinuteRange } from '../domain/catalog.ts';
import { addDays, localParts, zonedTimeToEpoch } from '../domain/zoned-time.ts';
import type { AlertRoute, DeliverySettings } from './types.ts';
import type { AlertEvent, AlertLang, StoredAlertKind } from './vocabulary.ts';

/** An event as routing sees it: what it is about, by id. */
export interface RoutableEvent {
  kind: StoredAlertKind;
  providerId: string | null;
  channelId: string | null;
  /** For a notice: the channels it names; null = the whole provider. */
  noticeChannels: readonly string[] | null;
  /** The provider's zone (quiet hours) and locale (default language). */
  timezone: string;
  locale: string;
  /** For a reminder or a test: the one route it is addressed to. */
  routeId: string | null;
}

/** One delivery to create. */
export interface DeliveryPlan {
  routeId: string;
  notifier: AlertRoute['notifier'];
  /** The first attempt: now, or the end of the route's quiet hours. */
  nextAttemptAt: number;
  /** Set when quiet hours hold it. */
  heldUntil: number | null;
}

/** The event a stored kind is filtered as: a reminder follows `down`. */
function subscribedAs(kind: StoredAlertKind): AlertEvent | null {
  if (kind === 'reminder') return 'down';
  if (kind === 'test') return null;
  return kind;
}

/**
 * Whether a route takes an event: its kind is subscribed (a reminder counts as `down`), the
 * provider and channel filters pass, and a reminder or test names this route. A notice for the whole provider passes
 * a channel filter that names one of that provider's channels (`providerOf`).
 *
 * @example routeTakes(route, { kind: 'down', providerId: 'examplepay', channelId: 'examplepay-hotline', … }, providerOf) // true
 */
export function routeTakes(route: AlertRoute, event: RoutableEvent, providerOf: (channelId: string) => string | undefined): boolean {
  if (event.routeId !== null && event.routeId !== route.id) return false;
  if (event.kind === 'test') return event.routeId === route.id;
  const as = subscribedAs(event.kind);
  if (as === null || !route.events.includes(as)) return false;
  if (route.providers !== null && (event.providerId === null || !route.providers.includes(event.providerId))) return false;
  if (route.channels === null) return true;
  if (event.channelId !== null) return route.channels.includes(event.channelId);
  if (event.noticeChannels !== null) return event.noticeChannels.some((id) => route.channels!.includes(id));
  return route.channels.some((id) => providerOf(id) === event.providerId);
}

/**
 * The deliveries an event makes: one per route that takes it, each first tried now or, inside
 * the route's quiet hours, when they end (a test is never held).
 *
 * @example planDeliveries(routes, event, Date.parse('2026-11-23T16:00:00Z'), providerOf)
 * // → [{ routeId: 'ops', notifier: 'webhook', nextAttemptAt: …, heldUntil: null }]
 */
export function planDeliveries(
  routes: readonly AlertRoute[],
  event: RoutableEvent,
  now: number,
  providerOf: (channelId: string) => string | undefined,
): DeliveryPlan[] {
  const plans: DeliveryPlan[] = [];
  for (const route of routes) {
    if (!routeTakes(route, event, providerOf)) continue;
    const held = event.kind === 'test' ? null : quietUntil(route, event.timezone, now);
    plans.push({ routeId: route.id, notifier: route.notifier, nextAttemptAt: held ?? now, heldUntil: held });
  }
  return plans;
}

/**
 * When the route's quiet hours end, if `at` falls inside them (in the route's zone, else
 * `timezone`); null when it does not. A range past midnight (`23:00-07:00`) that began the day
 * before counts too.
 *
 * @example quietUntil({ quietHours: { start: 1380, end: 1860 }, timezone: null, … }, 'Asia/Shanghai', Date.parse('2026-11-23T16:30:00Z'))
 * // 00:30 local → Date.parse('2026-11-23T23:00:00Z') (07:00 local)
 */
export function quietUntil(route: Pick<AlertRoute, 'quietHours' | 'timezone'>, timezone: string, at: number): number | null {
  if (route.quietHours === null) return null;
  return rangeEnd(route.quietHours, route.timezone ?? timezone, at);
}

function rangeEnd(range: MinuteRange, timezone: string, at: number): number | null {
  const local = localParts(at, timezone);
  if (local.minute >= range.start && local.minute < range.end) return zonedTimeToEpoch(local.date, range.end, timezone);
  // Yesterday's range running past midnight into today.
  if (range.end > 1440 && local.minute < range.end - 1440) return zonedTimeToEpoch(addDays(local.date, -1), range.end, timezone);
  return null;
}

/**
 * How long to wait before attempt `attempt + 1` after `attempt` failed attempts: exponential
 * backoff with full jitter, a random time in [0, min(max, base · 2^(attempt − 1))), so
 * receivers coming back from an outage are not hit by every sender at once. `random` in [0, 1).
 *
 * @example retryDelayMs(3, { backoffMs: 30_000, maxBackoffMs: 1_800_000 }, () => 0.5) // 60_000
 */
export function retryDelayMs(attempt: number, settings: Pick<DeliverySettings, 'backoffMs' | 'maxBackoffMs'>, random: () => number): number {
  const ceiling = Math.min(settings.maxBackoffMs, settings.backoffMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  return Math.floor(random() * ceiling);
}

/**
 * The language a route's messages are in: its `lang`, else the provider's locale (any Chinese
 * locale reads zh-CN, everything else en).
 *
 * @example messageLang({ lang: null }, 'zh-HK') // 'zh-CN'
 */
export function messageLang(route: Pick<AlertRoute, 'lang'>, locale: string): AlertLang {
  if (route.lang !== null) return route.lang;
  return /^zh\b/i.test(locale) ? 'zh-CN' : 'en';
}
