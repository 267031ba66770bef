/**
 * Alert settings as the config loader normalises them (ms durations, minute ranges, camelCase).
 * Secrets are never here: a route names the environment variables that hold them, and
 * `resolveRoutes` reads those at start.
 */
import type { MinuteRange } from '../domain/catalog.ts';
import type { AlertEvent, AlertLang, NotifierKind } from './vocabulary.ts';

/** The `alerts:` block. */
export interface AlertSettings {
  routes: AlertRoute[];
  delivery: DeliverySettings;
}

/** How the worker delivers: per attempt, and how often and how long it keeps trying. */
export interface DeliverySettings {
  /** Attempts before a delivery is given up (dead letter). */
  maxAttempts: number;
  /** Longest one attempt may take (connect, send, answer). */
  timeoutMs: number;
  /** The first retry waits up to this long; each further one up to twice as long. */
  backoffMs: number;
  /** No retry waits longer than this. */
  maxBackoffMs: number;
  /** Events and deliveries are kept this long (pending ones until they end). */
  retentionMs: number;
}

/** Settings every route shares. */
export interface RouteCommon {
  /** `[a-z0-9-]+`, unique among routes. */
  id: string;
  notifier: NotifierKind;
  events: AlertEvent[];
  /** Only these providers (ids); null = all. */
  providers: string[] | null;
  /** Only these channels (ids); null = all. */
  channels: string[] | null;
  /** The language of messages; null = the provider's locale (zh → zh-CN, else en). */
  lang: AlertLang | null;
  /** No message inside this local range (held until it ends); `end` past 1440 = the next day. */
  quietHours: MinuteRange | null;
  /** The zone of `quietHours`; null = the provider's zone. */
  timezone: string | null;
  /** A reminder this often while a channel stays down; null = none. */
  remindEveryMs: number | null;
}

/** A route to an HTTP endpoint: a generic webhook or a chat bot. */
export interface HttpRoute extends RouteCommon {
  notifier: 'webhook' | 'slack' | 'feishu' | 'dingtalk' | 'wecom';
  /** The endpoint, when written in the config (bot URLs carry a token: prefer `urlEnv`). */
  url: string | null;
  /** The environment variable holding the endpoint. */
  urlEnv: string | null;
  /** The environment variable holding the signing secret (webhook, feishu, dingtalk). */
  secretEnv: string | null;
}

/** A route to mailboxes over SMTP. */
export interface EmailRoute extends RouteCommon {
  notifier: 'email';
  to: string[];
  from: string;
  smtp: SmtpSettings;
}

export interface SmtpSettings {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS is used when offered. */
  secure: boolean;
  /** Refuse to send unless STARTTLS succeeds. */
  requireTls: boolean;
  /** Accept any certificate (a relay with a self-signed one). */
  insecure: boolean;
  userEnv: string | null;
  passwordEnv: string | null;
}

export type AlertRoute = HttpRoute | EmailRoute;

/** The secrets of a route, read from the environment at start. Never logged, never shown. */
export interface RouteSecrets {
  url: string | null;
  secret: string | null;
  smtpUser: string | null;
  smtpPassword: string | null;
}

/** A route with its secrets: what the worker sends with. */
export interface ResolvedRoute {
  route: AlertRoute;
  secrets: RouteSecrets;
}
