import { performance } from 'node:perf_hooks';
import type { Client } from 'undici';

/** Raised through the abort signal when the check's time is up. */
class DeadlineError extends Error {
  readonly code = 'SW_DEADLINE';
  constructor(ms: number) {
    super(`check deadline of ${ms} ms passed`);
    this.name = 'DeadlineError';
    // Node reads `stack` when it destroys the socket with this error; a lazily formatted stack
    // goes through the source-map machinery, a real cost when 10 % of 2,000 checks/s time out.
    // Where a timer fired says nothing anyway: name and message are the whole story.
    this.stack = `${this.name}: ${this.message}`;
  }
}

/**
 * The one deadline of a check (HTTP, SMTP): aborts the request, destroys open clients, and rejects
 * `expired`, so that a check ends on time whatever it was doing.
 *
 * @example
 * const deadline = new Deadline(spec.timeoutMs);
 * try {
 *   await Promise.race([work(deadline.signal), deadline.expired]);
 * } finally {
 *   deadline.clear();
 * }
 */
export class Deadline {
  readonly expired: Promise<never>;
  hasExpired = false;
  readonly #controller = new AbortController();
  readonly #clients = new Set<Client>();
  readonly #start = performance.now();
  #timer: NodeJS.Timeout | undefined;

  constructor(readonly ms: number) {
    this.expired = new Promise<never>((_, reject) => {
      this.#timer = setTimeout(() => {
        this.hasExpired = true;
        const reason = new DeadlineError(ms);
        this.#controller.abort(reason);
        for (const client of this.#clients) client.destroy(reason).catch(() => {});
        reject(reason);
      }, ms);
    });
    this.expired.catch(() => {});
  }

  /** Aborted when the deadline passes. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Time left, at least 1 ms (undici treats 0 as "no timeout"). */
  remainingMs(): number {
    return Math.max(1, Math.ceil(this.ms - (performance.now() - this.#start)));
  }

  /** Registers a client to destroy on expiry; returns the function that unregisters it. */
  track(client: Client): () => void {
    this.#clients.add(client);
    return () => this.#clients.delete(client);
  }

  /** Stops the timer; call once the check has ended, however it ended. */
  clear(): void {
    clearTimeout(this.#timer);
  }
}
