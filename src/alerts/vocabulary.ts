/**
 * The words of alerting, each an `as const` array: the one source of the TypeScript type, the
 * config's zod enum and the database column.
 */

/** What a route can subscribe to (`events:` in the config). */
export const ALERT_EVENTS = ['down', 'recovered', 'degraded', 'cert_expiring', 'notice', 'report_surge'] as const;
export type AlertEvent = (typeof ALERT_EVENTS)[number];

/**
 * What is stored in the outbox: the subscribable events, plus `reminder` (a channel still down,
 * addressed to the one route that asked for reminders; it follows `down`) and `test` (the test
 * button, addressed to one route).
 */
export const STORED_ALERT_KINDS = [...ALERT_EVENTS, 'reminder', 'test'] as const;
export type StoredAlertKind = (typeof STORED_ALERT_KINDS)[number];

/** Where a route delivers. */
export const NOTIFIER_KINDS = ['webhook', 'slack', 'feishu', 'dingtalk', 'wecom', 'email'] as const;
export type NotifierKind = (typeof NOTIFIER_KINDS)[number];

/** A delivery's life: waiting (first try or retry), delivered, or given up (dead letter). */
export const DELIVERY_STATUSES = ['pending', 'delivered', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Languages messages are written in. */
export const ALERT_LANGS = ['zh-CN', 'en'] as const;
export type AlertLang = (typeof ALERT_LANGS)[number];
