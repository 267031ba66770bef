/**
 * The store contract: what every driver of the store must do, written once and run against
 * better-sqlite3 (`sqlite.test.ts`, in Node) and D1 (`test/worker/store-contract.test.ts`, in
 * workerd). Only the store's own functions are called, never driver APIs, so a behaviour that
 * differs between the drivers fails here first. Each test gets an empty, migrated database.
 */
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { checkMessages, probes } from '../../../db/schema.ts';
import type { Catalog } from '../../../src/domain/catalog.ts';
import { createHistoryHousekeeping } from '../../../src/history/housekeeping.ts';
import { loadHistoryChannels } from '../../../src/history/channels.ts';
import { channelUptime } from '../../../src/history/queries.ts';
import { readRollups } from '../../../src/history/rows.ts';
import { syncCatalog, type CatalogKeys } from '../../../src/store/catalog-sync.ts';
import type { Database } from '../../../src/store/database.ts';
import {
  catalogVersion,
  findChannel,
  latestChecks,
  listChannelStates,
  listChannelStatesBetween,
  listChannels,
  listChecks,
  listIncidentSpans,
  listIncidents,
  listProviders,
  loadRuntimeSnapshot,
} from '../../../src/store/reads.ts';
import { deleteChecksBefore } from '../../../src/store/retention.ts';
import { writeBatch, type CheckRow } from '../../../src/store/writes.ts';
import { makeCatalog, makeChannel, makeProbe, makeProvider } from '../../support/catalog.ts';

/** How a runner gives the suite a database. */
export interface StoreDriver {
  name: string;
  /** An empty database with every migration applied. */
  open(): Promise<Database>;
  close?(database: Database): void | Promise<void>;
}

const T0 = Date.parse('2026-11-20T00:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;

/** acme (UTC) with a hotline of two probes, a chat and a form without probes; beta with an e-mail. */
function catalog(extraChannels = 0): Catalog {
  return makeCatalog([
    makeProvider('acme', [
      makeChannel('acme-hotline', { probes: [makeProbe('acme-hotline'), makeProbe('acme-hotline', { index: 1 })] }),
      makeChannel('acme-chat', { kind: 'live_chat' }),
      makeChannel('acme-form', { kind: 'web_form', probes: [] }),
      ...Array.from({ length: extraChannels }, (_, i) => makeChannel(`acme-extra-${i}`, { kind: 'help_center' })),
    ]),
    makeProvider('beta', [makeChannel('beta-mail', { kind: 'email' })]),
  ]);
}

function check(keys: CatalogKeys, probeKey: string, startedAt: number, outcome: CheckRow['outcome'] = 'up', extra: Partial<CheckRow> = {}): CheckRow {
  const channelId = probeKey.split('#')[0]!;
  return {
    channelPk: keys.channelPk.get(channelId)!,
    probePk: keys.probePk.get(probeKey)!,
    startedAt,
    durationMs: 120,
    outcome,
    httpStatus: outcome === 'down' ? 503 : 200,
    errorClass: outcome === 'down' ? 'http_status' : null,
    message: outcome === 'down' ? 'expected status 200, got 503' : null,
    ...extra,
  };
}

/** Registers the contract for one driver. */
export function storeContract(driver: StoreDriver): void {
  async function withStore<T>(body: (database: Database, keys: CatalogKeys) => Promise<T>, extraChannels = 0): Promise<T> {
    const database = await driver.open();
    try {
      const keys = await syncCatalog(database, catalog(extraChannels), T0);
      return await body(database, keys);
    } finally {
      await driver.close?.(database);
    }
  }

  describe(`store contract on ${driver.name}`, () => {
    it('syncs the catalog and reads it back in config order', () =>
      withStore(async ({ db }) => {
        expect((await listProviders(db)).map((p) => p.id)).toEqual(['acme', 'beta']);
        const acme = await listChannels(db, (await listProviders(db))[0]!.pk);
        expect(acme.map((c) => [c.id, c.probeCount, c.state])).toEqual([
          ['acme-hotline', 2, 'unknown'],
          ['acme-chat', 1, 'unknown'],
          ['acme-form', 0, 'unknown'],
        ]);
      }));

    it('syncs and reads more channels than one statement may bind (D1 binds at most 100 values)', () =>
      withStore(async (database, keys) => {
        const { db } = database;
        expect(keys.channelPk.size).toBe(4 + 110);
        expect(await listChannels(db)).toHaveLength(114);
        const extra = [...keys.probePk.keys()].filter((k) => k.startsWith('acme-extra-'));
        await writeBatch(database, extra.map((k) => check(keys, k, T0)), [{ kind: 'incident_open', channelPk: keys.channelPk.get('acme-extra-7')!, startedAt: T0, causeClass: null, causeMessage: null }]);
        const all = [...keys.channelPk.values()];
        expect((await latestChecks(db, all)).size).toBe(110);
        expect((await listIncidentSpans(db, all, T0 - HOUR, T0 + HOUR)).size).toBe(1);
      }, 110));

    it('writes checks and reads the newest per channel and a channel newest first; a replayed check is kept once', () =>
      withStore(async (database, keys) => {
        const rows = [
          check(keys, 'acme-hotline#0', T0),
          check(keys, 'acme-hotline#1', T0 + 1000, 'down', { dnsMs: 3, connectMs: 4, tlsMs: null, firstByteMs: 90, conditionsFailed: 2 }),
          check(keys, 'acme-chat#0', T0 + 2000, 'degraded', { message: 'slow' }),
        ];
        await writeBatch(database, rows, []);
        await writeBatch(database, [rows[0]!], []);
        const hotline = keys.channelPk.get('acme-hotline')!;
        const latest = await latestChecks(database.db, [hotline, keys.channelPk.get('acme-chat')!]);
        expect(latest.get(hotline)).toMatchObject({ probeKey: 'acme-hotline#1', outcome: 'down', httpStatus: 503, dnsMs: 3, firstByteMs: 90, conditionsFailed: 2 });
        expect((await listChecks(database.db, hotline, null, 10)).map((c) => c.startedAt)).toEqual([T0 + 1000, T0]);
      }));

    it('writes a batch of more checks than one statement may bind, all or nothing', () =>
      withStore(async (database, keys) => {
        const rows = Array.from({ length: 250 }, (_, i) => check(keys, 'beta-mail#0', T0 + i * MIN));
        await writeBatch(database, rows, []);
        expect(await listChecks(database.db, keys.channelPk.get('beta-mail')!, null, 1000)).toHaveLength(250);
        // A batch whose last statement fails (an incident of no channel) leaves nothing behind.
        const noChannel = { kind: 'incident_open' as const, channelPk: -1, startedAt: T0, causeClass: null, causeMessage: null };
        await expect(writeBatch(database, [check(keys, 'acme-chat#0', T0)], [noChannel])).rejects.toThrow();
        expect(await listChecks(database.db, keys.channelPk.get('acme-chat')!, null, 10)).toEqual([]);
      }));

    it('applies state changes in order and restores them as the runtime snapshot', () =>
      withStore(async (database, keys) => {
        const chat = keys.channelPk.get('acme-chat')!;
        const probe = keys.probePk.get('acme-chat#0')!;
        await writeBatch(database, [], [
          { kind: 'probe_status', probePk: probe, status: 'up', since: T0 },
          { kind: 'channel_status', channelPk: chat, state: 'up', since: T0 },
          { kind: 'probe_status', probePk: probe, status: 'down', since: T0 + MIN },
          { kind: 'channel_status', channelPk: chat, state: 'down', since: T0 + MIN },
        ]);
        const snapshot = await loadRuntimeSnapshot(database.db);
        expect(snapshot.probeStatus.get(probe)).toEqual({ status: 'down', since: T0 + MIN });
        expect(snapshot.channelStatus.get(chat)).toEqual({ state: 'down', since: T0 + MIN });
        expect((await listChannels(database.db)).find((c) => c.pk === chat)).toMatchObject({ state: 'down', since: T0 + MIN });
      }));

    it('opens one incident per channel however often it is told, and closes it', () =>
      withStore(async (database, keys) => {
        const chat = keys.channelPk.get('acme-chat')!;
        const open = { kind: 'incident_open' as const, channelPk: chat, startedAt: T0, causeClass: 'timeout' as const, causeMessage: 'no answer' };
        await writeBatch(database, [], [open]);
        await writeBatch(database, [], [{ ...open, startedAt: T0 + MIN }]);
        expect(await listIncidents(database.db, { open: true, limit: 10 })).toMatchObject([{ channelId: 'acme-chat', startedAt: T0, endedAt: null, causeClass: 'timeout' }]);
        expect((await loadRuntimeSnapshot(database.db)).openIncidents).toEqual(new Set([chat]));
        await writeBatch(database, [], [{ kind: 'incident_close', channelPk: chat, endedAt: T0 + 5 * MIN }]);
        await writeBatch(database, [], [{ kind: 'incident_close', channelPk: chat, endedAt: T0 + 9 * MIN }]);
        expect(await listIncidents(database.db, { open: true, limit: 10 })).toEqual([]);
        expect(await listIncidents(database.db, { open: false, limit: 10 })).toMatchObject([{ startedAt: T0, endedAt: T0 + 5 * MIN }]);
        // A new outage is a new incident.
        await writeBatch(database, [], [{ ...open, startedAt: T0 + HOUR }]);
        expect(await listIncidents(database.db, { limit: 10 })).toHaveLength(2);
      }));

    it('reads states, channels, checks since a time, incidents of a provider and incident spans alike (prepared or built)', () =>
      withStore(async (database, keys) => {
        const { db } = database;
        const chat = keys.channelPk.get('acme-chat')!;
        const mail = keys.channelPk.get('beta-mail')!;
        const hotline = keys.channelPk.get('acme-hotline')!;
        await writeBatch(database, [0, 1, 2].map((m) => check(keys, 'acme-chat#0', T0 + m * MIN, m === 2 ? 'down' : 'up')), [
          { kind: 'channel_status', channelPk: chat, state: 'down', since: T0 + 2 * MIN },
          { kind: 'channel_status', channelPk: mail, state: 'up', since: T0 },
          { kind: 'incident_open', channelPk: chat, startedAt: T0 - HOUR, causeClass: 'timeout', causeMessage: null },
          { kind: 'incident_close', channelPk: chat, endedAt: T0 - 30 * MIN },
          { kind: 'incident_open', channelPk: chat, startedAt: T0 + 2 * MIN, causeClass: 'http_status', causeMessage: 'expected status 200, got 503' },
          { kind: 'incident_open', channelPk: mail, startedAt: T0, causeClass: null, causeMessage: null },
        ]);
        expect(await catalogVersion(db)).toEqual(expect.any(String));
        expect(await findChannel(db, 'acme-chat')).toEqual({ pk: chat, id: 'acme-chat', providerId: 'acme' });
        expect(await findChannel(db, 'nobody')).toBeUndefined();
        const acme = (await listProviders(db)).find((p) => p.id === 'acme')!;
        expect(await listChannelStates(db, acme.pk)).toEqual(new Map([[chat, { state: 'down', since: T0 + 2 * MIN }]]));
        expect((await listChannelStates(db)).size).toBe(2);
        expect(await listChannelStatesBetween(db, Math.min(hotline, chat), Math.max(hotline, chat))).toEqual(new Map([[chat, { state: 'down', since: T0 + 2 * MIN }]]));
        expect((await listChecks(db, chat, T0 + MIN, 10)).map((c) => [c.startedAt, c.outcome, c.probeKey])).toEqual([
          [T0 + 2 * MIN, 'down', 'acme-chat#0'],
          [T0 + MIN, 'up', 'acme-chat#0'],
        ]);
        expect((await listChecks(db, chat, null, 1)).map((c) => c.startedAt)).toEqual([T0 + 2 * MIN]);
        expect((await latestChecks(db, [chat, mail])).get(chat)).toMatchObject({ startedAt: T0 + 2 * MIN, outcome: 'down', message: 'expected status 200, got 503' });
        expect((await listIncidents(db, { providerPk: acme.pk, limit: 10 })).map((i) => [i.channelId, i.startedAt, i.endedAt])).toEqual([
          ['acme-chat', T0 + 2 * MIN, null],
          ['acme-chat', T0 - HOUR, T0 - 30 * MIN],
        ]);
        expect((await listIncidents(db, { providerPk: acme.pk, open: false, limit: 10 })).map((i) => i.startedAt)).toEqual([T0 - HOUR]);
        expect(await listIncidents(db, { open: true, limit: 1 })).toMatchObject([{ channelId: 'acme-chat', providerId: 'acme', causeMessage: 'expected status 200, got 503' }]);
        // Overlapping [T0 - 40 min, T0 + 1 h): the closed one (ended after the start) and both open ones.
        const spans = await listIncidentSpans(db, [chat, mail, hotline], T0 - 40 * MIN, T0 + HOUR);
        expect(spans).toEqual(
          new Map([
            [chat, [{ startedAt: T0 - HOUR, endedAt: T0 - 30 * MIN }, { startedAt: T0 + 2 * MIN, endedAt: null }]],
            [mail, [{ startedAt: T0, endedAt: null }]],
          ]),
        );
        expect((await listIncidentSpans(db, [chat], T0 - 20 * MIN, T0 + MIN)).get(chat)).toBeUndefined();
      }));

    it('deletes only the checks older than the retention cutoff', () =>
      withStore(async (database, keys) => {
        await writeBatch(database, [0, 1, 2, 3].map((d) => check(keys, 'acme-chat#0', T0 + d * 86_400_000)), []);
        expect(await deleteChecksBefore(database.db, T0 + 2 * 86_400_000)).toBe(2);
        expect((await listChecks(database.db, keys.channelPk.get('acme-chat')!, null, 10)).map((c) => c.startedAt)).toEqual([T0 + 3 * 86_400_000, T0 + 2 * 86_400_000]);
      }));

    it('stores each distinct message once, reads every check with its own message, outcome and error class', () =>
      withStore(async (database, keys) => {
        const timeout = { errorClass: 'timeout' as const, message: 'no complete answer within 5000 ms', httpStatus: null };
        // More rows than D1 binds in one statement, most of them sharing two messages.
        const rows = Array.from({ length: 30 }, (_, i) => check(keys, 'beta-mail#0', T0 + i * MIN, 'down', i % 2 ? timeout : {}));
        rows.push(check(keys, 'beta-mail#0', T0 + 30 * MIN, 'degraded', { message: 'answered in 301 ms, slower than the 250 ms limit' }));
        rows.push(check(keys, 'beta-mail#0', T0 + 31 * MIN, 'up'));
        await writeBatch(database, rows.slice(0, 20), []);
        await writeBatch(database, rows.slice(20), []);
        const stored = await database.db.select({ text: checkMessages.text, lastSeen: checkMessages.lastSeen }).from(checkMessages).orderBy(checkMessages.lastSeen);
        expect(stored).toEqual([
          { text: 'expected status 200, got 503', lastSeen: T0 + 28 * MIN },
          { text: 'no complete answer within 5000 ms', lastSeen: T0 + 29 * MIN },
          { text: 'answered in 301 ms, slower than the 250 ms limit', lastSeen: T0 + 30 * MIN },
        ]);
        const read = await listChecks(database.db, keys.channelPk.get('beta-mail')!, null, 100);
        expect(read.map((c) => [c.startedAt, c.outcome, c.errorClass, c.message]).reverse()).toEqual(rows.map((r) => [r.startedAt, r.outcome, r.errorClass, r.message]));
        expect((await latestChecks(database.db, [keys.channelPk.get('beta-mail')!])).get(keys.channelPk.get('beta-mail')!)).toMatchObject({ outcome: 'up', errorClass: null, message: null });
      }));

    it('keeps a message while a check refers to it and deletes it with the last one; a rolled-back batch leaves no message', () =>
      withStore(async (database, keys) => {
        const chat = keys.channelPk.get('acme-chat')!;
        const noChannel = { kind: 'incident_open' as const, channelPk: -1, startedAt: T0, causeClass: null, causeMessage: null };
        await expect(writeBatch(database, [check(keys, 'acme-chat#0', T0, 'down', { message: 'never stored' })], [noChannel])).rejects.toThrow();
        expect(await database.db.select().from(checkMessages)).toEqual([]);
        const day = 86_400_000;
        await writeBatch(database, [
          check(keys, 'acme-chat#0', T0, 'down', { message: 'old only' }),
          check(keys, 'acme-chat#0', T0 + day, 'down', { message: 'old and new' }),
          check(keys, 'acme-hotline#0', T0 + 3 * day, 'down', { message: 'old and new' }),
        ], []);
        expect(await deleteChecksBefore(database.db, T0 + 2 * day)).toBe(2);
        expect((await database.db.select({ text: checkMessages.text }).from(checkMessages)).map((m) => m.text)).toEqual(['old and new']);
        // A message stored again after it was deleted gets a new id, and reads back as itself.
        await writeBatch(database, [check(keys, 'acme-chat#0', T0 + 4 * day, 'down', { message: 'old only' })], []);
        expect((await listChecks(database.db, chat, null, 10)).map((c) => c.message)).toEqual(['old only']);
        expect((await latestChecks(database.db, [keys.channelPk.get('acme-hotline')!])).get(keys.channelPk.get('acme-hotline')!)?.message).toBe('old and new');
      }));

    it("loads history's channels with each probe's timing read from its stored spec, defaults where a spec lacks one", () =>
      withStore(async (database, keys) => {
        const tuned = makeProbe('acme-hotline', { index: 1, intervalMs: 30_000, failureThreshold: 3, successThreshold: 2, retry: 1, retryDelayMs: 2_000, timeoutMs: 4_000 });
        await database.db.update(probes).set({ spec: tuned }).where(eq(probes.key, 'acme-hotline#1'));
        // A spec from an older version without any timing.
        await database.db.update(probes).set({ spec: { type: 'http' } }).where(eq(probes.key, 'beta-mail#0'));
        const byPk = new Map((await loadHistoryChannels(database.db, T0 - 86_400_000)).map((c) => [c.pk, c]));
        const timing = (channelId: string) => byPk.get(keys.channelPk.get(channelId)!)!.probes;
        const pk = (probeKey: string) => String(keys.probePk.get(probeKey)!);
        expect(timing('acme-hotline')).toEqual([
          { key: pk('acme-hotline#0'), intervalMs: 60_000, failureThreshold: 2, successThreshold: 1, retry: 0, retryDelayMs: 5_000, timeoutMs: 10_000 },
          { key: pk('acme-hotline#1'), intervalMs: 30_000, failureThreshold: 3, successThreshold: 2, retry: 1, retryDelayMs: 2_000, timeoutMs: 4_000 },
        ]);
        expect(timing('beta-mail')).toEqual([{ key: pk('beta-mail#0'), intervalMs: 60_000, failureThreshold: 2, successThreshold: 1, retry: 0, retryDelayMs: 0, timeoutMs: 10_000 }]);
        expect(timing('acme-form')).toEqual([]);
      }));

    it('rolls up ended hours into history rows that answer uptime', () =>
      withStore(async (database, keys) => {
        // Two good hours of minute checks on the chat, then a 20-minute outage in the third.
        const outcomes = 'u'.repeat(130) + 'd'.repeat(20) + 'u'.repeat(30);
        await writeBatch(database, [...outcomes].map((o, i) => check(keys, 'acme-chat#0', T0 + i * MIN, o === 'u' ? 'up' : 'down')), []);
        const report = await createHistoryHousekeeping({ database, now: () => T0 + 3 * HOUR + 5 * MIN, rollupRetentionMs: 400 * 86_400_000 }).pass();
        expect(report.hourlyRows).toBeGreaterThanOrEqual(3);
        const chat = keys.channelPk.get('acme-chat')!;
        const hours = await readRollups(database.db, 'hour', { channelPks: [chat], from: T0, to: T0 + 3 * HOUR, timezone: 'UTC' });
        expect(hours.get(chat)).toHaveLength(3);
        const history = (await loadHistoryChannels(database.db, T0 - 86_400_000)).find((c) => c.pk === chat)!;
        const uptime = await channelUptime(database.db, history, '24h', T0 + 3 * HOUR + 5 * MIN);
        // Down from the first failed check to the first good one: 20 minutes of about three hours.
        expect(uptime.downSeconds).toBe(20 * 60);
        expect(uptime.uptime).toBeGreaterThan(0.88);
        expect(uptime.uptime).toBeLessThan(0.9);
      }));
  });
}
