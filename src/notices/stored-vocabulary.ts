/**
 * The as-const lists a stored notice's columns are typed from (db/schema.ts), next to the
 * notice types they must agree with: a drift between the two fails to compile.
 */
import type { NoticeSeverity, NoticeTopic, SourceFormat } from './types.ts';

/** Formats a document was read as (a `feed` probe's `auto` resolves to one of these). */
export const SOURCE_FORMATS = ['statuspage', 'rss', 'atom', 'jsonfeed', 'html'] as const;

/** What a notice is about, whether or not it is over. */
export const NOTICE_TOPICS = ['outage', 'maintenance', 'info'] as const;

/** Statuspage impact levels kept (`none` is stored as NULL). */
export const NOTICE_SEVERITIES = ['minor', 'major', 'critical'] as const;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const formats: Same<(typeof SOURCE_FORMATS)[number], SourceFormat> = true;
const topics: Same<(typeof NOTICE_TOPICS)[number], NoticeTopic> = true;
const severities: Same<(typeof NOTICE_SEVERITIES)[number], NoticeSeverity> = true;
void [formats, topics, severities];
