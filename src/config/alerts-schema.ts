/**
 * The `alerts:` block of `supportwatch.yaml`: where messages go (routes), which events each
 * route gets, and how deliveries are retried. Secrets are never written here: a route names
 * the environment variables that hold them (`secret_env`, `url_env`, `smtp.password_env`).
 */
import { z } from 'zod';
import type { AlertRoute, AlertSettings, EmailRoute, HttpRoute, RouteCommon } from '../alerts/types.ts';
import { ALERT_EVENTS, ALERT_LANGS } from '../alerts/vocabulary.ts';
import { parseRangeList } from './hours.ts';
import { DAY, HOUR, MINUTE, SECOND, duration, idSchema, timeZoneSchema } from './primitives.ts';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const envName = (description: string) =>
  z.string().regex(ENV_NAME, { error: 'expected an environment variable name such as SUPPORTWATCH_WEBHOOK_SECRET' }).describe(description);

const quietHoursSchema = z
  .string()
  .transform((text, ctx) => {
    const ranges = parseRangeList(text);
    if (typeof ranges === 'string' || ranges.length !== 1) {
      ctx.addIssue({ code: 'custom', message: typeof ranges === 'string' ? ranges : 'expected one range such as "23:00-07:00"', input: text });
      return z.NEVER;
    }
    return ranges[0]!;
  })
  .describe('"HH:MM-HH:MM" in the provider time zone (or `timezone`): messages are held until it ends; an end before the start crosses midnight.');

/** Keys every route has, whatever its notifier. */
const common = {
  id: idSchema('route').describe('Unique among routes; the test button and the deliveries log name it.'),
  events: z
    .array(z.enum(ALERT_EVENTS, { error: `expected one of ${ALERT_EVENTS.join(', ')}` }))
    .min(1)
    .default([...ALERT_EVENTS])
    .describe('Which events this route gets (default: all).'),
  providers: z.array(idSchema('provider')).min(1).optional().describe('Only events of these providers.'),
  channels: z.array(idSchema('channel')).min(1).optional().describe('Only events of these channels (a notice for the whole provider counts for each).'),
  lang: z.enum(ALERT_LANGS).optional().describe("Message language; default: the provider's locale (zh → zh-CN, else en)."),
  quiet_hours: quietHoursSchema.optional(),
  timezone: timeZoneSchema.optional().describe('Zone of quiet_hours; default: the provider time zone.'),
  remind_every: duration(5 * MINUTE, 7 * DAY, 'Remind this often while a channel stays down (at least 5m).').optional(),
};

function commonOf(r: {
  id: string;
  events: RouteCommon['events'];
  providers?: string[] | undefined;
  channels?: string[] | undefined;
  lang?: RouteCommon['lang'] | undefined;
  quiet_hours?: RouteCommon['quietHours'] | undefined;
  timezone?: string | undefined;
  remind_every?: number | undefined;
}): Omit<RouteCommon, 'notifier'> {
  return {
    id: r.id,
    events: [...new Set(r.events)],
    providers: r.providers ?? null,
    channels: r.channels ?? null,
    lang: r.lang ?? null,
    quietHours: r.quiet_hours ?? null,
    timezone: r.timezone ?? null,
    remindEveryMs: r.remind_every ?? null,
  };
}

const httpRouteSchema = z
  .strictObject({
    ...common,
    notifier: z.enum(['webhook', 'slack', 'feishu', 'dingtalk', 'wecom']),
    url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).optional().describe('The endpoint. Bot URLs carry a token: prefer url_env.'),
    url_env: envName('Environment variable holding the endpoint URL.').optional(),
    secret_env: envName('Environment variable holding the signing secret (webhook: HMAC-SHA256; feishu and dingtalk: their bot signing).').optional(),
  })
  .superRefine((r, ctx) => {
    if ((r.url === undefined) === (r.url_env === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'give exactly one of url and url_env' });
    }
    if (r.secret_env !== undefined && (r.notifier === 'slack' || r.notifier === 'wecom')) {
      ctx.addIssue({ code: 'custom', path: ['secret_env'], message: `${r.notifier} bots do not sign messages; the URL is the secret (use url_env)` });
    }
  })
  .transform(
    (r): HttpRoute => ({
      ...commonOf(r),
      notifier: r.notifier,
      url: r.url ?? null,
      urlEnv: r.url_env ?? null,
      secretEnv: r.secret_env ?? null,
    }),
  );

const emailRouteSchema = z
  .strictObject({
    ...common,
    notifier: z.literal('email'),
    to: z.array(z.email({ error: 'expected an e-mail address' })).min(1).describe('Recipients.'),
    from: z.email({ error: 'expected an e-mail address' }).describe('Sender address.'),
    smtp: z
      .strictObject({
        host: z.string().min(1).describe('SMTP relay host.'),
        port: z.int().min(1).max(65_535).default(587),
        secure: z.boolean().default(false).describe('TLS from the first byte (port 465); otherwise STARTTLS when offered.'),
        require_tls: z.boolean().default(false).describe('Refuse to send unless STARTTLS succeeds.'),
        insecure: z.boolean().default(false).describe('Accept any certificate from the relay.'),
        user_env: envName('Environment variable holding the SMTP user name.').optional(),
        password_env: envName('Environment variable holding the SMTP password.').optional(),
      })
      .describe('The relay that sends the mail.'),
  })
  .transform(
    (r): EmailRoute => ({
      ...commonOf(r),
      notifier: 'email',
      to: r.to,
      from: r.from,
      smtp: {
        host: r.smtp.host,
        port: r.smtp.port,
        secure: r.smtp.secure,
        requireTls: r.smtp.require_tls,
        insecure: r.smtp.insecure,
        userEnv: r.smtp.user_env ?? null,
        passwordEnv: r.smtp.password_env ?? null,
      },
    }),
  );

/** One route, as in `alerts.routes` (the write API reads route bodies with it too). */
export const alertRouteSchema = z.discriminatedUnion('notifier', [httpRouteSchema, emailRouteSchema], {
  error: 'expected a route with notifier webhook, slack, feishu, dingtalk, wecom or email',
});

/**
 * The `alerts:` block. Parses to `AlertSettings`.
 *
 * @example
 * alertsSchema.parse({ routes: [{ id: 'ops', notifier: 'webhook', url: 'https://hooks.example.com/x', secret_env: 'HOOK_SECRET' }] })
 */
export const alertsSchema = z
  .strictObject({
    routes: z.array(alertRouteSchema).default([]).describe('Where alerts go.'),
    delivery: z
      .strictObject({
        max_attempts: z.int().min(1).max(50).default(10).describe('Attempts before a delivery is given up and kept as a dead letter.'),
        timeout: duration(SECOND, 2 * MINUTE, 'Longest one attempt may take.').prefault('10s'),
        backoff: duration(10, HOUR, 'The first retry waits up to this long (full jitter); each further one up to twice as long.').prefault('30s'),
        max_backoff: duration(10, DAY, 'No retry waits longer than this.').prefault('30m'),
        retention: duration(DAY, 3650 * DAY, 'How long sent and dead deliveries are kept.').prefault('30d'),
      })
      .prefault({})
      .describe('How deliveries are retried.'),
  })
  .superRefine((a, ctx) => {
    const seen = new Set<string>();
    a.routes.forEach((route: AlertRoute, index) => {
      if (seen.has(route.id)) ctx.addIssue({ code: 'custom', path: ['routes', index, 'id'], message: `route id "${route.id}" is used twice` });
      seen.add(route.id);
    });
  })
  .transform(
    (a): AlertSettings => ({
      routes: a.routes,
      delivery: {
        maxAttempts: a.delivery.max_attempts,
        timeoutMs: a.delivery.timeout,
        backoffMs: a.delivery.backoff,
        maxBackoffMs: a.delivery.max_backoff,
        retentionMs: a.delivery.retention,
      },
    }),
  )
  .describe('Alerts to support managers: webhooks, chat bots (Slack, Feishu/Lark, DingTalk, WeCom) and e-mail.');

/** The delivery settings when the config has no `alerts:` block (tests, the API). */
export const DEFAULT_DELIVERY = { maxAttempts: 10, timeoutMs: 10 * SECOND, backoffMs: 30 * SECOND, maxBackoffMs: 30 * MINUTE, retentionMs: 30 * DAY } as const;
