import type { ServiceHours } from '../domain/catalog.ts';
import type { HeatmapCell } from '../domain/history/uptime.ts';
import type { ChannelKind, ChannelState } from '../domain/vocabulary.ts';
import type { Lang } from './lang.ts';

/**
 * What a user needs help with; it decides which kinds of channel suit them best.
 * `account_security` is urgent (stolen account, unknown charges), `complaint` may go to the
 * regulator.
 */
export const NEEDS = ['general', 'payment_failed', 'account_security', 'refund', 'complaint'] as const;
export type Need = (typeof NEEDS)[number];

/**
 * A channel's measured week-by-hour history: the cells of `heatmap()` (nested as it returns
 * them, or flat) and how many days of rollups they were built from. Fewer than
 * `MEASURED_MIN_DAYS` days and the documented defaults are used instead.
 */
export interface HourOfWeekTable {
  cells: readonly HeatmapCell[] | readonly (readonly HeatmapCell[])[];
  /** Days of history behind the cells (28 is what best-time asks the store for). */
  days: number;
}

/** One channel as the ranking sees it: catalog facts plus live state, all plain data. */
export interface AdviceChannel {
  id: string;
  name: string;
  kind: ChannelKind;
  /** Effective state now (closed outside hours, maintenance inside a window). */
  state: ChannelState;
  /** When the state began (epoch ms), if known. */
  stateSince: number | null;
  /** Latency of the latest answered check, ms. */
  latencyMs: number | null;
  /** The channel's own usual latency at this hour of the week, ms (heatmap median). */
  usualLatencyMs: number | null;
  hours: ServiceHours;
  /** Distinct users are reporting this channel unreachable, well above the usual level. */
  reportsSurge: boolean;
  /** End of the maintenance window in force, when known (epoch ms). */
  maintenanceEndsAt?: number | null;
  /** Measured history for "is this hour busy"; absent or short → the default table. */
  history?: HourOfWeekTable | null;
}

/** Everything `rankChannels` needs about one provider. */
export interface AdviceInput {
  provider: { id: string; name: string; timezone: string };
  need: Need;
  lang: Lang;
  channels: readonly AdviceChannel[];
}

/** One channel to try, best first. */
export interface Suggestion {
  channel: string;
  /** 1 = try this first. */
  rank: number;
  state: ChannelState;
  reason: string;
}

/** A channel not to try now, and why. */
export interface Avoid {
  channel: string;
  reason: string;
}

/** The answer of `GET /api/v1/providers/:id/advice`. */
export interface Advice {
  provider: string;
  /** One word for the provider (see `providerState`). */
  state: ChannelState;
  summary: string;
  suggestions: Suggestion[];
  avoid: Avoid[];
}
