/**
 * The `feed` probe: a check of an announcement source is good when the source was fetched and
 * parsed, whatever its notices say (those are the notices' business, not the channel's
 * reachability).
 */
import type { CheckResult, FeedProbeSpec } from '../domain/catalog.ts';
import { sanitizeMessage } from '../probes/probe-errors.ts';
import { fetchAndParse, type FetchParseResult } from './fetch-and-parse.ts';

/** The check and the read it came from, so one fetch serves both the monitor and the notice store. */
export interface FeedCheck {
  check: CheckResult;
  read: FetchParseResult;
}

/**
 * Reads the source and judges the read. `timezone` (default UTC) only matters for the
 * notices' windows, not for the check.
 *
 * @example
 * const { check, read } = await checkFeed(spec, { timezone: 'Asia/Shanghai', now: Date.now() });
 * // check → { outcome: 'up', httpStatus: 200, message: '3 notices (statuspage)', … }
 */
export async function checkFeed(spec: FeedProbeSpec, options: { timezone?: string; now?: number } = {}): Promise<FeedCheck> {
  const startedAt = options.now ?? Date.now();
  const read = await fetchAndParse(spec, { timezone: options.timezone ?? 'UTC', now: startedAt });
  return { check: checkOf(read, startedAt), read };
}

/**
 * The probe runner: the check of `checkFeed`. Like every probe it never throws for an
 * upstream fault. An `up` check carries the count in `message` ("3 notices (rss)", then
 * "1 skipped" when items did not fit the format, and any note such as an empty HTML list).
 */
export async function runFeedProbe(spec: FeedProbeSpec): Promise<CheckResult> {
  return (await checkFeed(spec)).check;
}

/** The check a read amounts to. */
export function checkOf(read: FetchParseResult, startedAt: number): CheckResult {
  if (!read.ok) {
    return {
      startedAt,
      durationMs: read.durationMs,
      outcome: 'down',
      httpStatus: read.error.httpStatus,
      errorClass: read.error.errorClass,
      message: sanitizeMessage(read.error.stage === 'parse' ? `could not read the source: ${read.error.message}` : read.error.message, []),
    };
  }
  const count = `${read.notices.length} notice${read.notices.length === 1 ? '' : 's'} (${read.format})`;
  return {
    startedAt,
    durationMs: read.durationMs,
    outcome: 'up',
    httpStatus: read.httpStatus,
    errorClass: null,
    message: sanitizeMessage([count, read.skipped > 0 ? `${read.skipped} skipped` : null, read.note ?? null].filter((p) => p !== null).join(', '), []),
  };
}
