/**
 * Maintenance windows in the config: one-off (`start`, `end`, local wall time in the
 * provider's zone) or recurring (`cron` on the provider's wall clock, `duration`).
 */
import { z } from 'zod';
import { parseCron } from '../domain/cron.ts';
import type { MaintenanceWindow } from '../domain/maintenance.ts';
import { zonedTimeToEpoch } from '../domain/zoned-time.ts';
import { isCalendarDate } from './hours.ts';
import { DAY, MINUTE, duration } from './primitives.ts';

/** A local wall time as written: `2026-11-23 02:00`. */
interface WallTime {
  date: string;
  minute: number;
}

/** A window before the provider's zone is known. */
export type MaintenanceInput = { kind: 'once'; start: WallTime; end: WallTime } | Extract<MaintenanceWindow, { kind: 'recurring' }>;

const WALL_TIME_HINT = 'expected a local time like "2026-11-23 02:00"';

const wallTimeSchema = z
  .string({ error: WALL_TIME_HINT })
  .transform((text, ctx): WallTime => {
    const match = /^(\d{4}-\d{2}-\d{2})[ T]([01]\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
    if (!match || !isCalendarDate(match[1]!)) {
      ctx.addIssue({ code: 'custom', message: WALL_TIME_HINT, input: text });
      return z.NEVER;
    }
    return { date: match[1]!, minute: Number(match[2]) * 60 + Number(match[3]) };
  })
  .meta({ pattern: '^\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}$' });

const onceSchema = z
  .strictObject({ start: wallTimeSchema, end: wallTimeSchema })
  .superRefine((w, ctx) => {
    if (`${w.end.date}/${String(w.end.minute).padStart(4, '0')}` <= `${w.start.date}/${String(w.start.minute).padStart(4, '0')}`) {
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'must be after start' });
    }
  })
  .transform((w): MaintenanceInput => ({ kind: 'once', start: w.start, end: w.end }));

const recurringSchema = z
  .strictObject({
    cron: z.string().transform((text, ctx) => {
      const schedule = parseCron(text);
      if (typeof schedule === 'string') {
        ctx.addIssue({ code: 'custom', message: `bad cron expression: ${schedule}`, input: text });
        return z.NEVER;
      }
      return schedule;
    }),
    duration: duration(MINUTE, 7 * DAY, 'How long each window lasts (1m to 7d).'),
  })
  .transform((w): MaintenanceInput => ({ kind: 'recurring', schedule: w.cron, durationMs: w.duration }));

/** `maintenance:` of a provider or a channel: a list of windows. */
export const maintenanceSchema = z
  .array(
    // Routed by shape, so an error names the bad field rather than "matches neither form".
    z
      .unknown()
      .transform((value, ctx): MaintenanceInput => {
        const keys = typeof value === 'object' && value !== null ? Object.keys(value) : [];
        const schema = keys.includes('cron') ? recurringSchema : keys.includes('start') || keys.includes('end') ? onceSchema : null;
        const parsed = schema?.safeParse(value);
        if (parsed?.success) return parsed.data;
        if (!parsed) ctx.addIssue({ code: 'custom', message: 'expected { start, end } or { cron, duration }', input: value });
        else for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, input: value, path: issue.path } as z.core.$ZodRawIssue);
        return z.NEVER;
      })
      .meta({
        anyOf: [z.toJSONSchema(onceSchema, { io: 'input', target: 'draft-7' }), z.toJSONSchema(recurringSchema, { io: 'input', target: 'draft-7' })],
      }),
  )
  .default([])
  .describe('Announced maintenance windows, in the provider time zone: { start, end } or { cron, duration }.');

/** Fixes one-off windows to instants in the provider's zone. */
export function resolveMaintenance(inputs: readonly MaintenanceInput[], timezone: string): MaintenanceWindow[] {
  return inputs.map((w) =>
    w.kind === 'once'
      ? { kind: 'once', startsAt: zonedTimeToEpoch(w.start.date, w.start.minute, timezone), endsAt: zonedTimeToEpoch(w.end.date, w.end.minute, timezone) }
      : w,
  );
}
