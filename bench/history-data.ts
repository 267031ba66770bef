/**
 * Builds the history bench's database the way the monitor would have: a bench catalog synced
 * into SQLite, raw one-minute checks (and the incidents they opened) written through the
 * store's own batch writer (`writeBatch` → `insertChecksSync`), and the earlier days as
 * hourly rollups written hour by hour through the real rollup writer (`replaceRows`), with
 * daily rows regrouped from them at each local midnight, as housekeeping does.
 */
import { buildCatalog } from './catalog.ts';
import { DEFAULT_MIX } from './targets.ts';
import type { Catalog, ServiceHours } from '../src/domain/catalog.ts';
import { BUCKET_COUNT, bucketOf, localDayStart, regroupRollups, splitByPeriod, type PeriodPiece, type Rollup } from '../src/domain/history/index.ts';
import { isOpen } from '../src/domain/service-hours.ts';
import { readRollups, replaceRollups, replaceRows, rowOf, type RollupRow, type RollupSpan } from '../src/history/rows.ts';
import { syncCatalog, type CatalogKeys } from '../src/store/catalog-sync.ts';
import type { SqliteHandle } from '../src/store/sqlite.ts';
import { writeBatch, type CheckRow, type StateChange } from '../src/store/writes.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

export interface HistoryData {
  catalog: Catalog;
  keys: CatalogKeys;
  /** Channels in catalog order with what generation needs. */
  channels: BenchChannel[];
}

export interface BenchChannel {
  id: string;
  providerId: string;
  pk: number;
  probePk: number;
  timezone: string;
  hours: ServiceHours;
  /** Typical latency of a good answer, ms. */
  baseMs: number;
}

/** A small, fast, seeded PRNG (mulberry32), so every run builds the same data. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The bench catalog (every fifth channel keeps office hours; zones cycle over five) synced into the database. */
export async function syncBenchCatalog(handle: SqliteHandle, channelCount: number, now: number): Promise<HistoryData> {
  const catalog = buildCatalog({
    channels: channelCount,
    channelsPerProvider: 50,
    intervalMs: 60_000,
    timeoutMs: 10_000,
    maxLatencyMs: 1000,
    origins: ['http://127.0.0.1:9'],
    mix: DEFAULT_MIX,
  });
  const keys = await syncCatalog(handle, catalog, now);
  const rand = random(7);
  const channels = catalog.providers.flatMap((p) =>
    p.channels.map((c) => ({
      id: c.id,
      providerId: p.id,
      pk: keys.channelPk.get(c.id)!,
      probePk: keys.probePk.get(c.probes[0]!.key)!,
      timezone: p.timezone,
      hours: c.hours,
      baseMs: Math.round(40 + rand() * 360),
    })),
  );
  return { catalog, keys, channels };
}

/**
 * Raw checks every minute for each channel over `[from, to)`, one `writeBatch` per minute of
 * all channels (the monitor writes a batch every 250 ms; a minute's worth keeps the bench
 * quick without changing what lands on disk). About 1 % of channel-hours hold an outage of
 * 5–30 minutes, which opens and closes an incident as the monitor would (two failures).
 */
export async function writeRawChecks(handle: SqliteHandle, channels: readonly BenchChannel[], from: number, to: number, onMinute?: (done: number) => void): Promise<number> {
  const rand = random(11);
  const outageUntil = new Float64Array(channels.length);
  const failures = new Uint16Array(channels.length);
  const certExpiresAt = Date.parse('2027-06-01T00:00:00Z');
  let written = 0;
  for (let minute = from; minute < to; minute += MINUTE_MS) {
    const rows: CheckRow[] = [];
    const changes: StateChange[] = [];
    channels.forEach((c, i) => {
      const startedAt = minute + ((c.pk * 7919) % 60_000);
      if (startedAt >= to) return;
      if (startedAt >= outageUntil[i]! && rand() < 1 / 6000) outageUntil[i] = startedAt + (5 + Math.floor(rand() * 25)) * MINUTE_MS;
      const down = startedAt < outageUntil[i]!;
      const degraded = !down && rand() < 0.02;
      const durationMs = down ? 10_000 : degraded ? 1000 + Math.round(rand() * 2000) : Math.round(c.baseMs * (0.75 + rand() * 0.5));
      rows.push({
        channelPk: c.pk,
        probePk: c.probePk,
        startedAt,
        durationMs,
        outcome: down ? 'down' : degraded ? 'degraded' : 'up',
        httpStatus: down ? null : 200,
        errorClass: down ? 'timeout' : null,
        message: down ? 'no answer within 10000 ms' : degraded ? 'answered in more than 1000 ms' : null,
        dnsMs: 1 + Math.floor(rand() * 4),
        connectMs: down ? null : 5 + Math.floor(rand() * 25),
        tlsMs: down ? null : 10 + Math.floor(rand() * 30),
        firstByteMs: down ? null : Math.max(1, durationMs - 5),
        certExpiresAt: down ? null : certExpiresAt,
        conditionsFailed: null,
      });
      if (down) {
        failures[i]!++;
        if (failures[i] === 2) {
          changes.push({ kind: 'incident_open', channelPk: c.pk, startedAt: startedAt - MINUTE_MS, causeClass: 'timeout', causeMessage: 'no answer within 10000 ms' });
        }
      } else {
        if (failures[i]! >= 2) changes.push({ kind: 'incident_close', channelPk: c.pk, endedAt: startedAt });
        failures[i] = 0;
      }
    });
    await writeBatch(handle, rows, changes);
    written += rows.length;
    onMinute?.(written);
  }
  return written;
}

/**
 * Hourly rollups for every local hour of `[from, to)` of every channel, as housekeeping writes
 * them: step by step of one UTC hour, all zones' hours that ended in the step written together
 * in key order (`replaceRows`), and the daily rows regrouped from them whenever a local day
 * completes. Outages and latency follow the same model as `writeRawChecks`, drawn per hour
 * instead of per check.
 */
export async function writeRollupHistory(
  handle: SqliteHandle,
  channels: readonly BenchChannel[],
  from: (timezone: string) => number,
  to: (timezone: string) => number,
  onStep?: (steps: number) => void,
): Promise<{ hourly: number; daily: number }> {
  const rand = random(13);
  const zones = new Map<string, BenchChannel[]>();
  for (const c of channels) {
    const list = zones.get(c.timezone);
    if (list) list.push(c);
    else zones.set(c.timezone, [c]);
  }
  // Every zone's local hours, grouped by the UTC hour in which housekeeping would roll them up.
  const steps = new Map<number, { tz: string; list: BenchChannel[]; piece: PeriodPiece }[]>();
  for (const [tz, list] of zones) {
    for (const piece of splitByPeriod(from(tz), to(tz), tz, 'hour')) {
      const step = Math.ceil(piece.to / HOUR_MS);
      steps.set(step, [...(steps.get(step) ?? []), { tz, list, piece }]);
    }
  }
  let hourly = 0;
  let daily = 0;
  let done = 0;
  for (const step of [...steps.keys()].sort((a, b) => a - b)) {
    const spans: RollupSpan[] = [];
    const rows: RollupRow[] = [];
    const days: { tz: string; pks: number[]; from: number; to: number }[] = [];
    for (const { tz, list, piece } of steps.get(step)!) {
      const seconds = (piece.to - piece.from) / 1000;
      for (let i = 0; i < list.length; i += 500) {
        const batch = list.slice(i, i + 500);
        const pks = batch.map((c) => c.pk);
        for (const c of batch) rows.push(rowOf('hour', { channelPk: c.pk, rollup: syntheticHour(c, piece.start, seconds, tz, rand) }));
        spans.push({ channelPks: pks, from: piece.start, to: piece.to, timezone: tz });
        // At a local midnight, the day just ended gets its row, regrouped from its hours.
        if (localDayStart(piece.to, tz) === piece.to) days.push({ tz, pks, from: localDayStart(piece.start, tz), to: piece.to });
      }
    }
    await replaceRows(handle, 'hour', spans, rows, pause);
    hourly += rows.length;
    for (const day of days) {
      const stored = await readRollups(handle.db, 'hour', { channelPks: day.pks, from: day.from, to: day.to, timezone: day.tz });
      const regrouped = [...stored].flatMap(([channelPk, rs]) => regroupRollups(rs, day.tz, 'day').map((rollup) => ({ channelPk, rollup })));
      await replaceRollups(handle, 'day', { channelPks: day.pks, from: day.from, to: day.to, timezone: day.tz }, regrouped);
      daily += regrouped.length;
    }
    onStep?.(++done);
  }
  return { hourly, daily };
}

function pause(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function syntheticHour(c: BenchChannel, start: number, seconds: number, timezone: string, rand: () => number): Rollup {
  const checks = Math.round(seconds / 60);
  const open = c.hours.kind === 'always' || isOpen(c.hours, timezone, start);
  const r: Rollup = {
    start,
    seconds: { up: 0, degraded: 0, down: 0, closed: 0, maintenance: 0 },
    checks: { up: 0, degraded: 0, down: 0, closed: 0, maintenance: 0 },
    latency: new Array<number>(BUCKET_COUNT).fill(0),
  };
  if (!open) {
    r.seconds.closed = seconds;
    r.checks.closed = checks;
  } else {
    const downMinutes = rand() < 0.01 ? Math.min(checks, 5 + Math.floor(rand() * 25)) : 0;
    const degradedMinutes = Math.min(checks - downMinutes, Math.floor(rand() * 3));
    r.seconds.down = downMinutes * 60;
    r.seconds.degraded = degradedMinutes * 60;
    r.seconds.up = seconds - r.seconds.down - r.seconds.degraded;
    r.checks.down = downMinutes;
    r.checks.degraded = degradedMinutes;
    r.checks.up = checks - downMinutes - degradedMinutes;
  }
  // Answered checks spread around the channel's usual latency (±25 %), a few slow ones on top.
  const answered = checks - r.checks.down;
  const latency = r.latency as number[];
  for (let k = 0; k < answered; k++) {
    const slow = k < r.checks.degraded || (r.checks.degraded === 0 && k === 0 && rand() < 0.3);
    latency[bucketOf(slow ? 1000 + rand() * 2000 : c.baseMs * (0.75 + rand() * 0.5))]!++;
  }
  return r;
}
