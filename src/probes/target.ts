import type { ProbeSpec } from '../domain/catalog.ts';

/** What a probe checks, in one line for people; never includes headers or bodies. */
export function probeTarget(spec: ProbeSpec): string {
  switch (spec.type) {
    case 'http':
      return spec.url;
    case 'tcp':
      return `${spec.tls ? 'tls' : 'tcp'}://${hostPort(spec.host, spec.port)}`;
    case 'dns':
      return `dns:${spec.name} ${spec.record}${spec.resolver ? ` @${hostPort(spec.resolver.host, spec.resolver.port)}` : ''}`;
    case 'smtp':
      return `smtp://${spec.host ? hostPort(spec.host, spec.port) : `MX of ${spec.domain}:${spec.port}`}`;
    case 'tls':
      return `tls://${hostPort(spec.host, spec.port)}`;
    case 'feed':
      return spec.url;
  }
}

/**
 * The host a probe talks to, so the scheduler's per-host cap spreads load: a DNS probe's
 * host is its resolver, an SMTP probe by domain counts against the domain.
 */
export function probeHost(spec: ProbeSpec): string {
  switch (spec.type) {
    case 'http':
    case 'feed':
      try {
        return new URL(spec.url).host;
      } catch {
        return spec.url;
      }
    case 'dns':
      return spec.resolver ? spec.resolver.host : 'system-resolver';
    case 'smtp':
      return spec.host ?? spec.domain ?? '';
    case 'tcp':
    case 'tls':
      return spec.host;
  }
}

function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
