/**
 * What the monitor's thread and a probe thread say to each other. Both sides batch: one
 * message carries every run started (or every result ready) in one turn of the event loop,
 * because a message costs about as much as a small check.
 */
import type { CheckResult, ProbeSpec } from '../../domain/catalog.ts';

/**
 * Monitor → probe thread: checks to start now. The spec travels with every run (about 5 µs of
 * cloning, batched) rather than being cached in the thread: a second copy of 100,000 specs
 * would cost tens of megabytes, and a spec edited at run time needs no protocol to replace.
 */
export interface RunBatch {
  runs: [runId: number, spec: ProbeSpec][];
}

/** Probe thread → monitor. */
export interface ResultBatch {
  results: [runId: number, result: CheckResult][];
  /** Runs whose probe threw (a bug, never an upstream fault), with the error's message. */
  failures: [runId: number, message: string][];
}
