import type { Lang } from '../advice/lang.ts';
import { containsAtBoundary, editDistance, skeleton, tokenize, type Tokens } from './confusables.ts';
import { unitLabel, type Brand, type ContactIndex, type Entry, type PhoneEntry } from './contact-index.ts';
import { contactKind, type ContactKind } from './contact.ts';
import { handleOfUrl, normalizeHandle, type NormalHandle } from './handle.ts';
import { lookalikeText, notOfficialText, officialText, unreadableText, type LookalikeReason, type Owner } from './messages.ts';
import { displayPhone, normalizePhone, type NormalPhone } from './phone.ts';
import { FREE_MAIL_DOMAINS } from './platforms.ts';
import { normalizeEmail, normalizeUrl } from './web.ts';

/**
 * Is this phone number, web address, e-mail address or handle an official support contact?
 * `official` only for what the catalog lists (a web or mail domain covers its subdomains and
 * addresses); `lookalike` for what imitates a listed one; else `not_official`.
 */

export const VERDICTS = ['official', 'not_official', 'lookalike'] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface ContactMatch {
  provider: string;
  /** Null when a provider's name is imitated rather than one of its channels' contacts. */
  channel: string | null;
}

export interface VerifyResult {
  verdict: Verdict;
  kind: ContactKind;
  /** The canonical form checked (`+864008888888`, `help.examplepay.com`, …), null if unreadable. */
  normalized: string | null;
  /** For `official`: the channels listing it; for `lookalike`: the ones it imitates. */
  matches: ContactMatch[];
  /** Why, in one or two sentences of the requested language. */
  explanation: string;
  /** Set for `lookalike`. */
  reason?: LookalikeReason;
}

/** Lookalike reasons, most telling first: the first found is the one reported. */
const REASON_ORDER: readonly LookalikeReason[] = ['same_name', 'other_country', 'punycode', 'confusable', 'other_platform', 'one_digit', 'typo', 'extra_digits', 'free_mail', 'contains_brand'];

interface Resemblance {
  reason: LookalikeReason;
  /** The official contact imitated; null when it is the provider's name. */
  target: string | null;
  entries: readonly Entry[];
  provider: { id: string; name: string };
}

/**
 * Verifies one contact against the index, explaining in `lang`.
 *
 * @example verifyContact(index, 'https://examp1epay.com/login', 'en').verdict // 'lookalike'
 */
export function verifyContact(index: ContactIndex, text: string, lang: Lang): VerifyResult {
  const kind = contactKind(text);
  const shown = text.normalize('NFKC').trim();
  if (kind === 'phone') return verifyPhone(index, shown, lang);
  if (kind === 'email') {
    const email = normalizeEmail(shown);
    if (!email) return unreadable(kind, shown, lang);
    const exact = index.emails.get(email.address);
    if (exact) return official(kind, email.address, exact, lang, email.address);
    const freeMail = email.unit !== null && FREE_MAIL_DOMAINS.has(email.unit);
    const sameDomain = !freeMail && email.unit ? index.domains.get(email.unit) : undefined;
    if (sameDomain) return official(kind, email.address, sameDomain, lang, email.address, email.unit ?? undefined);
    const byDomain = freeMail ? null : nameResemblance(index, unitLabel(email.unit ?? email.domain) ?? '', email.unicodeDomain, email.domain.includes('xn--'));
    const byLocal = freeMail ? nameResemblance(index, email.local, email.local, false) : null;
    const found = best([byDomain, byLocal && (byLocal.reason === 'same_name' ? byLocal : { ...byLocal, reason: 'free_mail' as const })]);
    return found ? lookalike(kind, email.address, found, lang) : notOfficial(kind, email.address, lang);
  }
  if (kind === 'url') {
    const url = normalizeUrl(shown);
    if (!url) return unreadable(kind, shown, lang);
    const handle = handleOfUrl(url);
    if (handle) return verifyHandle(index, handle, url.href, lang);
    const prefix = index.prefixes.filter((p) => p.host === url.host && (url.path === p.path || url.path.startsWith(`${p.path}/`)));
    if (prefix.length > 0) return official(kind, url.href, prefix, lang, url.href);
    const domain = url.unit ? index.domains.get(url.unit) : undefined;
    if (domain) return official(kind, url.host, domain, lang, url.unicodeHost, url.unit === url.host ? undefined : url.unit ?? undefined);
    const label = url.unit ? unitLabel(url.unit) : null;
    const found = label ? nameResemblance(index, label, url.unicodeHost, url.host.includes('xn--')) : null;
    return found ? lookalike(kind, url.host, found, lang, url.unicodeHost) : notOfficial(kind, url.host, lang, url.unicodeHost);
  }
  const handle = normalizeHandle(shown);
  if (!handle) return unreadable(kind, shown, lang);
  return verifyHandle(index, handle, shown, lang);
}

function verifyHandle(index: ContactIndex, handle: NormalHandle, shown: string, lang: Lang): VerifyResult {
  const kind: ContactKind = 'handle';
  const normalized = handle.platform ? `${handle.platform}:${handle.name}` : `@${handle.name}`;
  const same = index.handles.get(handle.name) ?? [];
  // A platform named in the question must be the listed one: an unplaced listing confirms nothing on X or Weibo.
  const onPlatform = same.filter((e) => handle.platform === null || e.platform === handle.platform);
  if (onPlatform.length > 0) return official(kind, normalized, onPlatform, lang, shown);
  if (same.length > 0) {
    return lookalike(kind, normalized, { reason: 'other_platform', target: same[0]!.shown, entries: same, provider: same[0]!.provider }, lang, shown);
  }
  const found = nameResemblance(index, handle.name, handle.name, false);
  return found ? lookalike(kind, normalized, found, lang, shown) : notOfficial(kind, normalized, lang, shown);
}

function verifyPhone(index: ContactIndex, shown: string, lang: Lang): VerifyResult {
  const kind: ContactKind = 'phone';
  const international = normalizePhone(shown);
  // Written with a country code it is one number (key undefined); without, it is read in the
  // country of each official number, and compared only with the numbers of that country.
  const readings = new Map<string | undefined, NormalPhone>();
  if (international?.international) readings.set(undefined, international);
  else {
    for (const country of index.phoneCountries) {
      const read = normalizePhone(shown, country);
      if (read) readings.set(country, read);
    }
  }
  const matched: PhoneEntry[] = [];
  for (const [country, read] of readings) {
    for (const e of index.phones.get(read.e164) ?? []) if (country === undefined || e.country === country) matched.push(e);
  }
  const first = readings.values().next().value;
  if (matched.length > 0) return official(kind, matched[0]!.phone.e164, matched, lang, displayPhone(matched[0]!.phone));
  const digits = shown.normalize('NFKC').replace(/[^\d+]/g, '').replace(/^00/, '+');
  const found = phoneResemblance(index, digits, readings);
  // An international number libphonenumber cannot read is no number at all; a national one
  // that no official number's country can read is simply not one of theirs.
  if (!first && !found && digits.startsWith('+')) return unreadable(kind, shown, lang);
  const normalized = first?.e164 ?? null;
  const display = first ? displayPhone(first) : shown;
  if (found) return { ...lookalike(kind, display, found, lang), normalized };
  return { ...notOfficial(kind, display, lang), normalized };
}

/** A phone number near an official one: same digits with another country code, extra digits, one digit off. */
function phoneResemblance(index: ContactIndex, written: string, readings: Map<string | undefined, NormalPhone>): Resemblance | null {
  const international = written.startsWith('+');
  const digits = written.replace('+', '');
  const asWritten = international ? readings.get(undefined) : undefined;
  const fallback = readings.values().next().value;
  const found: Resemblance[] = [];
  for (const e of index.phoneList) {
    const n = e.phone.national;
    const hit = (reason: LookalikeReason) => found.push({ reason, target: e.shown, entries: [e], provider: e.provider });
    if (n.length >= 5) {
      if (international && (digits === n || digits === `0${n}` || asWritten?.national === n)) hit('other_country');
      else if ((digits.endsWith(n) || digits.startsWith(n)) && digits !== n && digits !== `0${n}` && `+${digits}` !== e.phone.e164) hit('extra_digits');
    }
    if (n.length >= 7) {
      const read = asWritten ?? readings.get(e.country) ?? fallback;
      if (read && read.national.length === n.length && read.e164.startsWith(e.prefix) && editDistance(read.national, n, 1) === 1) hit('one_digit');
    }
  }
  return best(found);
}

/** Does `label` (a domain's name part, a handle, a mail box) imitate a brand? `whole` is the full text for brand-inside checks. */
function nameResemblance(index: ContactIndex, label: string, whole: string, punycode: boolean): Resemblance | null {
  const l = label.normalize('NFKC').toLowerCase();
  if (l === '') return null;
  const ls = skeleton(l);
  const w = whole.normalize('NFKC').toLowerCase();
  const query: Query = { l, ls, length: [...l].length, skeletonLength: [...ls].length, w: tokenize(w), ws: tokenize(skeleton(w)) };
  const found: Resemblance[] = [];
  for (const brand of index.brands) {
    const reason = brandReason(brand, query);
    if (!reason) continue;
    const named = brand.entries.length > 0;
    found.push({
      // "Same name, other ending" is about a listed domain; a provider's bare name is only carried.
      reason: punycode && reason !== 'same_name' ? 'punycode' : !named && reason === 'same_name' ? 'contains_brand' : reason,
      target: named ? brand.shown : null,
      entries: brand.entries,
      provider: brand.provider,
    });
  }
  return best(found);
}

/** A name prepared once for comparison with every brand. */
interface Query {
  l: string;
  ls: string;
  length: number;
  skeletonLength: number;
  w: Tokens;
  ws: Tokens;
}

function brandReason(brand: Brand, q: Query): LookalikeReason | null {
  if (q.l === brand.token) return 'same_name';
  if (q.ls === brand.skeleton) return 'confusable';
  const edits = brand.edits;
  // Names whose lengths differ by more than the allowed edits cannot be near misses: skip the work.
  if (edits > 0) {
    if (Math.abs(q.length - brand.length) <= edits && editDistance(q.l, brand.token, edits) <= edits) return 'typo';
    if (Math.abs(q.skeletonLength - brand.skeletonLength) <= edits && editDistance(q.ls, brand.skeleton, edits) <= edits) return 'typo';
  }
  if (containsAtBoundary(q.w, brand.token) || containsAtBoundary(q.ws, brand.skeleton)) return 'contains_brand';
  return null;
}

function best(found: readonly (Resemblance | null)[]): Resemblance | null {
  let pick: Resemblance | null = null;
  for (const f of found) if (f && (!pick || REASON_ORDER.indexOf(f.reason) < REASON_ORDER.indexOf(pick.reason))) pick = f;
  return pick;
}

function ownersOf(entries: readonly Entry[], fallback?: { id: string; name: string }): { owners: Owner[]; matches: ContactMatch[] } {
  const owners = new Map<string, Owner>();
  const matches: ContactMatch[] = [];
  const seen = new Set<string>();
  for (const e of entries) {
    const owner = owners.get(e.provider.id) ?? { provider: e.provider.name, channels: [] };
    owners.set(e.provider.id, owner);
    if (!owner.channels.includes(e.channel.name)) owner.channels.push(e.channel.name);
    const key = `${e.provider.id}\u0000${e.channel.id}`;
    if (!seen.has(key)) {
      seen.add(key);
      matches.push({ provider: e.provider.id, channel: e.channel.id });
    }
  }
  if (entries.length === 0 && fallback) {
    owners.set(fallback.id, { provider: fallback.name, channels: [] });
    matches.push({ provider: fallback.id, channel: null });
  }
  return { owners: [...owners.values()], matches };
}

function official(kind: ContactKind, normalized: string, entries: readonly Entry[], lang: Lang, shown: string, via?: string): VerifyResult {
  const { owners, matches } = ownersOf(entries);
  return { verdict: 'official', kind, normalized, matches, explanation: officialText(lang, kind, shown, owners, via) };
}

function lookalike(kind: ContactKind, normalized: string, r: Resemblance, lang: Lang, shown = normalized): VerifyResult {
  const { matches } = ownersOf(r.entries, r.provider);
  // The imitated contact says enough; listing every channel that shares a brand is noise.
  const owners: Owner[] = [{ provider: r.provider.name, channels: [] }];
  return { verdict: 'lookalike', kind, normalized, matches, explanation: lookalikeText(lang, kind, shown, r.target, owners, r.reason), reason: r.reason };
}

function notOfficial(kind: ContactKind, normalized: string, lang: Lang, shown = normalized): VerifyResult {
  return { verdict: 'not_official', kind, normalized, matches: [], explanation: notOfficialText(lang, kind, shown) };
}

function unreadable(kind: ContactKind, shown: string, lang: Lang): VerifyResult {
  return { verdict: 'not_official', kind, normalized: null, matches: [], explanation: unreadableText(lang, kind, shown) };
}
