/**
 * The monitor over a real in-memory SQLite database, with the probe port (`runProbe`) answering
 * from a script instead of the network. Intervals are 50 ms (the catalog is built directly, so
 * the config's 10 s minimum does not apply); everything is asserted through the store's reads.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Catalog, CheckResult, ProbeSpec, ServiceHours } from '../../src/domain/catalog.ts';
import type { CheckOutcome, ErrorClass } from '../../src/domain/vocabulary.ts';
import { silentLogger, type Logger } from '../../src/log.ts';
import { Monitor } from '../../src/monitor/monitor.ts';
import { syncCatalog } from '../../src/store/catalog-sync.ts';
import { listChannels, listChecks, listIncidents, loadRuntimeSnapshot, type StoredCheck } from '../../src/store/reads.ts';
import { openSqlite, type SqliteHandle } from '../../src/store/sqlite.ts';
import { makeCatalog, makeChannel, makeCheck, makeProvider, NEVER_OPEN } from '../support/catalog.ts';

const INTERVAL_MS = 50;
const PROBE_MS = 15;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function waitUntil(condition: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(10);
  }
}

interface Step {
  outcome: CheckOutcome;
  errorClass?: ErrorClass;
}

/**
 * The injected probe port: each probe key answers its script in order, then repeats the last
 * step (or `fallback`, which a test may change to make a channel heal).
 */
class ScriptedProbes {
  readonly calls = new Map<string, number>();
  constructor(
    private readonly scripts: Record<string, Step[]>,
    public fallback: Record<string, Step> = {},
  ) {}

  readonly run = async (spec: ProbeSpec): Promise<CheckResult> => {
    const n = this.calls.get(spec.key) ?? 0;
    this.calls.set(spec.key, n + 1);
    const script = this.scripts[spec.key] ?? [];
    const step = script[n] ?? this.fallback[spec.key] ?? script.at(-1) ?? { outcome: 'up' };
    const startedAt = Date.now();
    // A check takes time, as a real one does: it ends after it started.
    await sleep(PROBE_MS);
    const overrides = step.errorClass ? { errorClass: step.errorClass, message: `${step.errorClass} failure` } : {};
    return makeCheck(step.outcome, startedAt, { durationMs: Date.now() - startedAt, ...overrides });
  };
}

/** A logger port that remembers channel state changes, so transitions can be asserted in order. */
function recordingLogger(): Logger & { transitions: string[] } {
  const transitions: string[] = [];
  return {
    ...silentLogger,
    transitions,
    info(msg, fields) {
      if (msg === 'channel state changed') transitions.push(`${String(fields?.channel)}: ${String(fields?.from)} → ${String(fields?.to)}`);
    },
  };
}

/** Weekly hours open all of the day three days from now (UTC): closed for the whole test. */
function closedNow(): ServiceHours {
  const day = (new Date().getUTCDay() + 3) % 7;
  return { kind: 'weekly', ranges: [{ day, start: 0, end: 1440 }], exceptions: {} };
}

const chat = (hours?: ServiceHours) => makeChannel('acme-chat', { kind: 'live_chat', probe: { intervalMs: INTERVAL_MS }, ...(hours ? { hours } : {}) });
const form = (hours?: ServiceHours) => makeChannel('acme-form', { kind: 'web_form', probe: { intervalMs: INTERVAL_MS }, ...(hours ? { hours } : {}) });

let handle: SqliteHandle;
const monitors: Monitor[] = [];

beforeEach(() => {
  handle = openSqlite(':memory:');
});

afterEach(async () => {
  await Promise.all(monitors.splice(0).map((m) => m.stop()));
  handle.close();
});

/** Syncs `catalog` and builds a monitor from what the store remembers, as the Node entry does. */
async function startMonitor(catalog: Catalog, probes: ScriptedProbes, log: Logger = silentLogger, start = true): Promise<Monitor> {
  const keys = await syncCatalog(handle, catalog, Date.now());
  const snapshot = await loadRuntimeSnapshot(handle.db);
  const monitor = new Monitor({
    database: handle,
    catalog,
    keys,
    snapshot,
    runProbe: probes.run,
    log,
    writer: { flushMs: 10 },
  });
  monitors.push(monitor);
  if (start) monitor.start();
  return monitor;
}

async function channelState(id: string): Promise<string | undefined> {
  return (await listChannels(handle.db)).find((c) => c.id === id)?.state;
}

async function checksOf(id: string): Promise<StoredCheck[]> {
  const channel = (await listChannels(handle.db)).find((c) => c.id === id);
  if (!channel) throw new Error(`no channel ${id}`);
  return (await listChecks(handle.db, channel.pk, null, 10_000)).reverse(); // oldest first
}

const incidentsOf = async (id: string) => (await listIncidents(handle.db, { limit: 100 })).filter((i) => i.channelId === id);

describe('Monitor', () => {
  it('goes unknown → down after 2 failures → up after 1 success, with one incident caused by the first failure', async () => {
    const probes = new ScriptedProbes({
      'acme-chat#0': [{ outcome: 'down', errorClass: 'dns' }, { outcome: 'down', errorClass: 'timeout' }, { outcome: 'up' }],
    });
    const log = recordingLogger();
    const monitor = await startMonitor(makeCatalog([makeProvider('acme', [chat()])]), probes, log);
    expect(monitor.probeCount).toBe(1);
    expect(await channelState('acme-chat')).toBe('unknown');

    await waitUntil(async () => (await incidentsOf('acme-chat')).some((i) => i.endedAt !== null), 'the incident is closed');
    await monitor.stop();

    expect(log.transitions).toEqual(['acme-chat: unknown → down', 'acme-chat: down → up']);
    const checks = await checksOf('acme-chat');
    expect(checks.slice(0, 3).map((c) => [c.outcome, c.errorClass])).toEqual([
      ['down', 'dns'],
      ['down', 'timeout'],
      ['up', null],
    ]);
    const [firstFailure, , recovery] = checks;
    const incidents = await incidentsOf('acme-chat');
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({
      providerId: 'acme',
      startedAt: firstFailure!.startedAt,
      endedAt: recovery!.startedAt,
      causeClass: 'dns',
      causeMessage: 'dns failure',
    });
    const channel = (await listChannels(handle.db)).find((c) => c.id === 'acme-chat');
    expect(channel).toMatchObject({ state: 'up', since: recovery!.startedAt });
    expect(monitor.schedulerStats.started).toBe(checks.length);
  });

  it('opens no incident for a failing channel outside its hours, but does for an open one', async () => {
    const probes = new ScriptedProbes({
      'acme-chat#0': [{ outcome: 'down', errorClass: 'connect' }],
      'acme-form#0': [{ outcome: 'down', errorClass: 'connect' }],
    });
    const monitor = await startMonitor(makeCatalog([makeProvider('acme', [chat(closedNow()), form()])]), probes);
    await waitUntil(async () => (await channelState('acme-chat')) === 'down' && (await channelState('acme-form')) === 'down', 'both are measured down');
    await waitUntil(async () => (await checksOf('acme-chat')).length >= 4, 'the chat failed 4 times');
    await monitor.stop();
    expect(await incidentsOf('acme-chat')).toEqual([]);
    expect(await incidentsOf('acme-form')).toMatchObject([{ endedAt: null, causeClass: 'connect' }]);
  });

  it('opens no incident inside a maintenance window (channel or provider level), but does outside one', async () => {
    const now = Date.now();
    const window = { kind: 'once' as const, startsAt: now - 3_600_000, endsAt: now + 3_600_000 };
    const probes = new ScriptedProbes({
      'acme-chat#0': [{ outcome: 'down', errorClass: 'connect' }],
      'acme-form#0': [{ outcome: 'down', errorClass: 'connect' }],
      'beta-chat#0': [{ outcome: 'down', errorClass: 'connect' }],
    });
    const inWindow = makeChannel('acme-chat', { probe: { intervalMs: INTERVAL_MS }, maintenance: [window] });
    const betaChat = makeChannel('beta-chat', { probe: { intervalMs: INTERVAL_MS } });
    const catalog = makeCatalog([makeProvider('acme', [inWindow, form()]), makeProvider('beta', [betaChat], { maintenance: [window] })]);
    const monitor = await startMonitor(catalog, probes);
    await waitUntil(async () => (await incidentsOf('acme-form')).length === 1, 'the form outside any window has an incident');
    await waitUntil(async () => (await checksOf('acme-chat')).length >= 4 && (await checksOf('beta-chat')).length >= 4, 'both windowed channels failed 4 times');
    await monitor.stop();
    expect(await channelState('acme-chat')).toBe('down'); // measured; people see `maintenance`
    expect(await incidentsOf('acme-chat')).toEqual([]);
    expect(await incidentsOf('beta-chat')).toEqual([]);
  });

  it('retries a failed check before it counts, storing only the final attempt', async () => {
    const probes = new ScriptedProbes({ 'acme-chat#0': [{ outcome: 'down', errorClass: 'timeout' }, { outcome: 'up' }] });
    const retrying = makeChannel('acme-chat', { probe: { intervalMs: 1_500, retry: 1, retryDelayMs: 20 } });
    const monitor = await startMonitor(makeCatalog([makeProvider('acme', [retrying])]), probes);
    await waitUntil(async () => (await checksOf('acme-chat')).length === 1, 'the first check is stored');
    await monitor.stop();
    expect(probes.calls.get('acme-chat#0')).toBe(2);
    expect((await checksOf('acme-chat')).map((c) => c.outcome)).toEqual(['up']);
    expect(await channelState('acme-chat')).toBe('up');
  });

  it('opens no incident for a channel that is never open, however long it fails', async () => {
    const probes = new ScriptedProbes({ 'acme-chat#0': [{ outcome: 'down', errorClass: 'timeout' }] });
    const monitor = await startMonitor(makeCatalog([makeProvider('acme', [chat(NEVER_OPEN)])]), probes);
    await waitUntil(async () => (await checksOf('acme-chat')).length >= 5, 'the chat failed 5 times');
    await monitor.stop();
    expect(await channelState('acme-chat')).toBe('down');
    expect(await listIncidents(handle.db, { limit: 10 })).toEqual([]);
  });

  it('keeps exactly one open incident across a restart while down, and closes it on recovery', async () => {
    const catalog = makeCatalog([makeProvider('acme', [chat()])]);
    const before = new ScriptedProbes({ 'acme-chat#0': [{ outcome: 'down', errorClass: 'tls' }, { outcome: 'down', errorClass: 'timeout' }] });
    const first = await startMonitor(catalog, before);
    await waitUntil(async () => (await incidentsOf('acme-chat')).length === 1, 'an incident is open');
    await first.stop();
    const opened = (await incidentsOf('acme-chat'))[0]!;
    expect(opened).toMatchObject({ endedAt: null, causeClass: 'tls' });

    // A new process on the same database, still failing for a while.
    const after = new ScriptedProbes({ 'acme-chat#0': [{ outcome: 'down', errorClass: 'timeout' }] });
    const second = await startMonitor(catalog, after);
    const checksBefore = (await checksOf('acme-chat')).length;
    await waitUntil(async () => (await checksOf('acme-chat')).length >= checksBefore + 4, 'four more failures are stored');
    expect(await incidentsOf('acme-chat')).toEqual([opened]);
    expect(await channelState('acme-chat')).toBe('down');

    after.fallback['acme-chat#0'] = { outcome: 'up' };
    await waitUntil(async () => (await incidentsOf('acme-chat'))[0]?.endedAt !== null, 'the incident is closed');
    await second.stop();
    const incidents = await incidentsOf('acme-chat');
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ id: opened.id, startedAt: opened.startedAt, causeClass: 'tls' });
    expect(await channelState('acme-chat')).toBe('up');
  });

  it('closes, on restart, the open incident of a channel that left the catalog', async () => {
    const probes = new ScriptedProbes({ 'acme-chat#0': [{ outcome: 'down', errorClass: 'http_status' }] });
    const first = await startMonitor(makeCatalog([makeProvider('acme', [chat(), form()])]), probes);
    await waitUntil(async () => (await incidentsOf('acme-chat')).length === 1, 'the chat has an incident');
    await first.stop();

    const second = await startMonitor(makeCatalog([makeProvider('acme', [form()])]), new ScriptedProbes({}), silentLogger, false);
    expect(second.probeCount).toBe(1);
    await second.flush();
    const [incident] = await incidentsOf('acme-chat');
    expect(incident?.endedAt).not.toBeNull();
    expect(incident!.endedAt!).toBeGreaterThanOrEqual(incident!.startedAt);
    expect(await listIncidents(handle.db, { open: true, limit: 10 })).toEqual([]);
    expect((await listChannels(handle.db)).map((c) => c.id)).toEqual(['acme-form']);
  });

  it('treats a slow answer as degraded, and degraded as the end of an outage', async () => {
    const probes = new ScriptedProbes({
      'acme-chat#0': [{ outcome: 'down', errorClass: 'timeout' }, { outcome: 'down', errorClass: 'timeout' }, { outcome: 'degraded' }],
    });
    const log = recordingLogger();
    const monitor = await startMonitor(makeCatalog([makeProvider('acme', [chat()])]), probes, log);
    await waitUntil(async () => (await incidentsOf('acme-chat'))[0]?.endedAt != null, 'the incident is closed');
    await monitor.stop();
    expect(log.transitions).toEqual(['acme-chat: unknown → down', 'acme-chat: down → degraded']);
    expect(await channelState('acme-chat')).toBe('degraded');
  });
});
