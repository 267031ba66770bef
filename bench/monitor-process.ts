/**
 * Parent side of the monitor child: forks `monitor-child.ts` under tsx with a temp database,
 * and turns its IPC messages into awaitable calls. Every call has a deadline, and `close()`
 * kills the child and removes the temp folder whatever state it is in.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { BenchCatalogOptions } from './catalog.ts';
import type { ChildFinal, ChildMessage, ChildSample, MonitorChildConfig, ParentMessage } from './messages.ts';

export interface LaunchOptions {
  catalog: BenchCatalogOptions;
  scheduler?: MonitorChildConfig['scheduler'];
  writer?: MonitorChildConfig['writer'];
  /** The bench measures the API, not the limiter: raised out of the way by default. */
  rateLimitPerMinute?: number;
  startTimeoutMs?: number;
}

export interface MonitorProcess {
  /** Base URL of the child's API. */
  url: string;
  /** The child's SQLite file; removed by `close()`. */
  databasePath: string;
  probes: number;
  startupMs: number;
  /** Counters since the monitor started; with `forceGc`, the live heap (after forced full collections). */
  sample(options?: { forceGc?: boolean }): Promise<ChildSample>;
  /** Writes the child's heap snapshot to `path` (seconds on a big heap; the child stalls meanwhile). */
  heapSnapshot(path: string, timeoutMs?: number): Promise<string>;
  /** Ends the window, stops the monitor (waiting up to `timeoutMs`) and measures the database. */
  stop(timeoutMs: number): Promise<ChildFinal>;
  /** Kills the child if still alive and removes its temp folder. Safe to call twice. */
  close(): Promise<void>;
}

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHILD = fileURLToPath(new URL('./monitor-child.ts', import.meta.url));

/**
 * Starts the monitor child and resolves once it probes and serves.
 *
 * @example
 * const monitor = await launchMonitor({ catalog });
 * try { await sleep(60_000); const final = await monitor.stop(30_000); } finally { await monitor.close(); }
 */
export async function launchMonitor(options: LaunchOptions): Promise<MonitorProcess> {
  const folder = mkdtempSync(join(tmpdir(), 'supportwatch-bench-'));
  const config: MonitorChildConfig = {
    databasePath: join(folder, 'bench.db'),
    catalog: options.catalog,
    rateLimitPerMinute: options.rateLimitPerMinute ?? 1e9,
    scheduler: options.scheduler ?? {},
    writer: options.writer ?? {},
  };
  const child = fork(CHILD, [JSON.stringify(config)], {
    cwd: REPO_ROOT,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
    rmSync(folder, { recursive: true, force: true });
  };

  try {
    const calls = new Calls(child);
    const ready = await calls.ready(options.startTimeoutMs ?? 120_000);
    return {
      url: ready.url,
      databasePath: config.databasePath,
      probes: ready.probes,
      startupMs: ready.startupMs,
      sample: async (sampleOptions) => {
        const reply = await calls.request({ type: 'sample', forceGc: sampleOptions?.forceGc ?? false }, 30_000);
        if (reply.type !== 'sample') throw new Error(`monitor child: expected a sample, got "${reply.type}"`);
        return reply.sample;
      },
      heapSnapshot: async (path, timeoutMs = 300_000) => {
        const reply = await calls.request({ type: 'heap-snapshot', path }, timeoutMs);
        if (reply.type !== 'heap-snapshot') throw new Error(`monitor child: expected a heap snapshot, got "${reply.type}"`);
        return reply.path;
      },
      stop: async (timeoutMs) => {
        const reply = await calls.request({ type: 'stop' }, timeoutMs);
        if (reply.type !== 'final') throw new Error(`monitor child: expected the final report, got "${reply.type}"`);
        const final = reply.final;
        await Promise.race([exited, sleep(10_000)]);
        return final;
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

type Reply = Extract<ChildMessage, { id: number }>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Matches replies to requests by id; a child that dies fails every pending call at once. */
class Calls {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (m: Reply) => void; reject: (e: Error) => void }>();
  private readyWaiter: { resolve: (m: Extract<ChildMessage, { type: 'ready' }>) => void; reject: (e: Error) => void } | undefined;
  private failure: Error | undefined;

  constructor(private readonly child: ChildProcess) {
    child.on('message', (message: ChildMessage) => this.receive(message));
    child.once('exit', (code, signal) => this.fail(new Error(`the monitor child exited (code ${code}, signal ${signal})`)));
    child.once('error', (err) => this.fail(err));
  }

  ready(timeoutMs: number): Promise<Extract<ChildMessage, { type: 'ready' }>> {
    return withDeadline(
      new Promise((resolve, reject) => {
        if (this.failure) return reject(this.failure);
        this.readyWaiter = { resolve, reject };
      }),
      timeoutMs,
      'the monitor child did not start',
    );
  }

  request(body: DistributiveOmit<ParentMessage, 'id'>, timeoutMs: number): Promise<Reply> {
    const id = this.nextId++;
    const reply = new Promise<Reply>((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.pending.set(id, { resolve, reject });
      this.child.send({ ...body, id } satisfies ParentMessage);
    });
    return withDeadline(reply, timeoutMs, `the monitor child did not answer "${body.type}"`).finally(() => this.pending.delete(id));
  }

  private receive(message: ChildMessage): void {
    if (message.type === 'ready') return this.readyWaiter?.resolve(message);
    if (message.type === 'error') {
      const err = new Error(`monitor child: ${message.message}`);
      if (message.id === undefined) return this.fail(err);
      return this.pending.get(message.id)?.reject(err);
    }
    this.pending.get(message.id)?.resolve(message);
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.readyWaiter?.reject(this.failure);
    for (const call of this.pending.values()) call.reject(this.failure);
    this.pending.clear();
  }
}

function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** Waits `ms`; rejects early when `signal` aborts (Ctrl-C), so `finally` blocks still clean up. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return delay(ms, undefined, { signal });
}

/** An abort signal fired by the first Ctrl-C or SIGTERM, for the bench's waits. */
export function interruptSignal(): AbortSignal {
  const controller = new AbortController();
  const abort = (name: string) => controller.abort(new Error(`interrupted by ${name}`));
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  return controller.signal;
}
