/**
 * The `dns` probe on Workers: a Worker cannot send raw DNS packets, so it asks a
 * DNS-over-HTTPS resolver (JSON API, `application/dns-json`; Cloudflare's by default) and
 * judges the answers with the Node probe's `judgeAnswers`. A probe that names its own
 * resolver (`resolver: 1.1.1.1:53`) is asked through the DoH resolver instead: the check then
 * says whether the name resolves publicly, not what that server answers.
 */
import type { CheckResult, DnsProbeSpec } from '../domain/catalog.ts';
import type { DnsRecordType } from '../domain/vocabulary.ts';
import { judgeAnswers } from '../probes/dns.ts';
import { sanitizeMessage, type ProbeFailure } from '../probes/probe-errors.ts';

/** The default resolver; `DOH_RESOLVER` overrides it. */
export const DEFAULT_DOH_RESOLVER = 'https://cloudflare-dns.com/dns-query';

const TYPE_CODES: Record<DnsRecordType, number> = { A: 1, CNAME: 5, MX: 15, TXT: 16, AAAA: 28 };
/** DNS RCODEs a person can read. */
const RCODES: Record<number, string> = { 2: 'SERVFAIL', 3: 'NXDOMAIN', 5: 'REFUSED' };

interface DohAnswer {
  type: number;
  data: string;
}

/**
 * Resolves `spec.name` through DoH and judges the answers.
 *
 * @example
 * await runDohProbe(spec, 'https://cloudflare-dns.com/dns-query');
 * // → { outcome: 'down', errorClass: 'dns', message: 'NXDOMAIN: no-such.example has no A records', … }
 */
export async function runDohProbe(spec: DnsProbeSpec, resolver: string = DEFAULT_DOH_RESOLVER, now: () => number = Date.now): Promise<CheckResult> {
  const startedAt = now();
  let failure: ProbeFailure | null;
  try {
    const url = new URL(resolver);
    url.searchParams.set('name', spec.name);
    url.searchParams.set('type', spec.record);
    const res = await fetch(url.href, { headers: { accept: 'application/dns-json' }, signal: AbortSignal.timeout(spec.timeoutMs) });
    if (!res.ok) {
      await res.body?.cancel();
      failure = { errorClass: 'dns', message: `the DoH resolver ${url.host} answered ${res.status}` };
    } else {
      const body = (await res.json()) as { Status?: number; Answer?: DohAnswer[] };
      const status = body.Status ?? 0;
      if (status !== 0) failure = { errorClass: 'dns', message: `${RCODES[status] ?? `RCODE ${status}`}: ${spec.name} has no ${spec.record} records` };
      else failure = judgeAnswers(answersOf(body.Answer ?? [], spec.record), spec);
    }
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    failure = timedOut
      ? { errorClass: 'timeout', message: `no DNS answer for ${spec.name} within ${spec.timeoutMs} ms` }
      : { errorClass: 'dns', message: `DoH query for ${spec.name} failed: ${err instanceof Error ? err.message : String(err)}` };
  }
  const durationMs = Math.max(0, now() - startedAt);
  const phases = { dns: durationMs, connect: null, tls: null, firstByte: null, total: durationMs };
  if (failure === null) return { startedAt, durationMs, outcome: 'up', httpStatus: null, errorClass: null, message: null, phases };
  return { startedAt, durationMs, outcome: 'down', httpStatus: null, errorClass: failure.errorClass, message: sanitizeMessage(failure.message, []), phases };
}

/** Answers in the Node probe's form: MX as the exchange host by preference, TXT unquoted and joined. */
export function answersOf(answers: readonly DohAnswer[], record: DnsRecordType): string[] {
  const mine = answers.filter((a) => a.type === TYPE_CODES[record]);
  const stripDot = (host: string) => (host.endsWith('.') ? host.slice(0, -1) : host);
  switch (record) {
    case 'MX':
      return mine
        .map((a) => {
          const [pref, host = ''] = a.data.split(/\s+/);
          return { pref: Number(pref), host: stripDot(host) };
        })
        .sort((a, b) => a.pref - b.pref)
        .map((r) => (r.host === '' ? '' : r.host));
    case 'TXT':
      return mine.map((a) => [...a.data.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]).join('') || a.data);
    case 'CNAME':
      return mine.map((a) => stripDot(a.data));
    default:
      return mine.map((a) => a.data);
  }
}
