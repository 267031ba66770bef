/**
 * The demo's pieces together, on a timeline ten times faster than `npm run demo`: the
 * simulator, the generated config through the real parser, the real monitor and API from
 * `start()`, and the narrator reading that API.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../src/config/index.ts';
import { buildDemoConfig, DEMO_PROVIDER_ID } from '../../src/demo/config.ts';
import { startNarrator, type Narrator } from '../../src/demo/narrator.ts';
import { SCRIPT, SCRIPT_END_MS, startSimulator, type Simulator } from '../../src/demo/simulator.ts';
import type { Catalog } from '../../src/domain/catalog.ts';
import { silentLogger } from '../../src/log.ts';
import { start, type Running } from '../../src/node.ts';

const SPEED = 10;

/**
 * The config cannot say "every 200 ms" (10 s is its minimum, rightly), so the parsed catalog
 * is compressed the same way as the simulator's script, limits included.
 */
function compress(catalog: Catalog, speed: number): Catalog {
  for (const provider of catalog.providers) {
    for (const channel of provider.channels) {
      for (const probe of channel.probes) {
        probe.intervalMs = 200; // 10 s would be 1 s at this speed; 200 ms gives several checks in every phase
        if (probe.type === 'http' && probe.expect.maxLatencyMs !== null) probe.expect.maxLatencyMs /= speed;
      }
    }
  }
  return catalog;
}

describe('the demo, ten times faster', () => {
  let dir: string;
  let simulator: Simulator;
  let running: Running;
  let narrator: Narrator;
  const lines: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'supportwatch-demo-'));
    simulator = await startSimulator({ speed: SPEED });
    const catalog = compress(parseConfig(buildDemoConfig({ baseUrl: simulator.url, now: Date.now() }).yaml, 'demo'), SPEED);
    running = await start({
      catalog,
      databasePath: join(dir, 'demo.db'),
      port: 0,
      host: '127.0.0.1',
      log: silentLogger,
      monitor: { writer: { flushMs: 20 } },
    });
    narrator = startNarrator({
      apiUrl: running.url,
      providerId: DEMO_PROVIDER_ID,
      elapsedMs: () => simulator.elapsedMs(),
      script: SCRIPT,
      scriptEndMs: SCRIPT_END_MS,
      intervalMs: 100,
      write: (line) => lines.push(line),
    });
    await vi.waitFor(() => expect(lines.some((l) => l.includes('✔ the script is over'))).toBe(true), { timeout: 25_000, interval: 200 });
  }, 30_000);

  afterAll(async () => {
    await narrator?.stop();
    await running?.stop();
    await simulator?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const indexOf = (pattern: RegExp) => lines.findIndex((line) => pattern.test(line));

  it('narrates the hotline going down, the incident, and the recovery, in that order', () => {
    const down = indexOf(/demopay-hotline\s+up → down {2}\(http_status: expected status 200, got 503\)$/);
    const opened = indexOf(/incident #\d+ opened on demopay-hotline {2}\(http_status: expected status 200, got 503\)$/);
    const recovered = indexOf(/demopay-hotline\s+down → up/);
    const closed = indexOf(/incident #\d+ closed on demopay-hotline after \d+ s$/);
    expect(down, lines.join('\n')).toBeGreaterThanOrEqual(0);
    expect(opened).toBeGreaterThan(down);
    expect(recovered).toBeGreaterThan(opened);
    expect(closed).toBeGreaterThan(recovered);
  });

  it('narrates every script step, the email without a probe and the closed form', () => {
    for (const event of SCRIPT) expect(lines.some((l) => l.endsWith(`▶ script: ${event.text}`))).toBe(true);
    expect(indexOf(/demopay-email\s+unknown {2}\(no probe/)).toBeGreaterThanOrEqual(0);
    expect(indexOf(/demopay-form\s+closed {2}\(outside service hours; opens at \d\d:\d\d Asia\/Shanghai time\)/)).toBeGreaterThanOrEqual(0);
  });

  it('stored one closed hotline incident with its cause, readable through the API', async () => {
    const res = await fetch(`${running.url}/api/v1/incidents?provider=${DEMO_PROVIDER_ID}`);
    const { incidents } = (await res.json()) as { incidents: { channel: string; ended_at: string | null; cause: unknown }[] };
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ channel: 'demopay-hotline', cause: { class: 'http_status', message: 'expected status 200, got 503' } });
    expect(incidents[0]!.ended_at).not.toBeNull();
  });

  it('measured the slow chat as degraded', async () => {
    const res = await fetch(`${running.url}/api/v1/channels/demopay-chat/checks?limit=1000`);
    const { checks } = (await res.json()) as { checks: { outcome: string }[] };
    expect(checks.some((c) => c.outcome === 'degraded')).toBe(true);
  });
});
