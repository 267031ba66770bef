/**
 * A provider's notices and incidents as an Atom or RSS document, built with the `feed` package.
 * The package writes titles and summaries as HTML in CDATA (`type="html"` in Atom), so our plain
 * text is HTML-escaped first: a notice titled `<script>` reads as that text in any reader and
 * can never close the CDATA section.
 */
import { Feed, type Item } from 'feed';
import { localParts } from '../../../domain/zoned-time.ts';
import { noticeTime } from '../../../notices/effects.ts';
import type { StoredNotice } from '../../../notices/store.ts';
import type { NoticeKind } from '../../../notices/types.ts';
import type { IncidentRow } from '../../../store/reads.ts';

export const FEED_KINDS = ['atom', 'rss'] as const;
export type FeedKind = (typeof FEED_KINDS)[number];

/** Items in a feed: the newest notices and incidents together. */
export const FEED_ITEMS = 50;

export interface FeedInput {
  provider: { id: string; name: string; timezone: string; locale: string };
  /** Newest first. */
  notices: readonly StoredNotice[];
  /** Newest first. */
  incidents: readonly IncidentRow[];
  /** Channel names by id, for readable titles. */
  channelNames: ReadonlyMap<string, string>;
  /** Where this app is served (`https://status.example.com`), for links and ids. */
  origin: string;
  now: number;
}

const KIND_LABELS: Record<NoticeKind, string> = { outage: 'Outage', maintenance: 'Maintenance', resolved: 'Resolved', info: 'Notice' };

/**
 * The feed document.
 *
 * @example feedDocument({ provider, notices, incidents, channelNames, origin: 'http://127.0.0.1:8787', now }, 'atom')
 */
export function feedDocument(input: FeedInput, kind: FeedKind): string {
  const { provider, origin } = input;
  const page = `${origin}/p/${provider.id}`;
  const items = [...input.notices.map((n) => noticeItem(n, input)), ...input.incidents.map((i) => incidentItem(i, input))]
    .sort((a, b) => b.date.getTime() - a.date.getTime())
    .slice(0, FEED_ITEMS);
  const feed = new Feed({
    id: `${origin}/feeds/${provider.id}.atom`,
    title: `${provider.name}: support notices and incidents`,
    description: `Announcements by ${provider.name} and the outages supportwatch measured on its support channels.`,
    link: page,
    language: provider.locale,
    updated: items[0]?.date ?? new Date(input.now),
    generator: 'supportwatch',
    feedLinks: { atom: `${origin}/feeds/${provider.id}.atom`, rss: `${origin}/feeds/${provider.id}.rss` },
  });
  for (const item of items) feed.addItem(item);
  return kind === 'atom' ? feed.atom1() : feed.rss2();
}

function noticeItem(notice: StoredNotice, input: FeedInput): Item {
  const { provider } = input;
  const lines = notice.body === '' ? [] : [notice.body];
  if (notice.window !== null) {
    const at = (ms: number | null) => (ms === null ? '?' : localTime(ms, provider.timezone));
    lines.push(`Window: ${at(notice.window.startsAt)} – ${at(notice.window.endsAt)} (${provider.timezone})`);
  }
  const names = notice.channels?.map((id) => input.channelNames.get(id) ?? id);
  lines.push(`Affects: ${names === undefined ? 'the whole provider' : names.join(', ')}`);
  const updated = Math.max(notice.updatedAt ?? 0, notice.closedAt ?? 0, notice.publishedAt ?? 0);
  return {
    title: html(`${KIND_LABELS[notice.kind]}: ${notice.title}`),
    id: `urn:supportwatch:${provider.id}:notice:${notice.pk}`,
    link: notice.url ?? `${input.origin}/p/${provider.id}`,
    date: new Date(updated > 0 ? updated : notice.firstSeenAt),
    published: new Date(noticeTime(notice)),
    description: html(lines.join('\n')),
    category: [{ name: notice.kind, term: notice.kind }],
  };
}

function incidentItem(incident: IncidentRow, input: FeedInput): Item {
  const { provider } = input;
  const name = input.channelNames.get(incident.channelId) ?? incident.channelId;
  const title = incident.endedAt === null ? `Down: ${name}` : `Resolved: ${name} was down for ${duration(incident.endedAt - incident.startedAt)}`;
  const lines = [`Down since ${localTime(incident.startedAt, provider.timezone)} (${provider.timezone}), as measured by supportwatch.`];
  if (incident.endedAt !== null) lines.push(`Answering again since ${localTime(incident.endedAt, provider.timezone)}.`);
  if (incident.causeClass !== null) lines.push(`Cause: ${incident.causeClass}${incident.causeMessage ? `: ${incident.causeMessage}` : ''}`);
  return {
    title: html(title),
    id: `urn:supportwatch:${provider.id}:incident:${incident.id}`,
    link: `${input.origin}/p/${provider.id}`,
    date: new Date(incident.endedAt ?? incident.startedAt),
    published: new Date(incident.startedAt),
    description: html(lines.join('\n')),
    category: [{ name: 'incident', term: 'incident' }],
  };
}

/** `YYYY-MM-DD HH:MM` on the provider's wall clock. */
function localTime(at: number, timezone: string): string {
  const { date, minute } = localParts(at, timezone);
  return `${date} ${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

function duration(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Plain text as HTML: escaped, line breaks kept. */
function html(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!).replace(/\n/g, '<br>');
}
