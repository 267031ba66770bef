/**
 * The languages advice and verification speak, and how a request picks one: an explicit
 * `lang` wins, then `Accept-Language` (by quality), then the caller's fallback.
 */

/** Languages with a full message table. Chinese is Simplified, as the wallets' users read it. */
export const LANGS = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/**
 * The language a tag maps to, or null when we have no table for it. Any `zh` tag maps to
 * `zh-CN` (Traditional readers understand Simplified far better than English), any `en` to `en`.
 *
 * @example langOfTag('zh-Hans-CN') // 'zh-CN'
 */
export function langOfTag(tag: string): Lang | null {
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  if (primary === 'zh') return 'zh-CN';
  if (primary === 'en') return 'en';
  return null;
}

/** Ranges of an `Accept-Language` header, best first (RFC 9110 §12.5.4); `*` and q=0 dropped. */
export function parseAcceptLanguage(header: string): string[] {
  const ranges: { tag: string; q: number; order: number }[] = [];
  header.split(',').forEach((part, order) => {
    const [rawTag = '', ...params] = part.split(';');
    const tag = rawTag.trim();
    if (tag === '' || tag === '*') return;
    let q = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(p);
      if (m) q = Number(m[1]);
    }
    if (q > 0) ranges.push({ tag, q, order });
  });
  return ranges.sort((a, b) => b.q - a.q || a.order - b.order).map((r) => r.tag);
}

/**
 * Picks the response language: `lang` when we speak it, else the best `Accept-Language`
 * range we speak, else `fallback` (the provider's locale is a good one), else English.
 *
 * @example chooseLang({ acceptLanguage: 'fr;q=1, zh-CN;q=0.8, en;q=0.5' }) // 'zh-CN'
 */
export function chooseLang(from: { lang?: string | null; acceptLanguage?: string | null; fallback?: string | null }): Lang {
  const explicit = from.lang ? langOfTag(from.lang) : null;
  if (explicit) return explicit;
  if (from.acceptLanguage) {
    for (const tag of parseAcceptLanguage(from.acceptLanguage)) {
      const lang = langOfTag(tag);
      if (lang) return lang;
    }
  }
  return (from.fallback ? langOfTag(from.fallback) : null) ?? 'en';
}
