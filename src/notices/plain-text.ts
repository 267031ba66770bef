/**
 * Turns upstream markup into plain text. Notices come from other people's servers and end up
 * in our API, feeds and dashboard: only text leaves this file, so a `<script>` (or an
 * `onerror=`) in a notice can never run anywhere.
 */
import * as cheerio from 'cheerio';

/** Longest title kept. */
export const MAX_TITLE_LENGTH = 300;
/** Longest body kept. */
export const MAX_BODY_LENGTH = 4000;

/** Elements whose content is not text a reader sees. */
const INVISIBLE = 'script, style, noscript, template, iframe, object, embed, svg, head';
/** Elements that end a line when rendered. */
const BLOCKS = 'p, div, li, tr, h1, h2, h3, h4, h5, h6, blockquote, pre, section, article, header, footer, ul, ol, table, dd, dt';

/**
 * Deepest nesting handed to the HTML parser. parse5 checks the open-element stack on every start
 * tag, so a page of 100,000 nested `<div>`s costs minutes of CPU (browsers stop nesting at 512
 * for the same reason); no real notice is a tenth as deep.
 */
export const MAX_NESTING = 1000;

/**
 * Elements that never nest: void elements, and those whose end tag may be left out (a next
 * sibling closes them), so that an old page of unclosed `<li>`s and `<p>`s does not look deep.
 */
const FLAT_ELEMENTS = new Set(
  'area base br col embed hr img input link meta source track wbr param keygen p li dt dd option optgroup tr td th tbody thead tfoot colgroup caption rb rt rp rtc html head body'.split(' '),
);

/** A tag: `<name …>`, `</name>` or `<name/>`, with no `<` inside (so that the scan stays linear). */
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)[^<>]*?(\/?)>/g;

/**
 * Whether markup nests elements deeper than `limit`, by a linear scan of its tags (an
 * estimate: tags inside comments and scripts count too, which only errs towards "deep").
 *
 * @example nestsDeeperThan('<div><div></div></div>', 1) // → true
 */
export function nestsDeeperThan(markup: string, limit: number = MAX_NESTING): boolean {
  if (markup.length < limit * 3) return false;
  let depth = 0;
  for (const [, close, rawName, selfClosing] of markup.matchAll(TAG)) {
    const name = rawName!.toLowerCase();
    if (FLAT_ELEMENTS.has(name) || selfClosing === '/') continue;
    if (close === '/') depth = Math.max(0, depth - 1);
    else if (++depth > limit) return true;
  }
  return false;
}

/**
 * Control characters (but tab and newline), and bidirectional overrides, which can make a
 * phone number or link read differently from what it is.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

/**
 * Markup (or text that may hold markup or entities) → plain text: invisible elements dropped,
 * tags stripped, entities decoded, a line break after each block and `<br>`, runs of spaces
 * collapsed, at most `maxLength` characters (cut with `…`).
 *
 * @example toPlainText('<p>A &amp; B<script>x()</script></p><p>C</p>', 100) // → 'A & B\nC'
 */
export function toPlainText(markup: string, maxLength: number): string {
  const text = markup.includes('<') || markup.includes('&') ? htmlText(markup) : markup;
  return truncate(collapse(text), maxLength);
}

/**
 * Like `toPlainText`, on one line: for titles.
 *
 * @example toOneLine(' Hotline\n maintenance ', 300) // → 'Hotline maintenance'
 */
export function toOneLine(markup: string, maxLength: number): string {
  return truncate(toPlainText(markup, Number.MAX_SAFE_INTEGER).replace(/\s+/g, ' '), maxLength);
}

/** The visible text of parsed markup (a cheerio selection), with block breaks. */
export function selectionText(selection: ReturnType<cheerio.CheerioAPI['root']>): string {
  selection.find(INVISIBLE).remove();
  selection.find('br').replaceWith('\n');
  selection.find(BLOCKS).after('\n');
  return selection.text();
}

function htmlText(markup: string): string {
  // Too deep to parse in time: the tags are stripped instead (linear), entities left as written.
  if (nestsDeeperThan(markup)) return markup.replace(/<[^<>]*>/g, ' ');
  const $ = cheerio.load(markup, null, false);
  return selectionText($.root());
}

function collapse(text: string): string {
  return text
    .normalize('NFC')
    .replace(UNSAFE_CHARS, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

function truncate(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  // Never cut a surrogate pair in half.
  let end = maxLength - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end).trimEnd()}…`;
}
