/**
 * The words of announcement sources: what a parsed notice is, which formats are read, and how
 * a failed fetch or parse is reported. Everything in `src/notices` speaks these types.
 */
import type { FeedProbeSpec } from '../domain/catalog.ts';
import type { ErrorClass } from '../domain/vocabulary.ts';

/**
 * What a notice says: `outage` (something is broken), `maintenance` (planned work),
 * `resolved` (a fault is fixed or the work is done) or `info` (anything else).
 */
export const NOTICE_KINDS = ['outage', 'maintenance', 'resolved', 'info'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** What a notice is about, whether or not it is over. */
export type NoticeTopic = Exclude<NoticeKind, 'resolved'>;

/** Formats a `feed` probe reads; `auto` detects one of the others from the answer. */
export const FEED_FORMATS = ['statuspage', 'rss', 'atom', 'jsonfeed', 'html', 'auto'] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];
/** A format a document was actually read as. */
export type SourceFormat = Exclude<FeedFormat, 'auto'>;

// The catalog spells the formats out (the domain does not import from here); these two lines
// fail to compile when the two lists drift apart.
type FormatsMatch<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const formatsMatch: FormatsMatch<FeedFormat, FeedProbeSpec['format']> = true;
void formatsMatch;

/** The longest a source may take, whatever the probe's timeout says. */
export const FEED_TIMEOUT_MS = 10_000;
/** The largest decoded document read. */
export const FEED_MAX_BYTES = 2 * 1024 * 1024;
/** Redirects followed before giving up. */
export const FEED_MAX_REDIRECTS = 5;

/** Statuspage impact levels we keep; `none` is kept as null. */
export type NoticeSeverity = 'minor' | 'major' | 'critical';

/** A stated window; either end may be unknown (null), never guessed. Epoch ms. */
export interface NoticeWindow {
  startsAt: number | null;
  endsAt: number | null;
}

/** One item read from an announcement source, classified, as plain text. */
export interface ParsedNotice {
  /** Stable within its source: `id:` upstream id, else `url:` link, else `hash:` of title and date. */
  id: string;
  format: SourceFormat;
  kind: NoticeKind;
  /** What it is about: a resolved notice keeps `outage` or `maintenance` here. */
  topic: NoticeTopic;
  /** Plain text, one line, at most `MAX_TITLE_LENGTH` characters. */
  title: string;
  /** Plain text (line breaks kept), at most `MAX_BODY_LENGTH` characters; may be empty. */
  body: string;
  /** An http(s) link to the notice, or null. */
  url: string | null;
  /** Epoch ms, or null when the source gives no readable date. */
  publishedAt: number | null;
  updatedAt: number | null;
  /** When the source says it ended (Statuspage `resolved_at`), or null. */
  resolvedAt: number | null;
  /** The window the notice states (maintenance) or reports (an incident's start and end), or null. */
  window: NoticeWindow | null;
  /** Upstream component names it names as affected (Statuspage); [] elsewhere. */
  components: string[];
  /** The upstream's own status word (`investigating`, `Completed` …), or null. */
  upstreamStatus: string | null;
  severity: NoticeSeverity | null;
}

/** Where reading a source failed: getting the bytes, or making sense of them. */
export type NoticeErrorStage = 'fetch' | 'parse';

/** A fetch or parse failure, classified like a probe failure. */
export interface NoticeError {
  stage: NoticeErrorStage;
  errorClass: ErrorClass;
  /** Short, one line, no secrets. */
  message: string;
  /** The last HTTP status seen, if any. */
  httpStatus: number | null;
}

/** What the parsers need besides the document. */
export interface ParseContext {
  /** The provider's IANA zone: times written without a zone are read in it. */
  timezone: string;
  /** Epoch ms; the reference date when a notice carries none. */
  now: number;
  /** The document's final URL, for resolving relative links. */
  baseUrl: string;
  /** CSS selectors for `html`; null otherwise. */
  selectors: FeedProbeSpec['selectors'];
}

/** A fetched document before parsing. */
export interface SourceDocument {
  text: string;
  /** Lower-case media type without parameters (`application/json`), or '' when absent. */
  mediaType: string;
  /** The URL after redirects. */
  url: string;
}

/** What one parser made of a document. */
export type ParseOutcome =
  | {
      ok: true;
      format: SourceFormat;
      notices: ParsedNotice[];
      /** Items that did not fit the expected shape and were left out. */
      skipped: number;
      /**
       * The document lists every open notice of the source (a Statuspage summary), so an open
       * notice missing from it has ended. Feeds and pages scroll, so for them it is false.
       */
      listsAllOpen: boolean;
      /** Something worth a look that is not a failure, e.g. an HTML list with no items. */
      note?: string;
    }
  | { ok: false; error: NoticeError };

/** One announcement format: whether it can read a document, and reading it. */
export interface NoticeParser {
  format: SourceFormat;
  /** A cheap look at media type and first bytes; never throws. */
  canHandle(doc: SourceDocument): boolean;
  /** Never throws: a malformed document is an error outcome. */
  parse(doc: SourceDocument, ctx: ParseContext): ParseOutcome;
}

/** A parse failure outcome with class `other`. */
export function parseError(message: string): { ok: false; error: NoticeError } {
  return { ok: false, error: { stage: 'parse', errorClass: 'other', message, httpStatus: null } };
}
