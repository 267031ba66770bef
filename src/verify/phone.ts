import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * Phone numbers as one canonical form (E.164), however they are written: `+86 400-888-8888`,
 * `0086 4008888888`, `400 888 8888` read in China, full-width digits, `tel:` links. Chinese
 * service short codes (`95188`, `12315`) are not full numbers to libphonenumber; they are
 * kept as `+<country code><digits>` so they still compare.
 */

/** A number in canonical form. */
export interface NormalPhone {
  /** `+8640088888888`; for a short code `+8695188`. */
  e164: string;
  /** The country the number belongs to, when libphonenumber can tell. */
  country: CountryCode | undefined;
  /** The national significant number: `4008888888`, `95188`. */
  national: string;
  /** The number was written with its country code (`+` or `00`). */
  international: boolean;
  /** A short service code rather than a full number. */
  short: boolean;
  /** Every digit as written, without a leading `00`: how people compare numbers by eye. */
  digits: string;
}

/** Longest short code kept (95188, 12315, 10086 are 5; some bank lines are 6). */
const SHORT_CODE_MAX = 6;
const SHORT_CODE_MIN = 3;

/** Characters allowed in a phone number besides digits and a leading plus. */
const SEPARATORS = /[\s().\-–—/\\]/g;

/**
 * Text as a phone number, or null when it is not one. A number without a country code is
 * read in `defaultCountry` (and is null without one).
 *
 * @example normalizePhone('400-888-8888', 'CN')?.e164 // '+864008888888'
 * @example normalizePhone('+86 95188')?.e164 // '+8695188'
 */
export function normalizePhone(text: string, defaultCountry?: string | null): NormalPhone | null {
  let t = text.normalize('NFKC').trim().replace(/^tel:/i, '').replace(SEPARATORS, '');
  if (t.startsWith('00')) t = `+${t.slice(2)}`;
  if (!/^\+?\d{3,17}$/.test(t)) return null;
  const international = t.startsWith('+');
  const country = defaultCountry && isSupportedCountry(defaultCountry) ? defaultCountry : undefined;
  if (!international && !country) return null;
  const parsed = parsePhoneNumberFromString(t, international ? undefined : { defaultCountry: country! });
  if (!parsed) return null;
  const digits = t.replace('+', '');
  const national = String(parsed.nationalNumber);
  if (parsed.isPossible()) {
    return { e164: String(parsed.number), country: parsed.country, national, international, short: false, digits };
  }
  if (national.length >= SHORT_CODE_MIN && national.length <= SHORT_CODE_MAX) {
    return { e164: `+${parsed.countryCallingCode}${national}`, country: parsed.country ?? country, national, international, short: true, digits };
  }
  return null;
}

/**
 * A number as people write it internationally: `+86 400 888 8888`; short codes as `+86 95188`.
 */
export function displayPhone(phone: NormalPhone): string {
  if (phone.short) return `${phone.e164.slice(0, phone.e164.length - phone.national.length)} ${phone.national}`;
  return parsePhoneNumberFromString(phone.e164)?.formatInternational() ?? phone.e164;
}

/** Does the text look like a phone number (digits with separators, optionally `+`/`tel:`)? */
export function looksLikePhone(text: string): boolean {
  const t = text.normalize('NFKC').trim().replace(/^tel:/i, '');
  return /^\+?[\d\s().\-–—/\\]+$/.test(t) && (t.match(/\d/g)?.length ?? 0) >= SHORT_CODE_MIN;
}

/**
 * The country of a BCP 47 locale's region, when libphonenumber knows it: `zh-CN` → `CN`.
 *
 * @example countryOfLocale('zh-Hant-HK') // 'HK'
 */
export function countryOfLocale(locale: string | null | undefined): CountryCode | undefined {
  if (!locale) return undefined;
  for (const part of locale.split(/[-_]/).slice(1)) {
    const region = part.toUpperCase();
    if (/^[A-Z]{2}$/.test(region) && isSupportedCountry(region)) return region;
  }
  return undefined;
}
