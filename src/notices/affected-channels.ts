/**
 * Which channels a notice is about: a channel's `keywords` found in the notice's text, or a
 * Statuspage component named like the channel (its name or a keyword); when components name a
 * channel, keywords count in the title only. A notice that names no channel is about the whole
 * provider, said explicitly. Pure.
 */
import type { Channel } from '../domain/catalog.ts';
import type { ParsedNotice } from './types.ts';

/** What the matcher needs of a channel. */
export type ChannelRef = Pick<Channel, 'id' | 'name'> & { keywords?: readonly string[] };

/** Why a channel was linked: the keyword or component that matched. */
export interface ChannelMatch {
  channelId: string;
  by: 'keyword' | 'component';
  /** The keyword as configured, or the component name as published. */
  term: string;
}

export type AffectedScope = { scope: 'channels'; channelIds: string[]; matches: ChannelMatch[] } | { scope: 'provider' };

/** Components and names shorter than this only match exactly: "API" inside "Rapid" is not a match. */
const MIN_CONTAINED_LENGTH = 3;

/**
 * The channels a notice affects, in the order given, or `{ scope: 'provider' }` when none matches.
 *
 * @example
 * affectedChannels({ title: '客服热线系统维护', body: '', components: [] }, [{ id: 'hotline', name: 'Hotline', keywords: ['客服热线'] }])
 * // → { scope: 'channels', channelIds: ['hotline'], matches: [{ channelId: 'hotline', by: 'keyword', term: '客服热线' }] }
 */
export function affectedChannels(notice: Pick<ParsedNotice, 'title' | 'body' | 'components'>, channels: readonly ChannelRef[]): AffectedScope {
  const components = notice.components.map((name) => ({ name, folded: fold(name) })).filter((c) => c.folded !== '');
  const candidates = channels.map((channel) => {
    const keywords = (channel.keywords ?? []).filter((k) => fold(k) !== '');
    const names = [channel.name, ...keywords].map(fold).filter((n) => n !== '');
    return { channel, keywords, component: components.find((c) => names.some((n) => namesAlike(c.folded, n))) };
  });
  // The source's own components say what is affected; its body then often names the way
  // around ("please use the hotline meanwhile"), so only the title adds channels by keyword.
  const byComponent = candidates.some((c) => c.component !== undefined);
  const text = fold(byComponent ? notice.title : `${notice.title}\n${notice.body}`);
  const matches: ChannelMatch[] = [];
  for (const { channel, keywords, component } of candidates) {
    const keyword = keywords.find((k) => containsTerm(text, fold(k)));
    if (keyword !== undefined) matches.push({ channelId: channel.id, by: 'keyword', term: keyword });
    else if (component !== undefined) matches.push({ channelId: channel.id, by: 'component', term: component.name });
  }
  return matches.length === 0 ? { scope: 'provider' } : { scope: 'channels', channelIds: matches.map((m) => m.channelId), matches };
}

/** Width, case and spacing do not matter: `９５０１７`, `HotLine ` and `hotline` are alike. */
function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Whether `term` occurs in `text`; a term that starts or ends with a letter or digit of a
 * word script must not be part of a longer word or number ("95017" is not in "950170").
 */
function containsTerm(text: string, term: string): boolean {
  if (term === '') return false;
  for (let at = text.indexOf(term); at !== -1; at = text.indexOf(term, at + 1)) {
    const before = text.charAt(at - 1);
    const after = text.charAt(at + term.length);
    if ((!isWordChar(term.charAt(0)) || !isWordChar(before)) && (!isWordChar(term.charAt(term.length - 1)) || !isWordChar(after))) return true;
  }
  return false;
}

/** Latin letters and digits join into words; CJK characters do not need separators. */
function isWordChar(char: string): boolean {
  return /[\p{Script=Latin}\p{Nd}_]/u.test(char);
}

function namesAlike(component: string, name: string): boolean {
  if (component === name) return true;
  if (name.length >= MIN_CONTAINED_LENGTH && containsTerm(component, name)) return true;
  return component.length >= MIN_CONTAINED_LENGTH && containsTerm(name, component);
}
