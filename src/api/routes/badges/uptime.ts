import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { uptimeBadge } from '../../../badges/badge.ts';
import { badgeSubject } from '../../../badges/subject.ts';
import { historyChannelOf } from '../../../history/channels.ts';
import { channelUptime } from '../../../history/queries.ts';
import type { RouteDeps } from '../../deps.ts';
import { ApiError } from '../../errors.ts';
import { HistoryWindowSchema } from '../../schemas.ts';
import { BADGES_TAG, BadgeParams, badgeLook, badgeResponses, svgResponse } from './shared.ts';

export const uptimeBadgeRoute = createRoute({
  method: 'get',
  path: '/badge/{id}/uptime.svg',
  tags: [BADGES_TAG],
  summary: "A badge of a channel's uptime over a window (default 30d), as /api/v1/channels/{id}/uptime counts it",
  request: {
    params: BadgeParams,
    query: z.object({ window: HistoryWindowSchema.default('30d'), ...badgeLook }),
  },
  responses: badgeResponses,
});

export function registerUptimeBadge(app: OpenAPIHono, deps: RouteDeps): void {
  app.openapi(uptimeBadgeRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { window, label, style } = c.req.valid('query');
    const catalog = await deps.catalog();
    // Uptime is a channel's: only channels have one.
    const subject = badgeSubject(catalog, id, 'channel');
    if (subject?.kind !== 'channel') throw new ApiError(404, 'not_found', `No channel "${id}"`);
    const history = historyChannelOf(subject.provider, subject.channel, catalog.probesByChannel.get(subject.channel.pk) ?? []);
    const { uptime } = await channelUptime(deps.database.db, history, window, deps.now());
    return svgResponse(c, uptimeBadge({ label: label ?? subject.channel.name, uptime, window, style })) as never;
  });
}
