/**
 * The dashboard's two languages. The first visit follows the browser's languages
 * (navigator.languages); a choice made with the switch is remembered (see remember.ts).
 * Pure: no DOM, so the choice is testable in Node.
 */
import { en, type Messages } from './en.ts';
import { zhCN } from './zh-CN.ts';

export type { Messages } from './en.ts';

export const LANGS = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** Each language's name in itself, for the switch. */
export const LANG_NAMES: Record<Lang, string> = { 'zh-CN': '中文', en: 'English' };

const TABLES: Record<Lang, Messages> = { 'zh-CN': zhCN, en };

/**
 * The language a tag maps to, or null: any `zh` is zh-CN, any `en` is en.
 *
 * @example langOfTag('zh-Hant-TW') // 'zh-CN'
 */
export function langOfTag(tag: string): Lang | null {
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  if (primary === 'zh') return 'zh-CN';
  if (primary === 'en') return 'en';
  return null;
}

/**
 * The language to start in: a remembered choice, else the first browser language we speak,
 * else English.
 *
 * @example pickLang(null, ['fr-FR', 'zh-CN']) // 'zh-CN'
 */
export function pickLang(remembered: string | null, browser: readonly string[]): Lang {
  if (remembered && (LANGS as readonly string[]).includes(remembered)) return remembered as Lang;
  for (const tag of browser) {
    const lang = langOfTag(tag);
    if (lang) return lang;
  }
  return 'en';
}

/** The strings of `lang`. */
export function messagesOf(lang: Lang): Messages {
  return TABLES[lang];
}
