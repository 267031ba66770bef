/**
 * The dashboard's test bed: a real in-memory SQLite store seeded through the store's own
 * writer (checks, state changes, incidents), history rolled up by the real housekeeping, and
 * the real app (`createApp`) serving the built dashboard with @hono/node-server on 127.0.0.1.
 * Everything is relative to the real clock, because the browser's clock is real too.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { createApp } from '../../../src/app.ts';
import type { Channel, Provider, ServiceHours } from '../../../src/domain/catalog.ts';
import type { ChannelState } from '../../../src/domain/vocabulary.ts';
import { createHistoryHousekeeping } from '../../../src/history/housekeeping.ts';
import { silentLogger } from '../../../src/log.ts';
import { syncCatalog, type CatalogKeys } from '../../../src/store/catalog-sync.ts';
import { openSqlite, type SqliteHandle } from '../../../src/store/sqlite.ts';
import { writeBatch, type CheckRow, type StateChange } from '../../../src/store/writes.ts';
import { dashboardAssets } from '../../../src/web/assets.ts';
import { makeCatalog, makeChannel, makeProvider } from '../../support/catalog.ts';
import { withUpcomingEndpoints, type UpcomingLog } from './upcoming.ts';

export const ADMIN_KEY = 'test-admin-key-5f2c';
const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** The local date `YYYY-MM-DD` in `timeZone` at `at`. */
function localDate(timeZone: string, at: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** Open 09:00–17:00 every day, but closed all of today: closed now, opening on a later day at 09:00. */
function closedToday(timeZone: string, now: number): ServiceHours {
  return {
    kind: 'weekly',
    ranges: Array.from({ length: 7 }, (_, day) => ({ day, start: 9 * 60, end: 17 * 60 })),
    exceptions: { [localDate(timeZone, now)]: [] },
  };
}

/** Channels of the 50-channel provider. */
export const BIG_CHANNELS = 50;

function catalogAt(now: number) {
  const acme = makeProvider(
    'acme',
    [
      makeChannel('acme-chat', { kind: 'live_chat', name: 'Online chat', contact: 'https://chat.acme.example/' }),
      makeChannel('acme-app', { kind: 'in_app', name: 'In-app support' }),
      makeChannel('acme-mail', { kind: 'email', name: 'E-mail', contact: 'help@acme.example' }),
      makeChannel('acme-help', { kind: 'help_center', name: 'Help centre', contact: 'https://help.acme.example/' }),
      makeChannel('acme-form', { kind: 'web_form', name: 'Complaint form', hours: closedToday('Asia/Shanghai', now) }),
      makeChannel('acme-hotline', { kind: 'hotline', name: 'Hotline <b>24h</b>', contact: '+86 400 000 0000', probes: [] }),
    ],
    { name: 'Acme Pay', timezone: 'Asia/Shanghai', locale: 'zh-CN' },
  );
  const sleepy = makeProvider(
    'sleepy',
    [
      makeChannel('sleepy-chat', { kind: 'live_chat', name: 'Chat', hours: closedToday('Europe/Berlin', now) }),
      makeChannel('sleepy-mail', { kind: 'email', name: 'Mail', hours: closedToday('Europe/Berlin', now) }),
    ],
    { name: 'Sleepy Wallet', timezone: 'Europe/Berlin' },
  );
  const big = makeProvider(
    'bigco',
    Array.from({ length: BIG_CHANNELS }, (_, i): Channel => makeChannel(`bigco-${i}`, { kind: i % 2 ? 'live_chat' : 'hotline', name: `Line ${i + 1}` })),
    { name: 'Big Co', timezone: 'UTC' },
  );
  return makeCatalog([acme, big, sleepy]);
}

export interface Bed {
  url: string;
  /** The same app behind stand-ins for the endpoints still being built (see upcoming.ts). */
  upcomingUrl: string;
  upcoming: UpcomingLog;
  handle: SqliteHandle;
  keys: CatalogKeys;
  /** Writes a channel's new state as the monitor would (with the failing check that caused it). */
  setState(channelId: string, state: ChannelState): Promise<void>;
  close(): Promise<void>;
}

/**
 * Seeds the store and serves the app (with the dashboard built in `distDir`).
 * acme: chat and app up, e-mail down (open incident), help centre degraded, form closed,
 * hotline without probe (unknown) → "Some channels are down". sleepy: all closed. bigco: 50 up.
 */
export async function startBed(distDir: string): Promise<Bed> {
  const now = Date.now();
  const handle = openSqlite(':memory:');
  const keys = await syncCatalog(handle, catalogAt(now), now - 40 * DAY);
  const rows: CheckRow[] = [];
  const changes: StateChange[] = [];
  const outcomeAt: Record<string, (i: number) => 'up' | 'degraded' | 'down'> = {
    'acme-mail': (i) => (i < 3 ? 'down' : 'up'),
    'acme-help': (i) => (i < 4 ? 'degraded' : 'up'),
    // A closed 40-minute outage a day ago, for the incident list and timeline.
    'acme-chat': (i) => (i >= 140 && i < 144 ? 'down' : 'up'),
  };
  // One check every 10 min for 4 days, newest first (i = 0 is the latest).
  for (const [channelId, channelPk] of keys.channelPk) {
    const probePk = keys.probePk.get(`${channelId}#0`);
    if (probePk === undefined || channelId.startsWith('sleepy')) continue;
    for (let i = 0; i < 4 * 144; i++) {
      const outcome = outcomeAt[channelId]?.(i) ?? 'up';
      rows.push({
        channelPk,
        probePk,
        startedAt: now - i * 10 * MIN - 30_000,
        durationMs: outcome === 'down' ? 10_000 : 80 + ((i * 37) % 200) + (outcome === 'degraded' ? 2500 : 0),
        outcome,
        httpStatus: outcome === 'down' ? null : 200,
        errorClass: outcome === 'down' ? 'timeout' : null,
        message: outcome === 'down' ? 'no answer within 10 s' : null,
      });
    }
    const state: ChannelState = channelId === 'acme-mail' ? 'down' : channelId === 'acme-help' ? 'degraded' : 'up';
    changes.push({ kind: 'channel_status', channelPk, state, since: now - (state === 'up' ? 2 * HOUR : 25 * MIN) });
  }
  const chat = keys.channelPk.get('acme-chat')!;
  const mail = keys.channelPk.get('acme-mail')!;
  changes.push(
    { kind: 'incident_open', channelPk: chat, startedAt: now - 1430 * MIN, causeClass: 'timeout', causeMessage: 'no answer within 10 s' },
    { kind: 'incident_close', channelPk: chat, endedAt: now - 1390 * MIN },
    { kind: 'incident_open', channelPk: mail, startedAt: now - 25 * MIN - 30_000, causeClass: 'timeout', causeMessage: 'no answer within 10 s' },
  );
  await writeBatch(handle, rows, changes);
  const history = createHistoryHousekeeping({ database: handle, now: Date.now, rollupRetentionMs: 400 * DAY, maxHoursPerPass: 200 });
  for (let i = 0; i < 20; i++) {
    const report = await history.pass();
    if (report.hourlyRows === 0 && report.dailyRows === 0) break;
  }

  const app = createApp({
    database: handle,
    log: silentLogger,
    now: Date.now,
    version: 'test',
    rateLimitPerMinute: 1_000_000,
    dashboard: dashboardAssets(distDir),
    adminKey: ADMIN_KEY,
  });
  const upcoming: UpcomingLog = { adviceNeeds: [], reports: [] };
  const [server, upcomingServer] = await Promise.all([listen(app.fetch), listen(withUpcomingEndpoints(app, upcoming).fetch)]);
  const urlOf = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

  return {
    url: urlOf(server),
    upcomingUrl: urlOf(upcomingServer),
    upcoming,
    handle,
    keys,
    async setState(channelId, state) {
      const channelPk = keys.channelPk.get(channelId)!;
      const probePk = keys.probePk.get(`${channelId}#0`)!;
      const at = Date.now();
      const failed = state === 'down';
      await writeBatch(
        handle,
        [{ channelPk, probePk, startedAt: at, durationMs: failed ? 10_000 : 120, outcome: failed ? 'down' : 'up', httpStatus: failed ? null : 200, errorClass: failed ? 'timeout' : null, message: failed ? 'no answer within 10 s' : null }],
        [{ kind: 'channel_status', channelPk, state, since: at }],
      );
    },
    async close() {
      await history.stop();
      for (const s of [server, upcomingServer]) {
        s.closeAllConnections();
        await new Promise<void>((resolve) => s.close(() => resolve()));
      }
      handle.close();
    },
  };
}

function listen(fetch: (req: Request) => Response | Promise<Response>): Promise<Server> {
  return new Promise<Server>((resolve) => {
    const s = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as Server));
  });
}
