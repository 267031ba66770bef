/**
 * Probing on worker threads. The monitor keeps one event loop for scheduling, folding, writing
 * and the API; the checks themselves (sockets, TLS, parsing, judging) run on other cores.
 * `run` has the signature of `runProbe`, so the monitor does not know where a check ran.
 */
import { Worker } from 'node:worker_threads';
import type { CheckResult, ProbeSpec } from '../../domain/catalog.ts';
import type { Logger } from '../../log.ts';
import type { ResultBatch, RunBatch } from './messages.ts';

export interface ProbePoolOptions {
  /** Threads to start, at least 1. */
  threads: number;
  log: Logger;
  /** The threads' entry module; tests give one that dies, to see the pool cope. */
  entry?: URL;
}

interface Pending {
  resolve: (result: CheckResult) => void;
  reject: (error: Error) => void;
}

/** The worker's entry: registers tsx, then loads `probe-thread.ts`. */
const LOADER = new URL('./probe-thread-loader.mjs', import.meta.url);

/** A thread that dies this soon after it started is not restarted: probing falls back to `fallback`. */
const CRASH_LOOP_MS = 2_000;

/**
 * A fixed set of probe threads, taking runs in turn; runs and results cross in one message per
 * turn of each event loop. A thread that dies fails its running checks (logged, nothing
 * stored: a fault of ours is not the upstream's) and is replaced.
 *
 * @example
 * const pool = ProbePool.start({ threads: 1, log });
 * const monitor = new Monitor({ …, runProbe: pool.run });
 * await monitor.stop(); await pool.close();
 */
export class ProbePool {
  private readonly threads: ProbeThread[];
  private readonly log: Logger;
  private nextRunId = 1;

  private constructor(
    { threads, log, entry = LOADER }: ProbePoolOptions,
    private readonly fallback: (spec: ProbeSpec) => Promise<CheckResult>,
  ) {
    this.log = log;
    this.threads = Array.from({ length: threads }, (_, index) => new ProbeThread(index, entry, log));
  }

  /**
   * Starts `threads` probe threads. `fallback` runs checks on this thread if the probe
   * threads keep dying at start (a broken install), so the monitor degrades, not stops.
   */
  static start(options: ProbePoolOptions, fallback: (spec: ProbeSpec) => Promise<CheckResult>): ProbePool {
    if (options.threads < 1) throw new Error('ProbePool needs at least one thread');
    return new ProbePool(options, fallback);
  }

  get size(): number {
    return this.threads.length;
  }

  /** Runs one check on a probe thread; resolves with its result like `runProbe`. */
  readonly run = (spec: ProbeSpec): Promise<CheckResult> => {
    const runId = this.nextRunId++;
    const thread = this.threads[runId % this.threads.length]!;
    if (thread.broken) return this.fallback(spec);
    return thread.run(runId, spec);
  };

  /** Stops every thread. Call after the monitor stopped (no check is running). */
  async close(): Promise<void> {
    await Promise.all(this.threads.map((thread) => thread.close()));
    this.log.debug('probe threads stopped', { threads: this.threads.length });
  }
}

/** One worker thread, its outgoing batch and its checks in flight. */
class ProbeThread {
  broken = false;
  private worker!: Worker;
  private startedAt = 0;
  private closing = false;
  private readonly pending = new Map<number, Pending>();
  private outbox: RunBatch = emptyBatch();
  private flushQueued = false;

  constructor(
    private readonly index: number,
    private readonly entry: URL,
    private readonly log: Logger,
  ) {
    this.spawn();
  }

  run(runId: number, spec: ProbeSpec): Promise<CheckResult> {
    this.outbox.runs.push([runId, spec]);
    this.flushSoon();
    return new Promise((resolve, reject) => this.pending.set(runId, { resolve, reject }));
  }

  async close(): Promise<void> {
    this.closing = true;
    this.failPending(new Error('probe threads stopped'));
    await this.worker.terminate();
  }

  private flushSoon(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    // Every run the scheduler starts in this turn goes in one message.
    queueMicrotask(() => {
      this.flushQueued = false;
      const batch = this.outbox;
      this.outbox = emptyBatch();
      this.worker.postMessage(batch);
    });
  }

  private spawn(): void {
    this.startedAt = Date.now();
    const worker = new Worker(this.entry, { execArgv: [], name: `supportwatch-probes-${this.index}` });
    // A probe thread alone must never keep the process alive.
    worker.unref();
    worker.on('message', (batch: ResultBatch) => this.settle(batch));
    worker.on('error', (err) => this.log.error('probe thread failed', { thread: this.index, err }));
    worker.on('exit', (code) => this.exited(worker, code));
    this.worker = worker;
  }

  private settle({ results, failures }: ResultBatch): void {
    for (const [runId, result] of results) {
      const pending = this.pending.get(runId);
      this.pending.delete(runId);
      pending?.resolve(result);
    }
    for (const [runId, message] of failures) {
      const pending = this.pending.get(runId);
      this.pending.delete(runId);
      pending?.reject(new Error(message));
    }
  }

  private exited(worker: Worker, code: number): void {
    if (worker !== this.worker || this.closing) return;
    this.failPending(new Error(`probe thread ${this.index} exited with code ${code}`));
    if (Date.now() - this.startedAt < CRASH_LOOP_MS) {
      this.broken = true;
      this.log.error('probe thread keeps failing at start; probing on the main thread instead', { thread: this.index, code });
      return;
    }
    this.log.error('probe thread exited; starting a new one', { thread: this.index, code });
    this.spawn();
  }

  private failPending(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}

function emptyBatch(): RunBatch {
  return { runs: [] };
}
