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
  log: Logger;
}

/**
 * Collects checks and state changes and writes them in one transaction every `flushMs`, so
 * thousands of checks a second cost a few commits, and a crash loses at most one batch.
 * A failed write keeps the batch and retries on the next flush.
 */
export class BatchWriter {
  private rows: CheckRow[] = [];
  private changes: StateChange[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private readonly flushMs: number;
  private readonly maxRows: number;
  private readonly maxBuffered: number;
  /** Checks dropped because the database refused writes for too long. */
  dropped = 0;
  /** The last write error, cleared by the next successful write. */
  lastError: unknown = null;

  constructor(
    private readonly database: Database,
    private readonly options: BatchWriterOptions,
  ) {
    this.flushMs = options.flushMs ?? 250;
    this.maxRows = options.maxRows ?? 2000;
    this.maxBuffered = options.maxBuffered ?? 200_000;
  }

  /** Checks and changes waiting to be written (after a failed write, what is kept for the retry). */
  get pending(): number {
    return this.rows.length + this.changes.length;
  }

  addCheck(row: CheckRow): void {
    this.rows.push(row);
    if (this.rows.length >= this.maxRows) void this.flush();
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
    this.flushing = this.flushing.then(() => this.writeOnce());
    return this.flushing;
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => void this.flush(), this.flushMs);
  }

  private async writeOnce(): Promise<void> {
    if (this.rows.length === 0 && this.changes.length === 0) return;
    const rows = this.rows;
    const changes = this.changes;
    this.rows = [];
    this.changes = [];
    try {
      await writeBatch(this.database, rows, changes);
      this.lastError = null;
    } catch (err) {
      this.lastError = err;
      // Keep the batch, in order, ahead of what arrived meanwhile; never drop state changes.
      this.rows = rows.concat(this.rows);
      this.changes = changes.concat(this.changes);
      const excess = this.rows.length - this.maxBuffered;
      if (excess > 0) {
        this.rows.splice(0, excess);
        this.dropped += excess;
      }
      this.options.log.error('write failed; will retry', { err, buffered: this.rows.length, dropped: this.dropped });
      this.schedule();
    }
  }
}
