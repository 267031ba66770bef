import type { Logger } from '../log.ts';
import type { Database } from '../store/database.ts';
import { writeBatch, type CheckRow, type StateChange } from '../store/writes.ts';

export interface BatchWriterOptions {
  /** Longest a check waits in memory before it is written. */
  flushMs?: number;
  /** Write at once when this many checks are waiting. */
  maxRows?: number;
  /** Checks kept in memory while the database refuses writes; the oldest go first past it. */
  maxBuffered?: number;
  /** Longest wait between retries of a refused write (the wait doubles from `flushMs` up to this). */
  maxRetryMs?: number;
  log: Logger;
}

/**
 * Collects checks and state changes and writes them in one transaction every `flushMs`, so
 * thousands of checks a second cost a few commits, and a crash loses at most one batch.
 * A failed write keeps the batch and retries with a doubling delay: a locked database costs
 * the event loop one busy wait per retry, not one per check.
 */
export class BatchWriter {
  private rows: CheckRow[] = [];
  private changes: StateChange[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  /** A write queued behind the running one and not started yet: later flushes join it. */
  private queued: Promise<void> | undefined;
  private readonly flushMs: number;
  private readonly maxRows: number;
  private readonly maxBuffered: number;
  private readonly maxRetryMs: number;
  /** Writes refused in a row; sets the retry delay. */
  private failures = 0;
  /** Checks dropped because the database refused writes for too long. */
  dropped = 0;
  /** The last write error, cleared by the next successful write. */
  lastError: unknown = null;
  /** When the current run of refused writes began (epoch ms), or null while writes succeed. */
  failingSince: number | null = null;

  constructor(
    private readonly database: Database,
    private readonly options: BatchWriterOptions,
  ) {
    this.flushMs = options.flushMs ?? 250;
    this.maxRows = options.maxRows ?? 2000;
    this.maxBuffered = options.maxBuffered ?? 200_000;
    this.maxRetryMs = options.maxRetryMs ?? 5000;
  }

  /** Checks and changes waiting to be written (after a failed write, what is kept for the retry). */
  get pending(): number {
    return this.rows.length + this.changes.length;
  }

  addCheck(row: CheckRow): void {
    this.rows.push(row);
    // While the database refuses writes the backlog stays above maxRows: wait for the retry.
    if (this.rows.length >= this.maxRows && this.failures === 0) void this.flush();
    else this.schedule();
  }

  addChange(change: StateChange): void {
    this.changes.push(change);
    this.schedule();
  }

  /** Writes everything collected so far; resolves when it is on disk (or has failed and been kept). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    // A queued write takes everything waiting when it starts, so a thousand checks arriving in
    // one tick past maxRows make one write, not a thousand (each a retry while the database refuses).
    this.queued ??= this.flushing = this.flushing.then(() => {
      this.queued = undefined;
      return this.writeOnce();
    });
    return this.queued;
  }

  private schedule(delayMs = this.flushMs): void {
    this.timer ??= setTimeout(() => void this.flush(), delayMs);
  }

  private async writeOnce(): Promise<void> {
    if (this.rows.length === 0 && this.changes.length === 0) return;
    const rows = this.rows;
    const changes = this.changes;
    this.rows = [];
    this.changes = [];
    try {
      await writeBatch(this.database, rows, changes);
      if (this.failures > 0) {
        this.options.log.warn('writes recovered', { rows: rows.length, changes: changes.length, failedMs: Date.now() - this.failingSince!, dropped: this.dropped });
      }
      this.lastError = null;
      this.failures = 0;
      this.failingSince = null;
    } catch (err) {
      this.lastError = err;
      this.failures++;
      this.failingSince ??= Date.now();
      // Keep the batch, in order, ahead of what arrived meanwhile; never drop state changes.
      this.rows = rows.concat(this.rows);
      this.changes = changes.concat(this.changes);
      const excess = this.rows.length - this.maxBuffered;
      if (excess > 0) {
        this.rows.splice(0, excess);
        this.dropped += excess;
      }
      const retryMs = Math.min(this.flushMs * 2 ** (this.failures - 1), this.maxRetryMs);
      this.options.log.error('write failed; will retry', { err, buffered: this.rows.length, dropped: this.dropped, retryMs });
      this.schedule(retryMs);
    }
  }
}
