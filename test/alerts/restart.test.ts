/**
 * Exactly once across a crash: the worker process is killed (SIGKILL, no goodbye) while a
 * delivery waits out its backoff; a new process on the same database delivers it, once.
 */
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openBed, writeOutage } from './support/bed.ts';
import { startReceiver, until, type HttpReceiver } from './support/receivers.ts';

const ROOT = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'supportwatch-alert-crash-'));
const children: ChildProcess[] = [];
let hook: HttpReceiver | undefined;

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await hook?.close();
  rmSync(dir, { recursive: true, force: true });
});

function runWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/alerts/support/worker-process.ts'], { cwd: ROOT, env: { ...process.env, ...env } });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`worker exited early (${code})`)));
  });
}

function delivery(path: string): { status: string; attempts: number; failed: number } | undefined {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT status, attempts, last_error IS NOT NULL AS failed FROM alert_deliveries').get() as { status: string; attempts: number; failed: number } | undefined;
  } finally {
    db.close();
  }
}

it('delivers exactly once when the process is killed mid-backoff and started again', async () => {
  const path = join(dir, 'crash.db');
  const bed = await openBed(path);
  await writeOutage(bed, Date.now() - 60_000);
  bed.database.close();
  hook = await startReceiver((n) => (n === 0 ? 503 : 200));
  const env = { ALERT_DB: path, ALERT_HOOK: `${hook.url}/hook`, ALERT_BACKOFF_MS: '4000' };

  const first = await runWorker(env);
  // The first attempt failed and is stored: the process now waits out its 4 s backoff.
  await until(() => delivery(path)?.failed === 1, 'the failed first attempt');
  expect(first.exitCode).toBeNull(); // alive, waiting out the backoff
  expect(delivery(path)).toMatchObject({ status: 'pending', attempts: 1 });
  first.kill('SIGKILL');
  await new Promise((r) => first.once('exit', r));
  expect(hook.received).toHaveLength(1);

  const second = await runWorker(env);
  await until(() => delivery(path)?.status === 'delivered', 'the delivery after the restart', 30_000);
  expect(hook.received.map((r) => r.status)).toEqual([503, 200]);
  expect(JSON.parse(hook.received[1]!.body).id).toBe(JSON.parse(hook.received[0]!.body).id);
  expect(delivery(path)).toEqual({ status: 'delivered', attempts: 2, failed: 0 });

  second.kill('SIGTERM');
  await new Promise((r) => second.once('exit', r));
  expect(hook.accepted()).toHaveLength(1);
}, 60_000);
