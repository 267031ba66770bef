/** JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1), checked with zod. */
import { z } from 'zod';
import { buildNotice } from './build-notice.ts';
import { parseDate } from './parse-date.ts';
import { MAX_FEED_ITEMS, resolveUrl } from './parse-xml-feed.ts';
import { parseError, type NoticeParser, type ParsedNotice } from './types.ts';

const itemSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  url: z.string().nullish(),
  external_url: z.string().nullish(),
  title: z.string().nullish(),
  content_html: z.string().nullish(),
  content_text: z.string().nullish(),
  summary: z.string().nullish(),
  date_published: z.string().nullish(),
  date_modified: z.string().nullish(),
});

const feedSchema = z.object({
  version: z.string().startsWith('https://jsonfeed.org/version/'),
  items: z.array(z.unknown()),
});

/** JSON Feed, recognised by its `version` URL. */
export const jsonFeedParser: NoticeParser = {
  format: 'jsonfeed',
  canHandle: (doc) => /^\s*\{/.test(doc.text) && doc.text.slice(0, 4096).includes('jsonfeed.org/version/'),
  parse(doc, ctx) {
    let json: unknown;
    try {
      json = JSON.parse(doc.text);
    } catch (error) {
      return parseError(`not valid JSON: ${(error as Error).message.slice(0, 120)}`);
    }
    const feed = feedSchema.safeParse(json);
    if (!feed.success) return parseError('not a JSON Feed: expected "version": "https://jsonfeed.org/version/1.1" and an "items" list');
    let skipped = 0;
    const notices: ParsedNotice[] = [];
    const at = (text: string | null | undefined) => parseDate(text, { timezone: ctx.timezone, reference: ctx.now });
    for (const entry of feed.data.items.slice(0, MAX_FEED_ITEMS)) {
      const item = itemSchema.safeParse(entry);
      const notice = !item.success
        ? null
        : buildNotice(
            {
              format: 'jsonfeed',
              upstreamId: item.data.id,
              url: linkOf(item.data.url ?? item.data.external_url, doc.url),
              // JSON Feed titles are plain text; bodies are HTML or text.
              titleMarkup: item.data.title ?? item.data.summary ?? '',
              bodyMarkup: item.data.content_html ?? item.data.content_text ?? item.data.summary ?? '',
              publishedAt: at(item.data.date_published) ?? at(item.data.date_modified),
              updatedAt: at(item.data.date_modified),
              dateText: item.data.date_published ?? null,
            },
            ctx,
          );
      if (notice === null) skipped++;
      else notices.push(notice);
    }
    return { ok: true, format: 'jsonfeed', notices, skipped, listsAllOpen: false };
  },
};

function linkOf(link: string | null | undefined, base: string): string | null {
  return link ? resolveUrl(link, base) : null;
}
