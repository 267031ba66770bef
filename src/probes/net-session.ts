import dns from 'node:dns';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import type { CheckPhases, CheckResult } from '../domain/catalog.ts';
import { classifyError, errorClassOfCode, ProbeFailureError, sanitizeMessage, type ProbeFailure } from './probe-errors.ts';

/*
 * Shared plumbing for probes that talk to a socket rather than over HTTP: `tcp`, `tls`, and
 * any later one such as `smtp`. It gives each check
 *   - one hard deadline (`timeoutMs`) for the whole check, which destroys every socket;
 *   - timed steps that fill `CheckPhases` (dns, connect, tls, firstByte);
 *   - sockets that are always destroyed when the check ends, however it ends;
 *   - failures classified with the same error classes and words as the HTTP probe.
 *
 * A probe is a function of a `NetSession` that returns a verdict; anything it throws becomes
 * a classified failure, so the probe never throws:
 *
 *   return runNetCheck(spec.timeoutMs, async (session) => {
 *     const address = await session.resolve(spec.host);              // dns (skipped for an IP)
 *     const socket = await session.connect(address, spec.port);       // connect
 *     const banner = await session.step('firstByte', () => readLine(socket));
 *     const tlsed = await upgradeToTls(session, socket, { servername: spec.host }); // net-tls.ts
 *     return { failure: null };
 *   });
 *
 * Leave destroying sockets to the session: it destroys them newest first, which a TLS socket
 * and the socket under it need (see `#destroySockets`).
 */

/** Why a check failed. The same shape as the HTTP probe's failures. */
export type NetFailure = ProbeFailure;

/**
 * What a socket check found. `failure` makes it `down`; otherwise `degraded` (a short
 * sentence) makes it `degraded`; otherwise it is `up`.
 */
export interface NetVerdict {
  failure: NetFailure | null;
  degraded?: string | null;
}

/**
 * The steps of a socket check. `dns`, `connect`, `tls` and `firstByte` (waiting for the
 * server's first words, e.g. an SMTP banner) are timed into the phase of the same name;
 * `exchange` is any later protocol talk and is covered by `total` only.
 */
export type NetStep = 'dns' | 'connect' | 'tls' | 'firstByte' | 'exchange';

type TimedStep = Exclude<NetStep, 'exchange'>;

/** What `classifyNetError` needs to know besides the error itself. */
export interface NetFailureContext {
  /** The step the check was in when it failed. */
  step: NetStep;
  /** The host as configured (a name or an IP address), for DNS messages. */
  host: string;
  /** `host:port` (`[v6]:port`), for the other messages. */
  target: string;
  /** The check's own deadline fired: whatever error surfaced, the cause is the timeout. */
  timedOut: boolean;
  timeoutMs: number;
}

const TIMEOUT_WORDS: Record<NetStep, (ctx: NetFailureContext) => string> = {
  dns: (c) => `no DNS answer for ${c.host} within ${c.timeoutMs} ms`,
  connect: (c) => `could not connect to ${c.target} within ${c.timeoutMs} ms`,
  tls: (c) => `no TLS handshake with ${c.target} within ${c.timeoutMs} ms`,
  firstByte: (c) => `no answer from ${c.target} within ${c.timeoutMs} ms`,
  exchange: (c) => `no complete answer from ${c.target} within ${c.timeoutMs} ms`,
};

/**
 * Turns anything a socket step threw into a classified failure. Pure. Delegates to the HTTP
 * probe's `classifyError` for the codes both know, and adds what only sockets need: a
 * timeout message per step, and a TLS step that fails as `tls` even when the server merely
 * hung up (TCP was already up, so "could not connect" would mislead).
 *
 * @example
 * classifyNetError(Object.assign(new Error('...'), { code: 'ERR_SSL_WRONG_VERSION_NUMBER', reason: 'wrong version number' }),
 *   { step: 'tls', host: 'chat.example', target: 'chat.example:443', timedOut: false, timeoutMs: 5000 })
 * // → { errorClass: 'tls', message: 'TLS handshake with chat.example:443 failed: wrong version number (ERR_SSL_WRONG_VERSION_NUMBER)' }
 */
export function classifyNetError(err: unknown, ctx: NetFailureContext): NetFailure {
  if (err instanceof ProbeFailureError) return { errorClass: err.errorClass, message: err.message };
  if (ctx.timedOut) return { errorClass: 'timeout', message: TIMEOUT_WORDS[ctx.step](ctx) };
  const code = codeOf(err);
  const known = code === null ? null : errorClassOfCode(code);
  if (ctx.step === 'tls' && (known === 'tls' || known === 'connect')) {
    // OpenSSL's `reason` is the readable part of its long one-line message.
    const reason = (err as { reason?: unknown }).reason;
    const why = typeof reason === 'string' && reason !== '' ? reason : known === 'connect' ? 'the server closed the connection' : messageOf(err);
    return { errorClass: 'tls', message: `TLS handshake with ${ctx.target} failed: ${why} (${code})` };
  }
  const talking = ctx.step === 'firstByte' || ctx.step === 'exchange';
  return classifyError(err, {
    timedOut: false,
    timeoutMs: ctx.timeoutMs,
    phase: talking ? 'response' : 'connect',
    target: ctx.step === 'dns' ? ctx.host : ctx.target,
  });
}

/**
 * One socket check in progress: its deadline, its sockets, its timed phases. Made by
 * `runNetCheck`; probes use `resolve`, `connect` and `step`, and `track` any socket they
 * create themselves.
 */
export class NetSession {
  /** Rejects when the deadline fires; every step races it. */
  readonly expired: Promise<never>;
  readonly #timeoutMs: number;
  readonly #start = performance.now();
  readonly #sockets = new Set<net.Socket>();
  readonly #phases: Record<TimedStep, number | null> = { dns: null, connect: null, tls: null, firstByte: null };
  #timer: NodeJS.Timeout | undefined;
  #timedOut = false;
  #step: NetStep = 'connect';
  #host = '';
  #port: number | null = null;
  #certExpiresAt: number | undefined;

  constructor(timeoutMs: number) {
    this.#timeoutMs = timeoutMs;
    this.expired = new Promise<never>((_, reject) => {
      this.#timer = setTimeout(() => {
        this.#timedOut = true;
        this.#destroySockets();
        reject(new Error(`check deadline of ${timeoutMs} ms passed`));
      }, timeoutMs);
    });
    this.expired.catch(() => {});
  }

  /** `host:port` of the peer as configured, for messages. */
  get target(): string {
    const host = net.isIPv6(this.#host) ? `[${this.#host}]` : this.#host;
    return this.#port === null ? host : `${host}:${this.#port}`;
  }

  /** Time left before the deadline, in ms (0 once it has passed). */
  remainingMs(): number {
    return Math.max(0, this.#timeoutMs - (performance.now() - this.#start));
  }

  /**
   * Runs one step against the deadline. A timed step that completes adds its duration to
   * the phase of the same name; a failed step leaves its phase null (the failure is in `total`).
   */
  async step<T>(step: NetStep, work: () => Promise<T>): Promise<T> {
    this.#step = step;
    const t = performance.now();
    const value = await Promise.race([work(), this.expired]);
    if (step !== 'exchange') this.#phases[step] = (this.#phases[step] ?? 0) + Math.round(performance.now() - t);
    return value;
  }

  /**
   * Resolves a host name with the system resolver (`dns.lookup`, like every client on the
   * machine) and returns the first address; an IP literal is returned as is, without a dns
   * phase. A lookup cannot be cancelled: past the deadline it finishes unheard.
   */
  async resolve(host: string): Promise<string> {
    this.#host = host;
    if (net.isIP(host) !== 0) return host;
    const found = await this.step('dns', () => dns.promises.lookup(host));
    return found.address;
  }

  /** Opens a TCP connection to an address (as `resolve` gave it) and port. */
  connect(address: string, port: number): Promise<net.Socket> {
    this.#port = port;
    if (this.#host === '') this.#host = address;
    return this.step(
      'connect',
      () =>
        new Promise<net.Socket>((resolve, reject) => {
          const socket = this.track(net.connect({ host: address, port }));
          socket.once('error', reject);
          socket.once('connect', () => {
            socket.off('error', reject);
            resolve(socket);
          });
        }),
    );
  }

  /**
   * Registers a socket to destroy when the check ends or times out, and gives it an error
   * listener for its whole life, so that a late error can never crash the process.
   */
  track<S extends net.Socket>(socket: S): S {
    this.#sockets.add(socket);
    socket.on('error', () => {});
    socket.once('close', () => this.#sockets.delete(socket));
    if (this.#timedOut) socket.destroy();
    return socket;
  }

  /** Remembers when the peer's certificate expires, so that even a failed check reports it. */
  noteCertificate(expiresAt: number): void {
    this.#certExpiresAt = expiresAt;
  }

  /** Classifies an error thrown by a step, in the light of where the check was. */
  classify(err: unknown): NetFailure {
    return classifyNetError(err, {
      step: this.#step,
      host: this.#host,
      target: this.target,
      timedOut: this.#timedOut,
      timeoutMs: this.#timeoutMs,
    });
  }

  /** Ends the check: stops the deadline and destroys every socket still open. */
  close(): void {
    clearTimeout(this.#timer);
    this.#destroySockets();
  }

  /** The `CheckResult` for a verdict; `durationMs` and `phases.total` are the time so far. */
  result(startedAt: number, verdict: NetVerdict): CheckResult {
    const durationMs = Math.round(performance.now() - this.#start);
    const phases: CheckPhases = { ...this.#phases, total: durationMs };
    const base = {
      startedAt,
      durationMs,
      httpStatus: null,
      phases,
      ...(this.#certExpiresAt === undefined ? {} : { certExpiresAt: this.#certExpiresAt }),
    };
    const { failure, degraded } = verdict;
    if (failure !== null) {
      return { ...base, outcome: 'down', errorClass: failure.errorClass, message: sanitizeMessage(failure.message, []) };
    }
    if (degraded !== undefined && degraded !== null) {
      return { ...base, outcome: 'degraded', errorClass: null, message: sanitizeMessage(degraded, []) };
    }
    return { ...base, outcome: 'up', errorClass: null, message: null };
  }

  /**
   * Newest first, so that a TLS socket goes before the socket it wraps: on Node 20,
   * destroying the raw socket of a completed `tls.connect({ socket })` before the TLS socket
   * crashes the process (SIGSEGV; see nodejs/node#49327 for the family of bugs).
   */
  #destroySockets(): void {
    for (const socket of [...this.#sockets].reverse()) socket.destroy();
  }
}

/**
 * Runs one socket check under one hard deadline and always returns a `CheckResult`: what
 * `check` returns is the verdict, anything it throws is classified (see `classifyNetError`),
 * and every socket it opened is destroyed before this resolves.
 *
 * @example
 * const result = await runNetCheck(2000, async (session) => {
 *   await session.connect(await session.resolve('chat.example'), 443);
 *   return { failure: null };
 * });
 * // → { outcome: 'up', phases: { dns: 3, connect: 21, tls: null, firstByte: null, total: 24 }, … }
 */
export async function runNetCheck(timeoutMs: number, check: (session: NetSession) => Promise<NetVerdict>): Promise<CheckResult> {
  const startedAt = Date.now();
  const session = new NetSession(timeoutMs);
  let verdict: NetVerdict;
  try {
    // The race keeps the deadline hard even for work a probe forgot to run as a step.
    verdict = await Promise.race([check(session), session.expired]);
  } catch (err) {
    verdict = { failure: session.classify(err) };
  } finally {
    session.close();
  }
  return session.result(startedAt, verdict);
}

function codeOf(err: unknown): string | null {
  if (typeof err !== 'object' || err === null) return null;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && code !== '' ? code : null;
}

function messageOf(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/\s+/g, ' ').trim().slice(0, 200) || 'unknown error';
}
