/**
 * The report store on a real in-memory SQLite database (migrations applied, catalog synced):
 * the salt, the counted decision taken by the insert, tallies, surges and retention.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countedReports } from '../../src/reports/limit.ts';
import { deleteReportsBefore, recordReport, reportSalt, reportSurges, reportTallies, REPORT_SALT_KEY } from '../../src/reports/store.ts';
import { syncCatalog, type CatalogKeys } from '../../src/store/catalog-sync.ts';
import { openSqlite, type SqliteHandle } from '../../src/store/sqlite.ts';
import { makeCatalog, makeChannel, makeProvider } from '../support/catalog.ts';

const NOW = Date.parse('2026-11-23T04:30:00Z'); // Monday 12:30 in Shanghai
const MIN = 60_000;
const WEEK = 7 * 86_400_000;
const TZ = 'Asia/Shanghai';

let handle: SqliteHandle;
let keys: CatalogKeys;
let chat: number;
let hotline: number;

beforeEach(async () => {
  handle = openSqlite(':memory:');
  const catalog = makeCatalog([makeProvider('acme', [makeChannel('acme-chat', { kind: 'live_chat' }), makeChannel('acme-hotline')], { timezone: TZ })]);
  keys = await syncCatalog(handle, catalog, NOW - WEEK * 6);
  chat = keys.channelPk.get('acme-chat')!;
  hotline = keys.channelPk.get('acme-hotline')!;
});

afterEach(() => handle.close());

const report = (reporter: string, at: number, channelPk = chat, problem: 'no_answer' | 'long_wait' | 'error' = 'no_answer') =>
  recordReport(handle.db, { channelPk, reporter, problem, at });

describe('reportSalt', () => {
  it('is made once, stored in meta, and the same ever after', async () => {
    const first = await reportSalt(handle.db);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(await reportSalt(handle.db)).toBe(first);
    const row = handle.raw.prepare('SELECT value FROM meta WHERE key = ?').get(REPORT_SALT_KEY) as { value: string };
    expect(row.value).toBe(first);
  });

  it('differs between databases, so hashes cannot be compared across installations', async () => {
    const other = openSqlite(':memory:');
    try {
      expect(await reportSalt(other.db)).not.toBe(await reportSalt(handle.db));
    } finally {
      other.close();
    }
  });

  it('two first uses at once agree on one salt', async () => {
    const [a, b] = await Promise.all([reportSalt(handle.db), reportSalt(handle.db)]);
    expect(a).toBe(b);
  });
});

describe('recordReport', () => {
  it('counts the first, not a repeat within 15 minutes, and counts again from then', async () => {
    expect(await report('alice', NOW)).toEqual({ counted: true, nextCountedAt: NOW + 15 * MIN });
    expect(await report('alice', NOW + 5 * MIN)).toEqual({ counted: false, nextCountedAt: NOW + 15 * MIN });
    expect(await report('alice', NOW + 14 * MIN)).toEqual({ counted: false, nextCountedAt: NOW + 15 * MIN });
    expect(await report('alice', NOW + 15 * MIN)).toEqual({ counted: true, nextCountedAt: NOW + 30 * MIN });
  });

  it('counts each person and each channel on its own', async () => {
    expect((await report('alice', NOW)).counted).toBe(true);
    expect((await report('bob', NOW + MIN)).counted).toBe(true);
    expect((await report('alice', NOW + MIN, hotline)).counted).toBe(true);
  });

  it('stores repeats too, uncounted', async () => {
    await report('alice', NOW);
    await report('alice', NOW + MIN, chat, 'long_wait');
    const rows = handle.raw.prepare('SELECT reporter, problem, at, counted FROM reports ORDER BY at').all();
    expect(rows).toEqual([
      { reporter: 'alice', problem: 'no_answer', at: NOW, counted: 1 },
      { reporter: 'alice', problem: 'long_wait', at: NOW + MIN, counted: 0 },
    ]);
  });

  it.each([
    ['clicks every minute', [0, 1, 2, 3, 14, 15, 16, 29, 30, 31]],
    ['every 10 minutes', [0, 10, 20, 30, 40, 50, 60]],
    ['bursts', [0, 0, 0, 20, 20, 34, 35, 36, 50]],
  ])('agrees with countedReports (the pure rule): %s', async (_name, minutes) => {
    const sequence = minutes.map((m) => ({ reporter: 'alice', channel: 'chat', at: NOW + m * MIN }));
    const flags: boolean[] = [];
    for (const r of sequence) flags.push((await report(r.reporter, r.at)).counted);
    const expected = new Set(countedReports(sequence));
    expect(flags).toEqual(sequence.map((r) => expected.has(r)));
  });

  it('two reports of one person at the same moment: exactly one counts', async () => {
    const results = await Promise.all([report('alice', NOW), report('alice', NOW), report('alice', NOW)]);
    expect(results.filter((r) => r.counted)).toHaveLength(1);
  });

  it('reads "already counted?" through the (channel, reporter, time) index', () => {
    const plan = handle.raw
      .prepare(`EXPLAIN QUERY PLAN SELECT 1 FROM reports r WHERE r.channel_pk = 1 AND r.reporter = 'x' AND r.counted = 1 AND r.at > 0 AND r.at <= 9`)
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('reports_channel_reporter_at');
  });
});

describe('reportTallies', () => {
  it('counts counted reports by problem and 5-minute slot, and the people behind them', async () => {
    await report('a', NOW - 60 * MIN, chat, 'no_answer');
    await report('a', NOW - 59 * MIN, chat, 'error'); // a repeat: not counted
    await report('b', NOW - 58 * MIN, chat, 'error');
    await report('c', NOW - 2 * MIN, chat, 'long_wait');
    await report('a', NOW - MIN, chat, 'no_answer');
    await report('d', NOW - MIN, hotline, 'no_answer'); // another channel
    await report('e', NOW - 3 * 60 * MIN, chat, 'no_answer'); // before the span
    const { tallies, reporters } = await reportTallies(handle.db, chat, NOW - 2 * 60 * MIN, NOW);
    const slot = (at: number) => Math.floor(at / 300_000) * 300_000;
    expect(tallies).toEqual([
      { slot: slot(NOW - 60 * MIN), problem: 'error', count: 1 },
      { slot: slot(NOW - 60 * MIN), problem: 'no_answer', count: 1 },
      { slot: slot(NOW - 2 * MIN), problem: 'long_wait', count: 1 },
      { slot: slot(NOW - 2 * MIN), problem: 'no_answer', count: 1 },
    ]);
    expect(reporters).toBe(3);
  });
});

describe('reportSurges', () => {
  const burst = async (n: number, at: number, channelPk = chat, prefix = 'p') => {
    for (let i = 0; i < n; i++) await report(`${prefix}${i}`, at - i * MIN, channelPk);
  };

  it.each([
    ['nothing reported', 0, false],
    ['4 people in 15 minutes', 4, false],
    ['5 people in 15 minutes', 5, true],
  ])('%s', async (_name, n, surge) => {
    await burst(n, NOW);
    const s = (await reportSurges(handle.db, [chat, hotline], TZ, NOW)).get(chat)!;
    expect(s).toMatchObject({ surge, reporters: n, threshold: 5, usual: 0 });
    expect((await reportSurges(handle.db, [chat, hotline], TZ, NOW)).get(hotline)!.surge).toBe(false);
  });

  it('one person reporting again and again is no surge', async () => {
    for (let i = 0; i < 12; i++) await report('alice', NOW - i * MIN);
    expect((await reportSurges(handle.db, [chat], TZ, NOW)).get(chat)).toMatchObject({ surge: false, reporters: 1 });
  });

  it('reports older than 15 minutes do not make a surge', async () => {
    await burst(8, NOW - 16 * MIN);
    expect((await reportSurges(handle.db, [chat], TZ, NOW)).get(chat)).toMatchObject({ surge: false, reporters: 0 });
  });

  it('a channel used to many reports at this hour needs many more', async () => {
    // Mondays 12:xx of the past four weeks: 8 reports each time → usual 2 per 15 minutes → threshold 8.
    for (let w = 1; w <= 4; w++) await burst(8, NOW - w * WEEK - 5 * MIN, chat, `w${w}-`);
    await burst(7, NOW);
    expect((await reportSurges(handle.db, [chat], TZ, NOW)).get(chat)).toEqual({ surge: false, reporters: 7, threshold: 8, usual: 2 });
    await burst(1, NOW, chat, 'late');
    expect((await reportSurges(handle.db, [chat], TZ, NOW)).get(chat)!.surge).toBe(true);
  });

  it('one past outage does not raise the bar', async () => {
    await burst(40, NOW - 2 * WEEK);
    await burst(5, NOW);
    expect((await reportSurges(handle.db, [chat], TZ, NOW)).get(chat)).toMatchObject({ surge: true, usual: 0 });
  });
});

describe('deleteReportsBefore', () => {
  it('deletes what is older than the cutoff, in batches, and keeps the rest', async () => {
    for (let i = 0; i < 7; i++) await report(`old${i}`, NOW - 40 * 86_400_000 + i * MIN, i % 2 ? chat : hotline);
    await report('new', NOW);
    expect(await deleteReportsBefore(handle.db, NOW - 35 * 86_400_000, 3)).toBe(7);
    expect(handle.raw.prepare('SELECT reporter FROM reports').all()).toEqual([{ reporter: 'new' }]);
    expect(await deleteReportsBefore(handle.db, NOW - 35 * 86_400_000, 3)).toBe(0);
  });
});
