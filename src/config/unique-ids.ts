/**
 * Provider ids must be unique in the file and channel ids across the whole file (a channel id
 * names a channel everywhere: URLs, badges, the store).
 */
import type { z } from 'zod';

/**
 * Adds a `duplicate … id` issue for every repeat, with the first occurrence's path in
 * `params.firstPath` (the loader turns it into a line). Reads the value defensively because
 * it also runs when other parts of the file are invalid.
 */
export function checkUniqueIds(config: unknown, ctx: z.core.$RefinementCtx): void {
  const providers = field(config, 'providers');
  if (!Array.isArray(providers)) return;
  const providerSeen = new Map<string, PropertyKey[]>();
  const channelSeen = new Map<string, PropertyKey[]>();
  providers.forEach((provider, p) => {
    report('provider', field(provider, 'id'), ['providers', p, 'id'], providerSeen, ctx);
    const channels = field(provider, 'channels');
    if (!Array.isArray(channels)) return;
    channels.forEach((channel, c) => {
      report('channel', field(channel, 'id'), ['providers', p, 'channels', c, 'id'], channelSeen, ctx);
    });
  });
}

function report(
  what: string,
  id: unknown,
  path: PropertyKey[],
  seen: Map<string, PropertyKey[]>,
  ctx: z.core.$RefinementCtx,
): void {
  if (typeof id !== 'string') return;
  const firstPath = seen.get(id);
  if (firstPath === undefined) {
    seen.set(id, path);
    return;
  }
  ctx.addIssue({ code: 'custom', path, message: `duplicate ${what} id "${id}"`, params: { firstPath }, input: id });
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}
