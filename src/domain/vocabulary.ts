/**
 * The words of supportwatch (see DESIGN.md), each an `as const` array: the one source from
 * which the TypeScript type, the zod enum and the database column are all derived.
 */

/** Official ways to reach a provider's support. `regulator` is an outside complaint line. */
export const CHANNEL_KINDS = [
  'hotline',
  'live_chat',
  'in_app',
  'email',
  'web_form',
  'social',
  'help_center',
  'chatbot',
  'announcements',
  'regulator',
] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/**
 * How a channel is checked: `http` (status, keywords, conditions, latency), `tcp` (connect,
 * optional TLS), `dns` (A/AAAA/MX/TXT/CNAME), `smtp` (banner, EHLO, STARTTLS), `tls`
 * (certificate validity and days left) and `feed` (an announcement source: Statuspage JSON,
 * RSS/Atom/JSON Feed, an HTML notice list).
 */
export const PROBE_TYPES = ['http', 'tcp', 'dns', 'smtp', 'tls', 'feed'] as const;
export type ProbeType = (typeof PROBE_TYPES)[number];

/** DNS record types a `dns` probe can ask for. */
export const DNS_RECORD_TYPES = ['A', 'AAAA', 'MX', 'TXT', 'CNAME'] as const;
export type DnsRecordType = (typeof DNS_RECORD_TYPES)[number];

/**
 * A channel's state now. `closed` (outside service hours) and `maintenance` never count as
 * downtime; `unknown` means there is no measured data yet.
 */
export const CHANNEL_STATES = ['up', 'degraded', 'down', 'closed', 'maintenance', 'unknown'] as const;
export type ChannelState = (typeof CHANNEL_STATES)[number];

/** A probe's status after thresholds: one failed check is a blip, not an outage. */
export const PROBE_STATUSES = ['up', 'degraded', 'down', 'unknown'] as const;
export type ProbeStatus = (typeof PROBE_STATUSES)[number];

/** What one check found. `degraded` = it answered correctly, but too slowly. */
export const CHECK_OUTCOMES = ['up', 'degraded', 'down'] as const;
export type CheckOutcome = (typeof CHECK_OUTCOMES)[number];

/** Why a check failed, so a manager can tell a DNS fault from a wrong answer at a glance. */
export const ERROR_CLASSES = [
  'dns',
  'connect',
  'tls',
  'timeout',
  'http_status',
  'keyword',
  'condition',
  'body_too_large',
  'redirects',
  'other',
] as const;
export type ErrorClass = (typeof ERROR_CLASSES)[number];

/** Days of the week in `Date#getUTCDay()` order, as written in service hours. */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
