import { domainToUnicode } from 'node:url';
import type { CountryCode } from 'libphonenumber-js';
import { isSupportedCountry } from 'libphonenumber-js';
import { parse } from 'tldts';
import type { ChannelKind } from '../domain/vocabulary.ts';
import { allowedEdits, nameWeight, skeleton } from './confusables.ts';
import { contactItems, contactKind } from './contact.ts';
import { handleOfUrl, normalizeHandle } from './handle.ts';
import { countryOfLocale, displayPhone, normalizePhone, type NormalPhone } from './phone.ts';
import { FREE_MAIL_DOMAINS, platformByName } from './platforms.ts';
import { normalizeEmail, normalizeUrl } from './web.ts';

/**
 * Every official contact of a catalog, normalised once into lookup tables, so verifying a
 * contact costs a few map lookups plus a pass over the brand names for lookalikes.
 */

/** What the index needs of a catalog; `Catalog` fits, and so does the API's catalog view. */
export interface ContactSource {
  providers: readonly {
    id: string;
    name: string;
    locale?: string | null;
    /** ISO 3166-1 alpha-2; numbers written without a country code are read in it. */
    country?: string | null;
    channels: readonly { id: string; kind: ChannelKind; name: string; contact: string | null }[];
  }[];
}

export interface IndexedProvider {
  id: string;
  name: string;
  /** Where its national-format numbers are read: `country`, else its international numbers', else its locale's region. */
  country: CountryCode | undefined;
}

/** One official contact. */
export interface Entry {
  provider: IndexedProvider;
  channel: { id: string; name: string };
  /** The contact as displayed in explanations. */
  shown: string;
}

export interface PhoneEntry extends Entry {
  phone: NormalPhone;
  /** The country a number written without a country code is read in to compare with this one. */
  country: CountryCode | undefined;
  /** `+86`: the calling code part of `phone.e164`. */
  prefix: string;
}

export interface HandleEntry extends Entry {
  platform: string | null;
}

/** A page on a shared host (help desk vendor, social network) that is official by its path. */
export interface PrefixEntry extends Entry {
  host: string;
  path: string;
}

/** A name that fakes imitate: a domain label, a handle, a provider's id or name. */
export interface Brand {
  token: string;
  skeleton: string;
  /** Characters in `token` and in `skeleton`, and the edits a near miss may differ by (`allowedEdits`). */
  length: number;
  skeletonLength: number;
  edits: number;
  provider: IndexedProvider;
  /** The official contacts carrying it; empty for a provider's own name. */
  entries: Entry[];
  /** What it is shown as: `examplepay.com`, `@examplepay`, `ExamplePay`. */
  shown: string;
}

export interface ContactIndex {
  phones: Map<string, PhoneEntry[]>;
  phoneList: PhoneEntry[];
  /** Every `PhoneEntry.country`, once. */
  phoneCountries: (CountryCode | undefined)[];
  emails: Map<string, Entry[]>;
  /** Owners (`NormalUrl.unit`) of official web and mail domains. */
  domains: Map<string, Entry[]>;
  prefixes: PrefixEntry[];
  handles: Map<string, HandleEntry[]>;
  brands: Brand[];
  /** Catalog contacts that could not be read, for a start-up warning. */
  problems: string[];
}

/** Names too common to be anyone's brand. */
const GENERIC = new Set(['www', 'mail', 'help', 'support', 'service', 'official', 'customer', 'login', 'secure', 'account', 'wallet', 'bank', 'app', 'pay', 'kefu', '客服', '官方']);

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The name in front of the public suffix: `examplepay` for `examplepay.com.cn` and `examplepay.zendesk.com`. */
export function unitLabel(unit: string): string | null {
  const unicode = domainToUnicode(unit) || unit;
  const info = parse(unicode, { allowPrivateDomains: true });
  if (info.isIp) return null;
  if (info.domain === unicode.replace(/\.$/, '') && info.domainWithoutSuffix) return info.domainWithoutSuffix;
  return unicode.split('.')[0] ?? null;
}

/**
 * The country national-format numbers of a provider are read in. An explicit `country`
 * wins; else the most common country of its numbers written with a country code; else the
 * region of its locale.
 */
function providerCountry(p: ContactSource['providers'][number]): CountryCode | undefined {
  if (p.country && isSupportedCountry(p.country.toUpperCase())) return p.country.toUpperCase() as CountryCode;
  const counts = new Map<CountryCode, number>();
  for (const c of p.channels) {
    for (const item of c.contact ? contactItems(c.contact, c.kind) : []) {
      if (contactKind(item) !== 'phone') continue;
      const country = normalizePhone(item)?.country;
      if (country) counts.set(country, (counts.get(country) ?? 0) + 1);
    }
  }
  const best = [...counts].sort((a, b) => b[1] - a[1])[0];
  return best?.[0] ?? countryOfLocale(p.locale);
}

/**
 * Builds the index of every official contact in `source`. Pure; build it once per catalog
 * (see `contactIndexOf`).
 *
 * @example const index = buildContactIndex(catalog); verifyContact(index, '400 888 8888', 'en')
 */
export function buildContactIndex(source: ContactSource): ContactIndex {
  const index: ContactIndex = { phones: new Map(), phoneList: [], phoneCountries: [], emails: new Map(), domains: new Map(), prefixes: [], handles: new Map(), brands: [], problems: [] };
  const brands = new Map<string, Brand>();
  const addBrand = (token: string | null, provider: IndexedProvider, entry: Entry | null, shown: string) => {
    if (!token) return;
    const t = token.normalize('NFKC').toLowerCase();
    if (nameWeight(t) < 4 || GENERIC.has(t)) return;
    const key = `${provider.id}\u0000${t}`;
    let brand = brands.get(key);
    if (!brand) brands.set(key, (brand = makeBrand(t, provider, shown)));
    if (entry && !brand.entries.includes(entry)) {
      brand.entries.push(entry);
      if (brand.shown === provider.name) brand.shown = shown;
    }
  };

  for (const p of source.providers) {
    const provider: IndexedProvider = { id: p.id, name: p.name, country: providerCountry(p) };
    for (const c of p.channels) {
      if (!c.contact) continue;
      for (const item of contactItems(c.contact, c.kind)) {
        const base = { provider, channel: { id: c.id, name: c.name } };
        const kind = contactKind(item);
        if (kind === 'phone') {
          const phone = normalizePhone(item, provider.country);
          if (!phone) {
            index.problems.push(`${c.id}: cannot read "${item}" as a phone number${provider.country ? '' : ' (no country: set the provider\'s country)'}`);
            continue;
          }
          const country = phone.country ?? provider.country;
          const prefix = phone.e164.slice(0, phone.e164.length - phone.national.length);
          const entry: PhoneEntry = { ...base, shown: displayPhone(phone), phone, country, prefix };
          if (!index.phoneCountries.includes(country)) index.phoneCountries.push(country);
          push(index.phones, phone.e164, entry);
          index.phoneList.push(entry);
        } else if (kind === 'email') {
          const email = normalizeEmail(item);
          if (!email) {
            index.problems.push(`${c.id}: cannot read "${item}" as an e-mail address`);
            continue;
          }
          const entry: Entry = { ...base, shown: email.address };
          push(index.emails, email.address, entry);
          if (email.unit && !FREE_MAIL_DOMAINS.has(email.unit)) {
            push(index.domains, email.unit, entry);
            addBrand(unitLabel(email.unit), provider, entry, email.unit);
          } else {
            addBrand(email.local, provider, entry, email.address);
          }
        } else if (kind === 'url') {
          const url = normalizeUrl(item);
          if (!url) {
            index.problems.push(`${c.id}: cannot read "${item}" as a web address`);
            continue;
          }
          const handle = handleOfUrl(url);
          if (handle) {
            const entry: HandleEntry = { ...base, shown: url.href, platform: handle.platform };
            push(index.handles, handle.name, entry);
            addBrand(handle.name, provider, entry, `@${handle.name}`);
          } else if (url.unit) {
            const entry: Entry = { ...base, shown: url.unit };
            push(index.domains, url.unit, entry);
            addBrand(unitLabel(url.unit), provider, entry, url.unit);
          } else {
            index.prefixes.push({ ...base, shown: url.href, host: url.host, path: url.path });
          }
        } else {
          const handle = normalizeHandle(item);
          if (!handle) continue;
          // `@ExamplePay` on a channel named "Weibo" is a Weibo account.
          const platform = handle.platform ?? platformByName(c.name)?.id ?? null;
          const entry: HandleEntry = { ...base, shown: item, platform };
          push(index.handles, handle.name, entry);
          addBrand(handle.name, provider, entry, item);
        }
      }
    }
    addBrand(p.id.replace(/-/g, ''), provider, null, p.name);
    addBrand(p.name.normalize('NFKC').replace(/[\s\p{P}]+/gu, ''), provider, null, p.name);
  }
  index.brands = [...brands.values()];
  return index;
}

function makeBrand(token: string, provider: IndexedProvider, shown: string): Brand {
  const skel = skeleton(token);
  return { token, skeleton: skel, length: [...token].length, skeletonLength: [...skel].length, edits: allowedEdits(token), provider, entries: [], shown };
}

const built = new WeakMap<object, ContactIndex>();

/**
 * The index of a catalog (or catalog view), built on first use and kept for as long as that
 * catalog object lives: a reloaded catalog is a new object and gets a new index.
 */
export function contactIndexOf(source: ContactSource): ContactIndex {
  let index = built.get(source);
  if (!index) built.set(source, (index = buildContactIndex(source)));
  return index;
}
