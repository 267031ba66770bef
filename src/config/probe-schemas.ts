/**
 * The schemas of probes, one per probe type, sharing the fields every probe has
 * (`interval`, `timeout`, thresholds, retries). Each parses to its normalised catalog spec.
 */
import { z } from 'zod';
import { isConditionSyntaxError, needsBody, parseCondition, type Condition } from '../domain/conditions/index.ts';
import type { HttpProbeSpec, ProbeCommon } from '../domain/catalog.ts';
import { formatDuration } from './durations.ts';
import { DAY, MINUTE, SECOND, byteSizeSchema, duration, fieldsParsed } from './primitives.ts';

/** Redirects followed when `follow_redirects` is on. */
export const DEFAULT_MAX_REDIRECTS = 5;
/** Accepted status codes when `expect.status` is not given: every 2xx. */
export const DEFAULT_EXPECTED_STATUS: readonly number[] = Array.from({ length: 100 }, (_, i) => 200 + i);

/** Fields every probe type has. */
export const commonProbeFields = {
  interval: duration(10 * SECOND, DAY, 'How often to check; at least 10s.').prefault('60s'),
  timeout: duration(100, 5 * MINUTE, 'Give up after this long; at most the interval.').prefault('10s'),
  failure_threshold: z.int().min(1).max(10).default(2).describe('Consecutive failed checks before the probe is down.'),
  success_threshold: z.int().min(1).max(10).default(1).describe('Consecutive good checks before it is up again.'),
  retry: z.int().min(0).max(3).default(0).describe('Extra attempts after a failed check before it counts (0-3).'),
  retry_delay: duration(100, MINUTE, 'Pause before each extra attempt.').prefault('5s'),
};

interface CommonInput {
  interval: number;
  timeout: number;
  failure_threshold: number;
  success_threshold: number;
  retry: number;
  retry_delay: number;
}

/** The catalog's names for the common fields. */
export function commonSettings(p: CommonInput): Omit<ProbeCommon, 'key' | 'channelId' | 'index'> {
  return {
    intervalMs: p.interval,
    timeoutMs: p.timeout,
    failureThreshold: p.failure_threshold,
    successThreshold: p.success_threshold,
    retry: p.retry,
    retryDelayMs: p.retry_delay,
  };
}

/** A check, with its retries, must fit in one interval, or the next run would be skipped. */
export function timeoutWithinInterval(probe: CommonInput, ctx: z.core.$RefinementCtx): void {
  const worst = probe.timeout * (probe.retry + 1) + probe.retry_delay * probe.retry;
  if (probe.timeout > probe.interval) {
    ctx.addIssue({
      code: 'custom',
      path: ['timeout'],
      message: `must not be longer than interval (${formatDuration(probe.timeout)} > ${formatDuration(probe.interval)})`,
    });
  } else if (worst > probe.interval) {
    ctx.addIssue({
      code: 'custom',
      path: ['retry'],
      message: `with retries a check can take ${formatDuration(worst)}, longer than interval (${formatDuration(probe.interval)})`,
    });
  }
}

const statusSchema = z.int({ error: 'expected an HTTP status code (100-599)' }).min(100).max(599);

const expectSchema = z.strictObject({
  status: z.array(statusSchema).min(1).optional().describe('Accepted status codes. Default: any 2xx.'),
  contains: z.string().min(1).optional().describe('Text that must appear in the body.'),
  not_contains: z.string().min(1).optional().describe('Text that must not appear in the body (e.g. "busy").'),
  max_latency: duration(1, DAY, 'Slower than this, a good answer counts as degraded.').optional(),
});

/** One condition, parsed now so a typo is a start-up error with its line, not a 3 a.m. surprise. */
const conditionSchema = z.string({ error: 'expected a condition such as status == 200' }).transform((text, ctx): Condition => {
  const parsed = parseCondition(text);
  if (isConditionSyntaxError(parsed)) {
    ctx.addIssue({ code: 'custom', message: parsed.message, input: text });
    return z.NEVER;
  }
  return parsed;
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
    expect: expectSchema.prefault({}).describe('What a good answer looks like.'),
    max_body: byteSizeSchema.prefault('1MB'),
    follow_redirects: z.boolean().default(true).describe(`Follow up to ${DEFAULT_MAX_REDIRECTS} redirects.`),
    insecure: z.boolean().default(false).describe('Accept any TLS certificate (self-signed intranet pages).'),
    conditions: z
      .array(conditionSchema)
      .max(20, { error: 'at most 20 conditions per probe' })
      .default([])
      .describe('Rules that must all hold, e.g. json.status == "ok", latency < 800ms, header.content-type contains "json".'),
    ...commonProbeFields,
  })
  // Cross-field rules run even when another field is wrong, so every problem is reported at
  // once; each waits only for the fields it compares to have parsed.
  .superRefine(timeoutWithinInterval, { when: fieldsParsed('interval', 'timeout', 'retry', 'retry_delay') })
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
  .superRefine(
    (probe, ctx) => {
      const index = probe.conditions.findIndex((c) => needsBody([c]));
      if (probe.method === 'HEAD' && index >= 0) {
        ctx.addIssue({ code: 'custom', path: ['conditions', index], message: 'a HEAD response has no body for this condition' });
      }
    },
    { when: fieldsParsed('method', 'conditions') },
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
      maxBodyBytes: p.max_body,
      maxRedirects: p.follow_redirects ? DEFAULT_MAX_REDIRECTS : 0,
      insecure: p.insecure,
      conditions: p.conditions,
      ...commonSettings(p),
    }),
  );

