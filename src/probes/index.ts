import type { CheckResult, ProbeSpec } from '../domain/catalog.ts';
import { runHttpProbe } from './http.ts';

/**
 * Runs one check of any probe kind. Each kind lives in its own file; this is the one
 * interface the scheduler knows. Like every probe, it never throws for an upstream fault.
 */
export function runProbe(spec: ProbeSpec): Promise<CheckResult> {
  switch (spec.type) {
    case 'http':
      return runHttpProbe(spec);
  }
}
