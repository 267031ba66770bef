/**
 * The zod schemas of `supportwatch.yaml`. They validate the snake_case file and transform it
 * into the normalised catalog (ms durations, minute ranges, camelCase), so whoever parses
 * with them gets a `Catalog` or a list of issues, never something in between.
 * Every object is strict: a misspelt key is an error, not a silently ignored setting.
 */
import { z } from 'zod';
import type { Catalog, Channel, HttpProbeSpec, Provider } from '../domain/catalog.ts';
import { CHANNEL_KINDS } from '../domain/vocabulary.ts';
import {
  BYTE_SIZE_HINT,
  BYTE_SIZE_PATTERN,
  DURATION_HINT,
  DURATION_PATTERN,
  formatByteSize,
  formatDuration,
  parseByteSize,
  parseDuration,
} from './durations.ts';
import { DATE_PATTERN, DAY_KEY_PATTERN, RANGE_LIST_HINT, RANGE_LIST_PATTERN, parseWeeklyHours } from './hours.ts';
import { checkUniqueIds } from './unique-ids.ts';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MAX_BODY_LIMIT = 10 * 1024 * 1024;
const BYTE_RANGE_HINT = `must be between 1B and ${formatByteSize(MAX_BODY_LIMIT)}`;
/** Top-level keys the loader ignores, for YAML anchors to live in (`x-office-hours: &office …`). */
export const EXTENSION_KEY_PATTERN = /^x-/;
/** Redirects followed when `follow_redirects` is on. */
export const DEFAULT_MAX_REDIRECTS = 5;
/** Accepted status codes when `expect.status` is not given: every 2xx. */
export const DEFAULT_EXPECTED_STATUS: readonly number[] = Array.from({ length: 100 }, (_, i) => 200 + i);

const idSchema = (what: string) =>
  z
    .string()
    .regex(/^[a-z0-9-]{1,64}$/, { error: `expected a ${what} id of 1 to 64 characters from a-z, 0-9 and -` });

/** A duration written as `30s`, `5m` …, parsed to ms and kept within `[min, max]`. */
function duration(min: number, max: number, description: string) {
  return z
    .string({ error: DURATION_HINT })
    .regex(DURATION_PATTERN, { error: DURATION_HINT })
    .transform((text, ctx) => {
      const ms = parseDuration(text);
      if (ms === null || ms < min || ms > max) {
        const bound = ms !== null && ms < min ? `at least ${formatDuration(min)}` : `at most ${formatDuration(max)}`;
        ctx.addIssue({ code: 'custom', message: `must be ${bound} (got ${text})`, input: text });
        return z.NEVER;
      }
      return ms;
    })
    .describe(description);
}

const timeZoneSchema = z
  .string()
  .refine(isTimeZone, { error: (issue) => `unknown time zone ${JSON.stringify(issue.input)}` })
  .describe('IANA time zone the service hours are written in, e.g. Europe/Berlin.');

const localeSchema = z
  .string()
  .refine(isLocale, {
    error: (issue) => `${JSON.stringify(issue.input)} is not a BCP 47 language tag (e.g. en, zh-CN)`,
  });

// Day keys, dates and ranges are checked by parseWeeklyHours, so that one bad range does not
// hide the other mistakes of the block; the patterns are for editors only.
const rangeListSchema = z.string({ error: RANGE_LIST_HINT }).meta({
  pattern: RANGE_LIST_PATTERN.source,
  description: '"HH:MM-HH:MM", several ranges separated by commas, or closed. An end before the start crosses midnight.',
});

const weeklyHoursSchema = z
  .object({
    exceptions: z
      .record(z.string(), rangeListSchema)
      .meta({
        propertyNames: { pattern: DATE_PATTERN.source },
        description: 'Local dates whose hours replace the weekly ones, e.g. "2026-10-01": closed.',
      })
      .optional(),
  })
  .catchall(rangeListSchema)
  .meta({ propertyNames: { pattern: `${DAY_KEY_PATTERN.source}|^exceptions$` } })
  .transform((value, ctx) => {
    const { exceptions = {}, ...days } = value;
    const { hours, problems } = parseWeeklyHours(days as Record<string, string>, exceptions);
    for (const problem of problems) ctx.addIssue({ code: 'custom', message: problem.message, path: problem.path, input: value });
    return problems.length > 0 ? z.NEVER : hours;
  });

/** `always`, or a map of days (`mon`, `mon-fri`, `fri-mon`) to hours, with optional exceptions. */
export const hoursSchema = z
  .union([z.literal('always').transform(() => ({ kind: 'always' }) as const), weeklyHoursSchema], {
    error: 'expected always, or a map of days to hours such as { mon-fri: "09:00-18:00" }',
  })
  .describe('When the channel is staffed, in the provider time zone: always, or days to hours. Days not listed are closed.');

const byteSizeSchema = z
  .union(
    [
      z.int({ error: BYTE_SIZE_HINT }).min(1, { error: BYTE_RANGE_HINT }).max(MAX_BODY_LIMIT, { error: BYTE_RANGE_HINT }),
      z.string().regex(BYTE_SIZE_PATTERN, { error: BYTE_SIZE_HINT }),
    ],
    { error: BYTE_SIZE_HINT },
  )
  .transform((value, ctx) => {
    const bytes = parseByteSize(value);
    if (bytes === null || bytes < 1 || bytes > MAX_BODY_LIMIT) {
      ctx.addIssue({ code: 'custom', message: BYTE_RANGE_HINT, input: value });
      return z.NEVER;
    }
    return bytes;
  })
  .describe('Largest body read (bytes, or 512KB / 1MB; KB = 1024 bytes); at most 10MB.');

const statusSchema = z.int({ error: 'expected an HTTP status code (100-599)' }).min(100).max(599);

const expectSchema = z.strictObject({
  status: z.array(statusSchema).min(1).optional().describe('Accepted status codes. Default: any 2xx.'),
  contains: z.string().min(1).optional().describe('Text that must appear in the body.'),
  not_contains: z.string().min(1).optional().describe('Text that must not appear in the body (e.g. "busy").'),
  max_latency: duration(1, DAY, 'Slower than this, a good answer counts as degraded.').optional(),
});

/** One `http` probe of a channel, without the key, channel and index its channel gives it. */
export const httpProbeSchema = z
  .strictObject({
    type: z.literal('http'),
    url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).describe('The http(s) URL to request.'),
    method: z.enum(['GET', 'HEAD', 'POST'], { error: 'expected one of GET, HEAD, POST' }).default('GET'),
    headers: z
      .record(
        z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, { error: 'expected an HTTP header name' }),
        z.string({ error: 'expected the header value as text' }),
      )
      .optional(),
    body: z.string().optional().describe('Request body; only with method POST.'),
    interval: duration(10 * SECOND, DAY, 'How often to check; at least 10s.').prefault('60s'),
    timeout: duration(100, 5 * MINUTE, 'Give up after this long; at most the interval.').prefault('10s'),
    expect: expectSchema.prefault({}).describe('What a good answer looks like.'),
    max_body: byteSizeSchema.prefault('1MB'),
    follow_redirects: z.boolean().default(true).describe(`Follow up to ${DEFAULT_MAX_REDIRECTS} redirects.`),
    insecure: z.boolean().default(false).describe('Accept any TLS certificate (self-signed intranet pages).'),
    failure_threshold: z.int().min(1).max(10).default(2).describe('Consecutive failed checks before the probe is down.'),
    success_threshold: z.int().min(1).max(10).default(1).describe('Consecutive good checks before it is up again.'),
  })
  // Cross-field rules run even when another field is wrong, so every problem is reported at
  // once; each waits only for the fields it compares to have parsed.
  .superRefine(
    (probe, ctx) => {
      if (probe.timeout > probe.interval) {
        ctx.addIssue({
          code: 'custom',
          path: ['timeout'],
          message: `must not be longer than interval (${formatDuration(probe.timeout)} > ${formatDuration(probe.interval)})`,
        });
      }
    },
    { when: fieldsParsed('interval', 'timeout') },
  )
  .superRefine(
    (probe, ctx) => {
      if (probe.body !== undefined && probe.method !== 'POST') {
        ctx.addIssue({ code: 'custom', path: ['body'], message: `a body is only sent with method POST, not ${probe.method}` });
      }
    },
    { when: fieldsParsed('method', 'body') },
  )
  .superRefine(
    (probe, ctx) => {
      const maxLatency = probe.expect.max_latency;
      if (maxLatency !== undefined && maxLatency >= probe.timeout) {
        ctx.addIssue({
          code: 'custom',
          path: ['expect', 'max_latency'],
          message: `must be shorter than timeout (${formatDuration(maxLatency)} ≥ ${formatDuration(probe.timeout)})`,
        });
      }
    },
    { when: fieldsParsed('expect', 'timeout') },
  )
  .superRefine(
    (probe, ctx) => {
      const key = probe.expect.contains !== undefined ? 'contains' : 'not_contains';
      if (probe.method === 'HEAD' && probe.expect[key] !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['expect', key], message: 'a HEAD response has no body to search' });
      }
    },
    { when: fieldsParsed('method', 'expect') },
  )
  .transform(
    (p): Omit<HttpProbeSpec, 'key' | 'channelId' | 'index'> => ({
      type: p.type,
      url: p.url,
      method: p.method,
      headers: p.headers ?? {},
      body: p.body ?? null,
      expect: {
        status: p.expect.status ?? [...DEFAULT_EXPECTED_STATUS],
        contains: p.expect.contains ?? null,
        notContains: p.expect.not_contains ?? null,
        maxLatencyMs: p.expect.max_latency ?? null,
      },
      intervalMs: p.interval,
      timeoutMs: p.timeout,
      maxBodyBytes: p.max_body,
      maxRedirects: p.follow_redirects ? DEFAULT_MAX_REDIRECTS : 0,
      insecure: p.insecure,
      failureThreshold: p.failure_threshold,
      successThreshold: p.success_threshold,
    }),
  );

/** A probe of any type; `type` picks the schema. */
export const probeSchema = z.discriminatedUnion('type', [httpProbeSchema]);

/** One support channel; its probes get their keys here, the provider id comes from the provider. */
export const channelSchema = z
  .strictObject({
    id: idSchema('channel').describe('Unique across the whole file, e.g. examplepay-chat.'),
    kind: z.enum(CHANNEL_KINDS, { error: `expected one of ${CHANNEL_KINDS.join(', ')}` }),
    name: z.string().min(1).describe('Shown to users, e.g. "Online chat".'),
    contact: z.string().min(1).optional().describe('Phone number, address, URL or handle, as the provider publishes it.'),
    languages: z.array(localeSchema).optional().describe('Languages served, as BCP 47 tags.'),
    hours: hoursSchema.prefault('always'),
    probes: z.array(probeSchema).default([]).describe('How the channel is checked; none is fine.'),
  })
  .transform(
    (c): Omit<Channel, 'providerId'> => ({
      id: c.id,
      kind: c.kind,
      name: c.name,
      contact: c.contact ?? null,
      hours: c.hours,
      languages: c.languages ?? [],
      probes: c.probes.map((probe, index) => ({ key: `${c.id}#${index}`, channelId: c.id, index, ...probe })),
    }),
  );

/** One provider and its channels. */
export const providerSchema = z
  .strictObject({
    id: idSchema('provider').describe('Unique in the file, e.g. examplepay.'),
    name: z.string().min(1),
    timezone: timeZoneSchema,
    locale: localeSchema.default('en').describe("BCP 47 locale of the provider's customers, e.g. zh-CN."),
    channels: z.array(channelSchema).min(1, { error: 'a provider needs at least one channel' }),
  })
  .transform(
    (p): Provider => ({
      id: p.id,
      name: p.name,
      timezone: p.timezone,
      locale: p.locale,
      channels: p.channels.map(({ id, ...rest }) => ({ id, providerId: p.id, ...rest })),
    }),
  );

/** The whole config file. Parses to a `Catalog`. */
export const configSchema = z
  .strictObject({
    retention: z
      .strictObject({ checks: duration(HOUR, 3650 * DAY, 'How long raw checks are kept.').prefault('14d') })
      .prefault({})
      .describe('How long stored data is kept.'),
    providers: z.array(providerSchema).min(1, { error: 'expected at least one provider' }),
  })
  .superRefine(checkUniqueIds, { when: (payload) => isObject(payload.value) })
  .transform((c): Catalog => ({ providers: c.providers, retention: { checksMs: c.retention.checks } }))
  // Top-level `x-…` keys hold YAML anchors (shared hours); the loader drops them before parsing.
  .meta({ patternProperties: { [EXTENSION_KEY_PATTERN.source]: {} } });

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * A `when` for an object refinement: run once the value is an object and the named fields
 * parsed, whatever else failed (an unknown key, another bad field). A failed field still
 * holds its raw input, e.g. `interval: 60`, which must not be compared as milliseconds.
 */
function fieldsParsed(...keys: string[]) {
  return (payload: z.core.ParsePayload): boolean =>
    isObject(payload.value) &&
    !payload.issues.some((issue) => {
      const [first] = issue.path ?? [];
      return first !== undefined && keys.includes(String(first));
    });
}

/** True for a zone the runtime's ICU knows, so `Mars/Base` fails at start-up, not at 3 a.m. */
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function isLocale(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}
