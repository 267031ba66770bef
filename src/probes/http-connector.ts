import dns from 'node:dns';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { TLSSocket } from 'node:tls';
import { buildConnector } from 'undici';
import type { CheckPhases } from '../domain/catalog.ts';

/**
 * What one hop (one request on its own connection) went through, filled in by
 * `timedConnector` and the probe: when each step ended, as `performance.now()` values (null =
 * not reached), and the server certificate's expiry. The steps follow each other without a
 * gap (lookup, TCP, TLS, request until the headers), so the phases derived from them never add
 * up to more than the check's total. The probe keeps one per check and clears it per hop.
 */
export interface HopRecord {
  /** The connection is https, so it has a TLS step. */
  secure: boolean;
  /** The connector was called: the lookup (or, for an IP-literal URL, the TCP connect) starts. */
  connectCalled: number | null;
  /** The lookup ended and the TCP connect starts; null for an IP-literal URL. */
  resolved: number | null;
  tcpUp: number | null;
  /** The connection was handed to undici, which writes the request at once (after TLS on https). */
  ready: number | null;
  /** The response headers arrived. */
  headers: number | null;
  /** When the server's certificate expires (epoch ms); null on plain HTTP. */
  certValidTo: number | null;
}

/** Forgets the previous hop, in place: the result describes the last hop only. */
export function clearHop(hop: HopRecord): void {
  hop.secure = false;
  hop.connectCalled = null;
  hop.resolved = null;
  hop.tcpUp = null;
  hop.ready = null;
  hop.headers = null;
  hop.certValidTo = null;
}

/**
 * A hop's phases in whole ms. Each mark is rounded against the check's start before it is
 * subtracted, so that the rounded phases telescope: `dns + connect + tls + firstByte` is at
 * most `total`, which is measured last. A step not reached gives null; so does a step the hop
 * does not have (`dns` for an IP-literal URL, `tls` on plain HTTP).
 *
 * @example
 * hopPhases(hop, t0, 48) // → { dns: 2, connect: 1, tls: 9, firstByte: 31, total: 48 }
 */
export function hopPhases(hop: HopRecord, t0: number, total: number): CheckPhases {
  return {
    dns: hop.resolved === null ? null : span(t0, hop.connectCalled, hop.resolved),
    connect: span(t0, hop.resolved ?? hop.connectCalled, hop.tcpUp),
    tls: hop.secure ? span(t0, hop.tcpUp, hop.ready) : null,
    firstByte: span(t0, hop.ready, hop.headers),
    total,
  };
}

function span(t0: number, from: number | null, to: number | null): number | null {
  return from === null || to === null ? null : Math.round(to - t0) - Math.round(from - t0);
}

/** Like Node's own `net.connect` lookup: every address, no IPv6 on a machine without IPv6. */
const LOOKUP_OPTIONS: dns.LookupAllOptions = { all: true, hints: dns.ADDRCONFIG };

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/**
 * A `lookup` for `net.connect` that answers with addresses already looked up: the connect
 * then needs no second query, and Node still tries each address in turn (happy eyeballs), as
 * a browser would, so one dead address is not an outage.
 */
export function answeredLookup(addresses: readonly dns.LookupAddress[]) {
  return (_hostname: string, options: { all?: boolean }, callback: LookupCallback): void => {
    const first = addresses[0];
    if (options.all) callback(null, [...addresses]);
    else if (first) callback(null, first.address, first.family);
    else callback(Object.assign(new Error('no address'), { code: 'ENOTFOUND' }), '');
  };
}

/**
 * undici's own connector (`options` as for `buildConnector`), timing the hop into `hop` on the
 * way and noting the server certificate's expiry.
 *
 * It looks the host name up itself (`dns.lookup`, every address), so that the lookup is a
 * phase of its own, and hands the answer to the connect (`answeredLookup`), which tries the
 * addresses in turn. The name is kept for everything else: undici derives SNI (and so the
 * name the certificate is checked against) from `host`, and the client's origin gives the
 * `Host` header. An IP-literal URL is connected to at once. A lookup cannot be cancelled: when it ends after
 * `signal` aborted, no connection is opened.
 *
 * The certificate is read, never judged, here; undici still rejects an untrusted one unless
 * `rejectUnauthorized` is false.
 *
 * @example
 * const client = new Client(url.origin, { connect: timedConnector({ rejectUnauthorized: true, timeout: 5000 }, hop, signal) });
 */
export function timedConnector(options: buildConnector.BuildOptions, hop: HopRecord, signal: AbortSignal): buildConnector.connector {
  const onTcpUp = (): void => {
    hop.tcpUp = performance.now();
  };
  const open = (connect: buildConnector.connector, target: buildConnector.Options, callback: buildConnector.Callback): void => {
    // undici's connector returns its socket, though typed `void`: on https, the TLS socket's
    // `connect` event is the end of TCP and the start of the handshake.
    const pending: unknown = connect(target, (...args) => {
      // On failure undici passes the error alone: the socket is undefined, not the typed null.
      const socket: unknown = args[1];
      if (socket instanceof net.Socket) {
        hop.ready = performance.now();
        if (socket instanceof TLSSocket) {
          const validTo = Date.parse(socket.getPeerCertificate().valid_to ?? '');
          hop.certValidTo = Number.isFinite(validTo) ? validTo : null;
        } else {
          hop.tcpUp = hop.ready;
        }
      }
      callback(...args);
    });
    if (pending instanceof TLSSocket) pending.once('connect', onTcpUp);
  };
  return (opts, callback) => {
    hop.secure = opts.protocol === 'https:';
    hop.connectCalled = performance.now();
    if (net.isIP(opts.hostname) !== 0) {
      open(buildConnector(options), opts, callback);
      return;
    }
    dns.lookup(opts.hostname, LOOKUP_OPTIONS, (err, addresses) => {
      if (err !== null) {
        callback(err, null);
        return;
      }
      if (signal.aborted) {
        callback(signal.reason instanceof Error ? signal.reason : new Error('aborted'), null);
        return;
      }
      hop.resolved = performance.now();
      // undici passes options it does not know on to net/tls.connect.
      const connect = buildConnector({ ...options, lookup: answeredLookup(addresses) } as buildConnector.BuildOptions);
      open(connect, opts, callback);
    });
  };
}
