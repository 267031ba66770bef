/**
 * Channels as Statuspage components, and the page's indicator. Pure: the channel views come
 * in (`channelView`, src/api/views.ts, already read at `now`), Statuspage objects go out.
 *
 * Statuspage has no words for two of our states, so we decide:
 * - `closed` (outside service hours) is `operational`: nothing is broken, and a page that
 *   turned "under maintenance" every evening would alert every Statuspage subscriber twice a
 *   day. The description says it is closed and when it opens.
 * - `unknown` (no data, or nothing can probe it: a phone line) is `operational` with
 *   `only_show_if_degraded: true`, so Statuspage widgets hide it rather than show a made-up
 *   green; the description says why it is not measured.
 * Channels are not grouped (no group components): most providers have one channel per kind,
 * and a group would only repeat its single member.
 */
import type { z } from '@hono/zod-openapi';
import type { ChannelSchema } from '../api/schemas.ts';
import { providerState } from '../domain/state.ts';
import type { ChannelState } from '../domain/vocabulary.ts';
import type { ComponentStatus, StatuspageComponent, StatuspageStatus, StatusIndicator } from './schema.ts';

/** A channel as the API shows it (`channelView`). */
export type ChannelView = z.infer<typeof ChannelSchema>;

/** What every Statuspage object says about its page. */
export interface PageRef {
  /** The provider's id. */
  id: string;
  /** The provider's page on this server (absolute), used for links. */
  url: string;
  /** When the page last changed (ISO): a component without a `since` says this. */
  updatedAt: string;
}

/** A channel and the component it is. */
export interface ComponentEntry {
  channel: ChannelView;
  component: StatuspageComponent;
}

/** Our channel state → Statuspage component status (see the module comment for closed and unknown). */
export const COMPONENT_STATUS_OF: Readonly<Record<ChannelState, ComponentStatus>> = {
  up: 'operational',
  degraded: 'degraded_performance',
  down: 'major_outage',
  maintenance: 'under_maintenance',
  closed: 'operational',
  unknown: 'operational',
};

/** Statuspage's own descriptions of its indicators. */
export const INDICATOR_DESCRIPTIONS: Readonly<Record<StatusIndicator, string>> = {
  none: 'All Systems Operational',
  minor: 'Minor Service Outage',
  major: 'Partial System Outage',
  critical: 'Major System Outage',
  maintenance: 'Service Under Maintenance',
};

/**
 * A channel as a component: id and name are the channel's, `position` counts from 1 in
 * config order, the description tells what Statuspage's status cannot (closed, not measured).
 *
 * @example componentOf(closedChat, 1, page) // { id: 'acme-chat', status: 'operational', description: 'closed: outside service hours; opens at …', … }
 */
export function componentOf(channel: ChannelView, position: number, page: PageRef): StatuspageComponent {
  const at = channel.since ?? page.updatedAt;
  return {
    id: channel.id,
    name: channel.name,
    status: COMPONENT_STATUS_OF[channel.state],
    created_at: at,
    updated_at: at,
    position,
    description: describe(channel),
    showcase: false,
    start_date: null,
    group_id: null,
    page_id: page.id,
    group: false,
    only_show_if_degraded: channel.state === 'unknown',
  };
}

/** The state in our words when Statuspage's status says less, e.g. "closed: outside service hours; opens at …". */
function describe(channel: ChannelView): string | null {
  switch (channel.state) {
    case 'up':
      return null;
    case 'degraded':
      return 'degraded: answering, but slower than expected';
    case 'closed':
      return `closed: ${channel.state_reason ?? 'outside service hours'}${channel.opens_at ? `; opens at ${channel.opens_at}` : ''}`;
    default:
      return channel.state_reason === null ? channel.state : `${channel.state}: ${channel.state_reason}`;
  }
}

/**
 * The page's indicator from its channels' states, as our provider state reads them
 * (`providerState`: closed and unknown channels do not count): every open, measured channel
 * down is `critical`, some down `major`, some degraded `minor`; otherwise `maintenance` while
 * a channel is in maintenance, else `none`.
 *
 * @example pageStatus(['up', 'down', 'closed']) // { indicator: 'major', description: 'Partial System Outage' }
 */
export function pageStatus(states: readonly ChannelState[]): StatuspageStatus {
  const overall = providerState(states);
  let indicator: StatusIndicator = 'none';
  if (overall === 'down') indicator = 'critical';
  else if (overall === 'degraded') indicator = states.includes('down') ? 'major' : 'minor';
  else if (states.includes('maintenance')) indicator = 'maintenance';
  return { indicator, description: INDICATOR_DESCRIPTIONS[indicator] };
}
