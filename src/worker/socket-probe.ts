/**
 * `tcp` and `tls` probes on Workers, over `connect()` from `cloudflare:sockets`. The runtime
 * resolves the name and (with TLS) verifies the certificate itself: a handshake that fails is
 * a `tls` failure, but the certificate is never shown to the Worker, so days left (the tls
 * probe's `warn_days`) cannot be judged and `insecure` cannot relax the check.
 */
import { connect } from 'cloudflare:sockets';
import type { CheckResult, TcpProbeSpec, TlsProbeSpec } from '../domain/catalog.ts';
import { sanitizeMessage, type ProbeFailure } from '../probes/probe-errors.ts';

/**
 * Connects (with TLS for a `tls` probe or a `tcp` probe with `tls`), then closes.
 *
 * @example
 * await runSocketProbe({ ...common, type: 'tcp', host: '127.0.0.1', port: 8080, tls: false, insecure: false });
 * // → { outcome: 'up', phases: { connect: 3, total: 3, … }, … }
 */
export async function runSocketProbe(spec: TcpProbeSpec | TlsProbeSpec, now: () => number = Date.now): Promise<CheckResult> {
  const startedAt = now();
  const secure = spec.type === 'tls' || spec.tls;
  const target = spec.host.includes(':') ? `[${spec.host}]:${spec.port}` : `${spec.host}:${spec.port}`;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failure: ProbeFailure | null = null;
  let socket: ReturnType<typeof connect> | undefined;
  try {
    socket = connect({ hostname: spec.host, port: spec.port }, { secureTransport: secure ? 'on' : 'off', allowHalfOpen: false });
    // A refused connection rejects `closed` too; `opened` already says so.
    socket.closed.catch(() => {});
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Deadline()), spec.timeoutMs);
    });
    await Promise.race([socket.opened, expired]);
  } catch (err) {
    failure = socketFailure(err, spec.timeoutMs, target, secure);
  } finally {
    clearTimeout(timer);
    await socket?.close().catch(() => {});
  }
  const durationMs = Math.max(0, now() - startedAt);
  const phases = { dns: null, connect: durationMs, tls: null, firstByte: null, total: durationMs };
  if (failure === null) return { startedAt, durationMs, outcome: 'up', httpStatus: null, errorClass: null, message: null, phases };
  return { startedAt, durationMs, outcome: 'down', httpStatus: null, errorClass: failure.errorClass, message: sanitizeMessage(failure.message, []), phases };
}

function socketFailure(err: unknown, timeoutMs: number, target: string, secure: boolean): ProbeFailure {
  if (err instanceof Deadline) return { errorClass: 'timeout', message: `no connection to ${target} within ${timeoutMs} ms` };
  const text = (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').trim().slice(0, 200);
  if (secure && /certificate|ssl|tls|handshake/i.test(text)) return { errorClass: 'tls', message: `TLS handshake with ${target} failed: ${text}` };
  if (/dns|resolve|not known/i.test(text)) return { errorClass: 'dns', message: `could not resolve ${target.replace(/:\d+$/, '')}: ${text}` };
  return { errorClass: 'connect', message: `could not connect to ${target}: ${text || 'connection failed'}` };
}

class Deadline extends Error {}
