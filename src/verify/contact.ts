import type { ChannelKind } from '../domain/vocabulary.ts';
import { looksLikeHandle } from './handle.ts';
import { looksLikePhone } from './phone.ts';
import { looksLikeEmail, looksLikeUrl } from './web.ts';

/**
 * What kind of contact a piece of text is, and how a catalog `contact` field that lists
 * several (`400-888-8888 / 95188`, `95188（24小时）`) is cut into single contacts.
 */

export const CONTACT_KINDS = ['phone', 'url', 'email', 'handle'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

/**
 * The kind of a single contact: an e-mail address, a URL with a scheme or `www.`, a phone
 * number (digits and separators), a bare domain, else a handle (any other text names an
 * account somewhere).
 *
 * @example contactKind('400 888 8888') // 'phone'
 * @example contactKind('examplepay-support.com') // 'url'
 */
export function contactKind(text: string): ContactKind {
  const t = text.normalize('NFKC').trim();
  if (looksLikeEmail(t)) return 'email';
  if (/^https?:\/\//i.test(t) || /^www\./i.test(t)) return 'url';
  if (looksLikePhone(t)) return 'phone';
  if (looksLikeHandle(t)) return 'handle';
  if (looksLikeUrl(t)) return 'url';
  return 'handle';
}

/** Separators between contacts in one field: `,` `;` `|` `、` ` / ` ` or ` `或`. */
const LIST_SEPARATOR = /\s*[,;|、]\s*|\s+\/\s+|\s+or\s+|\s*或\s*/i;
/** A note in brackets with a letter in it (`(24h)`, `（工作日）`), not an area code `(021)`. */
const NOTE = /\s*\([^()]*[^\d\s()+-][^()]*\)\s*/g;
/** A label before a number, on phone-like channels: `客服热线: 95188`, `Hotline 400 888 8888`. */
const LABELLED_NUMBER = /^[^\d@/]*?[:\s]\s*(\+?\d[\d\s().-]{2,})$/;

/**
 * The single contacts in a catalog `contact` field, notes removed. On hotline and regulator
 * channels a label in front of the number is dropped too.
 *
 * @example contactItems('400-888-8888 / 95188（24小时）', 'hotline') // ['400-888-8888', '95188']
 */
export function contactItems(field: string, kind?: ChannelKind): string[] {
  const items: string[] = [];
  for (const raw of field.normalize('NFKC').split(LIST_SEPARATOR)) {
    let item = raw.replace(NOTE, ' ').trim();
    if (kind === 'hotline' || kind === 'regulator') item = LABELLED_NUMBER.exec(item)?.[1]?.trim() ?? item;
    if (item !== '') items.push(item);
  }
  return items;
}
