/**
 * How a state looks: an icon and a colour class, always shown next to the state's word, so
 * no one has to tell states apart by colour.
 */
import type { ChannelState } from './api/types.ts';

/** Glyphs that every system font has (no emoji: they vary and may be missing). */
export const STATE_ICONS: Record<ChannelState, string> = {
  up: '✓',
  degraded: '!',
  down: '✕',
  closed: '☾',
  maintenance: '⚙',
  unknown: '?',
};

/** The CSS class carrying a state's colours. */
export function stateClass(state: ChannelState): string {
  return `st-${state}`;
}
