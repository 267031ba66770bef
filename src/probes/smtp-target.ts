import type { promises as dns } from 'node:dns';
import net from 'node:net';
import type { SmtpProbeSpec } from '../domain/catalog.ts';
import { createResolver, dnsFailure, type ResolverAddress } from './dns-resolver.ts';
import { ProbeFailureError } from './probe-errors.ts';

/** Where an SMTP check connects, and the name it knows the server by. */
export interface SmtpTarget {
  /** What `net.connect` gets: a configured host (looked up by the system) or a resolved address. */
  connectTo: string;
  port: number;
  /** The server's name, for messages and certificate checks; an IP address when configured so. */
  name: string;
  /** True when this module resolved the address, so the lookup is already timed. */
  resolved: boolean;
}

/**
 * Decides where to connect. A configured `host` is handed to `net.connect` as it is (the
 * system lookup, `/etc/hosts` and Happy Eyeballs apply, as for any mail client). Otherwise the
 * best MX host of `domain` (lowest preference; the first one listed on a tie) is asked for,
 * falling back to the domain itself when it has no MX records (the implicit MX of RFC 5321
 * §5.1), and its address is resolved with the same resolver, so that `resolver` decides the
 * whole lookup. Only the best MX host is tried: the check reports on the primary server.
 *
 * @param setResolver receives the resolver before it is used, so that a deadline can cancel it.
 * @throws ProbeFailureError (`dns` or `timeout`) when the lookup fails.
 */
export async function resolveTarget(
  spec: Pick<SmtpProbeSpec, 'host' | 'domain' | 'port'>,
  resolverAddress: ResolverAddress | null,
  remainingMs: () => number,
  setResolver: (resolver: dns.Resolver) => void,
): Promise<SmtpTarget> {
  if (spec.host !== null) return { connectTo: spec.host, port: spec.port, name: spec.host, resolved: false };
  const domain = spec.domain;
  if (domain === null) throw new ProbeFailureError('other', 'the probe names neither a host nor a domain');
  const resolver = createResolverOrFail(resolverAddress, remainingMs());
  setResolver(resolver);
  const ask = { server: resolverAddress, timeoutMs: remainingMs() };

  let exchange: string;
  try {
    const records = await resolver.resolveMx(domain);
    const best = records.reduce<(typeof records)[number] | undefined>(
      (min, r) => (min === undefined || r.priority < min.priority ? r : min),
      undefined,
    );
    exchange = best === undefined ? domain : best.exchange.replace(/\.$/, '');
  } catch (err) {
    if (codeOf(err) !== 'ENODATA') throw asFailure(dnsFailure(err, { ...ask, name: domain, record: 'MX' }));
    exchange = domain;
  }
  if (exchange === '') throw new ProbeFailureError('dns', `${domain} has a null MX: it accepts no mail`);
  if (net.isIP(exchange) !== 0) return { connectTo: exchange, port: spec.port, name: exchange, resolved: true };

  const address = await resolveAddress(resolver, exchange, ask);
  return { connectTo: address, port: spec.port, name: exchange, resolved: true };
}

/** The first IPv4 address of `host`, or its first IPv6 address when it has none. */
async function resolveAddress(
  resolver: dns.Resolver,
  host: string,
  ask: { server: ResolverAddress | null; timeoutMs: number },
): Promise<string> {
  for (const record of ['A', 'AAAA'] as const) {
    try {
      const addresses = record === 'A' ? await resolver.resolve4(host) : await resolver.resolve6(host);
      if (addresses[0] !== undefined) return addresses[0];
    } catch (err) {
      if (codeOf(err) !== 'ENODATA') throw asFailure(dnsFailure(err, { ...ask, name: host, record }));
    }
  }
  throw asFailure(dnsFailure({ code: 'ENODATA' }, { ...ask, name: host, record: 'A or AAAA' }));
}

function createResolverOrFail(address: ResolverAddress | null, timeoutMs: number): dns.Resolver {
  try {
    return createResolver(address, timeoutMs);
  } catch (err) {
    throw asFailure(dnsFailure(err, { name: '', record: 'MX', server: address, timeoutMs }));
  }
}

function asFailure(f: { errorClass: ProbeFailureError['errorClass']; message: string }): ProbeFailureError {
  return new ProbeFailureError(f.errorClass, f.message);
}

function codeOf(err: unknown): unknown {
  return typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
}
