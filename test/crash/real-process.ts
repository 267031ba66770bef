/**
 * The real supportwatch process (`src/node.ts`, as `npm start` runs it) for the crash and
 * storage-fault tests: a generated YAML config of many channels against one local target,
 * spawned with a temp database, its JSON log lines collected as they come.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');

/** Probes of the generated config run every this often: the config's minimum. */
export const INTERVAL_MS = 10_000;

/** `fleet-p0-c007` style ids, stable so the target and the database agree. */
export function channelIds(channels: number, perProvider = 100): string[] {
  return Array.from({ length: channels }, (_, i) => `fleet-p${Math.floor(i / perProvider)}-c${String(i % perProvider).padStart(3, '0')}`);
}

/** Alert routes for the fleet: webhooks to `url`, route `crash-hook-<i>` for the events of `routes[i]`. */
export interface FleetAlerts {
  url: string;
  routes: string[][];
}

/**
 * Writes a config with `channels` help centres, each probed at `${targetUrl}/t/<channel id>`
 * every 10 s; one failed check makes a probe down and one good check up again, so a flapping
 * target opens and closes incidents at the pace of the checks. With `alerts`, webhook routes
 * get every event of the channels they name (a route delivers one at a time, so several drain faster).
 */
export function writeFleetConfig(file: string, targetUrl: string, channels: number, perProvider = 100, alerts?: FleetAlerts): string[] {
  const ids = channelIds(channels, perProvider);
  const lines = alerts
    ? ['alerts:', '  routes:', ...alerts.routes.map((channels, i) => `    - { id: crash-hook-${i}, notifier: webhook, url: "${alerts.url}", channels: [${channels.join(', ')}] }`), 'providers:']
    : ['providers:'];
  for (let p = 0; p * perProvider < channels; p++) {
    lines.push(`  - id: fleet-p${p}`, `    name: Fleet ${p}`, '    timezone: UTC', '    channels:');
    for (const id of ids.slice(p * perProvider, (p + 1) * perProvider)) {
      lines.push(
        `      - id: ${id}`,
        '        kind: help_center',
        `        name: Help ${id}`,
        '        probes:',
        `          - { type: http, url: "${targetUrl}/t/${id}", interval: 10s, timeout: 3s, failure_threshold: 1, expect: { contains: online } }`,
      );
    }
  }
  writeFileSync(file, lines.join('\n') + '\n');
  return ids;
}

/** One JSON log line of the process. */
export interface LogLine {
  time: string;
  level: string;
  msg: string;
  [field: string]: unknown;
}

export interface RealProcess {
  child: ChildProcessWithoutNullStreams;
  /** Base URL of its API, once it listens. */
  url: string;
  /** When it logged "supportwatch started" (its own clock, epoch ms): the scheduler was already running. */
  startedAt: number;
  /** Every log line so far (stdout), parsed. */
  logs: LogLine[];
  /** Everything it wrote to stderr. */
  stderr(): string;
  /** Resolves with the exit code and signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Spawns `node --import tsx src/node.ts --config <config>` and resolves once it serves.
 * The dashboard build is skipped (`SUPPORTWATCH_DASHBOARD=off`): these tests restart the
 * process many times and are about the monitor and its database.
 */
export function spawnReal(config: string, databasePath: string, env: Record<string, string> = {}, readyTimeoutMs = 30_000): Promise<RealProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/node.ts', '--config', config], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_PATH: databasePath, PORT: '0', HOST: '127.0.0.1', SUPPORTWATCH_DASHBOARD: 'off', LOG_LEVEL: 'info', ...env },
  });
  const logs: LogLine[] = [];
  let stderr = '';
  let partial = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.once('exit', (code, signal) => done({ code, signal })));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the process did not start within ${readyTimeoutMs} ms; stderr: ${stderr}`));
    }, readyTimeoutMs);
    child.stdout.on('data', (d: Buffer) => {
      const text = partial + d.toString();
      const lines = text.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.startsWith('{')) continue;
        const parsed = JSON.parse(line) as LogLine;
        logs.push(parsed);
        if (parsed.msg === 'supportwatch started') {
          clearTimeout(timer);
          resolve({ child, url: String(parsed.url), startedAt: Date.parse(parsed.time), logs, stderr: () => stderr, exited });
        }
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the process exited (code ${code}, signal ${signal}) before it served; stderr: ${stderr}`));
    });
  });
}

/** Kills the process if it still runs and waits for it to be gone. */
export async function killHard(proc: RealProcess | undefined): Promise<void> {
  if (!proc) return;
  if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill('SIGKILL');
  await proc.exited;
}

/** mulberry32: a small seeded generator, so a failing round can be replayed with its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `condition` every 50 ms until it holds; throws naming `what` after `timeoutMs`. */
export async function waitUntil(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await sleep(50);
  }
}
