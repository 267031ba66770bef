import type { CheckResult, ProbeSpec } from '../domain/catalog.ts';
import { runFeedProbe } from '../notices/feed-probe.ts';
import { runDnsProbe } from './dns.ts';
import { runHttpProbe } from './http.ts';
import { runSmtpProbe } from './smtp.ts';
import { runTcpProbe } from './tcp.ts';
import { runTlsProbe } from './tls.ts';

/**
 * Runs one check of any probe kind. Each kind lives in its own file; this is the one
 * interface the scheduler knows. Like every probe, it never throws for an upstream fault.
 */
export function runProbe(spec: ProbeSpec): Promise<CheckResult> {
  switch (spec.type) {
    case 'http':
      return runHttpProbe(spec);
    case 'tcp':
      return runTcpProbe(spec);
    case 'dns':
      return runDnsProbe(spec);
    case 'smtp':
      return runSmtpProbe(spec);
    case 'tls':
      return runTlsProbe(spec);
    case 'feed':
      return runFeedProbe(spec);
    default:
      // Unreachable for a validated catalog; a bug must not pass as a check.
      throw new Error(`no probe runs type "${(spec as { type: unknown }).type}"`);
  }
}
