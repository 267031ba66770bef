/** The `alerts:` block: what it parses to, and what it refuses, with the path of each mistake. */
import { describe, expect, it } from 'vitest';
import { AlertSecretsError, redactRoute, resolveRoutes } from '../../src/alerts/secrets.ts';
import { alertsSchema } from '../../src/config/alerts-schema.ts';
import { parseConfig } from '../../src/config/index.ts';
import { problemsOf } from '../config/problems-of.ts';

const PROVIDERS = `providers:
  - id: examplepay
    name: ExamplePay
    timezone: Asia/Shanghai
    channels:
      - { id: examplepay-hotline, kind: hotline, name: Hotline }
`;

describe('the alerts block', () => {
  it('parses the issue’s example into normalised routes with delivery defaults', () => {
    const catalog = parseConfig(
      `${PROVIDERS}alerts:
  routes:
    - id: ops-webhook
      notifier: webhook
      url: https://hooks.example.com/supportwatch
      secret_env: SUPPORTWATCH_WEBHOOK_SECRET
      events: [down, recovered, degraded, cert_expiring, notice, report_surge]
      providers: [examplepay]
      lang: zh-CN
      quiet_hours: "23:00-07:00"
      remind_every: 30m
    - id: oncall-mail
      notifier: email
      to: [oncall@example.com]
      from: supportwatch@example.com
      smtp: { host: smtp.example.com, port: 465, secure: true, user_env: SMTP_USER, password_env: SMTP_PASSWORD }
`,
      'alerts.yaml',
    );
    expect(catalog.alerts).toEqual({
      routes: [
        {
          id: 'ops-webhook',
          notifier: 'webhook',
          url: 'https://hooks.example.com/supportwatch',
          urlEnv: null,
          secretEnv: 'SUPPORTWATCH_WEBHOOK_SECRET',
          events: ['down', 'recovered', 'degraded', 'cert_expiring', 'notice', 'report_surge'],
          providers: ['examplepay'],
          channels: null,
          lang: 'zh-CN',
          quietHours: { start: 1380, end: 1860 },
          timezone: null,
          remindEveryMs: 1_800_000,
        },
        {
          id: 'oncall-mail',
          notifier: 'email',
          to: ['oncall@example.com'],
          from: 'supportwatch@example.com',
          smtp: { host: 'smtp.example.com', port: 465, secure: true, requireTls: false, insecure: false, userEnv: 'SMTP_USER', passwordEnv: 'SMTP_PASSWORD' },
          events: ['down', 'recovered', 'degraded', 'cert_expiring', 'notice', 'report_surge'],
          providers: null,
          channels: null,
          lang: null,
          quietHours: null,
          timezone: null,
          remindEveryMs: null,
        },
      ],
      delivery: { maxAttempts: 10, timeoutMs: 10_000, backoffMs: 30_000, maxBackoffMs: 1_800_000, retentionMs: 30 * 86_400_000 },
    });
  });

  it('names the file and line of a mistake', () => {
    expect(() => parseConfig(`${PROVIDERS}alerts:\n  routes:\n    - { id: x, notifier: webhook, url: "https://h.example.com", events: [outage] }\n`, 'a.yaml')).toThrow(
      /a\.yaml:9 alerts\.routes\[0\]\.events\[0\]: expected one of down, recovered/,
    );
  });

  it.each([
    { name: 'no url', route: { id: 'a', notifier: 'webhook' }, path: 'routes[0].url', message: 'give exactly one of url and url_env' },
    { name: 'url and url_env', route: { id: 'a', notifier: 'slack', url: 'https://hooks.slack.com/x', url_env: 'SLACK_URL' }, path: 'routes[0].url', message: 'give exactly one of url and url_env' },
    { name: 'a secret on Slack', route: { id: 'a', notifier: 'slack', url_env: 'SLACK_URL', secret_env: 'S' }, path: 'routes[0].secret_env', message: 'slack bots do not sign messages; the URL is the secret (use url_env)' },
    { name: 'a bad env name', route: { id: 'a', notifier: 'webhook', url: 'https://h.example.com', secret_env: 'not a name' }, path: 'routes[0].secret_env', message: 'expected an environment variable name such as SUPPORTWATCH_WEBHOOK_SECRET' },
    { name: 'two quiet ranges', route: { id: 'a', notifier: 'webhook', url: 'https://h.example.com', quiet_hours: '01:00-02:00, 03:00-04:00' }, path: 'routes[0].quiet_hours', message: 'expected one range such as "23:00-07:00"' },
    { name: 'reminders too often', route: { id: 'a', notifier: 'webhook', url: 'https://h.example.com', remind_every: '1m' }, path: 'routes[0].remind_every', message: 'must be at least 5m (got 1m)' },
    { name: 'a plain-text password', route: { id: 'a', notifier: 'email', to: ['a@example.com'], from: 'b@example.com', smtp: { host: 'h', password: 'x' } }, path: 'routes[0].smtp.password', message: 'unknown key "password"' },
  ])('refuses $name', ({ route, path, message }) => {
    expect(problemsOf(alertsSchema, { routes: [route] })).toContainEqual([path, expect.stringContaining(message)]);
  });

  it('refuses a route id used twice', () => {
    const route = { id: 'a', notifier: 'webhook', url: 'https://h.example.com' };
    expect(problemsOf(alertsSchema, { routes: [route, route] })).toContainEqual(['routes[1].id', 'route id "a" is used twice']);
  });
});

describe('route secrets', () => {
  const [hook, mail] = alertsSchema.parse({
    routes: [
      { id: 'ding', notifier: 'dingtalk', url_env: 'DING_URL', secret_env: 'DING_SECRET' },
      { id: 'mail', notifier: 'email', to: ['a@example.com'], from: 'b@example.com', smtp: { host: 'smtp.example.com', user_env: 'U', password_env: 'P' } },
    ],
  }).routes;

  it('are read from the environment, and a missing one stops start-up by name', () => {
    expect(() => resolveRoutes([hook!, mail!], { DING_URL: 'https://oapi.dingtalk.com/robot/send?access_token=t0k3n' })).toThrow(AlertSecretsError);
    try {
      resolveRoutes([hook!, mail!], { DING_URL: 'https://oapi.dingtalk.com/robot/send?access_token=t0k3n' });
    } catch (err) {
      expect((err as AlertSecretsError).problems).toEqual(['routes.ding.secret_env: DING_SECRET is not set', 'routes.mail.smtp.user_env: U is not set', 'routes.mail.smtp.password_env: P is not set']);
    }
  });

  it('are never shown: the API view has the URL origin and the variable names only', () => {
    const env = { DING_URL: 'https://oapi.dingtalk.com/robot/send?access_token=t0k3n', DING_SECRET: 'SECabc', U: 'user', P: 'pa55' };
    const views = resolveRoutes([hook!, mail!], env).map(redactRoute);
    const text = JSON.stringify(views);
    for (const secret of ['t0k3n', 'SECabc', 'pa55', 'user"']) expect(text).not.toContain(secret);
    expect(views[0]).toMatchObject({ target: 'https://oapi.dingtalk.com/…', env: [{ name: 'DING_URL', set: true }, { name: 'DING_SECRET', set: true }] });
    expect(views[1]).toMatchObject({ target: 'smtp://smtp.example.com:587 → a@example.com' });
  });
});
