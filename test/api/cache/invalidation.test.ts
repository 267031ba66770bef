/**
 * The response cache inside the real app over a real SQLite file: whatever is written (a check
 * by the monitor's batch writer, a state change, an incident, a change from another
 * connection) is in the very next answer, and answers that depend on the clock follow it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.ts';
import { parseConfig } from '../../../src/config/index.ts';
import { silentLogger } from '../../../src/log.ts';
import { syncCatalog, type CatalogKeys } from '../../../src/store/catalog-sync.ts';
import { openSqlite, type SqliteHandle } from '../../../src/store/sqlite.ts';
import { writeBatch, type CheckRow } from '../../../src/store/writes.ts';

// Monday 2026-11-23 08:59:59 in Shanghai: the chat opens at 09:00.
const BEFORE_OPENING = Date.parse('2026-11-23T00:59:59Z');

const CONFIG = `providers:
  - id: acme
    name: Acme Pay
    timezone: Asia/Shanghai
    channels:
      - id: acme-chat
        kind: live_chat
        name: Online chat
        hours: { mon-fri: "09:00-21:00" }
        probes: [{ type: http, url: "https://chat.acme.example/health" }]
`;

let folder: string;
let handle: SqliteHandle;
let keys: CatalogKeys;
const clock = { now: BEFORE_OPENING };
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'supportwatch-cache-'));
  handle = openSqlite(join(folder, 'cache.db'));
  keys = await syncCatalog(handle, parseConfig(CONFIG, 'cache.yaml'), BEFORE_OPENING - 3_600_000);
  app = createApp({ database: handle, log: silentLogger, now: () => clock.now, version: 'test' });
});

afterAll(() => {
  handle.close();
  rmSync(folder, { recursive: true, force: true });
});

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await app.request(path, { headers });
  return { res, body: res.status === 304 ? null : ((await res.json()) as Record<string, unknown>) };
}

function check(startedAt: number, ok: boolean): CheckRow {
  return {
    channelPk: keys.channelPk.get('acme-chat')!,
    probePk: keys.probePk.get('acme-chat#0')!,
    startedAt,
    durationMs: ok ? 120 : 2000,
    outcome: ok ? 'up' : 'down',
    httpStatus: ok ? 200 : 503,
    errorClass: ok ? null : 'http_status',
    message: ok ? null : 'expected status 200, got 503',
  };
}

const channelState = (body: Record<string, unknown> | null) => (body?.channels as { state: string }[])[0]!.state;

describe('reads right after writes', () => {
  it('a check written by the batch writer is in the next list of checks', async () => {
    const before = await get('/api/v1/channels/acme-chat/checks');
    expect(before.body?.checks).toEqual([]);
    expect((await get('/api/v1/channels/acme-chat/checks')).body?.checks).toEqual([]);
    await writeBatch(handle, [check(clock.now - 60_000, false)], []);
    const after = await get('/api/v1/channels/acme-chat/checks');
    expect((after.body?.checks as unknown[]).length).toBe(1);
    expect(after.res.headers.get('etag')).not.toBe(before.res.headers.get('etag'));
  });

  it('a validator from before a write gets the new answer, one from after it a 304', async () => {
    const old = (await get('/api/v1/providers/acme')).res.headers.get('etag')!;
    await writeBatch(handle, [check(clock.now - 30_000, false)], []);
    const fresh = await get('/api/v1/providers/acme', { 'if-none-match': old });
    expect(fresh.res.status).toBe(200);
    const tag = fresh.res.headers.get('etag')!;
    expect(tag).not.toBe(old);
    expect((await get('/api/v1/providers/acme', { 'if-none-match': tag })).res.status).toBe(304);
  });

  it('a state change and an incident are in the next provider, list and incidents answers', async () => {
    clock.now = BEFORE_OPENING + 2000; // open
    expect(channelState((await get('/api/v1/providers/acme')).body)).toBe('unknown');
    expect((await get('/api/v1/incidents')).body?.incidents).toEqual([]);
    const chat = keys.channelPk.get('acme-chat')!;
    await writeBatch(
      handle,
      [],
      [
        { kind: 'channel_status', channelPk: chat, state: 'down', since: clock.now - 60_000 },
        { kind: 'incident_open', channelPk: chat, startedAt: clock.now - 60_000, causeClass: 'http_status', causeMessage: 'expected status 200, got 503' },
      ],
    );
    expect(channelState((await get('/api/v1/providers/acme')).body)).toBe('down');
    expect((await get('/api/v1/providers')).body?.providers).toEqual([{ id: 'acme', name: 'Acme Pay', state: 'down', channels: 1 }]);
    expect((await get('/api/v1/incidents')).body?.incidents).toMatchObject([{ channel: 'acme-chat', ended_at: null, acknowledged: null }]);
  });

  it('a write from another connection to the same file is in the next answer', async () => {
    expect((await get('/api/v1/incidents')).body?.incidents).toMatchObject([{ acknowledged: null }]);
    const other = new Database(join(folder, 'cache.db'));
    try {
      other.prepare('UPDATE incidents SET acknowledged_at = ?, acknowledged_by = ? WHERE ended_at IS NULL').run(clock.now, 'ops');
    } finally {
      other.close();
    }
    expect((await get('/api/v1/incidents')).body?.incidents).toMatchObject([{ acknowledged: { by: 'ops' } }]);
  });
});

describe('reads as the clock moves', () => {
  it('a channel that opens is no longer closed, with nothing written', async () => {
    clock.now = BEFORE_OPENING - 1000;
    expect(channelState((await get('/api/v1/providers/acme')).body)).toBe('closed');
    clock.now = BEFORE_OPENING + 1000;
    expect(channelState((await get('/api/v1/providers/acme')).body)).toBe('down');
  });
});

describe('readStamp', () => {
  it('moves with a write on the connection and stays with reads', async () => {
    const stamp = handle.readStamp!();
    await get('/api/v1/providers/acme');
    expect(handle.readStamp!()).toBe(stamp);
    await writeBatch(handle, [check(clock.now - 10_000, true)], []);
    expect(handle.readStamp!()).not.toBe(stamp);
  });
});
