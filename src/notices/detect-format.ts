/**
 * Picks the parser for a document: the configured format, or for `auto` the first parser that
 * recognises the content type and shape. Parsing never throws out of here.
 */
import { uniqueIds } from './identity.ts';
import { htmlParser } from './parse-html.ts';
import { jsonFeedParser } from './parse-jsonfeed.ts';
import { statuspageParser } from './parse-statuspage.ts';
import { atomParser, rssParser } from './parse-xml-feed.ts';
import { parseError, type FeedFormat, type NoticeParser, type ParseContext, type ParseOutcome, type SourceDocument } from './types.ts';

/** Every parser, in the order `auto` tries them (Statuspage before JSON Feed: both are JSON). */
export const PARSERS: readonly NoticeParser[] = [statuspageParser, jsonFeedParser, rssParser, atomParser, htmlParser];

/**
 * The parser `auto` picks for a document, or null when none recognises it.
 *
 * @example detectParser({ text: '<rss version="2.0">…', mediaType: 'application/rss+xml', url })?.format // → 'rss'
 */
export function detectParser(doc: SourceDocument): NoticeParser | null {
  return PARSERS.find((parser) => safely(() => parser.canHandle(doc), false)) ?? null;
}

/**
 * Parses a document as `format` (or what `auto` detects). A document that is not what the
 * config says fails with a message naming what it looks like instead.
 *
 * @example parseDocument(doc, 'statuspage', { timezone: 'Asia/Shanghai', now, baseUrl: doc.url, selectors: null })
 */
export function parseDocument(doc: SourceDocument, format: FeedFormat, ctx: ParseContext): ParseOutcome {
  const parser = format === 'auto' ? detectParser(doc) : PARSERS.find((p) => p.format === format);
  if (parser === undefined || parser === null) {
    return parseError(`could not tell the format of the answer (content type ${doc.mediaType || 'none'}); set format: statuspage, rss, atom, jsonfeed or html`);
  }
  const outcome = safely(() => parser.parse(doc, ctx), null);
  if (outcome === null) return parseError(`the ${parser.format} parser failed on this document`);
  if (outcome.ok) return { ...outcome, notices: uniqueIds(outcome.notices) };
  if (!outcome.ok && format !== 'auto' && !parser.canHandle(doc)) {
    const actual = detectParser(doc);
    if (actual !== null) return parseError(`expected ${format}, but the answer looks like ${actual.format}: ${outcome.error.message}`);
  }
  return outcome;
}

/** A parser bug must not take the monitor down; it becomes a parse error instead. */
function safely<T>(run: () => T, fallback: T): T {
  try {
    return run();
  } catch {
    return fallback;
  }
}
