/**
 * When a probe runs on Workers. A cron trigger fires once a minute, so every probe runs on
 * whole minutes: an interval under a minute runs every minute, one of N minutes runs in one
 * minute of every N, at a minute chosen by a hash of its key (`hash(key) mod N`), so a
 * thousand 5-minute probes spread over the five minutes instead of firing together.
 *
 * When the catalog needs more checks a minute than one invocation may make (`budget`, from the
 * platform's subrequest limit), every period is stretched by the same factor: probes keep
 * their shard, run less often, and the log says so.
 */

const MINUTE_MS = 60_000;

/** What the schedule needs of a probe. */
export interface Schedulable {
  key: string;
  intervalMs: number;
}

/** The plan for one minute. */
export interface MinutePlan<T> {
  due: T[];
  /** How much every period was stretched to fit the budget (1 = not at all). */
  stretch: number;
  /** Probes due but left for a later minute because the minute's budget was spent. */
  deferred: number;
}

/** A probe's period in whole minutes, at least 1. */
export function periodMinutes(intervalMs: number): number {
  return Math.max(1, Math.round(intervalMs / MINUTE_MS));
}

/** FNV-1a, 32 bits: stable across runtimes and deployments, so a probe keeps its minute. */
export function shardHash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * The probes due in the minute that contains `at`, at most `budget` of them. Pure.
 *
 * @example
 * planMinute([{ key: 'a#0', intervalMs: 300_000 }], Date.parse('2026-11-23T10:03:00Z'), 40)
 * // → { due: [] or [a#0] (one minute in five), stretch: 1, deferred: 0 }
 */
export function planMinute<T extends Schedulable>(probes: readonly T[], at: number, budget: number): MinutePlan<T> {
  const minute = Math.floor(at / MINUTE_MS);
  const perMinute = probes.reduce((sum, p) => sum + 1 / periodMinutes(p.intervalMs), 0);
  const stretch = Math.max(1, Math.ceil(perMinute / Math.max(1, budget)));
  const due: T[] = [];
  let deferred = 0;
  for (const probe of probes) {
    const period = periodMinutes(probe.intervalMs) * stretch;
    if (minute % period !== shardHash(probe.key) % period) continue;
    if (due.length < budget) due.push(probe);
    else deferred++;
  }
  return { due, stretch, deferred };
}
