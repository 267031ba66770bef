import type { promises as dns } from 'node:dns';
import { performance } from 'node:perf_hooks';
import type { CheckResult, DnsProbeSpec } from '../domain/catalog.ts';
import type { DnsRecordType } from '../domain/vocabulary.ts';
import { createResolver, dnsFailure, timeoutFailure, type DnsFailure, type DnsQuestion } from './dns-resolver.ts';
import { sanitizeMessage } from './probe-errors.ts';

/** At most this many answers are quoted in a failure message. */
const QUOTED_ANSWERS = 5;

/**
 * Runs one DNS check: asks `spec.record` for `spec.name` and judges the answers. Never throws
 * for an upstream fault. `up` when the answer is non-empty and, with `spec.contains`, some
 * answer contains that text (case-insensitive; the exchange host for MX, the joined
 * character strings for TXT). One deadline, `spec.timeoutMs`, covers the whole lookup.
 *
 * @example
 * await runDnsProbe({ ...common, type: 'dns', name: 'example.com', record: 'MX',
 *   resolver: null, contains: 'mx.example.com' });
 * // → { outcome: 'down', errorClass: 'keyword',
 * //     message: 'MX answers do not contain "mx.example.com": mx2.other.net', … }
 */
export async function runDnsProbe(spec: DnsProbeSpec): Promise<CheckResult> {
  const startedAt = Date.now();
  const t0 = performance.now();
  const question: DnsQuestion = { name: spec.name, record: spec.record, server: spec.resolver, timeoutMs: spec.timeoutMs };
  let resolver: dns.Resolver | null = null;
  let timer: NodeJS.Timeout | undefined;
  let failure: DnsFailure | null;
  try {
    resolver = createResolver(spec.resolver, spec.timeoutMs);
    // c-ares has its own timeout, but only this timer makes the deadline hard.
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DeadlinePassed()), spec.timeoutMs);
    });
    const answers = await Promise.race([queryAnswers(resolver, spec.name, spec.record), expired]);
    failure = judgeAnswers(answers, spec);
  } catch (err) {
    failure = err instanceof DeadlinePassed ? timeoutFailure(question) : dnsFailure(err, question);
  } finally {
    clearTimeout(timer);
    resolver?.cancel();
  }
  const durationMs = Math.round(performance.now() - t0);
  const phases = { dns: durationMs, connect: null, tls: null, firstByte: null, total: durationMs };
  if (failure === null) {
    return { startedAt, durationMs, outcome: 'up', httpStatus: null, errorClass: null, message: null, phases };
  }
  return {
    startedAt,
    durationMs,
    outcome: 'down',
    httpStatus: null,
    errorClass: failure.errorClass,
    message: sanitizeMessage(failure.message, []),
    phases,
  };
}

/**
 * The answers as comparable strings: addresses and names as given, MX exchange hosts by
 * preference (a null MX, RFC 7505, becomes `''`), TXT records with their chunks joined.
 */
export async function queryAnswers(resolver: dns.Resolver, name: string, record: DnsRecordType): Promise<string[]> {
  switch (record) {
    case 'A':
      return resolver.resolve4(name);
    case 'AAAA':
      return resolver.resolve6(name);
    case 'CNAME':
      return resolver.resolveCname(name);
    case 'MX': {
      const mx = await resolver.resolveMx(name);
      return mx.sort((a, b) => a.priority - b.priority).map((r) => stripDot(r.exchange));
    }
    case 'TXT': {
      const txt = await resolver.resolveTxt(name);
      return txt.map((chunks) => chunks.join(''));
    }
  }
}

/**
 * Judges answers against the probe's expectation. Pure.
 *
 * @example
 * judgeAnswers(['mx2.other.net'], { name: 'example.com', record: 'MX', contains: 'mx.example.com' })
 * // → { errorClass: 'keyword', message: 'MX answers do not contain "mx.example.com": mx2.other.net' }
 */
export function judgeAnswers(
  answers: readonly string[],
  spec: Pick<DnsProbeSpec, 'name' | 'record' | 'contains'>,
): DnsFailure | null {
  if (answers.length === 0) {
    return { errorClass: 'dns', message: `NODATA: ${spec.name} has no ${spec.record} records` };
  }
  if (spec.record === 'MX' && answers.every((a) => a === '')) {
    return { errorClass: 'dns', message: `${spec.name} has a null MX: it accepts no mail` };
  }
  if (spec.contains === null) return null;
  // A trailing dot is how zone files write a host name; answers never carry it.
  const wanted = (spec.record === 'MX' || spec.record === 'CNAME' ? stripDot(spec.contains) : spec.contains).toLowerCase();
  if (answers.some((a) => a.toLowerCase().includes(wanted))) return null;
  return {
    errorClass: 'keyword',
    message: `${spec.record} answers do not contain ${quote(spec.contains)}: ${listAnswers(answers)}`,
  };
}

function listAnswers(answers: readonly string[]): string {
  const shown = answers.slice(0, QUOTED_ANSWERS).map((a) => (a === '' ? '(null MX)' : shorten(a, 60)));
  const more = answers.length - shown.length;
  return more > 0 ? `${shown.join(', ')} (+${more} more)` : shown.join(', ');
}

function quote(text: string): string {
  return `"${shorten(text, 60)}"`;
}

function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

function stripDot(host: string): string {
  return host.endsWith('.') ? host.slice(0, -1) : host;
}

/** The check's own deadline fired before the resolver answered. */
class DeadlinePassed extends Error {
  constructor() {
    super('check deadline passed');
    this.name = 'DeadlinePassed';
  }
}
