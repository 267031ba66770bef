/**
 * What a badge id names. Channel ids are unique across the whole config and provider ids
 * among providers, but nothing stops a channel and a provider from sharing one, so the
 * badge paths (`/badge/:id/…`) resolve explicitly: `of=channel` or `of=provider` when the
 * caller says, else the channel when one has the id, else the provider.
 */
import type { CatalogView } from '../api/catalog-view.ts';
import type { ChannelInfo, ProviderRow } from '../store/reads.ts';

/** Whose badge: a channel (with its provider), or a provider. */
export type BadgeSubject = { kind: 'channel'; channel: ChannelInfo; provider: ProviderRow } | { kind: 'provider'; provider: ProviderRow };

/** What `of=` may say. */
export const BADGE_OF = ['channel', 'provider'] as const;

/**
 * The channel or provider `id` names, or undefined when none does.
 *
 * @example badgeSubject(catalog, 'acme-hotline')?.kind // 'channel'
 * @example badgeSubject(catalog, 'acme', 'provider')?.kind // 'provider'
 */
export function badgeSubject(catalog: Pick<CatalogView, 'channelById' | 'providerById'>, id: string, of?: (typeof BADGE_OF)[number]): BadgeSubject | undefined {
  if (of !== 'provider') {
    const found = catalog.channelById.get(id);
    if (found) return { kind: 'channel', ...found };
  }
  if (of !== 'channel') {
    const provider = catalog.providerById.get(id);
    if (provider) return { kind: 'provider', provider };
  }
  return undefined;
}
