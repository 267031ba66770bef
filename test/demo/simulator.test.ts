import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CHAT_SLOW_DELAY_MS,
  SCRIPT,
  SCRIPT_END_MS,
  SIMULATOR_PATHS,
  phaseAt,
  startSimulator,
  type Simulator,
  type SimulatorPath,
} from '../../src/demo/simulator.ts';

describe('phaseAt', () => {
  // elapsed ms → hotline status, chat delay, whether the notices page announces the outage
  it.each([
    [0, 200, 0, false],
    [24_999, 200, 0, false],
    [25_000, 200, CHAT_SLOW_DELAY_MS, false],
    [34_999, 200, CHAT_SLOW_DELAY_MS, false],
    [35_000, 503, CHAT_SLOW_DELAY_MS, true],
    [59_999, 503, CHAT_SLOW_DELAY_MS, true],
    [60_000, 503, 0, true],
    [79_999, 503, 0, true],
    [80_000, 200, 0, false],
    [3_600_000, 200, 0, false],
  ])('at %i ms: hotline %i, chat delay %i ms, outage notice %s', (elapsed, hotlineStatus, chatDelay, notice) => {
    const phase = phaseAt(elapsed);
    expect(phase['/hotline/status'].status).toBe(hotlineStatus);
    expect(phase['/hotline/status'].body).toContain(hotlineStatus === 200 ? 'lines open' : '系统维护中 / system busy');
    expect(phase['/chat/health'].status).toBe(200);
    expect(phase['/chat/health'].delayMs).toBe(chatDelay);
    expect(JSON.parse(phase['/chat/health'].body)).toMatchObject({ status: 'ok' });
    expect(phase['/notices'].body.includes('Hotline maintenance')).toBe(notice);
    expect(phase['/help'].status).toBe(200);
    expect(phase['/forms/complaint'].status).toBe(200);
  });

  it('stays healthy after the script ends, exactly as it began', () => {
    expect(phaseAt(SCRIPT_END_MS)).toEqual(phaseAt(0));
    expect(phaseAt(10 * 3_600_000)).toEqual(phaseAt(0));
  });

  it.each(SCRIPT.map((event) => [event.atMs, event.text]))('the script line at %i ms marks a change of phase: %s', (atMs) => {
    expect(phaseAt(atMs)).not.toEqual(phaseAt(atMs - 1));
  });

  it('has a script line for every change of phase', () => {
    const changes: number[] = [];
    for (let ms = 1_000; ms <= SCRIPT_END_MS + 10_000; ms += 1_000) {
      if (JSON.stringify(phaseAt(ms)) !== JSON.stringify(phaseAt(ms - 1_000))) changes.push(ms);
    }
    expect(changes).toEqual(SCRIPT.map((event) => event.atMs).sort((a, b) => a - b));
  });
});

describe('startSimulator', () => {
  let simulator: Simulator | undefined;
  afterEach(async () => {
    await simulator?.close();
    simulator = undefined;
  });

  /** A simulator whose script clock the test sets by hand. */
  async function atScriptTime(): Promise<{ sim: Simulator; set: (elapsedMs: number) => void }> {
    let t = 1_000_000;
    const sim = await startSimulator({ now: () => t });
    simulator = sim;
    return { sim, set: (elapsedMs) => (t = sim.startedAt + elapsedMs) };
  }

  const fastCases = [0, 30_000, 40_000, 70_000, 90_000].flatMap((elapsed) =>
    SIMULATOR_PATHS.filter((path) => phaseAt(elapsed)[path].delayMs === 0).map((path) => [elapsed, path] as const),
  );

  it.each(fastCases)('at %i ms answers %s as phaseAt says', async (elapsed, path: SimulatorPath) => {
    const { sim, set } = await atScriptTime();
    set(elapsed);
    const expected = phaseAt(elapsed)[path];
    const res = await fetch(`${sim.url}${path}`);
    expect(res.status).toBe(expected.status);
    expect(res.headers.get('content-type')).toBe(expected.contentType);
    expect(await res.text()).toBe(expected.body);
  });

  it('answers the chat health check late while the chat is slow', async () => {
    const { sim, set } = await atScriptTime();
    set(30_000);
    const t0 = performance.now();
    const res = await fetch(`${sim.url}/chat/health`);
    const body = await res.json();
    // Only a lower bound: a loaded machine can make it later, never earlier.
    expect(performance.now() - t0).toBeGreaterThanOrEqual(CHAT_SLOW_DELAY_MS - 50);
    expect(res.status).toBe(200);
    expect(body).toEqual({ status: 'ok', queue: 41 });
  });

  it('runs the script `speed` times faster, delays included', async () => {
    let t = 5_000_000;
    const sim = await startSimulator({ now: () => t, speed: 10 });
    simulator = sim;
    t += 4_000; // 40 s of script
    expect(sim.elapsedMs()).toBe(40_000);
    expect((await fetch(`${sim.url}/hotline/status`)).status).toBe(503);
    t += 1_000; // 50 s: the chat is slow, but only 250 ms slow
    const t0 = performance.now();
    const res = await fetch(`${sim.url}/chat/health`);
    expect(await res.json()).toEqual({ status: 'ok', queue: 41 });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(CHAT_SLOW_DELAY_MS / 10 - 50);
    t += 4_000; // 90 s
    expect((await fetch(`${sim.url}/hotline/status`)).status).toBe(200);
  });

  it('answers HEAD with the status and no body', async () => {
    const { sim, set } = await atScriptTime();
    set(50_000);
    const res = await fetch(`${sim.url}/hotline/status`, { method: 'HEAD' });
    expect(res.status).toBe(503);
    expect(await res.text()).toBe('');
  });

  it.each([
    ['GET', '/nowhere', 404],
    ['GET', '/hotline', 404],
    ['POST', '/forms/complaint', 405],
    ['GET', '/', 200],
  ])('%s %s → %i', async (method, path, status) => {
    const { sim } = await atScriptTime();
    const res = await fetch(`${sim.url}${path}`, { method });
    expect(res.status).toBe(status);
    await res.arrayBuffer();
  });

  it('listens on 127.0.0.1 on an ephemeral port', async () => {
    const sim = await startSimulator();
    simulator = sim;
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('closes cleanly, ending a slow answer still pending, and may be closed twice', async () => {
    const { sim, set } = await atScriptTime();
    set(30_000);
    const pending = fetch(`${sim.url}/chat/health`).then((res) => res.text());
    const settled = pending.then(
      () => 'answered',
      () => 'failed',
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    await Promise.all([sim.close(), sim.close()]);
    expect(await settled).toBe('failed');
    await expect(fetch(`${sim.url}/help`)).rejects.toThrow();
  });

  it('refuses a speed that is not a positive number', async () => {
    await expect(startSimulator({ speed: 0 })).rejects.toThrow(RangeError);
    await expect(startSimulator({ speed: Number.NaN })).rejects.toThrow(RangeError);
  });
});
