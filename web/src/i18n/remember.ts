/** The language chosen with the switch, remembered in localStorage across visits. */
import type { Lang } from './index.ts';

/** localStorage key of the remembered choice. */
export const LANG_STORAGE_KEY = 'supportwatch.lang';

/** Reads the remembered choice; storage may be disabled (private modes), which is not an error. */
export function rememberedLang(): string | null {
  try {
    return localStorage.getItem(LANG_STORAGE_KEY);
  } catch {
    return null;
  }
}

/** Remembers a choice made with the switch. */
export function rememberLang(lang: Lang): void {
  try {
    localStorage.setItem(LANG_STORAGE_KEY, lang);
  } catch {
    // Not remembered, still switched.
  }
}
