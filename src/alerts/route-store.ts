/**
 * Alert routes made through the API, kept in `alert_routes` as the YAML-shaped JSON that was
 * sent and read back through the config's own schema, so an API route is exactly a route of
 * the file. Config routes win on an id.
 */
import { eq } from 'drizzle-orm';
import { alertRoutes } from '../../db/schema.ts';
import { alertRouteSchema } from '../config/alerts-schema.ts';
import { configErrorMap, formatPath, toSchemaProblems } from '../config/issues.ts';
import type { Db } from '../store/database.ts';
import type { AlertRoute } from './types.ts';

/** One thing wrong with a route body; `path` is inside the body (`smtp.port`). */
export interface RouteProblem {
  path: string;
  message: string;
}

/**
 * Reads a route body (snake_case, as in the YAML file) for route `id`: the body's `id` may be
 * left out, and must be `id` when given.
 *
 * @example parseRouteBody('ops', { notifier: 'webhook', url: 'https://h.example.com', secret_env: 'HOOK_SECRET' })
 */
export function parseRouteBody(id: string, body: unknown): { ok: true; route: AlertRoute; body: Record<string, unknown> } | { ok: false; problems: RouteProblem[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, problems: [{ path: '', message: 'expected a JSON object' }] };
  const given = body as Record<string, unknown>;
  if (given.id !== undefined && given.id !== id) return { ok: false, problems: [{ path: 'id', message: `the body names route "${String(given.id)}", the path "${id}"` }] };
  const full = { ...given, id };
  const result = alertRouteSchema.safeParse(full, { error: configErrorMap });
  if (!result.success) {
    return { ok: false, problems: toSchemaProblems(result.error.issues, full).map((p) => ({ path: formatPath(p.path), message: p.message })) };
  }
  return { ok: true, route: result.data, body: full };
}

/** The stored API routes; one that no longer reads (the schema moved on) is reported, not used. */
export async function loadApiRoutes(db: Db): Promise<{ routes: AlertRoute[]; unreadable: Array<{ id: string; problems: RouteProblem[] }> }> {
  const routes: AlertRoute[] = [];
  const unreadable: Array<{ id: string; problems: RouteProblem[] }> = [];
  for (const row of await db.select().from(alertRoutes).orderBy(alertRoutes.createdAt)) {
    const parsed = parseRouteBody(row.id, row.body);
    if (parsed.ok) routes.push(parsed.route);
    else unreadable.push({ id: row.id, problems: parsed.problems });
  }
  return { routes, unreadable };
}

/** Inserts or replaces an API route; true when it is new. */
export async function saveApiRoute(db: Db, id: string, body: Record<string, unknown>, by: string, now: number): Promise<boolean> {
  const existed = (await db.select({ id: alertRoutes.id }).from(alertRoutes).where(eq(alertRoutes.id, id))).length > 0;
  await db
    .insert(alertRoutes)
    .values({ id, body, createdAt: now, updatedAt: now, updatedBy: by })
    .onConflictDoUpdate({ target: alertRoutes.id, set: { body, updatedAt: now, updatedBy: by } });
  return !existed;
}

/** Deletes an API route; false when there was none. */
export async function deleteApiRoute(db: Db, id: string): Promise<boolean> {
  return (await db.delete(alertRoutes).where(eq(alertRoutes.id, id)).returning({ id: alertRoutes.id })).length > 0;
}
