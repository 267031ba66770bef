/**
 * FNV-1a, 32-bit: a small, stable hash. The same id always lands on the same offset, across
 * restarts and machines, so probes keep their phase and never all fire in the same second.
 */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The first due time of a probe: `now` plus a stable offset within one interval. */
export function firstDue(key: string, intervalMs: number, now: number): number {
  return now + (stableHash(key) % intervalMs);
}
