/**
 * The `feed` probe: an announcement source (Statuspage JSON, RSS, Atom, JSON Feed, or an HTML
 * notice list read with CSS selectors). Only a channel of kind `announcements` carries it
 * (checked in the channel schema).
 */
import { z } from 'zod';
import type { FeedProbeSpec } from '../domain/catalog.ts';
import { selectorProblem } from '../notices/selectors.ts';
import { FEED_FORMATS, FEED_TIMEOUT_MS } from '../notices/types.ts';
import { DAY, SECOND, duration, fieldsParsed } from './primitives.ts';
import { commonProbeFields, commonSettings, timeoutWithinInterval } from './probe-schemas.ts';

/** A selector, checked now so that a typo is a start-up error with its line. */
function selector(allowAttribute: boolean, description: string) {
  return z
    .string({ error: 'expected a CSS selector' })
    .min(1, { error: 'expected a CSS selector' })
    .superRefine((text, ctx) => {
      const problem = selectorProblem(text, allowAttribute);
      if (problem !== null) ctx.addIssue({ code: 'custom', message: problem, input: text });
    })
    .describe(description);
}

const selectorsSchema = z
  .strictObject({
    item: selector(false, 'Each notice in the list, e.g. "ul.notices li".'),
    title: selector(true, 'The title inside an item, e.g. "a". sel@attr reads an attribute.'),
    link: selector(true, 'The link, e.g. "a@href"; default: the first link in the item.').optional(),
    date: selector(true, 'The date, e.g. ".date" or "time@datetime".').optional(),
    body: selector(true, 'A summary, e.g. ".summary".').optional(),
  })
  .describe('How to read an HTML notice list (format html, or auto when the answer is HTML).');

/** One `feed` probe of an announcements channel, without the key, channel and index its channel gives it. */
export const feedProbeSchema = z
  .strictObject({
    type: z.literal('feed'),
    format: z
      .enum(FEED_FORMATS, { error: `expected one of ${FEED_FORMATS.join(', ')}` })
      .default('auto')
      .describe('statuspage (…/api/v2/summary.json), rss, atom, jsonfeed, html (with selectors), or auto: detect from the answer.'),
    url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).describe('The http(s) URL of the source, e.g. …/api/v2/summary.json.'),
    selectors: selectorsSchema.optional(),
    ...commonProbeFields,
    // Announcements change slowly and belong to someone else: by default read them every 5 minutes.
    interval: duration(10 * SECOND, DAY, 'How often to read the source; default 5m, at least 10s.').prefault('5m'),
    timeout: duration(100, FEED_TIMEOUT_MS, 'Give up after this long; at most 10s.').prefault('10s'),
  })
  .superRefine(timeoutWithinInterval, { when: fieldsParsed('interval', 'timeout', 'retry', 'retry_delay') })
  .superRefine(
    (probe, ctx) => {
      if (probe.format === 'html' && probe.selectors === undefined) {
        ctx.addIssue({ code: 'custom', path: ['format'], message: 'format html needs selectors: { item, title } at least' });
      } else if (probe.selectors !== undefined && probe.format !== 'html' && probe.format !== 'auto') {
        ctx.addIssue({ code: 'custom', path: ['selectors'], message: `selectors are only read with format html or auto, not ${probe.format}` });
      }
    },
    { when: fieldsParsed('format', 'selectors') },
  )
  .transform(
    (p): Omit<FeedProbeSpec, 'key' | 'channelId' | 'index'> => ({
      type: 'feed',
      format: p.format,
      url: p.url,
      selectors:
        p.selectors === undefined
          ? null
          : { item: p.selectors.item, title: p.selectors.title, link: p.selectors.link ?? null, date: p.selectors.date ?? null, body: p.selectors.body ?? null },
      ...commonSettings(p),
    }),
  );
