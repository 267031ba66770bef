/**
 * The bench's monitor child measures its own memory; the soak's verdict rests on it. A heap
 * figure taken between collections holds garbage (it made a flat heap look like +82 % in 10
 * minutes), so the settled sample must collect it, and say that it did.
 */
import { mkdtempSync, openSync, readSync, closeSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchMonitor, type MonitorProcess } from '../../bench/monitor-process.ts';
import { startSoakTargets, type SoakTargets } from '../../bench/soak-targets.ts';
import { parseMix } from '../../bench/targets.ts';

describe('the monitor child (bench)', () => {
  let targets: SoakTargets | undefined;
  let monitor: MonitorProcess | undefined;
  const folder = mkdtempSync(join(tmpdir(), 'supportwatch-bench-test-'));

  beforeAll(async () => {
    targets = await startSoakTargets({ hosts: 1, slowMs: 50, hangMaxMs: 500 });
    monitor = await launchMonitor({
      catalog: { channels: 4, channelsPerProvider: 4, intervalMs: 1000, timeoutMs: 500, maxLatencyMs: 250, origins: targets.origins, mix: parseMix('100,0,0,0') },
    });
  }, 120_000);

  afterAll(async () => {
    await monitor?.close();
    await targets?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('measures the live heap after forced collections: below the busy heap, and the same twice in a row', async () => {
    const m = monitor!;
    // API reads leave garbage behind, and one undici finalisation entry per request (a signal
    // and its listener), which only a collection after the entries' callbacks ran frees.
    for (let i = 0; i < 300; i++) await (await fetch(`${m.url}/api/v1/providers`)).arrayBuffer();
    const busy = await m.sample();
    const settled = await m.sample({ forceGc: true });
    const again = await m.sample({ forceGc: true });

    expect(busy.afterForcedGc).toBe(false);
    expect(settled.afterForcedGc).toBe(true);
    expect(settled.heapUsedBytes).toBeLessThan(busy.heapUsedBytes);
    // Repeatable: what is left is what the process holds, not what the collector has not reached yet.
    expect(Math.abs(again.heapUsedBytes - settled.heapUsedBytes) / settled.heapUsedBytes).toBeLessThan(0.05);
  }, 60_000);

  it('writes a heap snapshot where it is asked to', async () => {
    const path = join(folder, 'child.heapsnapshot');
    expect(await monitor!.heapSnapshot(path)).toBe(path);
    expect(statSync(path).size).toBeGreaterThan(1_000_000);
    const head = Buffer.alloc(64);
    const fd = openSync(path, 'r');
    try {
      readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
    expect(head.toString('utf8')).toMatch(/^\{"snapshot":\{"meta":/);
  }, 120_000);
});
