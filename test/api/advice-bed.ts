/**
 * A seeded wallet for the advice, best-time and report routes: a real in-memory SQLite
 * database (the history test bed: catalog synced from YAML, checks written through the store,
 * rollups made by the real housekeeping), states set as the monitor sets them, and apps at
 * any `now` and client address over it.
 */
import { createApp } from '../../src/app.ts';
import type { ChannelState } from '../../src/domain/vocabulary.ts';
import { localParts } from '../../src/domain/zoned-time.ts';
import { silentLogger } from '../../src/log.ts';
import { DAY, HOUR, MIN, historyBed, type HistoryBed } from '../history/seed.ts';

export { DAY, HOUR, MIN };
export const TZ = 'Asia/Shanghai';

/** Shanghai local time `YYYY-MM-DD HH:MM` as an instant (UTC+8, no DST). */
export function local(text: string): number {
  return Date.parse(`${text.replace(' ', 'T')}:00+08:00`);
}

const every5m = `interval: 5m, timeout: 10s`;

/** ExamplePay in Shanghai: its channels in config order, each kind advice cares about. */
export const WALLET = `providers:
  - id: examplepay
    name: ExamplePay
    timezone: ${TZ}
    locale: zh-CN
    channels:
      - { id: ep-hotline, kind: hotline, name: Hotline, contact: "+86 400 888 8888", hours: { mon-fri: "09:00-21:00" }, probes: [{ type: http, url: "https://example.com/ep/hotline", ${every5m} }] }
      - { id: ep-app, kind: in_app, name: In-app support, probes: [{ type: http, url: "https://example.com/ep/app", ${every5m} }] }
      - { id: ep-chat, kind: live_chat, name: Online chat, hours: { mon-sun: "09:00-21:00" }, probes: [{ type: http, url: "https://example.com/ep/chat", ${every5m} }] }
      - { id: ep-help, kind: help_center, name: Help centre, probes: [{ type: http, url: "https://example.com/ep/help", ${every5m} }] }
      - { id: ep-notices, kind: announcements, name: Notices }
      - { id: ep-12315, kind: regulator, name: "12315", contact: "12315", hours: { mon-sun: "09:00-17:00" } }
`;

/** One check every 5 minutes (`u` up, `d` down, `.` none) as a pattern for `bed.checks`, which writes one a minute. */
export function every5Minutes(span: number, letter: (at: number) => 'u' | 'd' | '.', start: number): string {
  let out = '';
  for (let m = 0; m < span / MIN; m++) out += m % 5 === 0 ? letter(start + m * MIN) : '.';
  return out;
}

/** Local weekday and hour of an instant in Shanghai. */
export function weekHour(at: number): { weekday: number; hour: number } {
  const { weekday, minute } = localParts(at, TZ);
  return { weekday, hour: Math.floor(minute / 60) };
}

export interface AdviceBed {
  bed: HistoryBed;
  pk(channelId: string): number;
  /** Sets measured channel states as the monitor writes them. */
  states(states: Record<string, [ChannelState, number]>): Promise<void>;
  /** An app at `now`; the client address comes from the `x-test-address` header. */
  app(now: number, options?: { rateLimitPerMinute?: number }): ReturnType<typeof createApp>;
  close(): void;
}

export async function adviceBed(yaml = WALLET): Promise<AdviceBed> {
  const bed = await historyBed(yaml);
  const pk = (id: string) => {
    const found = bed.keys.channelPk.get(id);
    if (found === undefined) throw new Error(`no channel ${id}`);
    return found;
  };
  return {
    bed,
    pk,
    async states(states) {
      await bed.incidents(Object.entries(states).map(([id, [state, since]]) => ({ kind: 'channel_status' as const, channelPk: pk(id), state, since })));
    },
    app(now, options = {}) {
      return createApp({
        database: bed.handle,
        log: silentLogger,
        now: () => now,
        version: 'test',
        clientAddress: (c) => c.req.header('x-test-address') ?? '192.0.2.1',
        rateLimitPerMinute: options.rateLimitPerMinute,
      });
    },
    close: () => bed.close(),
  };
}
