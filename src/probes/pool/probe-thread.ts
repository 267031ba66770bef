/**
 * A probe thread: runs the checks the monitor's thread asks for and sends the results back,
 * batched per turn of its event loop. It holds no state of its own: folding, storing and
 * serving stay on the main thread.
 */
import { parentPort } from 'node:worker_threads';
import type { CheckResult } from '../../domain/catalog.ts';
import { runProbe } from '../index.ts';
import type { ResultBatch, RunBatch } from './messages.ts';

const port = parentPort;
if (!port) throw new Error('probe-thread.ts runs only as a worker thread');

let ready: ResultBatch = { results: [], failures: [] };
let flushing = false;

function flushSoon(): void {
  if (flushing) return;
  flushing = true;
  // After this turn's other completions: one message for all of them.
  setImmediate(() => {
    flushing = false;
    const batch = ready;
    ready = { results: [], failures: [] };
    port!.postMessage(batch);
  });
}

function succeeded(runId: number, result: CheckResult): void {
  ready.results.push([runId, result]);
  flushSoon();
}

/** Only this run fails (the monitor logs it and stores nothing); the thread and its other checks go on. */
function failed(runId: number, error: unknown): void {
  ready.failures.push([runId, error instanceof Error ? error.message : String(error)]);
  flushSoon();
}

port.on('message', (batch: RunBatch) => {
  for (const [runId, spec] of batch.runs) {
    // Probes never throw for an upstream fault; a rejection here is a bug, reported for this run.
    Promise.resolve(spec)
      .then(runProbe)
      .then(
        (result) => succeeded(runId, result),
        (error: unknown) => failed(runId, error),
      );
  }
});
