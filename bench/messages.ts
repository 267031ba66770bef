/**
 * What the bench parent and the monitor child say to each other over the IPC channel.
 * The child measures itself (CPU, RSS, event-loop delay) so its figures exclude the targets
 * and the load generator, which run in the parent.
 */
import type { SchedulerStats } from '../src/scheduler/scheduler.ts';
import type { BenchCatalogOptions } from './catalog.ts';

/** Passed to the child as its one argument (JSON). */
export interface MonitorChildConfig {
  databasePath: string;
  catalog: BenchCatalogOptions;
  rateLimitPerMinute: number;
  scheduler: { maxConcurrent?: number; maxPerHost?: number };
  writer: { flushMs?: number; maxRows?: number };
}

/** Counters since the monitor started (the `ready` message). */
export interface ChildSample {
  elapsedMs: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  rssBytes: number;
  heapUsedBytes: number;
  /**
   * True when the child forced full collections (until one freed next to nothing) just before
   * measuring, so `heapUsedBytes` is the live heap; otherwise it also holds garbage not yet collected.
   */
  afterForcedGc: boolean;
  scheduler: SchedulerStats;
}

export interface ChildFinal {
  /** Taken as the stop request arrived: the end of the measured window. */
  atStop: ChildSample;
  /** Taken after the running checks finished and the last batch was written. */
  afterStop: ChildSample;
  stopMs: number;
  checksStored: number;
  disk: {
    /** Database file after `wal_checkpoint(TRUNCATE)`. */
    dbBytes: number;
    walBytes: number;
    /** Pages of the `checks` table and of `check_messages` (as the index part) alone (SQLite `dbstat`), or null if unavailable. */
    checksTableBytes: number | null;
    checksIndexBytes: number | null;
  };
  /** Highest RSS sampled during the window (every 250 ms) and the OS's lifetime peak. */
  peakRssBytes: number;
  maxRssBytes: number;
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  logs: { warn: number; error: number; firstErrors: string[] };
}

export type ParentMessage =
  | { id: number; type: 'sample'; forceGc?: boolean }
  | { id: number; type: 'heap-snapshot'; path: string }
  | { id: number; type: 'stop' };

export type ChildMessage =
  | { type: 'ready'; url: string; probes: number; startupMs: number }
  | { type: 'sample'; id: number; sample: ChildSample }
  | { type: 'heap-snapshot'; id: number; path: string }
  | { type: 'final'; id: number; final: ChildFinal }
  | { type: 'error'; id?: number; message: string };
