/**
 * One place where every parser's findings become a `ParsedNotice`: plain text, identity,
 * classification and window, the same way for every format.
 */
import { classify, type ClassifyInput } from './classify.ts';
import { noticeId, normaliseUrl } from './identity.ts';
import { MAX_BODY_LENGTH, MAX_TITLE_LENGTH, toOneLine, toPlainText } from './plain-text.ts';
import type { NoticeSeverity, NoticeWindow, ParseContext, ParsedNotice, SourceFormat } from './types.ts';
import { extractWindow } from './windows.ts';

/** What a parser found in one item, before cleaning. Markup fields may hold HTML. */
export interface RawNotice {
  format: SourceFormat;
  upstreamId: string | null;
  url: string | null;
  titleMarkup: string;
  bodyMarkup: string;
  publishedAt: number | null;
  updatedAt: number | null;
  /** The date as written, for identity when it could not be read. */
  dateText?: string | null;
  resolvedAt?: number | null;
  /** The source's own verdict; wins over words. */
  hint?: ClassifyInput['hint'];
  /** A window from structured fields; otherwise it is read from the text. */
  window?: NoticeWindow | null;
  components?: string[];
  upstreamStatus?: string | null;
  severity?: NoticeSeverity | null;
}

/**
 * A cleaned, classified notice, or null when it has neither title nor body to show.
 *
 * @example buildNotice({ format: 'rss', upstreamId: 'n1', url: null, titleMarkup: '热线维护', bodyMarkup: '', publishedAt: null, updatedAt: null }, ctx)
 */
export function buildNotice(raw: RawNotice, ctx: ParseContext): ParsedNotice | null {
  // Every field goes through the markup path, even ones meant as text (Statuspage bodies carry
  // the odd tag): a stray `<b>` is dropped rather than shown, a `<script>` never survives.
  const title = toOneLine(raw.titleMarkup, MAX_TITLE_LENGTH);
  const body = toPlainText(raw.bodyMarkup, MAX_BODY_LENGTH);
  if (title === '' && body === '') return null;
  const shownTitle = title === '' ? toOneLine(body, 80) : title;
  const url = raw.url === null ? null : normaliseUrl(raw.url);
  const { kind, topic } = classify({ title: shownTitle, body, hint: raw.hint ?? null });
  const reference = raw.publishedAt ?? raw.updatedAt ?? ctx.now;
  const window = raw.window !== undefined && raw.window !== null ? raw.window : extractWindow(`${shownTitle}\n${body}`, { timezone: ctx.timezone, reference });
  return {
    id: noticeId({ upstreamId: raw.upstreamId, url, title: shownTitle, date: raw.publishedAt ?? raw.dateText ?? null }),
    format: raw.format,
    kind,
    topic,
    title: shownTitle,
    body,
    url,
    publishedAt: raw.publishedAt,
    updatedAt: raw.updatedAt ?? raw.publishedAt,
    resolvedAt: raw.resolvedAt ?? null,
    window,
    components: [...new Set(raw.components ?? [])],
    upstreamStatus: raw.upstreamStatus ?? null,
    severity: raw.severity ?? null,
  };
}
