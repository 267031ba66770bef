/**
 * Definitions sent to the write API, read by the config file's own zod schemas: a channel
 * body is exactly a channel of the YAML file (as JSON), a provider body exactly a provider.
 * Problems come back as values with the path inside the body (`probes[0].url`), in the
 * config loader's words.
 */
import type { Channel, Provider } from '../domain/catalog.ts';
import { configErrorMap, formatPath, toSchemaProblems } from '../config/issues.ts';
import { resolveMaintenance } from '../config/maintenance-schema.ts';
import { channelSchema, providerSchema } from '../config/schema.ts';

/** One thing wrong with a definition; `path` is relative to the body (`probes[0].url`), '' = the body itself. */
export interface DefinitionProblem {
  path: string;
  message: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: DefinitionProblem[] };

/** A JSON object as the API receives one. */
export type Body = Record<string, unknown>;

/**
 * Reads a channel definition for a provider (its one-off windows are read in the provider's zone).
 *
 * @example parseChannel({ id: 'acme-chat', kind: 'live_chat', name: 'Chat' }, { id: 'acme', timezone: 'UTC' })
 */
export function parseChannel(body: unknown, provider: { id: string; timezone: string }): Parsed<Channel> {
  const result = channelSchema.safeParse(body, { error: configErrorMap });
  if (!result.success) return { ok: false, problems: problemsOf(result.error.issues, body) };
  const { maintenance, ...rest } = result.data;
  const channel: Channel = { ...rest, providerId: provider.id, maintenance: resolveMaintenance(maintenance, provider.timezone) };
  return { ok: true, value: channel };
}

/**
 * Reads a provider definition with its channels (`channels` holds channel bodies).
 *
 * @example parseProvider({ id: 'acme', name: 'Acme', timezone: 'UTC', channels: [{ id: 'acme-chat', kind: 'live_chat', name: 'Chat' }] })
 */
export function parseProvider(body: unknown): Parsed<Provider> {
  const result = providerSchema.safeParse(body, { error: configErrorMap });
  if (!result.success) return { ok: false, problems: problemsOf(result.error.issues, body) };
  return { ok: true, value: result.data };
}

function problemsOf(issues: Parameters<typeof toSchemaProblems>[0], body: unknown): DefinitionProblem[] {
  const seen = new Set<string>();
  const problems: DefinitionProblem[] = [];
  for (const problem of toSchemaProblems(issues, body)) {
    const item = { path: formatPath(problem.path), message: problem.message };
    const key = `${item.path}\u0000${item.message}`;
    if (!seen.has(key)) problems.push(item), seen.add(key);
  }
  return problems;
}

/**
 * Applies a JSON merge patch (RFC 7396): keys set to null are removed, objects are merged,
 * anything else (lists too) replaces. Returns a new value; neither input is changed.
 *
 * @example mergePatch({ name: 'Chat', hours: { mon: '09:00-18:00' } }, { hours: null }) // → { name: 'Chat' }
 */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  const result: Body = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/** True for a JSON object (not a list, not null). */
export function isPlainObject(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
