import { bucketOf, emptyHistogram } from '../domain/history/latency-histogram.ts';
import { Fifo } from './fifo.ts';
import { MinHeap } from './min-heap.ts';
import { firstDue } from './spread.ts';

/**
 * Default caps. Hanging targets hold their slot until the timeout, so the global cap must
 * leave room for them (at 2,000 checks/s with 10 % hanging for 5 s, 1,000 slots hang), and a
 * host serving hundreds of channels needs more than a handful. Each slot is one socket.
 */
export const DEFAULT_MAX_CONCURRENT = 4096;
export const DEFAULT_MAX_PER_HOST = 64;

/** Something to run every `intervalMs`, e.g. a probe. */
export interface Job {
  /** Unique; adding a job with a known key replaces the old one. */
  key: string;
  intervalMs: number;
  /** Jobs against the same host share the per-host cap. */
  host: string;
}

export interface SchedulerOptions<J extends Job> {
  /** Runs one job. Should not throw; if it does, `onError` hears of it and the schedule goes on. */
  run: (job: J) => Promise<void>;
  onError?: (job: J, error: unknown) => void;
  now?: () => number;
  /** Jobs running at once, across all hosts. */
  maxConcurrent?: number;
  /** Jobs running at once against one host, so we never hammer a provider. */
  maxPerHost?: number;
}

/** Counters for the operator and the benchmark. */
export interface SchedulerStats {
  started: number;
  /** Runs skipped because the previous run of the same job was still going or waiting. */
  skipped: number;
  /** Runs that started more than 1 s after they were due. */
  lateOver1s: number;
  maxLatenessMs: number;
  /**
   * Start lateness of every run as a log-bucket histogram (see `latency-histogram.ts`), for
   * p50/p99 within 5 %: a fixed 123 numbers however many runs, and plain JSON for the bench.
   */
  lateness: number[];
}

interface Entry<J extends Job> {
  job: J;
  /** Bumped when the job is replaced or removed; heap items of older generations are ignored. */
  generation: number;
  state: 'idle' | 'waiting' | 'running';
  dueAt: number;
}

interface HeapItem<J extends Job> {
  due: number;
  entry: Entry<J>;
  generation: number;
}

/**
 * Runs jobs on fixed-rate intervals from one timer and a min-heap. First runs are spread over
 * the interval by a stable hash of the key; a job still running when due again is skipped, not
 * started twice; global and per-host caps queue the excess in FIFO order.
 */
export class Scheduler<J extends Job> {
  readonly stats: SchedulerStats = { started: 0, skipped: 0, lateOver1s: 0, maxLatenessMs: 0, lateness: emptyHistogram() as number[] };
  private readonly heap = new MinHeap<HeapItem<J>>((item) => item.due);
  private readonly entries = new Map<string, Entry<J>>();
  private readonly ready = new Fifo<Entry<J>>();
  private readonly blocked = new Map<string, Fifo<Entry<J>>>();
  private readonly perHost = new Map<string, number>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly now: () => number;
  private readonly maxConcurrent: number;
  private readonly maxPerHost: number;
  private timer: NodeJS.Timeout | undefined;
  private timerDue = Infinity;
  private running = false;

  constructor(private readonly options: SchedulerOptions<J>) {
    this.now = options.now ?? Date.now;
    this.maxConcurrent = options.maxConcurrent ?? DEFAULT_MAX_CONCURRENT;
    this.maxPerHost = options.maxPerHost ?? DEFAULT_MAX_PER_HOST;
  }

  /** Jobs known to the scheduler. */
  get size(): number {
    return this.entries.size;
  }

  /**
   * Adds or replaces a job; its first run is spread over one interval from now, or is at
   * `firstDueAt` when given (a probe added at run time is due within seconds).
   */
  add(job: J, firstDueAt?: number): void {
    // A replaced job keeps its entry, so a run still going is known as running to the new spec.
    const entry = this.entries.get(job.key) ?? { job, generation: 0, state: 'idle', dueAt: 0 };
    entry.job = job;
    entry.generation++;
    this.entries.set(job.key, entry);
    this.push({ due: firstDueAt ?? firstDue(job.key, job.intervalMs, this.now()), entry, generation: entry.generation });
  }

  /** Every job known, in no particular order (the monitor finds a provider's probes at run time). */
  *jobs(): IterableIterator<J> {
    for (const entry of this.entries.values()) yield entry.job;
  }

  remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    entry.generation++;
    this.entries.delete(key);
  }

  start(): void {
    this.running = true;
    this.arm();
  }

  /** Stops scheduling, drops waiting runs and resolves when the running ones have finished. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    // Waiting runs are dropped; their jobs are idle again if the scheduler is started anew.
    const idle = (entry: Entry<J>) => (entry.state = 'idle');
    this.ready.drain(idle);
    for (const queue of this.blocked.values()) queue.drain(idle);
    this.blocked.clear();
    await Promise.allSettled([...this.inFlight]);
  }

  private push(item: HeapItem<J>): void {
    this.heap.push(item);
    if (this.running && item.due < this.timerDue) this.arm();
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    const next = this.heap.peek();
    if (!this.running || !next) {
      this.timer = undefined;
      this.timerDue = Infinity;
      return;
    }
    this.timerDue = next.due;
    this.timer = setTimeout(() => this.tick(), Math.max(0, next.due - this.now()));
  }

  private tick(): void {
    this.timer = undefined;
    this.timerDue = Infinity;
    const now = this.now();
    for (let item = this.heap.peek(); item && item.due <= now; item = this.heap.peek()) {
      this.heap.pop();
      const { entry } = item;
      if (item.generation !== entry.generation) continue;
      // Fixed rate: the next run is due one interval after this one was, whatever this one does.
      // The popped item goes back in: no allocation per run.
      const due = item.due;
      item.due = Math.max(due + entry.job.intervalMs, now);
      this.heap.push(item);
      if (entry.state !== 'idle') {
        this.stats.skipped++;
        continue;
      }
      entry.state = 'waiting';
      entry.dueAt = due;
      this.ready.push(entry);
    }
    this.dispatch();
    this.arm();
  }

  private dispatch(): void {
    while (this.running && this.inFlight.size < this.maxConcurrent && this.ready.length > 0) {
      const entry = this.ready.shift()!;
      if (!this.isCurrent(entry)) continue; // removed while it waited: never run it
      const host = entry.job.host;
      if ((this.perHost.get(host) ?? 0) >= this.maxPerHost) {
        let queue = this.blocked.get(host);
        if (!queue) this.blocked.set(host, (queue = new Fifo()));
        queue.push(entry);
        continue;
      }
      this.launch(entry);
    }
  }

  private launch(entry: Entry<J>): void {
    const { job } = entry;
    entry.state = 'running';
    this.perHost.set(job.host, (this.perHost.get(job.host) ?? 0) + 1);
    const lateness = this.now() - entry.dueAt;
    this.stats.started++;
    if (lateness > 1000) this.stats.lateOver1s++;
    if (lateness > this.stats.maxLatenessMs) this.stats.maxLatenessMs = lateness;
    this.stats.lateness[bucketOf(lateness)]!++;
    const run = Promise.resolve()
      .then(() => this.options.run(job))
      .catch((error: unknown) => this.options.onError?.(job, error))
      .finally(() => {
        this.inFlight.delete(run);
        entry.state = 'idle';
        this.release(job.host);
      });
    this.inFlight.add(run);
  }

  private release(host: string): void {
    const count = (this.perHost.get(host) ?? 1) - 1;
    if (count === 0) this.perHost.delete(host);
    else this.perHost.set(host, count);
    const queue = this.blocked.get(host);
    // Hand the freed slot to the oldest waiting job of this host that still exists.
    while (queue && queue.length > 0) {
      const waiting = queue.shift()!;
      if (this.isCurrent(waiting)) {
        this.ready.unshift(waiting);
        break;
      }
      waiting.state = 'idle';
    }
    if (queue?.length === 0) this.blocked.delete(host);
    this.dispatch();
  }

  /** False for an entry whose job was removed (or whose key now belongs to a new entry). */
  private isCurrent(entry: Entry<J>): boolean {
    if (this.entries.get(entry.job.key) === entry) return true;
    entry.state = 'idle';
    return false;
  }
}
