import { z } from '@hono/zod-openapi';
import { CHANNEL_KINDS, CHANNEL_STATES, CHECK_OUTCOMES, ERROR_CLASSES } from '../domain/vocabulary.ts';

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
    maintenance: MaintenanceSchema,
    last_check: LastCheckSchema.nullable(),
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
  })
  .openapi('Provider');

export const CheckSchema = z
  .object({
    id: z.number().int(),
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
