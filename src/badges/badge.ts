/**
 * Status and uptime badges (SVG, by `badge-maker`, the library behind shields.io), coloured
 * as shields colours such things. Pure: a label and a value in, an SVG string out.
 * badge-maker escapes every text it draws, so a provider named `<script>` is only text.
 */
import { makeBadge } from 'badge-maker';
import type { ChannelState } from '../domain/vocabulary.ts';

/** The shields styles a badge can take (`?style=`). */
export const BADGE_STYLES = ['flat', 'flat-square', 'plastic', 'for-the-badge', 'social'] as const;
export type BadgeStyle = (typeof BADGE_STYLES)[number];

/** The media type every badge is served with. */
export const SVG_MEDIA_TYPE = 'image/svg+xml; charset=utf-8';

/**
 * Colour per state: green up, yellow degraded, red down, blue maintenance (announced, not a
 * fault), light grey closed (outside hours, not a fault), grey unknown (no data).
 */
export const STATE_COLORS: Readonly<Record<ChannelState, string>> = {
  up: 'brightgreen',
  degraded: 'yellow',
  down: 'red',
  maintenance: 'blue',
  closed: 'lightgrey',
  unknown: 'grey',
};

/**
 * A badge with `label` and the state as its message.
 *
 * @example stateBadge({ label: 'Hotline', state: 'down' }) // '<svg …><title>Hotline: down</title>…'
 */
export function stateBadge(options: { label: string; state: ChannelState; style?: BadgeStyle }): string {
  return makeBadge({ label: options.label, message: options.state, color: STATE_COLORS[options.state], style: options.style ?? 'flat' });
}

/**
 * An uptime fraction as a percentage with at most two decimals, rounded down so that a badge
 * never claims more than was measured (0.99996 is 99.99 %, not 100 %); null is "no data".
 *
 * @example formatUptime(0.99953) // '99.95%'
 * @example formatUptime(1) // '100%'
 */
export function formatUptime(uptime: number | null): string {
  if (uptime === null) return 'no data';
  const hundredths = Math.floor(uptime * 10_000 + 1e-9);
  return `${(hundredths / 100).toString()}%`;
}

/**
 * Colour of an uptime: shields' scale for uptime (bright green from 99.9 %, green from 99.5 %,
 * yellow from 99 %, orange from 95 %, red below), light grey without data.
 */
export function uptimeColor(uptime: number | null): string {
  if (uptime === null) return 'lightgrey';
  if (uptime >= 0.999) return 'brightgreen';
  if (uptime >= 0.995) return 'green';
  if (uptime >= 0.99) return 'yellow';
  if (uptime >= 0.95) return 'orange';
  return 'red';
}

/**
 * A badge with `label` and the uptime over `window` as its message.
 *
 * @example uptimeBadge({ label: 'Hotline', uptime: 0.9995, window: '30d' }) // '<svg …><title>Hotline: 99.95% (30d)</title>…'
 */
export function uptimeBadge(options: { label: string; uptime: number | null; window: string; style?: BadgeStyle }): string {
  return makeBadge({
    label: options.label,
    message: `${formatUptime(options.uptime)} (${options.window})`,
    color: uptimeColor(options.uptime),
    style: options.style ?? 'flat',
  });
}
