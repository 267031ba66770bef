/**
 * The selector language of HTML notice lists: a CSS selector, optionally followed by
 * `@attribute` (`a@href`, `time@datetime`), or `@attribute` alone for the item itself.
 */
import * as cheerio from 'cheerio';

/** A selector split into its CSS part (null = the item itself) and the attribute to read (null = text). */
export interface FieldSelector {
  css: string | null;
  attr: string | null;
}

const ATTRIBUTE = /@([A-Za-z_:][-\w:.]*)$/;

/**
 * Splits `sel@attr`. An `@` inside brackets or quotes (`a[href^="mailto:x@y"]`) is part of the CSS.
 *
 * @example parseFieldSelector('a@href') // → { css: 'a', attr: 'href' }
 * @example parseFieldSelector('.date') // → { css: '.date', attr: null }
 */
export function parseFieldSelector(text: string): FieldSelector {
  const trimmed = text.trim();
  const match = ATTRIBUTE.exec(trimmed);
  if (match === null || /[\]"')]/.test(trimmed.slice(match.index))) return { css: trimmed, attr: null };
  const css = trimmed.slice(0, match.index).trim();
  return { css: css === '' ? null : css, attr: match[1]! };
}

/**
 * Why a selector cannot work, or null when it can: for config errors at start-up rather than
 * an empty notice list at 3 a.m.
 *
 * @example selectorProblem('a[href') // → 'not a valid CSS selector: …'
 */
export function selectorProblem(text: string, allowAttribute: boolean): string | null {
  const { css, attr } = parseFieldSelector(text);
  if (attr !== null && !allowAttribute) return 'the item selector selects elements; @attribute is for the fields inside it';
  if (css === null) return allowAttribute ? null : 'expected a CSS selector';
  try {
    cheerio.load('<p></p>')(css);
    return null;
  } catch (error) {
    return `not a valid CSS selector: ${(error as Error).message.slice(0, 100)}`;
  }
}
