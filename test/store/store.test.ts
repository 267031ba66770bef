import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/domain/catalog.ts';
import { syncCatalog } from '../../src/store/catalog-sync.ts';
import type { Db } from '../../src/store/database.ts';
import {
  findChannel,
  latestChecks,
  listChannels,
  listChecks,
  listIncidents,
  listProviders,
  loadRuntimeSnapshot,
} from '../../src/store/reads.ts';
import { deleteChecksBefore } from '../../src/store/retention.ts';
import { openSqlite, type SqliteHandle } from '../../src/store/sqlite.ts';
import { writeBatch, type CheckRow } from '../../src/store/writes.ts';
import { makeCatalog, makeChannel, makeProbe, makeProvider } from '../support/catalog.ts';

const T0 = Date.parse('2026-11-23T00:00:00Z');
const MIN = 60_000;

/** Two providers: acme with a hotline (2 probes), a chat and a form; beta with an e-mail. */
function fullCatalog(): Catalog {
  return makeCatalog([
    makeProvider('acme', [
      makeChannel('acme-hotline', { probes: [makeProbe('acme-hotline'), makeProbe('acme-hotline', { index: 1 })] }),
      makeChannel('acme-chat', { kind: 'live_chat' }),
      makeChannel('acme-form', { kind: 'web_form' }),
    ]),
    makeProvider('beta', [makeChannel('beta-mail', { kind: 'email' })], { timezone: 'Europe/Berlin' }),
  ]);
}

/** The same catalog without some channels (and providers left with none). */
function without(catalog: Catalog, channelIds: string[]): Catalog {
  return {
    ...catalog,
    providers: catalog.providers.map((p) => ({ ...p, channels: p.channels.filter((c) => !channelIds.includes(c.id)) })),
  };
}

let handle: SqliteHandle;

beforeEach(() => {
  handle = openSqlite(':memory:');
});

afterEach(() => {
  handle.close();
});

const count = (table: string): number => (handle.raw.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

function check(channelPk: number, probePk: number, startedAt: number, outcome: CheckRow['outcome'] = 'up'): CheckRow {
  return { channelPk, probePk, startedAt, durationMs: 10, outcome, httpStatus: 200, errorClass: null, message: null };
}

describe('openSqlite', () => {
  it('applies the migrations to a new database', () => {
    const tables = (handle.raw.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['providers', 'channels', 'probes', 'checks', 'probe_status', 'channel_status', 'incidents']));
  });

  it('reopens a file database with its data, applying nothing twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'supportwatch-store-'));
    try {
      const path = join(dir, 'nested', 'watch.db');
      const first = openSqlite(path);
      await syncCatalog(first, fullCatalog(), T0);
      first.close();
      const second = openSqlite(path);
      expect((await listProviders(second.db)).map((p) => p.id)).toEqual(['acme', 'beta']);
      second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('syncCatalog', () => {
  it('stores the catalog and returns the integer keys of every channel and probe', async () => {
    const keys = await syncCatalog(handle, fullCatalog(), T0);
    expect([...keys.channelPk.keys()].sort()).toEqual(['acme-chat', 'acme-form', 'acme-hotline', 'beta-mail']);
    expect([...keys.probePk.keys()].sort()).toEqual(['acme-chat#0', 'acme-form#0', 'acme-hotline#0', 'acme-hotline#1', 'beta-mail#0']);
    for (const pk of [...keys.channelPk.values(), ...keys.probePk.values()]) expect(Number.isInteger(pk)).toBe(true);
    expect(await listProviders(handle.db)).toMatchObject([
      { id: 'acme', name: 'Provider acme', timezone: 'UTC', locale: 'en' },
      { id: 'beta', timezone: 'Europe/Berlin' },
    ]);
    const channels = await listChannels(handle.db);
    // In config order, with their probe counts and no state yet.
    expect(channels.map((c) => [c.id, c.probeCount, c.state, c.since])).toEqual([
      ['acme-hotline', 2, 'unknown', null],
      ['acme-chat', 1, 'unknown', null],
      ['acme-form', 1, 'unknown', null],
      ['beta-mail', 1, 'unknown', null],
    ]);
    expect(channels[0]).toMatchObject({ kind: 'hotline', hours: { kind: 'always' }, languages: ['en'], contact: null });
  });

  it('is idempotent: a second sync changes no key and no row', async () => {
    const first = await syncCatalog(handle, fullCatalog(), T0);
    const before = { providers: await listProviders(handle.db), channels: await listChannels(handle.db) };
    const rows = ['providers', 'channels', 'probes'].map(count);
    for (const now of [T0, T0 + MIN]) {
      const again = await syncCatalog(handle, fullCatalog(), now);
      expect(again).toEqual(first);
      expect(['providers', 'channels', 'probes'].map(count)).toEqual(rows);
      expect(await listProviders(handle.db)).toEqual(before.providers);
      expect(await listChannels(handle.db)).toEqual(before.channels);
    }
  });

  it('archives a channel that left the config, keeps its checks, and restores it when it comes back', async () => {
    const keys = await syncCatalog(handle, fullCatalog(), T0);
    const chat = keys.channelPk.get('acme-chat')!;
    await writeBatch(handle, [check(chat, keys.probePk.get('acme-chat#0')!, T0 + 1)], []);

    const later = await syncCatalog(handle, without(fullCatalog(), ['acme-chat']), T0 + MIN);
    expect((await listChannels(handle.db)).map((c) => c.id)).toEqual(['acme-hotline', 'acme-form', 'beta-mail']);
    expect(await findChannel(handle.db, 'acme-chat')).toBeUndefined();
    expect(later.channelPk.get('acme-chat')).toBe(chat); // still known, for closing its incidents
    expect(await listChecks(handle.db, chat, null, 10)).toHaveLength(1);
    expect(handle.raw.prepare('SELECT archived_at FROM probes WHERE key = ?').get('acme-chat#0')).toEqual({ archived_at: T0 + MIN });

    const back = await syncCatalog(handle, fullCatalog(), T0 + 2 * MIN);
    expect(back.channelPk.get('acme-chat')).toBe(chat);
    expect((await listChannels(handle.db)).map((c) => [c.id, c.probeCount])).toEqual([
      ['acme-hotline', 2],
      ['acme-chat', 1],
      ['acme-form', 1],
      ['beta-mail', 1],
    ]);
    expect(await findChannel(handle.db, 'acme-chat')).toEqual({ pk: chat, id: 'acme-chat', providerId: 'acme' });
  });

  it('archives a provider that left the config, and a probe that left its channel', async () => {
    await syncCatalog(handle, fullCatalog(), T0);
    const catalog = fullCatalog();
    const smaller: Catalog = {
      ...catalog,
      providers: catalog.providers
        .filter((p) => p.id === 'acme')
        .map((p) => ({ ...p, channels: p.channels.map((c) => ({ ...c, probes: c.probes.slice(0, 1) })) })),
    };
    await syncCatalog(handle, smaller, T0 + MIN);
    expect((await listProviders(handle.db)).map((p) => p.id)).toEqual(['acme']);
    expect((await listProviders(handle.db)).find((p) => p.id === 'beta')).toBeUndefined();
    expect(await listChannels(handle.db)).toHaveLength(3);
    expect((await listChannels(handle.db))[0]).toMatchObject({ id: 'acme-hotline', probeCount: 1 });
  });

  it('leaves entries made through the API alone', async () => {
    await syncCatalog(handle, fullCatalog(), T0);
    handle.raw
      .prepare(`INSERT INTO providers (id, name, timezone, locale, source, updated_at) VALUES ('gamma', 'Gamma', 'UTC', 'en', 'api', ?)`)
      .run(T0);
    await syncCatalog(handle, fullCatalog(), T0 + MIN);
    expect((await listProviders(handle.db)).map((p) => p.id)).toEqual(['acme', 'beta', 'gamma']);
  });
});

describe('writes and reads', () => {
  it('keeps one open incident per channel: a second incident_open is a no-op', async () => {
    const keys = await syncCatalog(handle, fullCatalog(), T0);
    const chat = keys.channelPk.get('acme-chat')!;
    const open = (startedAt: number) => ({ kind: 'incident_open' as const, channelPk: chat, startedAt, causeClass: 'dns' as const, causeMessage: null });
    await writeBatch(handle, [], [open(T0 + 1)]);
    await writeBatch(handle, [], [open(T0 + 2)]);
    expect(await listIncidents(handle.db, { limit: 10 })).toMatchObject([{ channelId: 'acme-chat', startedAt: T0 + 1, endedAt: null }]);
    await writeBatch(handle, [], [{ kind: 'incident_close', channelPk: chat, endedAt: T0 + 3 }, open(T0 + 4)]);
    const all = await listIncidents(handle.db, { limit: 10 });
    expect(all.map((i) => [i.startedAt, i.endedAt])).toEqual([
      [T0 + 4, null],
      [T0 + 1, T0 + 3],
    ]);
    // Raw SQL too: the database itself refuses a second open incident.
    expect(() => handle.raw.prepare('INSERT INTO incidents (channel_pk, started_at) VALUES (?, ?)').run(chat, T0 + 5)).toThrow(/UNIQUE/);
  });

  it('listIncidents filters on open/closed and provider, newest first, up to the limit', async () => {
    const keys = await syncCatalog(handle, fullCatalog(), T0);
    const pk = (id: string) => keys.channelPk.get(id)!;
    const open = (id: string, startedAt: number) => ({ kind: 'incident_open' as const, channelPk: pk(id), startedAt, causeClass: null, causeMessage: null });
    await writeBatch(handle, [], [open('acme-chat', T0 + 1), { kind: 'incident_close', channelPk: pk('acme-chat'), endedAt: T0 + 2 }]);
    await writeBatch(handle, [], [open('acme-form', T0 + 3), open('beta-mail', T0 + 4), open('acme-chat', T0 + 5)]);
    const ids = (rows: { channelId: string; startedAt: number }[]) => rows.map((r) => `${r.channelId}@${r.startedAt - T0}`);
    expect(ids(await listIncidents(handle.db, { limit: 10 }))).toEqual(['acme-chat@5', 'beta-mail@4', 'acme-form@3', 'acme-chat@1']);
    expect(ids(await listIncidents(handle.db, { open: true, limit: 10 }))).toEqual(['acme-chat@5', 'beta-mail@4', 'acme-form@3']);
    expect(ids(await listIncidents(handle.db, { open: false, limit: 10 }))).toEqual(['acme-chat@1']);
    const beta = (await listProviders(handle.db)).find((p) => p.id === 'beta')!;
    expect(ids(await listIncidents(handle.db, { providerPk: beta.pk, limit: 10 }))).toEqual(['beta-mail@4']);
    expect(ids(await listIncidents(handle.db, { limit: 2 }))).toEqual(['acme-chat@5', 'beta-mail@4']);
    expect((await loadRuntimeSnapshot(handle.db)).openIncidents).toEqual(new Set([pk('acme-chat'), pk('acme-form'), pk('beta-mail')]));
  });

  it('latestChecks picks the newest check of each channel', async () => {
    const keys = await syncCatalog(handle, fullCatalog(), T0);
    const hotline = keys.channelPk.get('acme-hotline')!;
    const chat = keys.channelPk.get('acme-chat')!;
    const form = keys.channelPk.get('acme-form')!;
    const h0 = keys.probePk.get('acme-hotline#0')!;
    const h1 = keys.probePk.get('acme-hotline#1')!;
    const c0 = keys.probePk.get('acme-chat#0')!;
    // Inserted out of time order: newest is not the last id.
    await writeBatch(handle, [check(hotline, h0, T0 + 30), check(hotline, h1, T0 + 50, 'down'), check(hotline, h0, T0 + 40)], []);
    await writeBatch(handle, [check(chat, c0, T0 + 20), check(chat, c0, T0 + 10)], []);
    const latest = await latestChecks(handle.db, [hotline, chat, form]);
    expect([...latest.keys()].sort()).toEqual([hotline, chat].sort());
    expect(latest.get(hotline)).toMatchObject({ probeKey: 'acme-hotline#1', startedAt: T0 + 50, outcome: 'down' });
    expect(latest.get(chat)).toMatchObject({ probeKey: 'acme-chat#0', startedAt: T0 + 20 });
    expect(await latestChecks(handle.db, [])).toEqual(new Map());
    expect((await latestChecks(handle.db, [chat])).size).toBe(1);
  });

  it('listChecks returns a channel’s checks newest first, since a time, up to a limit', async () => {
    const keys = await syncCatalog(handle, fullCatalog(), T0);
    const chat = keys.channelPk.get('acme-chat')!;
    const form = keys.channelPk.get('acme-form')!;
    const c0 = keys.probePk.get('acme-chat#0')!;
    await writeBatch(handle, [...[1, 2, 3, 4, 5].map((m) => check(chat, c0, T0 + m * MIN)), check(form, keys.probePk.get('acme-form#0')!, T0)], []);
    const minutes = (rows: { startedAt: number }[]) => rows.map((r) => (r.startedAt - T0) / MIN);
    expect(minutes(await listChecks(handle.db, chat, null, 100))).toEqual([5, 4, 3, 2, 1]);
    expect(minutes(await listChecks(handle.db, chat, T0 + 3 * MIN, 100))).toEqual([5, 4, 3]);
    expect(minutes(await listChecks(handle.db, chat, null, 2))).toEqual([5, 4]);
    expect(minutes(await listChecks(handle.db, chat, T0 + 2 * MIN, 2))).toEqual([5, 4]);
    expect(await listChecks(handle.db, chat, T0 + 6 * MIN, 100)).toEqual([]);
    expect((await listChecks(handle.db, chat, null, 1))[0]).toMatchObject({ channelPk: chat, probeKey: 'acme-chat#0', durationMs: 10, outcome: 'up', httpStatus: 200 });
  });

  it('loadRuntimeSnapshot returns the last written probe and channel states', async () => {
    const keys = await syncCatalog(handle, fullCatalog(), T0);
    const chat = keys.channelPk.get('acme-chat')!;
    const c0 = keys.probePk.get('acme-chat#0')!;
    await writeBatch(handle, [], [
      { kind: 'probe_status', probePk: c0, status: 'down', since: T0 + 1 },
      { kind: 'channel_status', channelPk: chat, state: 'down', since: T0 + 1 },
    ]);
    await writeBatch(handle, [], [{ kind: 'probe_status', probePk: c0, status: 'up', since: T0 + 9 }]);
    const snapshot = await loadRuntimeSnapshot(handle.db);
    expect(snapshot.probeStatus).toEqual(new Map([[c0, { status: 'up', since: T0 + 9 }]]));
    expect(snapshot.channelStatus).toEqual(new Map([[chat, { state: 'down', since: T0 + 1 }]]));
    expect(snapshot.openIncidents.size).toBe(0);
  });
});

describe('deleteChecksBefore', () => {
  /** Counts delete statements issued through the drizzle database. */
  function countingDeletes(db: Db): { db: Db; deletes: () => number } {
    let deletes = 0;
    const proxy = new Proxy(db, {
      get(target, prop, receiver) {
        if (prop === 'delete') deletes++;
        return Reflect.get(target, prop, receiver) as unknown;
      },
    });
    return { db: proxy, deletes: () => deletes };
  }

  it.each([
    { name: 'in time order', shuffle: false },
    { name: 'with times out of id order', shuffle: true },
  ])('deletes only older checks, in batches, and never incidents ($name)', async ({ shuffle }) => {
    const keys = await syncCatalog(handle, fullCatalog(), T0);
    const chat = keys.channelPk.get('acme-chat')!;
    const c0 = keys.probePk.get('acme-chat#0')!;
    let times = Array.from({ length: 300 }, (_, i) => T0 + i * MIN);
    // A fixed interleaving: even rows first, then odd ones, so ids no longer follow time.
    if (shuffle) times = [...times.filter((_, i) => i % 2 === 0), ...times.filter((_, i) => i % 2 === 1)];
    await writeBatch(handle, times.map((t) => check(chat, c0, t)), [
      { kind: 'incident_open', channelPk: chat, startedAt: T0, causeClass: 'timeout', causeMessage: null },
    ]);
    await writeBatch(handle, [], [{ kind: 'incident_close', channelPk: chat, endedAt: T0 + MIN }]);
    await writeBatch(handle, [], [{ kind: 'incident_open', channelPk: chat, startedAt: T0 + 2 * MIN, causeClass: null, causeMessage: null }]);

    const cutoff = T0 + 205 * MIN;
    const counting = countingDeletes(handle.db);
    const deleted = await deleteChecksBefore(counting.db, cutoff, 10);
    expect(deleted).toBe(205);
    expect(counting.deletes()).toBeGreaterThanOrEqual(21);
    const left = await listChecks(handle.db, chat, null, 1000);
    expect(left).toHaveLength(95);
    expect(Math.min(...left.map((c) => c.startedAt))).toBe(cutoff);
    expect(count('incidents')).toBe(2);

    expect(await deleteChecksBefore(handle.db, cutoff, 10)).toBe(0);
    expect(count('checks')).toBe(95);
  });

  it('deletes the same in batches through its prepared statements (the database itself, not a proxy)', async () => {
    const keys = await syncCatalog(handle, fullCatalog(), T0);
    const chat = keys.channelPk.get('acme-chat')!;
    const c0 = keys.probePk.get('acme-chat#0')!;
    await writeBatch(handle, Array.from({ length: 300 }, (_, i) => check(chat, c0, T0 + i * MIN)), []);
    const cutoff = T0 + 205 * MIN;
    expect(await deleteChecksBefore(handle.db, cutoff, 10)).toBe(205);
    const left = await listChecks(handle.db, chat, null, 1000);
    expect(left).toHaveLength(95);
    expect(Math.min(...left.map((c) => c.startedAt))).toBe(cutoff);
    expect(await deleteChecksBefore(handle.db, cutoff, 10)).toBe(0);
  });

  it('deletes nothing when every check is newer than the cutoff', async () => {
    const keys = await syncCatalog(handle, fullCatalog(), T0);
    await writeBatch(handle, [check(keys.channelPk.get('acme-chat')!, keys.probePk.get('acme-chat#0')!, T0)], []);
    expect(await deleteChecksBefore(handle.db, T0, 10)).toBe(0);
    expect(count('checks')).toBe(1);
  });
});

describe('the two check insert paths', () => {
  it('store the same rows through the prepared statement (better-sqlite3) and through drizzle (any driver, e.g. D1)', async () => {
    const catalog = makeCatalog([makeProvider('acme', [makeChannel('acme-chat')])]);
    const rows = (handle: SqliteHandle, keys: Awaited<ReturnType<typeof syncCatalog>>): CheckRow[] => [
      {
        channelPk: keys.channelPk.get('acme-chat')!,
        probePk: keys.probePk.get('acme-chat#0')!,
        startedAt: 1_000,
        durationMs: 42,
        outcome: 'down',
        httpStatus: 503,
        errorClass: 'condition',
        message: 'condition failed',
        dnsMs: 1,
        connectMs: 2,
        tlsMs: 3,
        firstByteMs: 4,
        certExpiresAt: 5,
        conditionsFailed: 0b10,
      },
      { channelPk: keys.channelPk.get('acme-chat')!, probePk: keys.probePk.get('acme-chat#0')!, startedAt: 2_000, durationMs: 7, outcome: 'up', httpStatus: 200, errorClass: null, message: null },
    ];
    const stored: unknown[] = [];
    for (const fast of [true, false]) {
      const handle = openSqlite(':memory:');
      const keys = await syncCatalog(handle, catalog, 1);
      const database = fast ? handle : { db: handle.db, transact: handle.transact };
      await writeBatch(database, rows(handle, keys), []);
      stored.push({
        checks: handle.raw.prepare('SELECT * FROM checks ORDER BY started_at').all(),
        messages: handle.raw.prepare('SELECT * FROM check_messages ORDER BY id').all(),
      });
      handle.close();
    }
    expect(stored[0]).toEqual(stored[1]);
    expect((stored[0] as { checks: unknown[] }).checks).toHaveLength(2);
    expect((stored[0] as { messages: unknown[] }).messages).toEqual([{ id: 1, text: 'condition failed', last_seen: 1_000 }]);
  });
});

describe('the two state change paths', () => {
  it('leave the same probe_status, channel_status and incidents through prepared statements and through drizzle', async () => {
    const catalog = makeCatalog([makeProvider('acme', [makeChannel('acme-chat'), makeChannel('acme-form')])]);
    const tables: unknown[] = [];
    for (const fast of [true, false]) {
      const handle = openSqlite(':memory:');
      const keys = await syncCatalog(handle, catalog, 1);
      const chat = keys.channelPk.get('acme-chat')!;
      const form = keys.channelPk.get('acme-form')!;
      const probe = keys.probePk.get('acme-chat#0')!;
      const database = fast ? handle : { db: handle.db, transact: handle.transact };
      const open = (channelPk: number, startedAt: number) => ({ kind: 'incident_open' as const, channelPk, startedAt, causeClass: 'timeout' as const, causeMessage: 'no answer' });
      await writeBatch(database, [], [
        { kind: 'probe_status', probePk: probe, status: 'down', since: 10 },
        { kind: 'channel_status', channelPk: chat, state: 'down', since: 10 },
        open(chat, 10),
        open(chat, 11), // a second open incident is a no-op
        open(form, 12),
      ]);
      await writeBatch(database, [], [
        { kind: 'probe_status', probePk: probe, status: 'up', since: 20 },
        { kind: 'channel_status', channelPk: chat, state: 'up', since: 20 },
        { kind: 'incident_close', channelPk: chat, endedAt: 20 },
        open(chat, 30),
      ]);
      tables.push(['probe_status', 'channel_status', 'incidents'].map((t) => handle.raw.prepare(`SELECT * FROM ${t} ORDER BY 1`).all()));
      handle.close();
    }
    expect(tables[0]).toEqual(tables[1]);
    const [probeRows, channelRows, incidentRows] = tables[0] as [unknown[], unknown[], { started_at: number; ended_at: number | null }[]];
    expect(probeRows).toEqual([expect.objectContaining({ status: 'up', since: 20 })]);
    expect(channelRows).toEqual([expect.objectContaining({ state: 'up', since: 20 })]);
    expect(incidentRows.map((i) => [i.started_at, i.ended_at])).toEqual([
      [10, 20],
      [12, null],
      [30, null],
    ]);
  });
});
