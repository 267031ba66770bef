import { promises as dns } from 'node:dns';
import net from 'node:net';
import type { ProbeFailure } from './probe-errors.ts';

/** A DNS server to ask instead of the system's, as in `DnsProbeSpec.resolver`. */
export interface ResolverAddress {
  host: string;
  port: number;
}

/** Why a lookup failed: an error class and a short sentence (the shape every probe uses). */
export type DnsFailure = ProbeFailure;

/**
 * A resolver for one check. A new one per check, because its timeout is the check's own and
 * because c-ares caches answers per resolver: a monitor must ask afresh every time.
 * `tries: 1` leaves retries to the schedule, so that one check never outlasts its deadline.
 *
 * @throws when `server.host` is not an IP address (c-ares takes only addresses); callers turn
 * that into a failed check.
 *
 * @example
 * const resolver = createResolver({ host: '127.0.0.1', port: 5353 }, 2000);
 * await resolver.resolveMx('example.com');
 */
export function createResolver(server: ResolverAddress | null, timeoutMs: number): dns.Resolver {
  const resolver = new dns.Resolver({ timeout: Math.max(1, Math.round(timeoutMs)), tries: 1 });
  if (server !== null) resolver.setServers([formatResolver(server)]);
  return resolver;
}

/** `127.0.0.1:5353`, `[::1]:5353`: the form `setServers` accepts. */
export function formatResolver(server: ResolverAddress): string {
  return net.isIPv6(server.host) ? `[${server.host}]:${server.port}` : `${server.host}:${server.port}`;
}

/** What was asked, for messages. */
export interface DnsQuestion {
  name: string;
  /** `A`, `AAAA`, `MX`, `TXT`, `CNAME`. */
  record: string;
  /** The resolver asked, or null for the system's. */
  server: ResolverAddress | null;
  timeoutMs: number;
}

/**
 * Classifies what a c-ares query rejected with. Answers the server gave are named by their
 * RCODE (`NXDOMAIN`, `NODATA`, `SERVFAIL`, `REFUSED`), because that is what an operator
 * searches for; no answer at all is a `timeout`; everything else is `dns`.
 *
 * @example
 * dnsFailure(Object.assign(new Error('queryMx ENOTFOUND'), { code: 'ENOTFOUND' }),
 *   { name: 'example.com', record: 'MX', server: null, timeoutMs: 2000 })
 * // → { errorClass: 'dns', message: 'NXDOMAIN: example.com does not exist' }
 */
export function dnsFailure(err: unknown, q: DnsQuestion): DnsFailure {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  const from = q.server === null ? '' : ` (resolver ${formatResolver(q.server)})`;
  switch (code) {
    case 'ENOTFOUND':
      return { errorClass: 'dns', message: `NXDOMAIN: ${q.name} does not exist${from}` };
    case 'ENODATA':
      return { errorClass: 'dns', message: `NODATA: ${q.name} has no ${q.record} records${from}` };
    case 'ESERVFAIL':
      return { errorClass: 'dns', message: `SERVFAIL: the resolver could not answer ${q.record} ${q.name}${from}` };
    case 'EREFUSED':
      return { errorClass: 'dns', message: `REFUSED: the resolver would not answer ${q.record} ${q.name}${from}` };
    case 'ETIMEOUT':
    case 'ECANCELLED':
      return timeoutFailure(q);
    case 'ECONNREFUSED':
      return { errorClass: 'dns', message: `the resolver refused the connection asking ${q.record} ${q.name}${from} (ECONNREFUSED)` };
    case 'ERR_INVALID_IP_ADDRESS':
      return { errorClass: 'dns', message: `the resolver must be an IP address, not ${q.server?.host ?? 'a name'}` };
    default: {
      const suffix = typeof code === 'string' ? ` (${code})` : '';
      return { errorClass: 'dns', message: `${q.record} lookup of ${q.name} failed${from}${suffix}` };
    }
  }
}

/** The failure of a lookup that got no answer before the deadline. */
export function timeoutFailure(q: DnsQuestion): DnsFailure {
  const from = q.server === null ? '' : ` from ${formatResolver(q.server)}`;
  return { errorClass: 'timeout', message: `no DNS answer for ${q.record} ${q.name}${from} within ${q.timeoutMs} ms` };
}
