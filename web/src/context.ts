/** What every page gets: the language, its strings, and the refresh period. */
import type { Lang, Messages } from './i18n/index.ts';

export interface PageContext {
  lang: Lang;
  t: Messages;
  refreshMs: number;
  /** Sets the document title (the site name is added). */
  title(text: string): void;
}

/** A mounted page; `destroy` stops its timers before a re-render (e.g. a language switch). */
export interface MountedPage {
  destroy(): void;
}
