/**
 * The bench's child process: runs the real monitor and API (`start()` from `src/node.ts`) on a
 * generated catalog and a temp SQLite file, and answers the parent's `sample` and `stop`
 * requests with its own CPU, memory and scheduler figures. Started only by `monitor-process.ts`.
 */
import { statSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setFlagsFromString, writeHeapSnapshot } from 'node:v8';
import { runInNewContext } from 'node:vm';
import Database from 'better-sqlite3';
import type { Logger } from '../src/log.ts';
import { start, type Running } from '../src/node.ts';
import { buildCatalog } from './catalog.ts';
import type { ChildFinal, ChildMessage, ChildSample, MonitorChildConfig, ParentMessage } from './messages.ts';

const config = JSON.parse(process.argv[2] ?? '{}') as MonitorChildConfig;
const send = (message: ChildMessage) => process.send?.(message);

// The parent owns this process: if it goes away, so do we, whatever we were doing.
let finished = false;
process.on('disconnect', () => process.exit(finished ? 0 : 1));
process.on('uncaughtException', (err) => {
  send({ type: 'error', message: `uncaught: ${err.stack ?? err.message}` });
  process.exit(1);
});

/** Counts warnings and errors instead of printing them, so logging does not skew the figures. */
const logs = { warn: 0, error: 0, firstErrors: [] as string[] };
const log: Logger = {
  debug() {},
  info() {},
  warn() {
    logs.warn++;
  },
  error(msg, fields) {
    logs.error++;
    if (logs.firstErrors.length < 5) logs.firstErrors.push(`${msg} ${JSON.stringify(fields ?? {}, errorJson)}`);
  },
};
process.on('unhandledRejection', (err) => log.error('unhandled rejection', { err }));

let running: Running | undefined;
let cpuAtReady = process.cpuUsage();
let readyAt = 0;
let peakRss = 0;
/** The histogram records whole timer periods; subtracting the period leaves the lag itself. */
const LOOP_RESOLUTION_MS = 10;
const loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
const lagMs = (nanoseconds: number) => Math.max(0, nanoseconds / 1e6 - LOOP_RESOLUTION_MS);
const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 250);

/**
 * A full collection on demand, without the parent having to start us with `--expose-gc`: the
 * flag set at run time exposes `gc` to contexts created after it, so one is made to fetch it.
 */
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** A round that frees less than this is the last; `SETTLE_MAX_ROUNDS` bounds the pause. */
const SETTLED_BYTES = 64 * 1024;
const SETTLE_MAX_ROUNDS = 6;

/**
 * Full collections until only the live heap is left. One is not enough: a collection only
 * queues the callbacks of FinalizationRegistry entries whose objects died, and their held
 * values stay until the callbacks ran (a task after this turn) and the next collection; those
 * can hold objects with entries of their own. undici registers one for every `Request` made
 * with a signal, and @hono/node-server makes one for each API request whose body is looked at
 * (the body limit does, GETs included): 20,000 such requests leave +39 MiB after one
 * collection, +24 MiB after two, +3 MiB after three.
 */
async function settleHeap(): Promise<void> {
  collectGarbage();
  for (let round = 0; round < SETTLE_MAX_ROUNDS; round++) {
    const before = process.memoryUsage().heapUsed;
    await new Promise((done) => setTimeout(done, 20));
    collectGarbage();
    if (before - process.memoryUsage().heapUsed < SETTLED_BYTES) return;
  }
}

/** The child's figures; `heapUsedBytes` is the live heap after `settleHeap()` when `afterForcedGc`. */
function sample(afterForcedGc = false): ChildSample {
  const cpu = process.cpuUsage(cpuAtReady);
  const memory = process.memoryUsage();
  peakRss = Math.max(peakRss, memory.rss);
  return {
    elapsedMs: performance.now() - readyAt,
    cpuUserMs: cpu.user / 1000,
    cpuSystemMs: cpu.system / 1000,
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
    afterForcedGc,
    scheduler: { ...running!.monitor.schedulerStats },
  };
}

async function stop(): Promise<ChildFinal> {
  const atStop = sample();
  loopDelay.disable();
  const t0 = performance.now();
  await running!.stop(); // waits for running checks and writes the last batch
  const stopMs = performance.now() - t0;
  const afterStop = sample();
  clearInterval(rssTimer);
  return {
    atStop,
    afterStop,
    stopMs,
    ...measureDisk(config.databasePath),
    peakRssBytes: peakRss,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    eventLoopDelayMs: {
      p50: lagMs(loopDelay.percentile(50)),
      p99: lagMs(loopDelay.percentile(99)),
      max: lagMs(loopDelay.max),
    },
    logs,
  };
}

/** Folds the WAL into the file first, so the size is what the checks really take at rest. */
function measureDisk(path: string): Pick<ChildFinal, 'checksStored' | 'disk'> {
  const db = new Database(path);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
    const checksStored = (db.prepare('SELECT count(*) AS n FROM checks').get() as { n: number }).n;
    let checksTableBytes: number | null = null;
    let checksIndexBytes: number | null = null;
    try {
      // The checks table (clustered: it is its own index) and the messages its rows refer to.
      const sizes = db.prepare("SELECT name, sum(pgsize) AS bytes FROM dbstat WHERE name IN ('checks', 'check_messages', 'check_messages_text_unique') GROUP BY name").all() as {
        name: string;
        bytes: number;
      }[];
      checksTableBytes = sizes.find((s) => s.name === 'checks')?.bytes ?? 0;
      checksIndexBytes = sizes.filter((s) => s.name !== 'checks').reduce((sum, s) => sum + s.bytes, 0);
    } catch {
      // dbstat is a compile-time option; without it the file size is still reported.
    }
    return { checksStored, disk: { dbBytes: fileSize(path), walBytes: fileSize(`${path}-wal`), checksTableBytes, checksIndexBytes } };
  } finally {
    db.close();
  }
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function errorJson(_key: string, value: unknown): unknown {
  return value instanceof Error ? { name: value.name, message: value.message } : value;
}

process.on('message', (message: ParentMessage) => {
  if (message.type === 'sample') {
    if (!message.forceGc) return send({ type: 'sample', id: message.id, sample: sample() });
    void settleHeap().then(() => send({ type: 'sample', id: message.id, sample: sample(true) }));
    return;
  }
  if (message.type === 'heap-snapshot') {
    // Blocks this process for seconds on a big heap: for looking into memory, not for timed runs.
    send({ type: 'heap-snapshot', id: message.id, path: writeHeapSnapshot(message.path) });
    return;
  }
  stop().then(
    (final) => {
      finished = true;
      process.send?.({ type: 'final', id: message.id, final } satisfies ChildMessage, () => process.exit(0));
    },
    (err: unknown) => send({ type: 'error', id: message.id, message: `stop failed: ${String(err)}` }),
  );
});

const t0 = performance.now();
try {
  running = await start({
    catalog: buildCatalog(config.catalog),
    databasePath: config.databasePath,
    port: 0,
    host: '127.0.0.1',
    log,
    rateLimitPerMinute: config.rateLimitPerMinute,
    monitor: { scheduler: config.scheduler, writer: config.writer },
  });
} catch (err) {
  send({ type: 'error', message: `start failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}` });
  process.exit(1);
}
cpuAtReady = process.cpuUsage();
readyAt = performance.now();
loopDelay.enable();
send({ type: 'ready', url: running.url, probes: running.monitor.probeCount, startupMs: readyAt - t0 });
