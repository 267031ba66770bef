/**
 * Which probe kinds a Worker runs, and how. `http` goes through `fetch`, `tcp` and `tls`
 * through `connect()`, `dns` through DNS-over-HTTPS. `smtp` (port 25 and STARTTLS are not
 * offered to Workers) and `feed` (announcement sources: their reader is built on undici) are
 * not run: such a probe writes no check, stays `unknown`, and `/api/v1/health` names it.
 */
import type { CheckResult, ProbeSpec } from '../domain/catalog.ts';
import { runDohProbe } from './doh-probe.ts';
import { runFetchProbe } from './http-probe.ts';
import { runSocketProbe } from './socket-probe.ts';

/** Why a probe kind cannot run on Workers, by kind; the kinds not listed run. */
export const UNSUPPORTED_ON_WORKERS: Partial<Record<ProbeSpec['type'], string>> = {
  smtp: 'Workers cannot open SMTP sessions (port 25 is blocked and STARTTLS is not offered)',
  feed: 'announcement sources are read by the Node build only',
};

/** What the Worker's probes are told by the deployment. */
export interface WorkerProbeOptions {
  /** The DNS-over-HTTPS resolver for `dns` probes. */
  dohResolver?: string;
}

/**
 * Runs one check of a kind the Worker supports; null for a kind it does not (see
 * `UNSUPPORTED_ON_WORKERS`). Never throws for an upstream fault.
 */
export function runWorkerProbe(spec: ProbeSpec, options: WorkerProbeOptions = {}): Promise<CheckResult> | null {
  switch (spec.type) {
    case 'http':
      return runFetchProbe(spec);
    case 'tcp':
    case 'tls':
      return runSocketProbe(spec);
    case 'dns':
      return runDohProbe(spec, options.dohResolver);
    case 'smtp':
    case 'feed':
      return null;
  }
}
