/**
 * Storage faults under the real process: the database locked by another process, made
 * read-only, and its disk full. For each: probing goes on, `/api/v1/health` says `degraded`
 * with the reason, the log says it, reads keep answering and a write request gets a 503
 * problem (never another 5xx), writes are retried, and once the fault clears the backlog is
 * written: after a graceful stop every check the target answered is stored, the invariants
 * hold and SQLite's integrity check passes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectDatabase, invariantProblems } from '../crash/db-invariants.ts';
import { servedSince, startFlappingTarget, type FlappingTarget } from '../crash/flapping-target.ts';
import { killHard, sleep, spawnReal, waitUntil, writeFleetConfig, type RealProcess } from '../crash/real-process.ts';
import { fillDisk, holdWriteLock, immutableWorks, mountTmpfs, setImmutable, unmount } from './fs-faults.ts';

/** 100 channels every 10 s: about 10 checks a second to keep in memory while the database is away. */
const CHANNELS = 100;

interface Health {
  status: string;
  reason?: string;
  storage?: { pendingWrites: number; droppedChecks: number; failingSince: string | null };
}

let dir: string;
let target: FlappingTarget;
let config: string;
let ids: string[];
const cleanups: (() => unknown)[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'supportwatch-faults-'));
  target = await startFlappingTarget(7);
  config = join(dir, 'fleet.yaml');
  ids = writeFleetConfig(config, target.url, CHANNELS);
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await target?.close();
  rmSync(dir, { recursive: true, force: true });
});

const health = async (proc: RealProcess): Promise<Health> => (await fetch(`${proc.url}/api/v1/health`)).json() as Promise<Health>;
const answered = (since: number) => ids.reduce((n, id) => n + servedSince(target, id, since).length, 0);

/**
 * Runs the process on `databasePath`, lets it store checks, applies the fault, checks the
 * process copes, clears the fault, checks it catches up, stops it and checks the file.
 */
async function survives(databasePath: string, fault: { apply(): Promise<void> | void; clear(): Promise<void> | void; error: RegExp }): Promise<void> {
  const since = Date.now();
  const proc = await spawnReal(config, databasePath);
  cleanups.push(() => killHard(proc));
  await waitUntil(() => answered(since) >= 10, 'the first checks ran');
  await sleep(500); // the writer flushes every 250 ms: some checks are on disk before the fault

  await fault.apply();
  const faultAt = Date.now();
  // Probing goes on, the fault is reported in health and in the log, and retried.
  await waitUntil(async () => (await health(proc)).status === 'degraded', 'health says degraded');
  const degraded = await health(proc);
  console.info(`${databasePath}: ${degraded.reason}`);
  expect(degraded.reason).toMatch(/database writes are failing \(.+\); \d+ checks and changes are kept in memory and retried/);
  expect(degraded.reason).toMatch(fault.error);
  expect(degraded.storage?.failingSince).toEqual(expect.any(String));
  const askedAtFault = answered(faultAt);
  await waitUntil(() => answered(faultAt) >= askedAtFault + 20, 'probing goes on during the fault');
  await waitUntil(() => proc.logs.filter((l) => l.msg === 'write failed; will retry').length >= 2, 'the log says the write failed, twice');
  expect((await health(proc)).storage?.pendingWrites).toBeGreaterThan(0);
  // Reads still answer; a write request gets a 503 problem, never a crash or a 500.
  const providers = await fetch(`${proc.url}/api/v1/providers`);
  expect([200, 503]).toContain(providers.status);
  const report = await fetch(`${proc.url}/api/v1/channels/${ids[0]}/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ problem: 'no_answer' }),
  });
  expect(report.status).toBe(503);
  expect(report.headers.get('content-type')).toContain('application/problem+json');
  expect(await report.json()).toMatchObject({ status: 503, code: 'unavailable' });

  await fault.clear();
  // The backlog is written: health is ok again with nothing waiting, and the log says so.
  await waitUntil(async () => {
    const h = await health(proc);
    return h.status === 'ok' && h.storage?.pendingWrites === 0;
  }, 'the backlog is written after the fault clears');
  expect(proc.logs.some((l) => l.msg === 'writes recovered')).toBe(true);
  expect((await health(proc)).storage?.droppedChecks).toBe(0);

  proc.child.kill('SIGTERM');
  expect(await proc.exited).toEqual({ code: 0, signal: null });
  const inspection = inspectDatabase(databasePath, since);
  expect(invariantProblems(inspection)).toEqual([]);
  // Nothing was lost: every answer the target gave is a stored check, with its outcome.
  const missing = ids.flatMap((id) => {
    const asked = servedSince(target, id, since);
    const kept = inspection.channels.get(id)?.checksSince ?? [];
    return kept.length === asked.length && kept.every((c, i) => c.outcome === (asked[i]!.ok ? 'up' : 'down')) ? [] : [`${id}: asked ${asked.length}, stored ${kept.length}`];
  });
  expect(missing).toEqual([]);
}

describe('storage faults under the real process', () => {
  it('the database locked by another process (BEGIN EXCLUSIVE)', async () => {
    const path = join(dir, 'locked.db');
    let holder: Awaited<ReturnType<typeof holdWriteLock>> | undefined;
    cleanups.push(() => holder?.release());
    await survives(path, {
      apply: async () => void (holder = await holdWriteLock(path)),
      clear: () => holder!.release(),
      error: /database is locked/,
    });
  }, 120_000);

  // Root ignores file modes, so "read-only" is the immutable attribute: even root's open
  // descriptors get EPERM, as they would EROFS from a file system remounted read-only.
  it.skipIf(!immutableWorksHere())('the database file made read-only (chattr +i on the file and its WAL)', async () => {
    const path = join(dir, 'readonly.db');
    const files = [path, `${path}-wal`];
    cleanups.push(() => setImmutable(files, false));
    await survives(path, { apply: () => setImmutable(files, true), clear: () => setImmutable(files, false), error: /disk I\/O error|readonly/ });
  }, 120_000);

  // A 2 MiB tmpfs filled to the last byte by another file; the fault clears when it is deleted.
  it.skipIf(!tmpfsWorksHere())('the disk full (a small tmpfs filled by another file)', async () => {
    const mount = join(dir, 'small-disk');
    expect(mountTmpfs(mount, 2 * 1024 * 1024)).toBe(true);
    cleanups.push(() => unmount(mount));
    const filler = join(mount, 'filler');
    await survives(join(mount, 'full.db'), { apply: () => void fillDisk(filler), clear: () => rmSync(filler), error: /database or disk is full/ });
  }, 120_000);
});

function immutableWorksHere(): boolean {
  const probe = mkdtempSync(join(tmpdir(), 'supportwatch-immutable-'));
  try {
    return immutableWorks(probe);
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

function tmpfsWorksHere(): boolean {
  const probe = mkdtempSync(join(tmpdir(), 'supportwatch-tmpfs-'));
  try {
    const mounted = mountTmpfs(probe, 64 * 1024);
    if (mounted) unmount(probe);
    return mounted;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}
