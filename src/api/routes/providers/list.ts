import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { inMaintenance } from '../../../domain/maintenance.ts';
import { isOpen } from '../../../domain/service-hours.ts';
import { effectiveState, providerState } from '../../../domain/state.ts';
import type { ChannelState } from '../../../domain/vocabulary.ts';
import { hasActiveOutage, inAnnouncedMaintenance } from '../../../notices/effects.ts';
import { listLiveNotices, type StoredNotice } from '../../../notices/store.ts';
import { listChannelStatesBetween, type ChannelInfo, type ProviderRow } from '../../../store/reads.ts';
import type { RouteDeps } from '../../deps.ts';
import { ProblemSchema } from '../../errors.ts';
import { ProviderSummarySchema } from '../../schemas.ts';

/** Providers per page unless `limit` says otherwise; a whole market is thousands. */
export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 500;

export const listProvidersRoute = createRoute({
  method: 'get',
  path: '/api/v1/providers',
  tags: ['providers'],
  summary: 'Watched providers with their overall state now, a page at a time in id order',
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(DEFAULT_PAGE).openapi({ description: `Providers per page (1–${MAX_PAGE}).` }),
      after: z
        .string()
        .regex(/^[a-z0-9-]{1,64}$/, 'expected an id of a-z, 0-9 and -')
        .optional()
        .openapi({ description: 'The `next` of the previous page: providers after this id.', example: 'examplepay' }),
    }),
  },
  responses: {
    200: {
      description: 'Providers in id order; `next` is the cursor for the following page, null on the last.',
      content: { 'application/json': { schema: z.object({ providers: z.array(ProviderSummarySchema), next: z.string().nullable() }) } },
    },
    400: { description: 'Bad limit or cursor', content: { 'application/problem+json': { schema: ProblemSchema } } },
    429: { description: 'Rate limited', content: { 'application/problem+json': { schema: ProblemSchema } } },
  },
});

export function registerListProviders(app: OpenAPIHono, deps: RouteDeps): void {
  app.openapi(listProvidersRoute, async (c) => {
    const { limit, after } = c.req.valid('query');
    const catalog = await deps.catalog();
    const start = after === undefined ? 0 : firstAfter(catalog.providers, after);
    const page = catalog.providers.slice(start, start + limit);
    const channelsOf = (p: ProviderRow) => catalog.channelsByProvider.get(p.pk) ?? [];
    const [fromPk, toPk] = pkRange(page.flatMap((p) => channelsOf(p)));
    const now = deps.now();
    const [states, live] = await Promise.all([listChannelStatesBetween(deps.database.db, fromPk, toPk), liveNoticesByProvider(deps, now)]);
    const providers = page.map((p) => {
      const own = channelsOf(p);
      return {
        id: p.id,
        name: p.name,
        state: providerState(own.map((ch) => stateNow(ch, states.get(ch.pk)?.state ?? 'unknown', p, now, live.get(p.pk) ?? NO_NOTICES))),
        channels: own.length,
      };
    });
    const hasMore = start + limit < catalog.providers.length;
    return c.json({ providers, next: hasMore ? (page.at(-1)?.id ?? null) : null }, 200);
  });
}

/** Index of the first provider whose id sorts after `id` (providers are in id order). */
function firstAfter(providers: ProviderRow[], id: string): number {
  let lo = 0;
  let hi = providers.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (providers[mid]!.id <= id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function pkRange(channels: ChannelInfo[]): [number, number] {
  let from = Infinity;
  let to = -Infinity;
  for (const ch of channels) {
    if (ch.pk < from) from = ch.pk;
    if (ch.pk > to) to = ch.pk;
  }
  return from > to ? [0, -1] : [from, to];
}

const NO_NOTICES: readonly StoredNotice[] = [];

/** Notices that may be in effect, by provider key: one index range over all providers (usually a handful of rows). */
async function liveNoticesByProvider(deps: RouteDeps, now: number): Promise<Map<number, StoredNotice[]>> {
  const byProvider = new Map<number, StoredNotice[]>();
  for (const notice of await listLiveNotices(deps.database.db, { now })) {
    const own = byProvider.get(notice.providerPk);
    if (own) own.push(notice);
    else byProvider.set(notice.providerPk, [notice]);
  }
  return byProvider;
}

/**
 * What people see of a channel now. Only the yes/no questions (open? in a window?) are asked:
 * the list needs no next opening or next window, which cost far more to work out. The
 * provider's notices count as in `channelView`: announced maintenance, and an outage notice
 * for a channel without probes.
 */
function stateNow(ch: ChannelInfo, measured: ChannelState, provider: ProviderRow, now: number, notices: readonly StoredNotice[]): ChannelState {
  const open = isOpen(ch.hours, provider.timezone, now);
  const maintenance =
    inMaintenance(provider.maintenance, provider.timezone, now) ||
    inMaintenance(ch.maintenance, provider.timezone, now) ||
    (notices.length > 0 && inAnnouncedMaintenance(notices, ch, now));
  const outageOnly = ch.probeCount === 0 && notices.length > 0 && hasActiveOutage(notices, ch, now);
  return effectiveState(outageOnly ? 'down' : measured, open, maintenance);
}
