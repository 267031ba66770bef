import { openingStatus, type OpeningStatus } from '../domain/service-hours.ts';
import { providerState } from '../domain/state.ts';
import type { ChannelState } from '../domain/vocabulary.ts';
import { busynessAt } from './busyness.ts';
import { formatDuration, formatLatency, formatWhen } from './format.ts';
import { say, sentence } from './messages.ts';
import { NOT_A_CONTACT, SELF_SERVICE_KINDS, isAroundTheClock, isPinned, needFit } from './needs.ts';
import type { Advice, AdviceChannel, AdviceInput, Avoid, Suggestion } from './types.ts';

/**
 * Which channel to try now, and which not to, for one provider and one need.
 *
 * The order of suggestions, each key deciding only ties of the one before:
 * 1. pinned by the need (`account_security`: a 24/7 hotline or in-app support; `general`:
 *    help centre or chatbot), when healthy;
 * 2. health: up (or open but untestable) before degraded or under a report surge;
 * 3. a score: 10 × how well the kind fits the need (0–3), minus penalties for being
 *    untestable (4), slower than its own usual latency at this hour (1 / 4 / 8 at 1.2× /
 *    1.5× / 2×), a busy hour for a staffed channel (4, a quiet one earns 2), closing within
 *    30 minutes (6);
 * 4. config order.
 * Down, maintenance and closed channels are never suggested: they go to `avoid`, with why
 * and until when. The regulator is offered only for a complaint, or when every channel of
 * the provider has been down for over an hour.
 */

/** Every own channel down for longer than this and the regulator is offered whatever the need. */
export const ALL_DOWN_FOR_MS = 3_600_000;
/** A channel closing sooner than this is a poor choice for anything but a quick question. */
export const CLOSES_SOON_MS = 30 * 60_000;

const PENALTY = { unknown: 4, busy: 4, quietBonus: 2, closesSoon: 6 } as const;

interface Candidate {
  channel: AdviceChannel;
  index: number;
  state: ChannelState;
  pinned: boolean;
  /** 0 = healthy, 1 = degraded or reported unreachable by many. */
  health: number;
  score: number;
  clauses: string[];
}

interface Avoided {
  channel: AdviceChannel;
  index: number;
  state: ChannelState;
  fit: number;
  opening: OpeningStatus;
  reason: string;
}

/** Avoided channels most worth explaining first: best fit, then down before maintenance before closed. */
const AVOID_ORDER: Partial<Record<ChannelState, number>> = { down: 0, maintenance: 1, closed: 2 };

/**
 * Ranks a provider's channels for a need at instant `now`; every text is in `input.lang`.
 *
 * @example
 * rankChannels({ provider, need: 'general', lang: 'en', channels }, Date.now())
 * // { provider: 'acme', state: 'degraded', summary: '2 of 3 channels can be used now; try Help centre first.',
 * //   suggestions: [{ channel: 'acme-help', rank: 1, state: 'up', reason: '…' }, …], avoid: [{ channel: 'acme-hotline', reason: '…' }] }
 */
export function rankChannels(input: AdviceInput, now: number): Advice {
  const { provider, need, lang } = input;
  const tz = provider.timezone;
  const openings = new Map<AdviceChannel, OpeningStatus>();
  const effective = new Map<AdviceChannel, ChannelState>();
  for (const channel of input.channels) {
    const opening = openingStatus(channel.hours, tz, now);
    openings.set(channel, opening);
    // The hours are re-read so an untestable channel (no probe, `unknown`) is closed at night too.
    effective.set(channel, opening.openNow ? channel.state : 'closed');
  }
  const contacts = input.channels.filter((c) => !NOT_A_CONTACT.has(c.kind) && c.kind !== 'regulator');
  const allDown =
    contacts.length > 0 &&
    contacts.every((c) => effective.get(c) === 'down' && c.stateSince !== null && now - c.stateSince > ALL_DOWN_FOR_MS);
  const offered = need === 'complaint' || allDown ? input.channels.filter((c) => !NOT_A_CONTACT.has(c.kind)) : contacts;

  const candidates: Candidate[] = [];
  const avoided: Avoided[] = [];
  for (const channel of input.channels) {
    const opening = openings.get(channel)!;
    const state = effective.get(channel)!;
    const index = offered.indexOf(channel);
    if (index < 0) continue;
    if (state === 'down' || state === 'maintenance' || state === 'closed') {
      avoided.push({ channel, index, state, fit: needFit(need, channel.kind), opening, reason: avoidReason(channel, state, opening, input, now) });
    } else {
      candidates.push(candidate(channel, index, state, opening, input, allDown, now));
    }
  }

  candidates.sort((a, b) => Number(b.pinned) - Number(a.pinned) || a.health - b.health || b.score - a.score || a.index - b.index);
  avoided.sort((a, b) => b.fit - a.fit || (AVOID_ORDER[a.state] ?? 3) - (AVOID_ORDER[b.state] ?? 3) || a.index - b.index);

  const first = candidates[0];
  const worst = avoided[0];
  if (first && worst && (worst.state !== 'closed' || worst.fit >= needFit(need, first.channel.kind))) {
    // Say why the obvious channel is not the one suggested: an outage is news ("is it me?"),
    // a closed channel only when it would otherwise have come first.
    first.clauses.push(worst.reason);
  }
  const suggestions: Suggestion[] = candidates.map((c, i) => ({ channel: c.channel.id, rank: i + 1, state: c.state, reason: sentence(lang, c.clauses) }));
  const avoid: Avoid[] = avoided.map((a) => ({ channel: a.channel.id, reason: sentence(lang, [a.reason]) }));

  return {
    provider: provider.id,
    // The provider's own support decides its word: a regulator is not theirs, notices are not support.
    state: providerState((contacts.length > 0 ? contacts : input.channels).map((c) => effective.get(c)!)),
    summary: summary(input, candidates, avoided, offered.length, allDown, effective, now),
    suggestions,
    avoid,
  };
}

function candidate(channel: AdviceChannel, index: number, state: ChannelState, opening: OpeningStatus, input: AdviceInput, allDown: boolean, now: number): Candidate {
  const { need, lang } = input;
  const tz = input.provider.timezone;
  const name = channel.name;
  const health = state === 'degraded' || channel.reportsSurge ? 1 : 0;
  let score = 10 * needFit(need, channel.kind);
  const clauses: string[] = [];

  if (state === 'up') clauses.push(channel.latencyMs !== null ? say(lang, 'up_answering', { name, latency: formatLatency(channel.latencyMs, lang) }) : say(lang, 'up', { name }));
  else if (state === 'degraded')
    clauses.push(channel.latencyMs !== null ? say(lang, 'degraded', { name, latency: formatLatency(channel.latencyMs, lang) }) : say(lang, 'degraded_plain', { name }));
  else {
    score -= PENALTY.unknown;
    clauses.push(say(lang, 'unknown_open', { name }));
  }
  if (channel.reportsSurge) clauses.push(say(lang, 'surge'));

  if (channel.latencyMs !== null && channel.usualLatencyMs !== null && channel.usualLatencyMs > 0) {
    const ratio = channel.latencyMs / channel.usualLatencyMs;
    score -= ratio >= 2 ? 8 : ratio >= 1.5 ? 4 : ratio >= 1.2 ? 1 : 0;
    if (ratio >= 1.5) clauses.push(say(lang, 'slower_than_usual', { usual: formatLatency(channel.usualLatencyMs, lang) }));
  }

  if (channel.kind === 'regulator') clauses.push(allDown ? say(lang, 'regulator_all_down', { provider: input.provider.name }) : say(lang, 'regulator_complaint'));
  else if (need === 'general' && SELF_SERVICE_KINDS.has(channel.kind)) clauses.push(say(lang, 'self_service'));
  else if (need === 'account_security' && channel.kind === 'in_app') clauses.push(say(lang, 'in_app_security'));
  else if (need === 'account_security' && channel.kind === 'hotline' && isAroundTheClock(channel.hours)) clauses.push(say(lang, 'always_staffed'));
  else if (need === 'complaint' && (channel.kind === 'email' || channel.kind === 'web_form')) clauses.push(say(lang, 'written_record'));

  if (!SELF_SERVICE_KINDS.has(channel.kind) && channel.kind !== 'regulator') {
    const busy = busynessAt(channel.history, tz, now).level;
    if (busy === 'busy') {
      score -= PENALTY.busy;
      clauses.push(say(lang, 'busy_hour'));
    } else if (busy === 'quiet') {
      score += PENALTY.quietBonus;
      clauses.push(say(lang, 'quiet_hour'));
    }
  }

  if (opening.closesAt !== null && opening.closesAt - now < CLOSES_SOON_MS) {
    score -= PENALTY.closesSoon;
    clauses.push(say(lang, 'closes_soon', { when: formatWhen(opening.closesAt, now, tz, lang) }));
  }

  return { channel, index, state, pinned: health === 0 && isPinned(need, channel.kind, channel.hours), health, score, clauses };
}

function avoidReason(channel: AdviceChannel, state: ChannelState, opening: OpeningStatus, input: AdviceInput, now: number): string {
  const { lang } = input;
  const tz = input.provider.timezone;
  const name = channel.name;
  if (state === 'down') {
    return channel.stateSince !== null && channel.stateSince <= now
      ? say(lang, 'down_for', { name, duration: formatDuration(now - channel.stateSince, lang) })
      : say(lang, 'down', { name });
  }
  if (state === 'maintenance') {
    const end = channel.maintenanceEndsAt;
    return end != null && end > now ? say(lang, 'maintenance_until', { name, when: formatWhen(end, now, tz, lang) }) : say(lang, 'maintenance', { name });
  }
  return opening.opensAt !== null ? say(lang, 'closed_until', { name, when: formatWhen(opening.opensAt, now, tz, lang) }) : say(lang, 'closed', { name });
}

function summary(
  input: AdviceInput,
  candidates: Candidate[],
  avoided: Avoided[],
  total: number,
  allDown: boolean,
  effective: Map<AdviceChannel, ChannelState>,
  now: number,
): string {
  const { lang, need, provider } = input;
  const clauses: string[] = [];
  if (allDown) clauses.push(say(lang, 'summary_all_down', { provider: provider.name }));
  const first = candidates[0];
  if (first) {
    clauses.push(say(lang, 'summary_usable', { usable: candidates.length, total, first: first.channel.name }));
  } else {
    clauses.push(say(lang, 'summary_none'));
    const next = avoided
      .filter((a) => a.state === 'closed' && a.opening.opensAt !== null)
      .sort((a, b) => a.opening.opensAt! - b.opening.opensAt! || b.fit - a.fit)[0];
    if (next) clauses.push(say(lang, 'summary_next_open', { name: next.channel.name, when: formatWhen(next.opening.opensAt!, now, provider.timezone, lang) }));
  }
  // Users are told to read the official notices first when something is wrong.
  const troubled = avoided.some((a) => a.state === 'down' || a.state === 'maintenance') || candidates.some((c) => c.health > 0);
  const notices = input.channels.find((c) => c.kind === 'announcements' && effective.get(c) !== 'down' && effective.get(c) !== 'closed');
  if (troubled && notices) clauses.push(say(lang, 'tip_notices', { name: notices.name }));
  if (need === 'account_security') clauses.push(say(lang, 'tip_security'));
  else if (need === 'payment_failed') clauses.push(say(lang, 'tip_payment'));
  else if (need === 'complaint') clauses.push(say(lang, 'tip_complaint'));
  return sentence(lang, clauses);
}
