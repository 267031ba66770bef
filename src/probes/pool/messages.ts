/**
 * What the monitor's thread and a probe thread say to each other. Both sides batch: one
 * message carries every run started (or every result ready) in one turn of the event loop,
 * because a message costs about as much as a small check.
 */
import type { CheckResult, ProbeSpec } from '../../domain/catalog.ts';

/** Monitor → probe thread. */
export interface RunBatch {
  /** Specs the thread has not seen yet, by id; sent once, before their first run. */
  specs: [specId: number, spec: ProbeSpec][];
  /** Checks to start now. */
  runs: [runId: number, specId: number][];
  /** Specs gone from the monitor (collected), so the thread can drop them too. */
  forget: number[];
}

/** Probe thread → monitor. */
export interface ResultBatch {
  results: [runId: number, result: CheckResult][];
  /** Runs whose probe threw (a bug, never an upstream fault), with the error's message. */
  failures: [runId: number, message: string][];
}
