import type { promises as dns } from 'node:dns';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import type { CheckPhases, CheckResult, SmtpProbeSpec } from '../domain/catalog.ts';
import type { ResolverAddress } from './dns-resolver.ts';
import { ProbeFailureError, errorClassOfCode, sanitizeMessage, type ProbeFailure } from './probe-errors.ts';
import { ehloExtensions, formatReply, type SmtpReply } from './smtp-reply.ts';
import { ConnectionClosed, SmtpSession } from './smtp-session.ts';
import { resolveTarget, type SmtpTarget } from './smtp-target.ts';
import { Deadline } from './deadline.ts';

/** Settings that are not part of the probe's configuration. */
export interface SmtpProbeOptions {
  /**
   * The DNS server for MX lookups (and the MX host's address); absent or null = the system's
   * resolvers. Production leaves it out; tests point it at a local DNS server.
   */
  resolver?: ResolverAddress | null;
}

/** What the conversation was doing, for messages. */
type Step = 'resolving' | 'connecting' | 'banner' | 'EHLO' | 'HELO' | 'STARTTLS' | 'TLS handshake' | 'QUIT';

const STEP_WORDS: Record<Step, string> = {
  resolving: 'resolving the mail server',
  connecting: 'connecting',
  banner: 'waiting for the banner',
  EHLO: 'waiting for the reply to EHLO',
  HELO: 'waiting for the reply to HELO',
  STARTTLS: 'waiting for the reply to STARTTLS',
  'TLS handshake': 'in the TLS handshake',
  QUIT: 'waiting for the reply to QUIT',
};

/** Everything one check learns as it goes; read by the result builder whatever happened. */
interface Run {
  step: Step;
  target: SmtpTarget | null;
  session: SmtpSession | null;
  resolver: dns.Resolver | null;
  resolvedAt: number | null;
  openedAt: number | null;
  tls: { start: number; end: number | null } | null;
  certExpiresAt: number | null;
}

/**
 * Runs one SMTP check: connects to `spec.host` (or the best MX host of `spec.domain`), reads
 * the `220` banner, says EHLO, with `spec.starttls` upgrades to TLS and says EHLO again, then
 * QUIT. It never sends MAIL, RCPT or DATA. Never throws for an upstream fault. One deadline,
 * `spec.timeoutMs`, covers lookup, connection, handshake and replies; the reply to QUIT is
 * awaited only within it and does not change the verdict.
 *
 * @example
 * await runSmtpProbe({ ...common, type: 'smtp', host: null, domain: 'example.com', port: 25,
 *   starttls: true, insecure: false, helo: 'probe.example.org' });
 * // → { outcome: 'up', phases: { dns: 12, connect: 30, firstByte: 41, tls: 35, total: 160 },
 * //     certExpiresAt: 1767225600000, … }
 */
export async function runSmtpProbe(spec: SmtpProbeSpec, options: SmtpProbeOptions = {}): Promise<CheckResult> {
  const startedAt = Date.now();
  const t0 = performance.now();
  const run: Run = {
    step: 'resolving',
    target: null,
    session: null,
    resolver: null,
    resolvedAt: null,
    openedAt: null,
    tls: null,
    certExpiresAt: null,
  };
  const deadline = new Deadline(spec.timeoutMs);
  let failure: ProbeFailure | null = null;
  try {
    await Promise.race([converse(spec, options.resolver ?? null, run, deadline), deadline.expired]);
    await Promise.race([quit(run), deadline.expired]).catch(() => {});
  } catch (err) {
    failure = deadline.hasExpired ? timedOut(spec, run) : classify(err, spec, run);
  } finally {
    deadline.clear();
    run.session?.close();
    run.resolver?.cancel();
  }
  const end = performance.now();
  const durationMs = Math.round(end - t0);
  const base = { startedAt, durationMs, httpStatus: null, phases: phasesOf(run, t0, end) };
  const cert = run.certExpiresAt === null ? {} : { certExpiresAt: run.certExpiresAt };
  if (failure === null) return { ...base, outcome: 'up', errorClass: null, message: null, ...cert };
  const message = sanitizeMessage(failure.message, []);
  return { ...base, outcome: 'down', errorClass: failure.errorClass, message, ...cert };
}

/** The conversation up to the verdict; throws what went wrong. */
async function converse(spec: SmtpProbeSpec, resolver: ResolverAddress | null, run: Run, deadline: Deadline): Promise<void> {
  const target = await resolveTarget(spec, resolver, () => deadline.remainingMs(), (r) => {
    run.resolver = r;
  });
  run.target = target;
  if (target.resolved) run.resolvedAt = performance.now();

  // The lookup may finish just after the deadline: no connection may outlive the check.
  if (deadline.hasExpired) return;
  run.step = 'connecting';
  run.openedAt = performance.now();
  const session = SmtpSession.open({ host: target.connectTo, port: target.port });
  run.session = session;
  await session.connected;

  run.step = 'banner';
  expectCode(await session.read(), 220, '');

  const ehlo = await hello(session, spec, run);
  if (!spec.starttls) return;
  if (!ehloExtensions(ehlo).has('STARTTLS')) throw new ProbeFailureError('tls', 'server does not offer STARTTLS');
  run.step = 'STARTTLS';
  session.send('STARTTLS');
  const ready = await session.read();
  if (ready.code !== 220) throw new ProbeFailureError('tls', `server answered ${formatReply(ready)} to STARTTLS`);

  run.step = 'TLS handshake';
  run.tls = { start: performance.now(), end: null };
  const byName = net.isIP(target.name) === 0;
  run.certExpiresAt = await session.startTls({
    host: target.name,
    // SNI takes host names only (RFC 6066 §3).
    servername: byName ? target.name : null,
    rejectUnauthorized: !spec.insecure,
  });
  run.tls.end = performance.now();
  await hello(session, spec, run);
}

/**
 * EHLO, or HELO when a pre-ESMTP server rejects EHLO (RFC 5321 §3.2) and no extension is
 * needed; resolves to the accepted reply.
 */
async function hello(session: SmtpSession, spec: SmtpProbeSpec, run: Run): Promise<SmtpReply> {
  run.step = 'EHLO';
  session.send(`EHLO ${spec.helo}`);
  const reply = await session.read();
  if (reply.code >= 500 && !spec.starttls) {
    run.step = 'HELO';
    session.send(`HELO ${spec.helo}`);
    return expectCode(await session.read(), 250, ' to HELO');
  }
  return expectCode(reply, 250, ' to EHLO');
}

function expectCode(reply: SmtpReply, code: number, context: string): SmtpReply {
  if (reply.code === code) return reply;
  const wanted = reply.code < 400 ? ` instead of ${code}` : '';
  throw new ProbeFailureError('other', `server answered ${formatReply(reply)}${context}${wanted}`);
}

/** Says goodbye after the verdict; whatever the server does now, the check has its answer. */
async function quit(run: Run): Promise<void> {
  const session = run.session;
  if (session === null) return;
  run.step = 'QUIT';
  try {
    session.send('QUIT');
    await session.read();
  } catch {
    // A server that drops the line instead of answering 221 is still a working server.
  }
}

function timedOut(spec: SmtpProbeSpec, run: Run): ProbeFailure {
  return { errorClass: 'timeout', message: `no complete SMTP answer within ${spec.timeoutMs} ms (timed out ${STEP_WORDS[run.step]})` };
}

/** Turns what the conversation threw into a failure: probe decisions as they are, socket errors by code. */
function classify(err: unknown, spec: SmtpProbeSpec, run: Run): ProbeFailure {
  if (err instanceof ProbeFailureError) return { errorClass: err.errorClass, message: err.message };
  const where = run.target === null ? '' : hostPort(run.target.name, run.target.port);
  const during = STEP_WORDS[run.step];
  if (err instanceof ConnectionClosed) {
    if (run.step === 'TLS handshake') return { errorClass: 'tls', message: `connection closed by ${where} in the TLS handshake` };
    return { errorClass: err.beforeFirstByte ? 'connect' : 'other', message: `connection closed by ${where} ${during}` };
  }
  const code = codeOf(err);
  const text = err instanceof Error ? err.message : String(err);
  const errorClass = code === null ? null : errorClassOfCode(code);
  const suffix = code === null ? '' : ` (${code})`;
  if (errorClass === 'dns') return { errorClass, message: `could not resolve ${run.target?.name ?? spec.host}${suffix}` };
  if (errorClass === 'timeout') return timedOut(spec, run);
  if (errorClass === 'tls' || run.step === 'TLS handshake') {
    return { errorClass: 'tls', message: `TLS handshake with ${where} failed: ${text}${suffix}` };
  }
  if (errorClass === 'connect' && run.step === 'connecting') {
    return { errorClass, message: `could not connect to ${where}${suffix}` };
  }
  // A connection that fails after the server spoke is a broken answer, not an unreachable host.
  const spoke = run.session?.times.firstByte != null;
  return { errorClass: errorClass === 'connect' && !spoke ? 'connect' : 'other', message: `${text} ${during} (${where})` };
}

/** Where the time went; a phase the check did not reach (or does not have) is null. */
function phasesOf(run: Run, t0: number, end: number): CheckPhases {
  const times = run.session?.times;
  const lookupEnd = run.resolvedAt ?? times?.lookedUp ?? null;
  const connectFrom = times?.lookedUp ?? run.openedAt;
  const span = (from: number | null | undefined, to: number | null | undefined): number | null =>
    from == null || to == null ? null : Math.round(to - from);
  return {
    dns: span(t0, lookupEnd),
    connect: span(connectFrom, times?.connected),
    tls: span(run.tls?.start, run.tls?.end),
    firstByte: span(times?.connected, times?.firstByte),
    total: Math.round(end - t0),
  };
}

function hostPort(host: string, port: number): string {
  return net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
}

/** A Node error code, also from the first member of an AggregateError (Happy Eyeballs). */
function codeOf(err: unknown): string | null {
  if (typeof err !== 'object' || err === null) return null;
  const { code, errors } = err as { code?: unknown; errors?: unknown };
  if (typeof code === 'string' && code !== '') return code;
  return Array.isArray(errors) ? codeOf(errors[0]) : null;
}
