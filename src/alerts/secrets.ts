/**
 * Route secrets from the environment: read once at start (a missing variable stops start-up
 * with its name, never its value), and never shown: the API prints a route with its URL cut
 * to the origin and its variables by name.
 */
import type { AlertRoute, ResolvedRoute, RouteSecrets } from './types.ts';

/** Thrown when a route names an environment variable that is not set. */
export class AlertSecretsError extends Error {
  constructor(readonly problems: string[]) {
    super(`alert routes need environment variables that are not set:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'AlertSecretsError';
  }
}

/**
 * Every route with its secrets read from `env`.
 *
 * @throws AlertSecretsError naming each route and variable that is missing.
 * @example resolveRoutes(catalog.alerts?.routes ?? [], process.env)
 */
export function resolveRoutes(routes: readonly AlertRoute[], env: Readonly<Record<string, string | undefined>>): ResolvedRoute[] {
  const problems: string[] = [];
  const read = (route: AlertRoute, key: string, name: string | null): string | null => {
    if (name === null) return null;
    const value = env[name];
    if (value === undefined || value === '') {
      problems.push(`routes.${route.id}.${key}: ${name} is not set`);
      return null;
    }
    return value;
  };
  const resolved = routes.map((route): ResolvedRoute => {
    let secrets: RouteSecrets;
    if (route.notifier === 'email') {
      secrets = {
        url: null,
        secret: null,
        smtpUser: read(route, 'smtp.user_env', route.smtp.userEnv),
        smtpPassword: read(route, 'smtp.password_env', route.smtp.passwordEnv),
      };
    } else {
      const url = route.url ?? read(route, 'url_env', route.urlEnv);
      if (url !== null && !/^https?:\/\//i.test(url)) problems.push(`routes.${route.id}.url_env: ${route.urlEnv} is not an http(s) URL`);
      secrets = { url, secret: read(route, 'secret_env', route.secretEnv), smtpUser: null, smtpPassword: null };
    }
    return { route, secrets };
  });
  if (problems.length > 0) throw new AlertSecretsError(problems);
  return resolved;
}

/** A route as the API shows it: no secret, no token-bearing URL path. */
export interface RouteView {
  id: string;
  notifier: AlertRoute['notifier'];
  events: string[];
  providers: string[] | null;
  channels: string[] | null;
  lang: string | null;
  quiet_hours: string | null;
  timezone: string | null;
  remind_every_s: number | null;
  /** Where it goes: the URL's origin only (bot URLs carry their token in the path), or the mail relay and recipients. */
  target: string;
  /** The environment variables it reads, by name, and whether each was set at start. */
  env: Array<{ name: string; set: boolean }>;
}

/**
 * The public view of a route.
 *
 * @example redactRoute(resolved).target // 'https://oapi.dingtalk.com/…'
 */
export function redactRoute({ route, secrets }: ResolvedRoute): RouteView {
  const env: RouteView['env'] = [];
  let target: string;
  if (route.notifier === 'email') {
    target = `smtp://${route.smtp.host}:${route.smtp.port} → ${route.to.join(', ')}`;
    if (route.smtp.userEnv) env.push({ name: route.smtp.userEnv, set: secrets.smtpUser !== null });
    if (route.smtp.passwordEnv) env.push({ name: route.smtp.passwordEnv, set: secrets.smtpPassword !== null });
  } else {
    let origin = '(unset)';
    try {
      if (secrets.url) origin = `${new URL(secrets.url).origin}/…`;
    } catch {
      origin = '(invalid)';
    }
    target = origin;
    if (route.urlEnv) env.push({ name: route.urlEnv, set: secrets.url !== null });
    if (route.secretEnv) env.push({ name: route.secretEnv, set: secrets.secret !== null });
  }
  const q = route.quietHours;
  const hm = (m: number) => `${String(Math.floor((m % 1440) / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return {
    id: route.id,
    notifier: route.notifier,
    events: route.events,
    providers: route.providers,
    channels: route.channels,
    lang: route.lang,
    quiet_hours: q ? `${hm(q.start)}-${hm(q.end)}` : null,
    timezone: route.timezone,
    remind_every_s: route.remindEveryMs === null ? null : route.remindEveryMs / 1000,
    target,
    env,
  };
}
