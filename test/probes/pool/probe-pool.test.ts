/**
 * The probe pool runs real checks on real worker threads against local servers: the results
 * are the ones `runProbe` gives on the main thread, many checks in flight come back to the
 * right callers, and a check that throws fails alone without taking its thread down.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult, ProbeSpec } from '../../../src/domain/catalog.ts';
import { silentLogger } from '../../../src/log.ts';
import { runProbe } from '../../../src/probes/index.ts';
import { ProbePool } from '../../../src/probes/pool/probe-pool.ts';
import { makeProbe } from '../../support/catalog.ts';
import { startHttpServer, type LocalServer } from '../../support/local-server.ts';

let server: LocalServer;
let pool: ProbePool;
let served = 0;
const noFallback = () => Promise.reject(new Error('the fallback must not run while the threads are healthy'));

beforeAll(async () => {
  server = await startHttpServer((req, res) => {
    served++;
    if (req.url?.startsWith('/ok')) res.writeHead(200, { 'content-type': 'text/plain' }).end(`chat online ${req.url}`);
    else if (req.url?.startsWith('/fail')) res.writeHead(503).end('busy');
    // /hang: never answered; the probe's timeout ends it.
  });
  pool = ProbePool.start({ threads: 2, log: silentLogger }, noFallback);
});

afterAll(async () => {
  await pool.close();
  await server.close();
});

/** The parts of a result that do not depend on timing. */
function verdict(result: CheckResult) {
  return { outcome: result.outcome, httpStatus: result.httpStatus, errorClass: result.errorClass, message: result.message };
}

describe('ProbePool', () => {
  it.each([
    ['an answer that passes', '/ok/1', { status: [200], contains: 'online' }],
    ['a status not expected', '/fail/1', { status: [200], contains: null }],
    ['a body without the expected text', '/ok/2', { status: [200], contains: 'offline' }],
    ['a target that never answers', '/hang/1', { status: [200], contains: null }],
  ])('gives the same verdict as the main thread for %s', async (_name, path, expect_) => {
    // Only the hanging target needs a short timeout; the others get room on a loaded machine.
    const spec = makeProbe('acme-chat', { url: `${server.url}${path}`, timeoutMs: path.startsWith('/hang') ? 300 : 5_000, expect: { ...expect_, notContains: null, maxLatencyMs: null } });
    const [threaded, direct] = await Promise.all([pool.run(spec), runProbe(spec)]);
    expect(verdict(threaded)).toEqual(verdict(direct));
    expect(threaded.startedAt).toBeGreaterThan(0);
    expect(threaded.phases?.total).toBeTypeOf('number');
  });

  it('returns each of many concurrent checks to its own caller, across both threads', async () => {
    const before = served;
    const specs: ProbeSpec[] = Array.from({ length: 200 }, (_, i) =>
      makeProbe(`ch-${i}`, { url: `${server.url}/${i % 5 === 0 ? 'fail' : 'ok'}/${i}`, expect: { status: [200], contains: `/ok/${i}`, notContains: null, maxLatencyMs: null } }),
    );
    const results = await Promise.all(specs.map((spec) => pool.run(spec)));
    // Every fifth check was sent to /fail; the others pass only if their own path came back.
    expect(results.map((r) => r.outcome)).toEqual(specs.map((_, i) => (i % 5 === 0 ? 'down' : 'up')));
    expect(served - before).toBe(200);
  });

  it('runs the same spec many times over, concurrently and in turn', async () => {
    const spec = makeProbe('again', { url: `${server.url}/ok/again` });
    for (let round = 0; round < 3; round++) {
      const results = await Promise.all(Array.from({ length: 20 }, () => pool.run(spec)));
      expect(new Set(results.map((r) => r.outcome))).toEqual(new Set(['up']));
    }
  });

  it('fails only the check whose probe throws; the thread keeps running others', async () => {
    // No probe kind is called "carrier-pigeon": runProbe has nothing to run, a bug by construction.
    const broken = { ...makeProbe('broken'), type: 'carrier-pigeon' } as unknown as ProbeSpec;
    const healthy = makeProbe('healthy', { url: `${server.url}/ok/healthy` });
    const [bad, good] = await Promise.allSettled([pool.run(broken), pool.run(healthy)]);
    expect(bad.status).toBe('rejected');
    expect(good).toMatchObject({ status: 'fulfilled', value: { outcome: 'up' } });
    await expect(pool.run(healthy)).resolves.toMatchObject({ outcome: 'up' });
  });
});

describe('ProbePool with a thread that dies', () => {
  it('fails the running checks, starts a new thread, and probes on the main thread once threads die at start', async () => {
    const logged: string[] = [];
    const log = { ...silentLogger, error: (msg: string) => logged.push(msg) };
    let fallbackRuns = 0;
    const fallback = (spec: ProbeSpec) => {
      fallbackRuns++;
      return runProbe(spec);
    };
    const dying = ProbePool.start({ threads: 1, log, entry: new URL('./fixtures/dies-on-first-run.mjs', import.meta.url) }, fallback);
    const spec = makeProbe('acme-chat', { url: `${server.url}/ok/fallback`, timeoutMs: 5_000 });
    const settle = () => new Promise((r) => setTimeout(r, 2_200)); // past the crash-loop window
    try {
      await settle();
      await expect(dying.run(spec)).rejects.toThrow('probe thread 0 exited with code 4');
      expect(logged).toEqual(['probe thread exited; starting a new one']);

      await settle();
      await expect(dying.run(spec)).rejects.toThrow('probe thread 0 exited with code 4');
      expect(fallbackRuns).toBe(0);

      // The third thread dies as soon as it is used, within the crash-loop window: no more threads.
      await expect(dying.run(spec)).rejects.toThrow('probe thread 0 exited with code 4');
      expect(logged.at(-1)).toBe('probe thread keeps failing at start; probing on the main thread instead');
      await expect(dying.run(spec)).resolves.toMatchObject({ outcome: 'up' });
      expect(fallbackRuns).toBe(1);
    } finally {
      await dying.close();
    }
  });
});
