/**
 * Building blocks shared by the config schemas: ids, durations, sizes, zones, locales, and the
 * helpers that let cross-field rules run while other fields are wrong.
 */
import { z } from 'zod';
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

export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const MAX_BODY_LIMIT = 10 * 1024 * 1024;
export const BYTE_RANGE_HINT = `must be between 1B and ${formatByteSize(MAX_BODY_LIMIT)}`;
export const idSchema = (what: string) =>
  z
    .string()
    .regex(/^[a-z0-9-]{1,64}$/, { error: `expected a ${what} id of 1 to 64 characters from a-z, 0-9 and -` });

/** A duration written as `30s`, `5m` …, parsed to ms and kept within `[min, max]`. */
export function duration(min: number, max: number, description: string) {
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

export const timeZoneSchema = z
  .string()
  .refine(isTimeZone, { error: (issue) => `unknown time zone ${JSON.stringify(issue.input)}` })
  .describe('IANA time zone the service hours are written in, e.g. Europe/Berlin.');

export const localeSchema = z
  .string()
  .refine(isLocale, {
    error: (issue) => `${JSON.stringify(issue.input)} is not a BCP 47 language tag (e.g. en, zh-CN)`,
  });

export const byteSizeSchema = z
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

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * A `when` for an object refinement: run once the value is an object and the named fields
 * parsed, whatever else failed (an unknown key, another bad field). A failed field still
 * holds its raw input, e.g. `interval: 60`, which must not be compared as milliseconds.
 */
export function fieldsParsed(...keys: string[]) {
  return (payload: z.core.ParsePayload): boolean =>
    isObject(payload.value) &&
    !payload.issues.some((issue) => {
      const [first] = issue.path ?? [];
      return first !== undefined && keys.includes(String(first));
    });
}

/** True for a zone the runtime's ICU knows, so `Mars/Base` fails at start-up, not at 3 a.m. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function isLocale(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}
