/**
 * A history test bed: a real in-memory SQLite database with a catalog from YAML, checks written
 * through the store's batch writer as the monitor writes them, and housekeeping on a fixed clock.
 *
 * @example
 * const bed = await historyBed(CONFIG);
 * await bed.checks('acme-chat', T0, 'uuuddu');   // one check a minute from T0
 * await bed.housekeep(T0 + 3 * HOUR);
 */
import { parseConfig } from '../../src/config/index.ts';
import { createHistoryHousekeeping, type PassReport } from '../../src/history/housekeeping.ts';
import { loadHistoryChannels, type HistoryChannel } from '../../src/history/channels.ts';
import { syncCatalog, type CatalogKeys } from '../../src/store/catalog-sync.ts';
import { openSqlite, type SqliteHandle } from '../../src/store/sqlite.ts';
import { writeBatch, type CheckRow, type StateChange } from '../../src/store/writes.ts';

export const MIN = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

const OUTCOMES = { u: 'up', g: 'degraded', d: 'down' } as const;

export interface HistoryBed {
  handle: SqliteHandle;
  keys: CatalogKeys;
  /**
   * Writes one check a minute from `start` for the channel's first probe: `u` up, `g`
   * degraded, `d` down, `.` no check. Latency: `latencyMs(i)` for answered checks (default
   * 100 ms), 10 s for failed ones.
   */
  checks(channelId: string, start: number, pattern: string, latencyMs?: (i: number) => number): Promise<CheckRow[]>;
  /** Writes incidents (open and close) as the monitor would. */
  incidents(changes: StateChange[]): Promise<void>;
  /** Runs housekeeping passes at `now` until there is nothing left to roll up; returns their reports. */
  housekeep(now: number, options?: { rollupRetentionMs?: number }): Promise<PassReport[]>;
  channel(id: string): Promise<HistoryChannel>;
  /** Rows of a rollup table, keys decoded by the caller. */
  rows(table: 'rollups_hourly' | 'rollups_daily'): Record<string, unknown>[];
  close(): void;
}

/** Opens an in-memory database and syncs the catalog of `yaml`. */
export async function historyBed(yaml: string): Promise<HistoryBed> {
  const handle = openSqlite(':memory:');
  const keys = await syncCatalog(handle, parseConfig(yaml, 'history.yaml'), Date.parse('2026-01-01T00:00:00Z'));
  return {
    handle,
    keys,
    async checks(channelId, start, pattern, latencyMs = () => 100) {
      const channelPk = keys.channelPk.get(channelId)!;
      const probePk = keys.probePk.get(`${channelId}#0`)!;
      const rows: CheckRow[] = [...pattern].flatMap((letter, i) => {
        if (letter === '.') return [];
        const outcome = OUTCOMES[letter as keyof typeof OUTCOMES];
        const down = outcome === 'down';
        return [
          {
            channelPk,
            probePk,
            startedAt: start + i * MIN,
            durationMs: down ? 10_000 : latencyMs(i),
            outcome,
            httpStatus: down ? null : 200,
            errorClass: down ? 'timeout' : null,
            message: down ? 'no answer within 10 s' : null,
          },
        ];
      });
      await writeBatch(handle, rows, []);
      return rows;
    },
    async incidents(changes) {
      await writeBatch(handle, [], changes);
    },
    async housekeep(now, options = {}) {
      const history = createHistoryHousekeeping({ database: handle, now: () => now, rollupRetentionMs: options.rollupRetentionMs ?? 400 * DAY, maxHoursPerPass: 48 });
      const reports: PassReport[] = [];
      for (let i = 0; i < 100; i++) {
        const report = await history.pass();
        reports.push(report);
        if (report.hourlyRows === 0 && report.dailyRows === 0) return reports;
      }
      throw new Error('housekeeping never caught up');
    },
    async channel(id) {
      const pk = keys.channelPk.get(id)!;
      return (await loadHistoryChannels(handle.db, 0)).find((c) => c.pk === pk)!;
    },
    rows(table) {
      return handle.raw.prepare(`SELECT * FROM ${table} ORDER BY key`).all() as Record<string, unknown>[];
    },
    close: () => handle.close(),
  };
}
