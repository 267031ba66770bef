import type { ServiceHours } from '../domain/catalog.ts';
import type { ChannelKind } from '../domain/vocabulary.ts';
import type { Need } from './types.ts';

/**
 * Which kinds of channel suit which need, as the wallets' own help pages and their users
 * advise: self-service first for ordinary questions, the phone or the app at once for a
 * stolen account, something that leaves a written record for a complaint, and the outside
 * regulator only for complaints.
 */

/** Kinds nobody staffs: their queues do not depend on the hour. */
export const SELF_SERVICE_KINDS: ReadonlySet<ChannelKind> = new Set(['help_center', 'chatbot']);

/** Kinds never offered as a way to get help (notices are read, not contacted). */
export const NOT_A_CONTACT: ReadonlySet<ChannelKind> = new Set(['announcements']);

/**
 * How well a kind fits a need, 0 (poor) to 3 (best). `regulator` is decided elsewhere: it is
 * offered only for complaints or when the provider is unreachable.
 * Security: never social media (a public reply thread is the wrong place for account
 * details), and e-mail is too slow.
 */
const FIT: Record<Need, Partial<Record<ChannelKind, number>>> = {
  general: { help_center: 3, chatbot: 3, live_chat: 2, in_app: 2, hotline: 1, social: 1, email: 1, web_form: 1 },
  payment_failed: { in_app: 3, live_chat: 3, hotline: 2, chatbot: 2, help_center: 2, social: 1, email: 0, web_form: 0 },
  account_security: { hotline: 3, in_app: 3, live_chat: 2, chatbot: 1, help_center: 1, web_form: 0, email: 0, social: 0 },
  refund: { live_chat: 3, in_app: 3, hotline: 2, web_form: 2, email: 2, chatbot: 1, help_center: 1, social: 1 },
  complaint: { hotline: 3, web_form: 3, email: 3, live_chat: 2, in_app: 2, social: 1, regulator: 1, chatbot: 0, help_center: 0 },
};

/** The fit of a kind for a need (see `FIT`); kinds not listed fit 0. */
export function needFit(need: Need, kind: ChannelKind): number {
  return FIT[need][kind] ?? 0;
}

/** Open every hour of every day. */
export function isAroundTheClock(hours: ServiceHours): boolean {
  if (hours.kind === 'always') return true;
  // Weekly hours that cover 00:00–24:00 on all seven days also count.
  for (let day = 0; day < 7; day++) {
    const ranges = hours.ranges.filter((r) => r.day === day).sort((a, b) => a.start - b.start);
    let reached = 0;
    for (const r of ranges) if (r.start <= reached) reached = Math.max(reached, r.end);
    if (reached < 1440) return false;
  }
  return true;
}

/**
 * Channels a need puts first, whatever the others score: for `account_security` a 24/7
 * hotline or the in-app support (where an account can be locked at once); for `general`
 * self-service (help centre, chatbot).
 */
export function isPinned(need: Need, kind: ChannelKind, hours: ServiceHours): boolean {
  if (need === 'account_security') return kind === 'in_app' || (kind === 'hotline' && isAroundTheClock(hours));
  if (need === 'general') return SELF_SERVICE_KINDS.has(kind);
  return false;
}
