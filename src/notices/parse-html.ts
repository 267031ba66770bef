/**
 * An HTML notice list, read with the CSS selectors of the probe's config (cheerio, never
 * regular expressions on markup). Each `item` is one notice; `title`, `link`, `date` and
 * `body` are read inside it.
 */
import * as cheerio from 'cheerio';
import type { FeedSelectors } from '../domain/catalog.ts';
import { buildNotice } from './build-notice.ts';
import { parseDate } from './parse-date.ts';
import { MAX_NESTING, nestsDeeperThan } from './plain-text.ts';
import { resolveUrl } from './parse-xml-feed.ts';
import { parseFieldSelector } from './selectors.ts';
import { parseError, type NoticeParser, type ParseContext, type ParseOutcome, type ParsedNotice, type SourceDocument } from './types.ts';

/** A selection of elements, typed from cheerio itself (domhandler is not our dependency). */
type Selection = ReturnType<ReturnType<cheerio.CheerioAPI['root']>['find']>;
type Element = Selection[number];

/** Items read from one page at most; a notice list longer than this is an archive. */
export const MAX_HTML_ITEMS = 200;

/** An HTML page (by content type or by its first tag). */
export const htmlParser: NoticeParser = {
  format: 'html',
  canHandle: (doc) => doc.mediaType === 'text/html' || doc.mediaType === 'application/xhtml+xml' || /^\s*(?:<!doctype html|<html\b)/i.test(doc.text.slice(0, 1024)),
  parse: (doc, ctx) => parseHtml(doc, ctx),
};

function parseHtml(doc: SourceDocument, ctx: ParseContext): ParseOutcome {
  if (nestsDeeperThan(doc.text)) return parseError(`the page nests elements more than ${MAX_NESTING} deep; it is not read`);
  const $ = cheerio.load(doc.text);
  const selectors = ctx.selectors;
  if (selectors === null) {
    const feed = discoveredFeed($, doc.url);
    return parseError(`an HTML page needs selectors (item, title …) to be read as a notice list${feed === null ? '' : `; the page links a feed at ${feed}`}`);
  }
  const base = resolveUrl($('base[href]').first().attr('href') ?? '', doc.url) ?? doc.url;
  let items: Selection;
  try {
    items = $.root().find(selectors.item).slice(0, MAX_HTML_ITEMS);
  } catch (error) {
    return parseError(`bad item selector: ${(error as Error).message.slice(0, 100)}`);
  }
  // An empty list is a real state ("no current notices"), so not a failure; but a redesign looks
  // the same, so the check says so where a manager sees it.
  if (items.length === 0) {
    return { ok: true, format: 'html', notices: [], skipped: 0, listsAllOpen: false, note: `the item selector "${selectors.item.slice(0, 80)}" matched nothing` };
  }
  let skipped = 0;
  const notices: ParsedNotice[] = [];
  items.each((_, element) => {
    const notice = readItem($, element, selectors, base, ctx);
    if (notice === null) skipped++;
    else notices.push(notice);
  });
  return { ok: true, format: 'html', notices, skipped, listsAllOpen: false };
}

function readItem($: cheerio.CheerioAPI, element: Element, selectors: FeedSelectors, base: string, ctx: ParseContext): ParsedNotice | null {
  const item = $(element);
  const link = selectors.link === null ? defaultLink($, element) : readField($, item, selectors.link, 'text');
  const dateText = selectors.date === null ? '' : readField($, item, selectors.date, 'text').trim();
  return buildNotice(
    {
      format: 'html',
      upstreamId: null,
      url: link === '' ? null : resolveUrl(link, base),
      titleMarkup: readField($, item, selectors.title, 'html'),
      bodyMarkup: selectors.body === null ? '' : readField($, item, selectors.body, 'html'),
      publishedAt: parseDate(dateText, { timezone: ctx.timezone, reference: ctx.now }),
      updatedAt: null,
      dateText,
    },
    ctx,
  );
}

/** A field: the attribute named, or the first match's markup (`html`) or text. */
function readField($: cheerio.CheerioAPI, item: Selection, selector: string, as: 'html' | 'text'): string {
  const { css, attr } = parseFieldSelector(selector);
  let target: Selection;
  try {
    target = css === null ? item : item.find(css).first();
  } catch {
    return '';
  }
  if (target.length === 0) return '';
  if (attr !== null) return target.attr(attr) ?? '';
  return as === 'html' ? ($.html(target) ?? '') : target.text();
}

/** Without a link selector: the item's own href, else its first link. */
function defaultLink($: cheerio.CheerioAPI, element: Element): string {
  const item = $(element);
  return item.attr('href') ?? item.find('a[href]').first().attr('href') ?? '';
}

/** A feed the page announces (`<link rel="alternate" type="application/rss+xml">`), for a helpful error. */
function discoveredFeed($: cheerio.CheerioAPI, base: string): string | null {
  const href = $('link[rel~="alternate"][type*="rss"], link[rel~="alternate"][type*="atom"], link[rel~="alternate"][type*="json"]').first().attr('href');
  return href === undefined ? null : resolveUrl(href, base);
}
