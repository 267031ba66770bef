/**
 * Announcement sources → notices: fetch (safely), parse (Statuspage JSON, RSS, Atom, JSON Feed,
 * HTML lists), classify, read windows, identify, follow a notice's life, link it to channels.
 */
export { affectedChannels, type AffectedScope, type ChannelMatch, type ChannelRef } from './affected-channels.ts';
export { classify, topicOf, type Classification, type ClassifyInput } from './classify.ts';
export { PARSERS, detectParser, parseDocument } from './detect-format.ts';
export { fetchAndParse, type FeedSource, type FetchParseOptions, type FetchParseResult } from './fetch-and-parse.ts';
export { FEED_MAX_BYTES, FEED_MAX_REDIRECTS, FEED_TIMEOUT_MS, fetchSource, type FetchOptions, type FetchOutcome } from './fetch-source.ts';
export { checkFeed, checkOf, runFeedProbe, type FeedCheck } from './feed-probe.ts';
export { noticeId, normaliseUrl, uniqueIds } from './identity.ts';
export { OPEN_NOTICE_TTL_MS, isActive, isUpcoming, mergeNotice, reconcileSource, type NoticeChange, type NoticeRecord } from './lifecycle.ts';
export { parseDate } from './parse-date.ts';
export { MAX_BODY_LENGTH, MAX_TITLE_LENGTH, toOneLine, toPlainText } from './plain-text.ts';
export { parseFieldSelector, selectorProblem } from './selectors.ts';
export {
  FEED_FORMATS,
  NOTICE_KINDS,
  type FeedFormat,
  type NoticeError,
  type NoticeKind,
  type NoticeSeverity,
  type NoticeTopic,
  type NoticeWindow,
  type ParseContext,
  type ParseOutcome,
  type ParsedNotice,
  type SourceDocument,
  type SourceFormat,
} from './types.ts';
export { extractWindow, type WindowContext } from './windows.ts';
