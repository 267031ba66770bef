/**
 * The notice store over a real in-memory SQLite database: writes in place by (provider, id),
 * what a source read is merged with, the API's filters, and the "in effect now" SQL, which must
 * agree with `isActive` for any notice and any time.
 */
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { NEVER } from '../../src/notices/effects.ts';
import { isActive, type NoticeRecord } from '../../src/notices/lifecycle.ts';
import { listLiveNotices, listNotices, loadSourceNotices, providerKeys, saveNotices, type NoticeWrite } from '../../src/notices/store.ts';
import { NOTICE_KINDS, type NoticeKind } from '../../src/notices/types.ts';
import { syncCatalog, type CatalogKeys } from '../../src/store/catalog-sync.ts';
import { openSqlite, type SqliteHandle } from '../../src/store/sqlite.ts';
import { makeCatalog, makeChannel, makeProvider } from '../support/catalog.ts';
import { feedProbe } from './sources.ts';

const NOW = Date.parse('2026-11-21T08:00:00Z');
const HOUR = 3_600_000;

function record(id: string, overrides: Partial<NoticeRecord> = {}): NoticeRecord {
  return {
    id,
    format: 'rss',
    kind: 'outage',
    topic: 'outage',
    title: `Notice ${id}`,
    body: '',
    url: null,
    publishedAt: NOW - HOUR,
    updatedAt: NOW - HOUR,
    resolvedAt: null,
    window: null,
    components: [],
    upstreamStatus: null,
    severity: null,
    firstSeenAt: NOW,
    changedAt: NOW,
    closedAt: null,
    ...overrides,
  };
}

let handle: SqliteHandle;
let keys: CatalogKeys;
let acme: number;
let beta: number;
let rssPk: number;
let spPk: number;
let betaPk: number;

beforeEach(async () => {
  handle = openSqlite(':memory:');
  const catalog = makeCatalog([
    makeProvider('acme', [
      makeChannel('acme-hotline', { probes: [] }),
      makeChannel('acme-chat', { kind: 'live_chat', probes: [] }),
      makeChannel('acme-news', {
        kind: 'announcements',
        probes: [feedProbe('acme-news', 0, 'http://127.0.0.1:9/rss', 'rss'), feedProbe('acme-news', 1, 'http://127.0.0.1:9/sp', 'statuspage')],
      }),
    ]),
    makeProvider('beta', [makeChannel('beta-news', { kind: 'announcements', probes: [feedProbe('beta-news', 0, 'http://127.0.0.1:9/rss', 'rss')] })]),
  ]);
  keys = await syncCatalog(handle, catalog, NOW);
  const providers = await providerKeys(handle.db);
  acme = providers.get('acme')!;
  beta = providers.get('beta')!;
  rssPk = keys.probePk.get('acme-news#0')!;
  spPk = keys.probePk.get('acme-news#1')!;
  betaPk = keys.probePk.get('beta-news#0')!;
});

const write = (r: NoticeRecord, overrides: Partial<NoticeWrite> = {}): NoticeWrite => ({
  record: r,
  providerPk: acme,
  sourceProbePk: rssPk,
  channels: null,
  lastSeenAt: NOW,
  ...overrides,
});

describe('saveNotices', () => {
  it('stores a notice and reads it back as written, with its source and provider', async () => {
    const r = record('id:a', { window: { startsAt: NOW, endsAt: null }, components: ['Live Chat'], severity: 'minor', upstreamStatus: 'identified', url: 'https://x.example/a' });
    await saveNotices(handle, [write(r, { channels: ['acme-chat'] })]);
    const [stored] = await listNotices(handle.db, { now: NOW, limit: 10 });
    expect(stored).toMatchObject({ ...r, providerId: 'acme', sourceKey: 'acme-news#0', channels: ['acme-chat'], lastSeenAt: NOW, activeUntil: NOW + 24 * HOUR });
  });

  it('reads a window that states nothing, and no channels, as null', async () => {
    await saveNotices(handle, [write(record('id:a'))]);
    const [stored] = await listNotices(handle.db, { now: NOW, limit: 10 });
    expect(stored).toMatchObject({ window: null, channels: null, components: [] });
  });

  it('updates in place by provider and id, keeping the first sighting; another provider keeps its own', async () => {
    await saveNotices(handle, [write(record('url:x')), write(record('url:x'), { providerPk: beta, sourceProbePk: betaPk })]);
    const edited = record('url:x', { title: 'Edited', firstSeenAt: NOW + HOUR, changedAt: NOW + HOUR, closedAt: NOW + HOUR, kind: 'resolved' });
    await saveNotices(handle, [write(edited, { sourceProbePk: spPk, lastSeenAt: NOW + HOUR, channels: ['acme-hotline'] })]);
    const all = await listNotices(handle.db, { now: NOW, limit: 10 });
    expect(all).toHaveLength(2);
    const own = all.find((n) => n.providerPk === acme)!;
    expect(own).toMatchObject({ title: 'Edited', kind: 'resolved', firstSeenAt: NOW, changedAt: NOW + HOUR, sourceKey: 'acme-news#1', channels: ['acme-hotline'], activeUntil: NOW + HOUR });
    expect(all.find((n) => n.providerPk === beta)!.title).toBe('Notice url:x');
  });

  it('writes all or nothing', async () => {
    const bad = write(record('id:b'), { sourceProbePk: 999_999 }); // no such probe: the foreign key fails
    await expect(saveNotices(handle, [write(record('id:a')), bad])).rejects.toThrow();
    expect(await listNotices(handle.db, { now: NOW, limit: 10 })).toEqual([]);
  });
});

describe('loadSourceNotices', () => {
  it('finds the ids a read has, in chunks within the bound-value limit, wherever they came from', async () => {
    const ids = Array.from({ length: 200 }, (_, i) => `id:${i}`);
    await saveNotices(handle, ids.map((id, i) => write(record(id), { sourceProbePk: i % 2 === 0 ? rssPk : spPk })));
    const found = await loadSourceNotices(handle.db, { providerPk: acme, sourceProbePk: rssPk, ids: ids.slice(50), openOfSource: false });
    expect(found.map((n) => n.id).sort()).toEqual(ids.slice(50).sort());
  });

  it('adds the open notices of the source when the read lists every open one', async () => {
    await saveNotices(handle, [
      write(record('id:open'), { sourceProbePk: spPk }),
      write(record('id:closed', { closedAt: NOW, kind: 'resolved' }), { sourceProbePk: spPk }),
      write(record('id:other'), { sourceProbePk: rssPk }),
    ]);
    const load = (openOfSource: boolean) => loadSourceNotices(handle.db, { providerPk: acme, sourceProbePk: spPk, ids: [], openOfSource });
    expect((await load(true)).map((n) => n.id)).toEqual(['id:open']);
    expect(await load(false)).toEqual([]);
  });
});

describe('listNotices', () => {
  beforeEach(async () => {
    await saveNotices(handle, [
      write(record('id:everyone', { publishedAt: NOW - 3 * HOUR })),
      write(record('id:hotline', { publishedAt: NOW - 2 * HOUR }), { channels: ['acme-hotline'] }),
      write(record('id:both', { kind: 'maintenance', topic: 'maintenance', publishedAt: NOW - HOUR, window: { startsAt: NOW + HOUR, endsAt: NOW + 2 * HOUR } }), {
        channels: ['acme-hotline', 'acme-chat'],
      }),
      write(record('id:undated', { publishedAt: null, updatedAt: null })),
      write(record('id:fixed', { kind: 'resolved', closedAt: NOW - HOUR, publishedAt: NOW - 4 * HOUR })),
      write(record('id:beta'), { providerPk: beta, sourceProbePk: betaPk }),
    ]);
  });
  const ids = async (filter: Partial<Parameters<typeof listNotices>[1]>) =>
    (await listNotices(handle.db, { now: NOW, limit: 100, ...filter })).map((n) => n.id);

  type Filter = Partial<Parameters<typeof listNotices>[1]>;
  it.each<[string, () => Filter, string[]]>([
    ['everything, newest first, undated last', () => ({}), ['id:beta', 'id:both', 'id:hotline', 'id:everyone', 'id:fixed', 'id:undated']],
    ['one provider', () => ({ providerPk: beta }), ['id:beta']],
    [
      'the hotline (named, or the whole provider)',
      () => ({ providerPk: acme, channel: { id: 'acme-hotline', wholeProvider: true } }),
      ['id:both', 'id:hotline', 'id:everyone', 'id:fixed', 'id:undated'],
    ],
    ['the chat, naming only', () => ({ providerPk: acme, channel: { id: 'acme-chat', wholeProvider: false } }), ['id:both']],
    ['in effect now', () => ({ active: true }), ['id:beta', 'id:hotline', 'id:everyone', 'id:undated']],
    ['not in effect now', () => ({ active: false }), ['id:both', 'id:fixed']],
    ['in effect inside the window', () => ({ active: true, kind: 'maintenance', now: NOW + 90 * 60_000 }), ['id:both']],
    ['resolved ones', () => ({ kind: 'resolved' }), ['id:fixed']],
    ['a page', () => ({ limit: 2 }), ['id:beta', 'id:both']],
  ])('%s', async (_name, filter, expected) => {
    expect(await ids(filter())).toEqual(expected);
  });

  it('lists what may be in effect now or later, by provider', async () => {
    expect((await listLiveNotices(handle.db, { now: NOW })).map((n) => n.id).sort()).toEqual(['id:beta', 'id:both', 'id:everyone', 'id:hotline', 'id:undated']);
    expect((await listLiveNotices(handle.db, { now: NOW, providerPk: beta })).map((n) => n.id)).toEqual(['id:beta']);
    expect(await listLiveNotices(handle.db, { now: NOW + 48 * HOUR })).toEqual([]);
  });
});

describe('the "in effect" SQL', () => {
  const time = fc.option(fc.integer({ min: -48, max: 48 }).map((h) => NOW + h * HOUR), { nil: null });
  const arbitraryRecord = fc.record({
    format: fc.constantFrom('rss' as const, 'statuspage' as const, 'html' as const),
    kind: fc.constantFrom<NoticeKind>(...NOTICE_KINDS),
    publishedAt: time,
    updatedAt: time,
    firstSeenAt: fc.integer({ min: -48, max: 0 }).map((h) => NOW + h * HOUR),
    startsAt: time,
    endsAt: time,
    closedAt: time,
  });

  it('agrees with isActive for any notice at any time', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(arbitraryRecord, { minLength: 1, maxLength: 30 }), fc.integer({ min: -60, max: 60 }), async (drawn, hours) => {
        const own = openSqlite(':memory:');
        try {
          await syncCatalog(own, makeCatalog([makeProvider('acme', [makeChannel('acme-news', { kind: 'announcements', probes: [feedProbe('acme-news', 0, 'http://127.0.0.1:9/', 'rss')] })])]), NOW);
          const providerPk = (await providerKeys(own.db)).get('acme')!;
          const records = drawn.map((d, i) => {
            const window = d.startsAt === null && d.endsAt === null ? null : { startsAt: d.startsAt, endsAt: d.endsAt };
            const closedAt = d.kind === 'resolved' ? (d.closedAt ?? NOW) : d.closedAt;
            return record(`id:${i}`, { format: d.format, kind: d.kind, publishedAt: d.publishedAt, updatedAt: d.updatedAt, firstSeenAt: d.firstSeenAt, window, closedAt });
          });
          await saveNotices(own, records.map((r) => ({ record: r, providerPk, sourceProbePk: 1, channels: null, lastSeenAt: NOW })));
          const at = NOW + hours * HOUR;
          const fromSql = (await listNotices(own.db, { now: at, active: true, limit: 500 })).map((n) => n.id).sort();
          expect(fromSql).toEqual(records.filter((r) => isActive(r, at)).map((r) => r.id).sort());
          const notActive = (await listNotices(own.db, { now: at, active: false, limit: 500 })).length;
          expect(notActive + fromSql.length).toBe(records.length);
        } finally {
          own.close();
        }
      }),
      { numRuns: 60 },
    );
  });

  it('stores "until it closes" as a far-future time', async () => {
    await saveNotices(handle, [write(record('id:sp', { format: 'statuspage' }), { sourceProbePk: spPk })]);
    expect((await listNotices(handle.db, { now: NOW, limit: 1 }))[0]!.activeUntil).toBe(NEVER);
  });
});
