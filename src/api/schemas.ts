import { z } from '@hono/zod-openapi';
import { HISTORY_WINDOWS, LATENCY_STEPS, ROLLUP_STATES } from '../domain/history/index.ts';
import { CHANNEL_KINDS, CHANNEL_STATES, CHECK_OUTCOMES, ERROR_CLASSES } from '../domain/vocabulary.ts';
import { NOTICE_SEVERITIES, NOTICE_TOPICS, SOURCE_FORMATS } from '../notices/stored-vocabulary.ts';
import { NOTICE_KINDS } from '../notices/types.ts';
import { REPORT_LEVELS } from '../reports/problems.ts';

/** Shared pieces of the API's response schemas (OpenAPI components). */

export const IdParam = z
  .string()
  .regex(/^[a-z0-9-]{1,64}$/, 'expected an id of a-z, 0-9 and -')
  .openapi({ param: { name: 'id', in: 'path' }, example: 'examplepay' });

export const Instant = z.string().openapi({ format: 'date-time', example: '2026-11-23T02:00:00.000Z' });

export const ChannelStateSchema = z.enum(CHANNEL_STATES).openapi('ChannelState');

export const CheckErrorSchema = z
  .object({ class: z.enum(ERROR_CLASSES), message: z.string().nullable() })
  .nullable()
  .openapi('CheckError');

export const PhasesSchema = z
  .object({
    dns: z.number().int().nullable(),
    connect: z.number().int().nullable(),
    tls: z.number().int().nullable(),
    first_byte: z.number().int().nullable(),
    total: z.number().int(),
  })
  .nullable()
  .openapi('Phases', { description: 'Where the time of the check went, in ms; null for phases the probe kind does not have.' });

export const ConditionResultsSchema = z
  .array(z.object({ expression: z.string(), ok: z.boolean() }))
  .nullable()
  .openapi('ConditionResults', { description: "Each of the probe's conditions and whether it held; null when they were not evaluated." });

export const LastCheckSchema = z
  .object({
    at: Instant,
    outcome: z.enum(CHECK_OUTCOMES),
    latency_ms: z.number().int(),
    http_status: z.number().int().nullable(),
    error: CheckErrorSchema,
    phases: PhasesSchema,
    cert_expires_at: Instant.nullable(),
    conditions: ConditionResultsSchema,
  })
  .openapi('LastCheck');

export const MaintenanceSchema = z
  .object({ active: z.boolean(), starts_at: Instant, ends_at: Instant })
  .nullable()
  .openapi('Maintenance', { description: 'The window in force now, else the next one within 14 days.' });

/** A time-based uptime fraction. */
export const UptimeFractionSchema = z.number().min(0).max(1).nullable().openapi({
  description: 'Time-based uptime from 0 to 1: (up + degraded) / (up + degraded + down), counting only time inside service hours and outside maintenance; null when no time was measured.',
  example: 0.9987,
});

/** How a channel's user reports read now. */
export const ReportLevelSchema = z.enum(REPORT_LEVELS).openapi('ReportLevel', {
  description: '`surge` when at least 5 distinct people reported the channel unreachable in the last 15 minutes, well above its usual count for this hour of the week.',
});

/** What decided a channel's state. */
export const STATE_SOURCES = ['probes', 'hours', 'maintenance', 'notice'] as const;

export const NoticeKindSchema = z.enum(NOTICE_KINDS).openapi('NoticeKind', {
  description: 'outage (something is broken), maintenance (planned work), resolved (fixed or done), info (anything else).',
});

export const NoticeWindowSchema = z
  .object({ starts_at: Instant.nullable(), ends_at: Instant.nullable() })
  .nullable()
  .openapi('NoticeWindow', { description: 'The window the notice states, read in the provider\'s zone; either end may be unknown (null), never guessed.' });

export const NoticeBriefSchema = z
  .object({
    id: z.string(),
    kind: NoticeKindSchema,
    topic: z.enum(NOTICE_TOPICS),
    title: z.string(),
    url: z.string().nullable(),
    published_at: Instant.nullable(),
    window: NoticeWindowSchema,
    active: z.boolean().openapi({ description: 'In effect now; false for maintenance announced for later.' }),
  })
  .openapi('NoticeBrief');

export const NoticeSchema = z
  .object({
    id: z.string().openapi({ description: 'Stable within the provider: `id:` upstream id, `url:` link, or `hash:` of title and date.', example: 'id:mnt-hotline-upgrade' }),
    provider: z.string(),
    source: z.string().openapi({ description: 'The feed probe that read it (`<channel id>#<index>`).', example: 'examplepay-news#0' }),
    channels: z.array(z.string()).nullable().openapi({ description: 'The channels it affects; null = the whole provider.' }),
    format: z.enum(SOURCE_FORMATS),
    kind: NoticeKindSchema,
    topic: z.enum(NOTICE_TOPICS).openapi({ description: 'What it is about; a resolved notice keeps outage or maintenance here.' }),
    title: z.string().openapi({ description: 'Plain text.' }),
    body: z.string().openapi({ description: 'Plain text, line breaks kept.' }),
    url: z.string().nullable(),
    published_at: Instant.nullable(),
    updated_at: Instant.nullable(),
    resolved_at: Instant.nullable(),
    window: NoticeWindowSchema,
    components: z.array(z.string()).openapi({ description: 'Upstream component names (Statuspage).' }),
    upstream_status: z.string().nullable(),
    severity: z.enum(NOTICE_SEVERITIES).nullable(),
    first_seen_at: Instant,
    last_seen_at: Instant.openapi({ description: 'The last read that listed it, to within an hour.' }),
    closed_at: Instant.nullable(),
    active: z.boolean().openapi({ description: 'In effect now.' }),
  })
  .openapi('Notice');

export const ChannelSchema = z
  .object({
    id: z.string(),
    kind: z.enum(CHANNEL_KINDS),
    name: z.string(),
    contact: z.string().nullable(),
    state: ChannelStateSchema,
    /** Why the state is what it is, when that is not obvious (e.g. no probe). */
    state_reason: z.string().nullable(),
    since: Instant.nullable(),
    open_now: z.boolean(),
    opens_at: Instant.nullable(),
    closes_at: Instant.nullable(),
    state_source: z.enum(STATE_SOURCES).openapi({
      description:
        'What decided the state: probes (measured), hours (closed), maintenance (a configured window) or notice (maintenance the provider announced, or its outage notice for a channel without probes).',
    }),
    announced: z
      .enum(['maintenance', 'outage'])
      .nullable()
      .openapi({ description: "What the provider's own notices say now, next to the measured state." }),
    notices: z.array(NoticeBriefSchema).openapi({ description: 'Notices that apply: in effect now, or maintenance announced for later.' }),
    maintenance: MaintenanceSchema,
    last_check: LastCheckSchema.nullable(),
    uptime_24h: UptimeFractionSchema,
    uptime_30d: UptimeFractionSchema,
    uptime_90d: UptimeFractionSchema,
    reports: ReportLevelSchema.optional(),
  })
  .openapi('Channel');

export const ProviderSummarySchema = z
  .object({ id: z.string(), name: z.string(), state: ChannelStateSchema, channels: z.number().int() })
  .openapi('ProviderSummary');

export const ProviderSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    timezone: z.string(),
    locale: z.string(),
    state: ChannelStateSchema,
    channels: z.array(ChannelSchema),
    notices: z.array(NoticeSchema).openapi({ description: 'The provider\'s notices in effect now and maintenance announced for later, oldest first.' }),
  })
  .openapi('Provider');

export const CheckSchema = z
  .object({
    // A check is known by its probe and start; the store keeps no surrogate id.
    probe: z.string(),
    at: Instant,
    outcome: z.enum(CHECK_OUTCOMES),
    latency_ms: z.number().int(),
    http_status: z.number().int().nullable(),
    error: CheckErrorSchema,
    message: z.string().nullable(),
    conditions: ConditionResultsSchema,
  })
  .openapi('Check');

export const IncidentSchema = z
  .object({
    id: z.number().int(),
    provider: z.string(),
    channel: z.string(),
    started_at: Instant,
    ended_at: Instant.nullable(),
    duration_s: z.number().int().openapi({ description: 'Until now while the incident is open.' }),
    cause: CheckErrorSchema,
    acknowledged: z
      .object({ at: Instant, by: z.string(), note: z.string().nullable() })
      .nullable()
      .openapi({ description: 'Who acknowledged it and with what note (`POST /api/v1/incidents/:id/ack`); null until then.' }),
  })
  .openapi('Incident');

/** A time given as ISO-8601 or epoch milliseconds, as a query parameter. */
export const InstantQuery = z
  .string()
  .max(40)
  .transform((text, ctx) => {
    const ms = /^\d{1,15}$/.test(text) ? Number(text) : Date.parse(text);
    if (Number.isNaN(ms)) {
      ctx.addIssue({ code: 'custom', message: 'expected an ISO-8601 time or epoch milliseconds' });
      return z.NEVER;
    }
    return ms;
  })
  .openapi({ type: 'string', example: '2026-11-23T00:00:00Z' });

export const HistoryWindowSchema = z.enum(HISTORY_WINDOWS).openapi('HistoryWindow', {
  description: 'The current local hour (24h) or day (7d…365d) so far and the 23 hours or N − 1 days before it, in the provider\'s time zone.',
});

export const UptimeSchema = z
  .object({
    channel: z.string(),
    window: HistoryWindowSchema,
    from: Instant.openapi({ description: 'Where the window starts.' }),
    uptime: UptimeFractionSchema,
    down_seconds: z.number().int(),
    incidents: z.number().int().openapi({ description: 'Incidents open at any time in the window.' }),
  })
  .openapi('Uptime');

export const DailyEntrySchema = z
  .object({
    date: z.string().openapi({ description: "The provider's local date", example: '2026-11-23' }),
    uptime: UptimeFractionSchema,
    down_seconds: z.number().int(),
    worst_state: z
      .enum(ROLLUP_STATES)
      .nullable()
      .openapi({ description: 'The first of down, degraded, maintenance, up, closed that the day had any time in; null without data.' }),
    incidents: z.number().int().openapi({ description: 'Incidents open at any time that day.' }),
  })
  .openapi('DailyEntry');

export const LatencyPointSchema = z
  .object({
    at: Instant.openapi({ description: 'Start of the step.' }),
    count: z.number().int().openapi({ description: 'Answered checks in the step.' }),
    p50: z.number().nullable(),
    p95: z.number().nullable(),
    p99: z.number().nullable(),
  })
  .openapi('LatencyPoint', { description: 'Latency percentiles of answered checks in ms (within 5 %), null without any.' });

export const LatencyStepSchema = z.enum(LATENCY_STEPS).openapi('LatencyStep');

export const HeatmapCellSchema = z
  .object({
    weekday: z.number().int().openapi({ description: 'Local weekday, 0 = Sunday.' }),
    hour: z.number().int().openapi({ description: 'Local hour, 0–23.' }),
    uptime: UptimeFractionSchema,
    measured_seconds: z.number().int(),
    median_latency_ms: z.number().nullable(),
  })
  .openapi('HeatmapCell');

/** A language tag as a `lang` query gives it; one we have no texts for falls back. */
export const LangQuery = z
  .string()
  .regex(/^[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*$/, 'expected a language tag such as zh-CN or en')
  .optional()
  .openapi({ description: 'zh-CN or en; otherwise Accept-Language decides.', example: 'zh-CN' });
