/**
 * The whole read of one announcement source: fetch within the limits, detect or check the
 * format, parse into notices. A failure at either stage is a value, so the notices already
 * stored stay untouched.
 */
import type { FeedProbeSpec } from '../domain/catalog.ts';
import { parseDocument } from './detect-format.ts';
import { ACCEPT_BY_FORMAT, fetchSource } from './fetch-source.ts';
import type { NoticeError, ParsedNotice, SourceFormat } from './types.ts';

/** What the caller knows that the spec does not. */
export interface FetchParseOptions {
  /** The provider's IANA zone, for times written without one. */
  timezone: string;
  /** Epoch ms, for dates without a year when a notice has no date of its own. */
  now: number;
}

/** A read source: its notices, or why there are none. */
export type FetchParseResult =
  | {
      ok: true;
      format: SourceFormat;
      notices: ParsedNotice[];
      /** Items that did not fit the format's shape and were left out. */
      skipped: number;
      /** The document lists every open notice (Statuspage summary); see `reconcileSource`. */
      listsAllOpen: boolean;
      /** Something worth a look that is not a failure (see `ParseOutcome`). */
      note?: string;
      httpStatus: number;
      durationMs: number;
    }
  | { ok: false; error: NoticeError; durationMs: number };

/** The fields of a feed probe this needs. */
export type FeedSource = Pick<FeedProbeSpec, 'url' | 'format' | 'selectors' | 'timeoutMs'>;

/**
 * Fetches and parses a source. Never throws.
 *
 * @example
 * const read = await fetchAndParse(spec, { timezone: 'Asia/Shanghai', now: Date.now() });
 * if (read.ok) store(read.notices); else log(read.error); // { stage: 'parse', errorClass: 'other', message: 'not well-formed XML: …' }
 */
export async function fetchAndParse(spec: FeedSource, options: FetchParseOptions): Promise<FetchParseResult> {
  const fetched = await fetchSource(spec.url, { timeoutMs: spec.timeoutMs, accept: ACCEPT_BY_FORMAT[spec.format] });
  if (!fetched.ok) return fetched;
  const parsed = parseDocument(fetched.doc, spec.format, {
    timezone: options.timezone,
    now: options.now,
    baseUrl: fetched.doc.url,
    selectors: spec.selectors,
  });
  if (!parsed.ok) return { ok: false, error: { ...parsed.error, httpStatus: fetched.httpStatus }, durationMs: fetched.durationMs };
  return { ...parsed, httpStatus: fetched.httpStatus, durationMs: fetched.durationMs };
}
