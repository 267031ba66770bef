/**
 * The zod schemas of `supportwatch.yaml`. They validate the snake_case file and transform it
 * into the normalised catalog (ms durations, minute ranges, camelCase), so whoever parses
 * with them gets a `Catalog` or a list of issues, never something in between.
 * Every object is strict: a misspelt key is an error, not a silently ignored setting.
 */
import { isSupportedCountry } from 'libphonenumber-js';
import { z } from 'zod';
import type { Catalog, Channel, Provider } from '../domain/catalog.ts';
import { CHANNEL_KINDS } from '../domain/vocabulary.ts';
import { alertsSchema } from './alerts-schema.ts';
import { maintenanceSchema, resolveMaintenance, type MaintenanceInput } from './maintenance-schema.ts';
import { DAY, HOUR, duration, idSchema, isObject, localeSchema, timeZoneSchema } from './primitives.ts';
import { DEFAULT_MAX_CONCURRENT, DEFAULT_MAX_PER_HOST } from '../scheduler/scheduler.ts';
import { probeSchema } from './net-probe-schemas.ts';
import { DATE_PATTERN, DAY_KEY_PATTERN, RANGE_LIST_HINT, RANGE_LIST_PATTERN, parseWeeklyHours } from './hours.ts';
import { checkUniqueIds } from './unique-ids.ts';

/** Top-level keys the loader ignores, for YAML anchors to live in (`x-office-hours: &office …`). */
export const EXTENSION_KEY_PATTERN = /^x-/;

export { DEFAULT_EXPECTED_STATUS, DEFAULT_MAX_REDIRECTS, httpProbeSchema } from './probe-schemas.ts';
export { dnsProbeSchema, probeSchema, smtpProbeSchema, tcpProbeSchema, tlsProbeSchema } from './net-probe-schemas.ts';
export { feedProbeSchema } from './feed-probe-schema.ts';

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

/**
 * Announcement sources are read by `feed` probes, and only they are: a feed on a hotline would
 * judge the hotline by a notice list, an HTTP probe on a notice page would miss its notices.
 * Checks each probe's raw `type`, so it also runs when another field of a probe is wrong.
 */
function feedsOnlyOnAnnouncements(channel: { kind: string; probes?: unknown }, ctx: z.core.$RefinementCtx): void {
  if (!Array.isArray(channel.probes)) return;
  channel.probes.forEach((probe: unknown, index) => {
    const type = isObject(probe) ? probe.type : undefined;
    if (typeof type !== 'string') return;
    if (type === 'feed' && channel.kind !== 'announcements') {
      ctx.addIssue({ code: 'custom', path: ['probes', index, 'type'], message: `a feed probe belongs on a channel of kind announcements, not ${channel.kind}` });
    } else if (type !== 'feed' && channel.kind === 'announcements') {
      ctx.addIssue({ code: 'custom', path: ['probes', index, 'type'], message: `an announcements channel is read by feed probes only, not ${type}` });
    }
  });
}

/** Runs a channel rule once `kind` parsed, whatever else failed. */
function kindParsed(payload: z.core.ParsePayload): boolean {
  return isObject(payload.value) && !payload.issues.some((issue) => issue.path?.[0] === 'kind');
}

/** One support channel; its probes get their keys here, the provider id comes from the provider. */
export const channelSchema = z
  .strictObject({
    id: idSchema('channel').describe('Unique across the whole file, e.g. examplepay-chat.'),
    kind: z.enum(CHANNEL_KINDS, { error: `expected one of ${CHANNEL_KINDS.join(', ')}` }),
    name: z.string().min(1).describe('Shown to users, e.g. "Online chat".'),
    contact: z.string().min(1).optional().describe('Phone number, address, URL or handle, as the provider publishes it.'),
    languages: z.array(localeSchema).optional().describe('Languages served, as BCP 47 tags.'),
    hours: hoursSchema.prefault('always'),
    maintenance: maintenanceSchema,
    probes: z.array(probeSchema).default([]).describe('How the channel is checked; none is fine.'),
    keywords: z
      .array(z.string({ error: 'expected a keyword as text' }).trim().min(1, { error: 'a keyword must not be empty' }))
      .max(50)
      .optional()
      .describe('Words that link an official notice to this channel, e.g. [客服热线, hotline, "95017"].'),
  })
  .superRefine(feedsOnlyOnAnnouncements, { when: kindParsed })
  .transform(
    // One-off windows are read in the provider's zone, which the provider resolves.
    (c): Omit<Channel, 'providerId' | 'maintenance'> & { maintenance: MaintenanceInput[] } => ({
      id: c.id,
      kind: c.kind,
      name: c.name,
      contact: c.contact ?? null,
      hours: c.hours,
      maintenance: c.maintenance,
      languages: c.languages ?? [],
      probes: c.probes.map((probe, index) => ({ key: `${c.id}#${index}`, channelId: c.id, index, ...probe })),
      keywords: c.keywords ?? [],
    }),
  );

/** One provider and its channels. */
export const providerSchema = z
  .strictObject({
    id: idSchema('provider').describe('Unique in the file, e.g. examplepay.'),
    name: z.string().min(1),
    timezone: timeZoneSchema,
    locale: localeSchema.default('en').describe("BCP 47 locale of the provider's customers, e.g. zh-CN."),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, { error: 'expected an ISO 3166-1 alpha-2 country code such as CN' })
      .refine((code) => isSupportedCountry(code), { error: (issue) => `unknown country code ${JSON.stringify(issue.input)}` })
      .optional()
      .describe('Country (ISO 3166-1 alpha-2, e.g. CN) in which phone numbers written without a country code are read.'),
    maintenance: maintenanceSchema.describe('Maintenance windows of the whole provider: { start, end } or { cron, duration }.'),
    channels: z.array(channelSchema).min(1, { error: 'a provider needs at least one channel' }),
  })
  .transform(
    (p): Provider => ({
      id: p.id,
      name: p.name,
      timezone: p.timezone,
      locale: p.locale,
      ...(p.country ? { country: p.country } : {}),
      maintenance: resolveMaintenance(p.maintenance, p.timezone),
      channels: p.channels.map(({ id, maintenance, ...rest }) => ({
        id,
        providerId: p.id,
        ...rest,
        maintenance: resolveMaintenance(maintenance, p.timezone),
      })),
    }),
  );

/** The whole config file. Parses to a `Catalog`. */
export const configSchema = z
  .strictObject({
    retention: z
      .strictObject({
        checks: duration(HOUR, 3650 * DAY, 'How long raw checks are kept.').prefault('14d'),
        rollups: duration(DAY, 3650 * DAY, 'How long the hourly and daily history rollups are kept.').prefault('400d'),
      })
      .prefault({})
      .describe('How long stored data is kept.'),
    probing: z
      .strictObject({
        max_concurrent: z.int().min(1).max(16_384).default(DEFAULT_MAX_CONCURRENT).describe('Checks running at once (each holds a socket until it ends).'),
        max_per_host: z.int().min(1).max(1024).default(DEFAULT_MAX_PER_HOST).describe('Checks running at once against one host.'),
      })
      .prefault({})
      .describe('How many checks may run at once; leave room for targets that hang until the timeout.'),
    providers: z.array(providerSchema).min(1, { error: 'expected at least one provider' }),
    alerts: alertsSchema.optional(),
  })
  .superRefine(checkUniqueIds, { when: (payload) => isObject(payload.value) })
  .transform(
    (c): Catalog => ({
      providers: c.providers,
      retention: { checksMs: c.retention.checks, rollupsMs: c.retention.rollups },
      probing: { maxConcurrent: c.probing.max_concurrent, maxPerHost: c.probing.max_per_host },
      ...(c.alerts ? { alerts: c.alerts } : {}),
    }),
  )
  // Top-level `x-…` keys hold YAML anchors (shared hours); the loader drops them before parsing.
  .meta({ patternProperties: { [EXTENSION_KEY_PATTERN.source]: {} } });

