/**
 * A notice's identity within its source, stable across fetches, so that an edited notice
 * updates the one already stored instead of adding another. Pure.
 */
import { createHash } from 'node:crypto';

/** Query parameters that only track who clicked; they must not make two URLs two notices. */
const TRACKING_PARAMS = /^(?:utm_[a-z]+|spm|fbclid|gclid|from|share_?source|share_?medium)$/i;

/** Longest upstream id kept as is; longer ones are hashed. */
const MAX_ID_LENGTH = 200;

/** What a notice can be known by, best first. */
export interface IdentityParts {
  /** The source's own id: Statuspage incident id, RSS guid, Atom id, JSON Feed id. */
  upstreamId?: string | null;
  /** The notice's link. */
  url?: string | null;
  title: string;
  /** Epoch ms of publication, or the date as written. */
  date?: number | string | null;
}

/**
 * `id:<upstream id>`, else `url:<normalised link>`, else `hash:<sha256 of normalised title and
 * date>` (so a notice list without links still gives each entry one identity; an edited title
 * makes a new one there, as nothing else identifies it).
 *
 * @example noticeId({ upstreamId: 'ljwdk6qml8z8', title: 'Incident' }) // → 'id:ljwdk6qml8z8'
 * @example noticeId({ url: 'https://x.example/n/1?utm_source=rss#top', title: 'A' }) // → 'url:https://x.example/n/1'
 */
export function noticeId(parts: IdentityParts): string {
  const upstream = parts.upstreamId?.trim();
  if (upstream) return upstream.length <= MAX_ID_LENGTH ? `id:${upstream}` : `id:sha256:${sha256(upstream)}`;
  const url = parts.url ? normaliseUrl(parts.url) : null;
  if (url !== null) return url.length <= MAX_ID_LENGTH ? `url:${url}` : `url:sha256:${sha256(url)}`;
  return `hash:${sha256(`${normaliseTitle(parts.title)}\u0000${normaliseDate(parts.date)}`).slice(0, 32)}`;
}

/**
 * Makes ids unique within one read: entries sharing a link (a list whose items all point at
 * the list page) fall back to the hash of title and date, and any still equal get `~2`, `~3`.
 *
 * @example uniqueIds([{ id: 'url:https://x.example/', title: 'A', … }, { id: 'url:https://x.example/', title: 'B', … }])
 * // → ids 'hash:…' and 'hash:…'
 */
export function uniqueIds<T extends { id: string; title: string; publishedAt: number | null }>(notices: T[]): T[] {
  const count = new Map<string, number>();
  for (const n of notices) count.set(n.id, (count.get(n.id) ?? 0) + 1);
  const taken = new Set<string>();
  // The next suffix to try per id, so that n equal ids cost n steps, not n² (a hostile list of
  // thousands of identical items would otherwise hold the event loop for minutes).
  const nextSuffix = new Map<string, number>();
  return notices.map((n) => {
    let id = (count.get(n.id) ?? 0) > 1 && n.id.startsWith('url:') ? noticeId({ title: n.title, date: n.publishedAt }) : n.id;
    if (taken.has(id)) {
      const base = id.replace(/~\d+$/, '');
      let k = nextSuffix.get(base) ?? 2;
      while (taken.has(`${base}~${k}`)) k++;
      id = `${base}~${k}`;
      nextSuffix.set(base, k + 1);
    }
    taken.add(id);
    return id === n.id ? n : { ...n, id };
  });
}

/**
 * An http(s) URL without fragment and tracking parameters, or null when it is not one.
 *
 * @example normaliseUrl('HTTPS://Example.com/a?spm=1&id=2#x') // → 'https://example.com/a?id=2'
 */
export function normaliseUrl(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.hash = '';
  url.username = '';
  url.password = '';
  for (const key of [...url.searchParams.keys()]) if (TRACKING_PARAMS.test(key)) url.searchParams.delete(key);
  return url.href;
}

/** Case, width, spaces and punctuation do not make a different title. */
function normaliseTitle(title: string): string {
  return title.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '');
}

function normaliseDate(date: IdentityParts['date']): string {
  if (typeof date === 'number' && Number.isFinite(date)) return new Date(date).toISOString().slice(0, 10);
  return typeof date === 'string' ? date.normalize('NFKC').replace(/\s+/g, ' ').trim() : '';
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
