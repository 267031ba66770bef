import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger, type Logger } from '../../src/log.ts';
import { BatchWriter } from '../../src/scheduler/batch-writer.ts';
import { syncCatalog, type CatalogKeys } from '../../src/store/catalog-sync.ts';
import type { Database } from '../../src/store/database.ts';
import { listChannels, listChecks, listIncidents, loadRuntimeSnapshot } from '../../src/store/reads.ts';
import { openSqlite, type SqliteHandle } from '../../src/store/sqlite.ts';
import type { CheckRow } from '../../src/store/writes.ts';
import { makeCatalog, makeChannel, makeProvider } from '../support/catalog.ts';

const NOW = Date.parse('2026-11-23T04:00:00Z');
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function waitUntil(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(5);
  }
}

let handle: SqliteHandle;
let keys: CatalogKeys;
let channelPk: number;
let probePk: number;
const writers: BatchWriter[] = [];

beforeEach(async () => {
  handle = openSqlite(':memory:');
  keys = await syncCatalog(handle, makeCatalog([makeProvider('acme', [makeChannel('acme-hotline')])]), NOW);
  channelPk = keys.channelPk.get('acme-hotline')!;
  probePk = keys.probePk.get('acme-hotline#0')!;
});

afterEach(async () => {
  // Settle pending timers before the database goes away.
  await Promise.all(writers.splice(0).map((w) => w.flush()));
  handle.close();
});

function makeWriter(database: Database, options: { flushMs?: number; maxRows?: number; maxBuffered?: number; log?: Logger } = {}): BatchWriter {
  const writer = new BatchWriter(database, { log: silentLogger, ...options });
  writers.push(writer);
  return writer;
}

function row(startedAt: number, outcome: CheckRow['outcome'] = 'up'): CheckRow {
  return {
    channelPk,
    probePk,
    startedAt,
    durationMs: 7,
    outcome,
    httpStatus: outcome === 'down' ? null : 200,
    errorClass: outcome === 'down' ? 'timeout' : null,
    message: outcome === 'down' ? 'no answer' : null,
  };
}

const storedTimes = async (): Promise<number[]> =>
  (await listChecks(handle.db, channelPk, null, 10_000)).map((c) => c.startedAt).sort((a, b) => a - b);

/** Wraps the real database so that its first `failures` writes throw, as a locked or full disk would. */
function flakyDatabase(real: Database, failures: number): Database & { attempts: number } {
  const flaky = {
    attempts: 0,
    db: real.db,
    transact: async (statements: Parameters<Database['transact']>[0]) => {
      flaky.attempts++;
      if (flaky.attempts <= failures) throw new Error('SQLITE_BUSY: database is locked');
      await real.transact(statements);
    },
  };
  return flaky;
}

describe('BatchWriter', () => {
  it('writes checks and state changes on flush()', async () => {
    const writer = makeWriter(handle, { flushMs: 60_000 });
    writer.addCheck(row(NOW + 1, 'down'));
    writer.addCheck(row(NOW + 2, 'down'));
    writer.addChange({ kind: 'probe_status', probePk, status: 'down', since: NOW + 1 });
    writer.addChange({ kind: 'channel_status', channelPk, state: 'down', since: NOW + 1 });
    writer.addChange({ kind: 'incident_open', channelPk, startedAt: NOW + 1, causeClass: 'timeout', causeMessage: 'no answer' });
    expect(await storedTimes()).toEqual([]);
    await writer.flush();
    expect(await storedTimes()).toEqual([NOW + 1, NOW + 2]);
    const [channel] = await listChannels(handle.db);
    expect(channel).toMatchObject({ id: 'acme-hotline', state: 'down', since: NOW + 1 });
    expect((await loadRuntimeSnapshot(handle.db)).probeStatus.get(probePk)).toEqual({ status: 'down', since: NOW + 1 });
    expect(await listIncidents(handle.db, { limit: 10 })).toMatchObject([{ channelId: 'acme-hotline', startedAt: NOW + 1, endedAt: null, causeClass: 'timeout' }]);
  });

  it('writes on its own after flushMs', async () => {
    const writer = makeWriter(handle, { flushMs: 10 });
    writer.addCheck(row(NOW + 1));
    writer.addChange({ kind: 'channel_status', channelPk, state: 'up', since: NOW + 1 });
    await waitUntil(async () => (await storedTimes()).length === 1, 'the check is stored');
    await waitUntil(async () => (await listChannels(handle.db))[0]?.state === 'up', 'the state is stored');
  });

  it('writes at once when maxRows checks are waiting', async () => {
    const writer = makeWriter(handle, { flushMs: 60_000, maxRows: 5 });
    for (let i = 1; i <= 4; i++) writer.addCheck(row(NOW + i));
    await sleep(20);
    expect(await storedTimes()).toEqual([]);
    writer.addCheck(row(NOW + 5));
    await waitUntil(async () => (await storedTimes()).length === 5, 'five checks are stored');
    writer.addCheck(row(NOW + 6));
    await sleep(20);
    expect((await storedTimes()).length).toBe(5);
    await writer.flush();
    expect(await storedTimes()).toEqual([1, 2, 3, 4, 5, 6].map((i) => NOW + i));
  });

  it('applies the state changes of a batch in order', async () => {
    const writer = makeWriter(handle, { flushMs: 60_000 });
    writer.addChange({ kind: 'channel_status', channelPk, state: 'down', since: NOW + 1 });
    writer.addChange({ kind: 'incident_open', channelPk, startedAt: NOW + 1, causeClass: 'dns', causeMessage: null });
    writer.addChange({ kind: 'channel_status', channelPk, state: 'up', since: NOW + 9 });
    writer.addChange({ kind: 'incident_close', channelPk, endedAt: NOW + 9 });
    await writer.flush();
    expect((await listChannels(handle.db))[0]).toMatchObject({ state: 'up', since: NOW + 9 });
    expect(await listIncidents(handle.db, { limit: 10 })).toMatchObject([{ startedAt: NOW + 1, endedAt: NOW + 9 }]);
  });

  it('flush() with nothing waiting does not touch the database', async () => {
    const flaky = flakyDatabase(handle, 0);
    const writer = makeWriter(flaky);
    await writer.flush();
    expect(flaky.attempts).toBe(0);
  });

  it('keeps a batch the database refused and writes everything exactly once later', async () => {
    const flaky = flakyDatabase(handle, 1);
    const errors: unknown[] = [];
    const log: Logger = { ...silentLogger, error: (_msg, fields) => errors.push(fields?.err) };
    const writer = makeWriter(flaky, { flushMs: 60_000, log });
    for (let i = 1; i <= 3; i++) writer.addCheck(row(NOW + i, 'down'));
    writer.addChange({ kind: 'channel_status', channelPk, state: 'down', since: NOW + 1 });
    writer.addChange({ kind: 'incident_open', channelPk, startedAt: NOW + 1, causeClass: 'timeout', causeMessage: 'no answer' });

    await writer.flush(); // refused: resolves, keeps the batch
    expect(flaky.attempts).toBe(1);
    expect(writer.lastError).toBeInstanceOf(Error);
    expect(errors).toHaveLength(1);
    expect(await storedTimes()).toEqual([]);
    expect(writer.pending).toBe(5); // 3 checks and 2 changes kept for the retry

    // More arrives while the database is away; it goes after the kept batch.
    writer.addCheck(row(NOW + 4));
    writer.addChange({ kind: 'channel_status', channelPk, state: 'up', since: NOW + 4 });
    writer.addChange({ kind: 'incident_close', channelPk, endedAt: NOW + 4 });
    await writer.flush();
    expect(flaky.attempts).toBe(2);
    expect(writer.lastError).toBeNull();
    expect(writer.pending).toBe(0);
    expect(writer.dropped).toBe(0);
    expect(await storedTimes()).toEqual([1, 2, 3, 4].map((i) => NOW + i));
    expect((await listChannels(handle.db))[0]).toMatchObject({ state: 'up', since: NOW + 4 });
    expect(await listIncidents(handle.db, { limit: 10 })).toMatchObject([{ startedAt: NOW + 1, endedAt: NOW + 4, causeClass: 'timeout' }]);

    await writer.flush(); // nothing left: no third write, no duplicate
    expect(flaky.attempts).toBe(2);
    expect(await storedTimes()).toHaveLength(4);
  });

  it('retries a refused batch on its own', async () => {
    const flaky = flakyDatabase(handle, 3);
    const writer = makeWriter(flaky, { flushMs: 10 });
    for (let i = 1; i <= 10; i++) writer.addCheck(row(NOW + i));
    await waitUntil(async () => (await storedTimes()).length === 10, 'all ten checks are stored');
    expect(flaky.attempts).toBe(4);
    await sleep(30);
    expect(await storedTimes()).toEqual(Array.from({ length: 10 }, (_, i) => NOW + i + 1));
  });

  it('keeps at most maxBuffered checks while refused, dropping the oldest, but every state change', async () => {
    const flaky = flakyDatabase(handle, 1);
    const writer = makeWriter(flaky, { flushMs: 60_000, maxBuffered: 5 });
    for (let i = 1; i <= 8; i++) writer.addCheck(row(NOW + i));
    writer.addChange({ kind: 'channel_status', channelPk, state: 'up', since: NOW + 1 });
    await writer.flush();
    expect(writer.dropped).toBe(3);
    await writer.flush();
    expect(await storedTimes()).toEqual([4, 5, 6, 7, 8].map((i) => NOW + i));
    expect((await listChannels(handle.db))[0]?.state).toBe('up');
  });
});
