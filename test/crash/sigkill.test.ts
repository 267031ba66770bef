/**
 * Crash safety of the real process. 300 channels probe a flapping local target (incidents open
 * and close all the time); the process is killed with SIGKILL at a seeded random moment, 20
 * times, each time restarted on the same file. After every kill: SQLite's integrity check
 * passes, the invariants of `db-invariants.ts` hold, only the newest checks (the last batch)
 * are missing, an incident open before a kill is still known
 * after it (closed by the first good check), and probing resumed. A last round stops with
 * SIGTERM after one full interval: nothing is lost and every probe ran within one interval.
 * Alerts of 8 channels go to a local webhook throughout: in the end every event was delivered,
 * none twice by one run of the process (a redelivery after a kill carries the same id).
 * `CRASH_SEED=<n>` replays a failing run.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stableHash } from '../../src/scheduler/spread.ts';
import { startAlertReceiver, type AlertReceiver } from './alert-receiver.ts';
import { inspectDatabase, invariantProblems, type Inspection } from './db-invariants.ts';
import { servedSince, startFlappingTarget, type FlappingTarget } from './flapping-target.ts';
import { INTERVAL_MS, channelIds, killHard, seededRandom, sleep, spawnReal, waitUntil, writeFleetConfig, type RealProcess } from './real-process.ts';

const SEED = Number(process.env.CRASH_SEED ?? 20261123);
const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 20);
const CHANNELS = 300;
/**
 * Checks are recorded in the order their answers arrive, give or take this much (two answers
 * read in the same tick), so "only the newest were lost" is judged with this slack.
 */
const REORDER_MS = 250;
/**
 * The writer flushes every 250 ms, so a lost check is normally well under 1 s old (the summary
 * prints the oldest); on a starved machine timers run late, so the assertion only catches a
 * writer that stopped flushing.
 */
const STALL_BOUND_MS = 5000;

let dir: string;
let target: FlappingTarget;
let receiver: AlertReceiver;
let config: string;
let ids: string[];
let proc: RealProcess | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'supportwatch-crash-'));
  target = await startFlappingTarget(SEED);
  receiver = await startAlertReceiver();
  config = join(dir, 'fleet.yaml');
  // Alerts for the 8 channels probed first after each start (a probe keeps its phase across
  // restarts), so the short rounds between kills make events for them; 4 routes of 2 channels.
  const phase = (id: string) => stableHash(`${id}#0`) % INTERVAL_MS;
  const alerted = channelIds(CHANNELS)
    .sort((a, b) => phase(a) - phase(b))
    .slice(0, 8);
  const routes = [0, 1, 2, 3].map((i) => alerted.slice(2 * i, 2 * i + 2));
  ids = writeFleetConfig(config, target.url, CHANNELS, 100, { url: `${receiver.url}/hook`, routes });
});

afterAll(async () => {
  await killHard(proc);
  await target?.close();
  await receiver?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Alert events not yet fanned out to routes, plus deliveries not yet made. */
function outboxPending(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    const row = db
      .prepare("SELECT (SELECT count(*) FROM alert_events WHERE routed_at IS NULL) + (SELECT count(*) FROM alert_deliveries WHERE status = 'pending') AS n")
      .get() as { n: number };
    return row.n;
  } finally {
    db.close();
  }
}

/** Reads the API in a loop while the process runs: the kill lands while requests are in flight too. */
function readLoad(url: string): { stop(): Promise<number[]> } {
  const statuses: number[] = [];
  let running = true;
  const paths = ['/api/v1/providers', '/api/v1/incidents', `/api/v1/providers/fleet-p1`, '/api/v1/health'];
  const loop = (async () => {
    for (let i = 0; running; i++) {
      try {
        statuses.push((await fetch(url + paths[i % paths.length]!, { signal: AbortSignal.timeout(5000) })).status);
      } catch {
        // killed mid-request
      }
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return statuses;
    },
  };
}

/**
 * Per channel: stored ⊆ asked, in order and with the same outcome. Across channels, what is
 * missing is the newest: nothing answered before the newest stored check is lost, which is
 * "at most the last batch" without a clock.
 */
function lossProblems(inspection: Inspection, since: number, killedAt: number | null): { problems: string[]; lost: number; stored: number; oldestLostMs: number } {
  const problems: string[] = [];
  let lost = 0;
  let stored = 0;
  let oldestLostMs = 0;
  const newestStored = Math.max(0, ...ids.map((id) => servedSince(target, id, since)[(inspection.channels.get(id)?.checksSince.length ?? 0) - 1]?.at ?? 0));
  for (const id of ids) {
    const asked = servedSince(target, id, since);
    const kept = inspection.channels.get(id)?.checksSince ?? [];
    stored += kept.length;
    if (kept.length > asked.length) {
      problems.push(`${id}: ${kept.length} checks stored but the target answered ${asked.length}`);
      continue;
    }
    kept.forEach((check, i) => {
      const expected = asked[i]!.ok ? 'up' : 'down';
      if (check.outcome !== expected) problems.push(`${id}: check ${i} stored as ${check.outcome}, the target answered ${expected}`);
    });
    for (const missing of asked.slice(kept.length)) {
      lost++;
      if (killedAt === null) problems.push(`${id}: a check answered at ${missing.at} is missing after a graceful stop`);
      else {
        oldestLostMs = Math.max(oldestLostMs, killedAt - missing.at);
        if (missing.at < newestStored - REORDER_MS) problems.push(`${id}: a check answered ${newestStored - missing.at} ms before the newest stored one is missing`);
        if (killedAt - missing.at > STALL_BOUND_MS) problems.push(`${id}: a check answered ${killedAt - missing.at} ms before the kill is missing`);
      }
    }
  }
  return { problems, lost, stored, oldestLostMs };
}

describe('crash safety of the real process', () => {
  it(`survives ${ROUNDS} SIGKILLs at random moments under load, then stops gracefully losing nothing`, async () => {
    const random = seededRandom(SEED);
    const summary: string[] = [];
    let openBefore = new Map<string, number>();

    for (let round = 0; round < ROUNDS; round++) {
      const since = Date.now();
      receiver.run = round;
      proc = await spawnReal(config, join(dir, 'fleet.db'));
      const load = readLoad(proc.url);
      await sleep(100 + Math.floor(random() * 900));
      const statuses = await load.stop();
      const killedAt = Date.now();
      proc.child.kill('SIGKILL');
      expect((await proc.exited).signal, `round ${round} (seed ${SEED})`).toBe('SIGKILL');

      const inspection = inspectDatabase(join(dir, 'fleet.db'), since);
      const where = `round ${round} (seed ${SEED}, killed ${killedAt - proc.startedAt} ms after start)`;
      expect(invariantProblems(inspection), where).toEqual([]);
      const loss = lossProblems(inspection, since, killedAt);
      expect(loss.problems, where).toEqual([]);
      expect(statuses.filter((s) => s >= 500), `${where}: API answers`).toEqual([]);
      // Probing resumed after the restart: the target was asked again.
      const asked = ids.reduce((n, id) => n + servedSince(target, id, since).length, 0);
      expect(asked, where).toBeGreaterThan(0);
      // An incident open before the kill is still known: the first good check after the restart closed it.
      for (const [id, incidentId] of openBefore) {
        const channel = inspection.channels.get(id)!;
        const incident = channel.incidents.find((i) => i.id === incidentId);
        expect(incident, `${where}: incident ${incidentId} of ${id} vanished`).toBeDefined();
        if (channel.checksSince.some((c) => c.outcome === 'up')) expect(incident!.endedAt, `${where}: incident ${incidentId} of ${id} still open after a good check`).not.toBeNull();
      }
      openBefore = new Map([...inspection.channels].flatMap(([id, c]) => c.incidents.filter((i) => i.endedAt === null).map((i) => [id, i.id] as [string, number])));
      summary.push(`${round}: +${loss.stored} stored, ${loss.lost} lost (oldest ${loss.oldestLostMs} ms before the kill), ${openBefore.size} open incidents`);
    }

    // The graceful stop: the targets settle (every answer good, so incidents close and no new
    // alert arises), one full interval so every probe has run, the alerts drain, then SIGTERM.
    target.failShare = 0;
    const since = Date.now();
    receiver.run = ROUNDS;
    proc = await spawnReal(config, join(dir, 'fleet.db'));
    const started = proc.startedAt;
    await waitUntil(() => ids.every((id) => servedSince(target, id, since).length > 0), 'every probe ran after the restart', INTERVAL_MS + 20_000);
    await sleep(1000); // the last batch, with its alert events, is written
    await waitUntil(() => outboxPending(join(dir, 'fleet.db')) === 0, 'every alert is delivered', 30_000);
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toEqual({ code: 0, signal: null });
    const inspection = inspectDatabase(join(dir, 'fleet.db'), since);
    expect(invariantProblems(inspection)).toEqual([]);
    expect(lossProblems(inspection, since, null).problems).toEqual([]);
    // Scheduling resumed within one interval (and the 1 s the scheduler itself calls late).
    const late = ids.filter((id) => inspection.channels.get(id)!.checksSince[0]!.startedAt > started + INTERVAL_MS + 1000);
    expect(late).toEqual([]);
    for (const [id, incidentId] of openBefore) {
      const channel = inspection.channels.get(id)!;
      if (channel.checksSince.some((c) => c.outcome === 'up')) expect(channel.incidents.find((i) => i.id === incidentId)?.endedAt).not.toBeNull();
    }
    // Alerts: every event of the route delivered, each id received, never twice by one run.
    const db = new Database(join(dir, 'fleet.db'), { readonly: true });
    const deliveries = db
      .prepare("SELECT e.key AS key, d.status AS status FROM alert_deliveries d JOIN alert_events e ON e.id = d.event_id WHERE d.route_id LIKE 'crash-hook-%'")
      .all() as { key: string; status: string }[];
    db.close();
    expect(deliveries.length).toBeGreaterThan(0);
    expect(deliveries.filter((d) => d.status !== 'delivered')).toEqual([]);
    expect([...receiver.received.keys()].sort()).toEqual(deliveries.map((d) => d.key).sort());
    const twiceInOneRun = [...receiver.received].filter(([, runs]) => new Set(runs).size !== runs.length);
    expect(twiceInOneRun).toEqual([]);
    const redelivered = [...receiver.received.values()].filter((runs) => runs.length > 1).length;
    summary.push(`alerts: ${deliveries.length} delivered, ${redelivered} of them again after a kill (same id)`);
    console.info(`crash rounds (seed ${SEED}):\n  ${summary.join('\n  ')}`);
  }, 400_000);
});
