import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { stateBadge } from '../../../badges/badge.ts';
import { BADGE_OF, badgeSubject } from '../../../badges/subject.ts';
import { providerState } from '../../../domain/state.ts';
import { listLiveNotices } from '../../../notices/store.ts';
import { listChannelStates, withState, type ChannelInfo } from '../../../store/reads.ts';
import type { RouteDeps } from '../../deps.ts';
import { ApiError } from '../../errors.ts';
import { channelStateNow } from '../../views.ts';
import { BADGES_TAG, BadgeParams, badgeLook, badgeResponses, svgResponse } from './shared.ts';

export const statusBadgeRoute = createRoute({
  method: 'get',
  path: '/badge/{id}/status.svg',
  tags: [BADGES_TAG],
  summary: "A badge of a channel's state now, or a provider's (the id names a channel if one has it, else a provider; `of` decides)",
  request: {
    params: BadgeParams,
    query: z.object({
      of: z.enum(BADGE_OF).optional().openapi({ description: 'Whose badge, when a channel and a provider share the id (default: the channel).' }),
      ...badgeLook,
    }),
  },
  responses: badgeResponses,
});

export function registerStatusBadge(app: OpenAPIHono, deps: RouteDeps): void {
  app.openapi(statusBadgeRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { of, label, style } = c.req.valid('query');
    const catalog = await deps.catalog();
    const subject = badgeSubject(catalog, id, of);
    if (!subject) throw new ApiError(404, 'not_found', `No ${of ?? 'channel or provider'} "${id}"`);
    const { provider } = subject;
    const { db } = deps.database;
    const now = deps.now();
    const [states, live] = await Promise.all([listChannelStates(db, provider.pk), listLiveNotices(db, { now, providerPk: provider.pk })]);
    const stateOf = (info: ChannelInfo) => channelStateNow(withState(info, states.get(info.pk)), provider, now, live);
    const own = subject.kind === 'channel' ? [subject.channel] : (catalog.channelsByProvider.get(provider.pk) ?? []);
    const state = subject.kind === 'channel' ? stateOf(subject.channel) : providerState(own.map(stateOf));
    const name = subject.kind === 'channel' ? subject.channel.name : provider.name;
    // A typed route expects JSON; a badge is SVG.
    return svgResponse(c, stateBadge({ label: label ?? name, state, style })) as never;
  });
}
