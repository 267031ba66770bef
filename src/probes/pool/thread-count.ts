/**
 * How many probe threads to start. One event loop runs about 3,000 fresh-connection checks a
 * second at full load, and the monitor's own work (folding, writing, the API) shares it; a
 * thread costs about 10 MB and a message per batch, which small catalogs do not repay.
 */

/** Below this many probes, probing stays on the main thread. */
export const THREADED_FROM_PROBES = 1000;
/** More threads than this gain nothing: the main thread's folding and writing is then the limit. */
export const MAX_PROBE_THREADS = 4;

/**
 * `requested` is a number of threads (0 = probe on the main thread) or `auto`: one thread per
 * core but one (the main thread keeps a core for folding, writing and the API), at most
 * `MAX_PROBE_THREADS`, and none for a catalog under `THREADED_FROM_PROBES` probes or a
 * single-core machine.
 */
export function probeThreadCount(requested: number | 'auto', probes: number, cores: number): number {
  if (requested !== 'auto') return Math.max(0, Math.min(MAX_PROBE_THREADS, Math.floor(requested)));
  if (probes < THREADED_FROM_PROBES) return 0;
  return Math.max(0, Math.min(MAX_PROBE_THREADS, cores - 1));
}

/**
 * `SUPPORTWATCH_PROBE_THREADS`: unset or `auto`, or a whole number from 0 to 4. Anything else
 * is an error that names the variable, so a typo does not silently change how probing runs.
 */
export function probeThreadsFromEnv(text: string | undefined): number | 'auto' {
  if (text === undefined || text === '' || text === 'auto') return 'auto';
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > MAX_PROBE_THREADS) {
    throw new Error(`SUPPORTWATCH_PROBE_THREADS must be "auto" or a whole number from 0 to ${MAX_PROBE_THREADS}, got "${text}"`);
  }
  return value;
}
