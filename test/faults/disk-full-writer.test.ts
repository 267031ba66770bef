/**
 * The monitor's write path against a real SQLite file that is full: `PRAGMA max_page_count`
 * pinned to the file's size makes SQLite itself answer SQLITE_FULL from the page allocator,
 * as a full disk would, with no mount needed (the real-process test uses a real tmpfs where
 * mounting is allowed). Checks wait in memory up to the bound, retries back off instead of
 * storming, and everything is written once the room is back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/log.ts';
import { BatchWriter } from '../../src/scheduler/batch-writer.ts';
import { syncCatalog } from '../../src/store/catalog-sync.ts';
import { openSqlite, type SqliteHandle } from '../../src/store/sqlite.ts';
import type { CheckRow } from '../../src/store/writes.ts';
import { makeCatalog, makeChannel, makeProvider } from '../support/catalog.ts';
import { sleep, waitUntil } from '../crash/real-process.ts';

const NOW = Date.parse('2026-11-23T04:00:00Z');

let dir: string;
let handle: SqliteHandle;
let channelPk: number;
let probePk: number;
let logged: { level: string; msg: string; fields?: Record<string, unknown> }[];
let writer: BatchWriter | undefined;

const log: Logger = {
  debug: () => {},
  info: (msg, fields) => logged.push({ level: 'info', msg, fields }),
  warn: (msg, fields) => logged.push({ level: 'warn', msg, fields }),
  error: (msg, fields) => logged.push({ level: 'error', msg, fields }),
};

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'supportwatch-full-'));
  handle = openSqlite(join(dir, 'full.db'));
  const keys = await syncCatalog(handle, makeCatalog([makeProvider('acme', [makeChannel('acme-hotline')])]), NOW);
  channelPk = keys.channelPk.get('acme-hotline')!;
  probePk = keys.probePk.get('acme-hotline#0')!;
  logged = [];
});

afterEach(async () => {
  handle.raw.pragma('max_page_count = 1073741823');
  await writer?.flush();
  handle.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * A check with a long message, so a handful of them needs new pages. Each text differs: a
 * message is stored once however many checks repeat it (`check_messages`).
 */
const row = (i: number): CheckRow => ({
  channelPk,
  probePk,
  startedAt: NOW + i,
  durationMs: 5,
  outcome: i % 3 === 0 ? 'down' : 'up',
  httpStatus: i % 3 === 0 ? 500 : 200,
  errorClass: i % 3 === 0 ? 'http_status' : null,
  message: i % 3 === 0 ? `HTTP 500 #${i} ${'x'.repeat(400)}` : null,
});

const stored = () => (handle.raw.prepare('SELECT started_at AS t FROM checks ORDER BY started_at').all() as { t: number }[]).map((r) => r.t - NOW);
const failures = () => logged.filter((l) => l.msg === 'write failed; will retry');

/** Pins the file to the pages it has: the next write that needs a page gets SQLITE_FULL. */
function fillUp(): void {
  const pages = handle.raw.pragma('page_count', { simple: true }) as number;
  handle.raw.pragma(`max_page_count = ${pages}`);
}

describe('a full database under the batch writer', () => {
  it('keeps checks in memory, backs off, and writes them all once there is room', async () => {
    writer = new BatchWriter(handle, { flushMs: 20, maxRows: 10, maxRetryMs: 160, log });
    fillUp();
    for (let i = 1; i <= 60; i++) writer.addCheck(row(i));
    await waitUntil(() => failures().length >= 3, 'three writes were refused');
    expect((writer.lastError as { code?: string }).code).toBe('SQLITE_FULL');
    expect(writer.failingSince).toEqual(expect.any(Number));
    expect(writer.pending).toBe(60);
    // 60 checks past maxRows did not each start a write: the retries follow the doubling delay.
    expect(failures().map((f) => f.fields?.retryMs)).toEqual([20, 40, 80, 160, 160, 160].slice(0, failures().length));
    for (let i = 61; i <= 70; i++) writer.addCheck(row(i));
    await sleep(50);
    expect(failures().length).toBeLessThan(10);

    handle.raw.pragma('max_page_count = 1073741823');
    await waitUntil(() => writer!.pending === 0, 'the backlog is written');
    expect(stored()).toEqual(Array.from({ length: 70 }, (_, i) => i + 1));
    expect(writer.lastError).toBeNull();
    expect(writer.failingSince).toBeNull();
    expect(writer.dropped).toBe(0);
    expect(logged.find((l) => l.msg === 'writes recovered')?.fields).toMatchObject({ rows: 70, dropped: 0 });
    expect(handle.raw.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('past the memory bound drops the oldest checks, counts them, and keeps the newest', async () => {
    writer = new BatchWriter(handle, { flushMs: 20, maxRows: 1000, maxBuffered: 25, maxRetryMs: 40, log });
    fillUp();
    for (let i = 1; i <= 40; i++) writer.addCheck(row(i));
    await waitUntil(() => failures().length >= 1, 'a write was refused');
    expect(writer.dropped).toBe(15);
    handle.raw.pragma('max_page_count = 1073741823');
    await waitUntil(() => writer!.pending === 0, 'the backlog is written');
    expect(stored()).toEqual(Array.from({ length: 25 }, (_, i) => i + 16));
    expect(handle.raw.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
