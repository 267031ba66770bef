/**
 * RSS 2.0, RSS 1.0 (RDF) and Atom, read with fast-xml-parser after a well-formedness check:
 * a broken document is an error, never half a list. Feeds rendered by Statuspage carry their
 * update statuses in the body, which decide the kind.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import { buildNotice, type RawNotice } from './build-notice.ts';
import { parseDate } from './parse-date.ts';
import { feedHint, feedStatuses } from './statuspage-status.ts';
import { parseError, type NoticeParser, type ParseContext, type ParseOutcome, type ParsedNotice, type SourceDocument } from './types.ts';

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => name === 'item' || name === 'entry' || name === 'link',
});

type Item = Record<string, unknown>;

/**
 * Items read from one feed (RSS, Atom, JSON Feed) at most, in document order (newest first by
 * convention). A feed longer than this is an archive; the cap keeps a 2 MiB list of tiny items
 * from turning into tens of thousands of notices per read.
 */
export const MAX_FEED_ITEMS = 500;
const itemsSchema = z.array(z.unknown()).default([]);
/** An element with no children parses to ''; as a container it is an empty one. */
const container = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? {} : v), schema);
const rssSchema = z.union([
  z.object({ rss: container(z.object({ channel: container(z.object({ item: itemsSchema })) })) }).transform((d) => d.rss.channel.item),
  z.object({ RDF: container(z.object({ item: itemsSchema })) }).transform((d) => d.RDF.item),
]);
const atomSchema = z.object({ feed: container(z.object({ entry: itemsSchema })) }).transform((d) => d.feed.entry);

/** The root element's local name, from the first bytes. */
function rootName(doc: SourceDocument): string | null {
  const head = doc.text.slice(0, 4096).replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/gi, '');
  return /^\s*<(?:[\w-]+:)?([A-Za-z][\w-]*)/.exec(head)?.[1] ?? null;
}

/** RSS 2.0 and RSS 1.0 (RDF). */
export const rssParser: NoticeParser = {
  format: 'rss',
  canHandle: (doc) => rootName(doc) === 'rss' || rootName(doc) === 'RDF',
  parse: (doc, ctx) => parseFeed(doc, ctx, 'rss'),
};

/** Atom 1.0. */
export const atomParser: NoticeParser = {
  format: 'atom',
  canHandle: (doc) => rootName(doc) === 'feed',
  parse: (doc, ctx) => parseFeed(doc, ctx, 'atom'),
};

function parseFeed(doc: SourceDocument, ctx: ParseContext, format: 'rss' | 'atom'): ParseOutcome {
  // fast-xml-parser is lenient about unclosed tags; the validator is not.
  const valid = XMLValidator.validate(doc.text);
  if (valid !== true) return parseError(`not well-formed XML: ${valid.err.msg.slice(0, 120)} (line ${valid.err.line}, column ${valid.err.col})`);
  let tree: unknown;
  try {
    tree = xml.parse(doc.text);
  } catch (error) {
    return parseError(`not well-formed XML: ${(error as Error).message.slice(0, 120)}`);
  }
  const shape = (format === 'rss' ? rssSchema : atomSchema).safeParse(tree);
  if (!shape.success) return parseError(format === 'rss' ? 'not an RSS feed: no <rss><channel> or <rdf:RDF>' : 'not an Atom feed: no <feed>');
  let skipped = 0;
  const notices: ParsedNotice[] = [];
  for (const item of shape.data.slice(0, MAX_FEED_ITEMS)) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      skipped++;
      continue;
    }
    const notice = buildNotice(format === 'rss' ? fromRssItem(item as Item, ctx) : fromAtomEntry(item as Item, ctx), ctx);
    if (notice === null) skipped++;
    else notices.push(notice);
  }
  return { ok: true, format, notices, skipped, listsAllOpen: false };
}

function fromRssItem(item: Item, ctx: ParseContext): RawNotice {
  const description = textOf(item.description);
  const encoded = textOf(item.encoded);
  const body = encoded.length > description.length ? encoded : description;
  const dateText = textOf(item.pubDate) || textOf(item.date) || textOf(item.updated);
  const link = textOf(first(item.link));
  return withStatuspage({
    format: 'rss',
    upstreamId: textOf(item.guid) || null,
    url: link === '' ? null : resolveUrl(link, ctx.baseUrl),
    titleMarkup: textOf(item.title),
    bodyMarkup: body,
    publishedAt: parseDate(dateText, { timezone: ctx.timezone, reference: ctx.now }),
    updatedAt: null,
    dateText,
  });
}

function fromAtomEntry(entry: Item, ctx: ParseContext): RawNotice {
  const links = Array.isArray(entry.link) ? (entry.link as unknown[]) : [];
  const alternate = links.find((l) => attr(l, 'rel') === null || attr(l, 'rel') === 'alternate') ?? links[0];
  const href = attr(alternate, 'href');
  const published = textOf(entry.published) || textOf(entry.issued);
  const updated = textOf(entry.updated) || textOf(entry.modified);
  const at = (text: string) => parseDate(text, { timezone: ctx.timezone, reference: ctx.now });
  return withStatuspage({
    format: 'atom',
    upstreamId: textOf(entry.id) || null,
    url: href === null ? null : resolveUrl(href, ctx.baseUrl),
    titleMarkup: textOf(entry.title),
    bodyMarkup: textOf(entry.content) || textOf(entry.summary),
    publishedAt: at(published) ?? at(updated),
    updatedAt: at(updated),
    dateText: published || updated,
  });
}

/** A Statuspage-rendered body names its update statuses; the newest one decides the kind. */
function withStatuspage(raw: RawNotice): RawNotice {
  const statuses = feedStatuses(raw.bodyMarkup);
  const hint = feedHint(statuses);
  return hint === null ? raw : { ...raw, hint, upstreamStatus: statuses[0] ?? null };
}

/**
 * The text of a parsed XML node: a string, `#text` beside attributes, or (Atom `xhtml`
 * content) every string inside, in order.
 */
function textOf(node: unknown): string {
  if (node === undefined || node === null) return '';
  if (typeof node === 'string' || typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (Array.isArray(node)) return node.map(textOf).join(' ');
  if (typeof node === 'object') {
    const own = (node as Record<string, unknown>)['#text'];
    if (own !== undefined) return textOf(own);
    return Object.entries(node)
      .filter(([key]) => !key.startsWith('@_'))
      .map(([, value]) => textOf(value))
      .join(' ');
  }
  return '';
}

function first(node: unknown): unknown {
  return Array.isArray(node) ? node[0] : node;
}

function attr(node: unknown, name: string): string | null {
  if (typeof node !== 'object' || node === null) return null;
  const value = (node as Record<string, unknown>)[`@_${name}`];
  return typeof value === 'string' ? value : null;
}

/** A link relative to the feed made absolute; anything but http(s) dropped. */
export function resolveUrl(link: string, base: string): string | null {
  try {
    const url = new URL(link.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
