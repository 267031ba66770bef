/**
 * `npm run bench:history`: a database of N channels (10,000 by default) with 90 days of
 * history each, the last day as raw one-minute checks (14.4 million rows) and the days before
 * as rollups, all written through the real store and rollup writers. Prints the database's
 * size, bytes per raw check and per channel-day of rollups, how long housekeeping takes to roll
 * up an hour of every channel, and the median / p99 time of each history query through the
 * real app. Writes the figures to `bench/results/history.json`. Settings: `history-settings.ts`.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { HISTORY_WATERMARK_KEY, meta } from '../db/schema.ts';
import { createApp } from '../src/app.ts';
import { daysBack, localHourStart } from '../src/domain/history/index.ts';
import { loadHistoryChannels, type HistoryChannel } from '../src/history/channels.ts';
import { createHistoryHousekeeping } from '../src/history/housekeeping.ts';
import { providerUptimes } from '../src/history/queries.ts';
import { DEFAULT_ROLLUP_RETENTION_MS } from '../src/history/settings.ts';
import { silentLogger } from '../src/log.ts';
import { openSqlite, type SqliteHandle } from '../src/store/sqlite.ts';
import { random, syncBenchCatalog, writeRawChecks, writeRollupHistory, type BenchChannel } from './history-data.ts';
import { historySettings, type HistorySettings } from './history-settings.ts';
import { keyValueTable, gridTable, machineInfo, mib, progress, reportFailure, round, type Row } from './report.ts';

const RESULTS = fileURLToPath(new URL('./results/history.json', import.meta.url));
/** A Monday morning in Shanghai, 37 minutes into the hour, so the open hour is half full. */
const NOW = Date.parse('2026-11-23T04:37:00Z');
const MINUTE_MS = 60_000;

export interface QueryFigure {
  path: string;
  medianMs: number;
  p99Ms: number;
  target: string | null;
}

export interface HistoryResult {
  settings: HistorySettings;
  generation: { rawRows: number; rawSeconds: number; hourlyRows: number; dailyRows: number; rollupSeconds: number; totalSeconds: number };
  disk: {
    dbBytes: number;
    checksBytes: number | null;
    bytesPerCheck: number | null;
    rollupBytes: number | null;
    bytesPerChannelDay: number | null;
    hourlyRows: number;
    dailyRows: number;
    /** Table bytes per row, for where the rollup bytes go. */
    bytesPerHourlyRow: number | null;
    bytesPerDailyRow: number | null;
  };
  /** Per pass of one hour of every channel: wall time, and CPU time of this process (a busy machine stretches the first). */
  housekeeping: { hours: number; medianMs: number; maxMs: number; medianCpuMs: number; rowsPerHour: number };
  queries: Record<string, QueryFigure>;
}

export async function runHistoryBench(settings: HistorySettings): Promise<HistoryResult> {
  const dir = settings.databasePath ? undefined : mkdtempSync(join(tmpdir(), 'supportwatch-history-'));
  const path = settings.databasePath ?? join(dir!, 'history.db');
  const handle = openSqlite(path);
  try {
    const started = performance.now();
    const data = await syncBenchCatalog(handle, settings.channels, NOW - settings.days * 86_400_000);
    const rawMinutes = Math.floor(settings.rawRows / settings.channels);
    const rawFrom = NOW - rawMinutes * MINUTE_MS;

    progress(`history: ${settings.days - 1} days of hourly rollups for ${settings.channels} channels`);
    const rollupStarted = performance.now();
    const rollups = await writeRollupHistory(
      handle,
      data.channels,
      (tz) => daysBack(NOW, settings.days, tz),
      (tz) => localHourStart(rawFrom, tz),
      (steps) => steps % 240 === 0 && progress(`history: ${steps} hours of rollups written`),
    );
    const rollupSeconds = (performance.now() - rollupStarted) / 1000;

    progress(`history: ${rawMinutes} minutes of raw checks (${settings.channels * rawMinutes} rows)`);
    const rawStarted = performance.now();
    const rawRows = await writeRawChecks(handle, data.channels, rawFrom, NOW, (n) => n % 1_000_000 < settings.channels && progress(`history: ${n} raw checks`));
    const rawSeconds = (performance.now() - rawStarted) / 1000;
    const totalSeconds = (performance.now() - started) / 1000;

    progress('history: housekeeping rolls up the raw checks, an hour per pass');
    const housekeeping = await timeHousekeeping(handle, rawFrom);
    progress('history: timing queries through the app');
    const queries = await timeQueries(handle, data.channels, settings.samples);
    const disk = diskFigures(handle, path, rawRows, settings);
    return {
      settings,
      generation: { rawRows, rawSeconds: round(rawSeconds), hourlyRows: rollups.hourly, dailyRows: rollups.daily, rollupSeconds: round(rollupSeconds), totalSeconds: round(totalSeconds) },
      disk,
      housekeeping,
      queries,
    };
  } finally {
    handle.close();
    if (dir && !settings.keep) rmSync(dir, { recursive: true, force: true });
    else progress(`history: database kept at ${path}`);
  }
}

/** Starts housekeeping at the first raw check and times each pass of one hour (skipping those with nothing to do). */
async function timeHousekeeping(handle: SqliteHandle, rawFrom: number): Promise<HistoryResult['housekeeping']> {
  const row = { key: HISTORY_WATERMARK_KEY, value: String(rawFrom) };
  await handle.db.insert(meta).values(row).onConflictDoUpdate({ target: meta.key, set: { value: row.value } });
  const history = createHistoryHousekeeping({ database: handle, now: () => NOW, rollupRetentionMs: DEFAULT_ROLLUP_RETENTION_MS, maxHoursPerPass: 1 });
  await history.pass(); // the first pass also loads the catalog and runs rollup retention once
  const times: number[] = [];
  const cpu: number[] = [];
  let rows = 0;
  for (let last = -1; ; ) {
    const before = process.cpuUsage();
    const report = await history.pass();
    const used = process.cpuUsage(before);
    if (report.watermark === last) break;
    last = report.watermark!;
    if (report.hourlyRows === 0) continue;
    times.push(report.ms);
    cpu.push((used.user + used.system) / 1000);
    rows += report.hourlyRows;
  }
  return {
    hours: times.length,
    medianMs: quantile(times, 0.5),
    maxMs: Math.max(...times),
    medianCpuMs: Math.round(quantile(cpu, 0.5)),
    rowsPerHour: Math.round(rows / Math.max(1, times.length)),
  };
}

async function timeQueries(handle: SqliteHandle, channels: readonly BenchChannel[], samples: number): Promise<Record<string, QueryFigure>> {
  const app = createApp({ database: handle, log: silentLogger, now: () => NOW, version: 'bench', rateLimitPerMinute: 1e9 });
  const rand = random(17);
  const pick = () => channels[Math.floor(rand() * channels.length)]!;
  const figures: [string, (c: BenchChannel) => string, string | null][] = [
    ['uptime 90d, one channel', (c) => `/api/v1/channels/${c.id}/uptime?window=90d`, '≤ 2 ms'],
    ['uptime 24h, one channel', (c) => `/api/v1/channels/${c.id}/uptime?window=24h`, null],
    ['daily bars, 90 days', (c) => `/api/v1/channels/${c.id}/daily?days=90`, '≤ 5 ms'],
    ['provider view, 50 channels', (c) => `/api/v1/providers/${c.providerId}`, '≤ 20 ms'],
    ['latency 24h, 5m steps', (c) => `/api/v1/channels/${c.id}/latency?window=24h&step=5m`, null],
    ['latency 7d, 1h steps', (c) => `/api/v1/channels/${c.id}/latency?window=7d&step=1h`, null],
    ['latency 30d, 1d steps', (c) => `/api/v1/channels/${c.id}/latency?window=30d&step=1d`, null],
    ['heatmap, 28 days', (c) => `/api/v1/channels/${c.id}/heatmap?days=28`, null],
  ];
  const out: Record<string, QueryFigure> = {};
  // The history part of the provider view on its own (the view also reads states, last checks, notices and reports).
  const byProvider = new Map<number, HistoryChannel[]>();
  for (const c of await loadHistoryChannels(handle.db, 0)) byProvider.set(c.providerPk, [...(byProvider.get(c.providerPk) ?? []), c]);
  const providers = [...byProvider.values()];
  const uptimeTimes: number[] = [];
  for (let i = 0; i < samples + 10; i++) {
    const list = providers[Math.floor(rand() * providers.length)]!;
    const t = performance.now();
    await providerUptimes(handle.db, list, NOW);
    if (i >= 10) uptimeTimes.push(performance.now() - t);
  }
  out['  of which uptime_24h/30d/90d'] = { path: 'providerUptimes()', medianMs: round(quantile(uptimeTimes, 0.5), 2), p99Ms: round(quantile(uptimeTimes, 0.99), 2), target: null };
  for (const [name, url, target] of figures) {
    const times: number[] = [];
    for (let i = 0; i < samples + 10; i++) {
      const path = url(pick());
      const t = performance.now();
      const res = await app.request(path);
      const body = await res.text();
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${body.slice(0, 200)}`);
      if (i >= 10) times.push(performance.now() - t); // the first ten warm the JIT and caches
    }
    out[name] = { path: url({ id: ':id', providerId: ':id' } as BenchChannel), medianMs: round(quantile(times, 0.5), 2), p99Ms: round(quantile(times, 0.99), 2), target };
  }
  return out;
}

function diskFigures(handle: SqliteHandle, path: string, rawRows: number, settings: HistorySettings): HistoryResult['disk'] {
  handle.raw.pragma('wal_checkpoint(TRUNCATE)');
  const count = (table: string) => (handle.raw.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  const hourlyRows = count('rollups_hourly');
  const dailyRows = count('rollups_daily');
  let bytes: Map<string, number> | null = null;
  try {
    const rows = handle.raw.prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name').all() as { name: string; bytes: number }[];
    bytes = new Map(rows.map((r) => [r.name, r.bytes]));
  } catch {
    // dbstat is a compile-time option; without it only the file size is reported.
  }
  const checksBytes = bytes && (bytes.get('checks') ?? 0) + (bytes.get('checks_channel_time') ?? 0);
  const rollupBytes = bytes && (bytes.get('rollups_hourly') ?? 0) + (bytes.get('rollups_daily') ?? 0);
  return {
    dbBytes: statSync(path).size,
    checksBytes,
    bytesPerCheck: checksBytes === null ? null : round(checksBytes / rawRows, 1),
    rollupBytes,
    bytesPerChannelDay: rollupBytes === null ? null : Math.round(rollupBytes / (settings.channels * settings.days)),
    hourlyRows,
    dailyRows,
    bytesPerHourlyRow: bytes && round((bytes.get('rollups_hourly') ?? 0) / Math.max(1, hourlyRows), 1),
    bytesPerDailyRow: bytes && round((bytes.get('rollups_daily') ?? 0) / Math.max(1, dailyRows), 1),
  };
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

/** The history bench as printable tables. */
export function formatHistoryTable(r: HistoryResult): string {
  const s = r.settings;
  const g = r.generation;
  const rows: Row[] = [
    ['channels / days of history', `${s.channels} / ${s.days} (the last ${Math.round(g.rawRows / s.channels / 60)} h as raw checks)`],
    ['generated', `${g.rawRows} raw checks in ${g.rawSeconds} s, ${g.hourlyRows} hourly + ${g.dailyRows} daily rollups in ${g.rollupSeconds} s (${g.totalSeconds} s in all)`],
    ['database size', mib(r.disk.dbBytes)],
    ['bytes per raw check (table + index)', r.disk.bytesPerCheck === null ? 'n/a (no dbstat)' : `${r.disk.bytesPerCheck} B`],
    [
      'bytes per channel-day of rollups',
      r.disk.bytesPerChannelDay === null
        ? 'n/a (no dbstat)'
        : `${r.disk.bytesPerChannelDay} B (${r.disk.hourlyRows} hourly rows of ${r.disk.bytesPerHourlyRow} B, ${r.disk.dailyRows} daily of ${r.disk.bytesPerDailyRow} B)`,
    ],
    [
      'housekeeping, one hour of every channel',
      `${r.housekeeping.medianMs} ms median (${r.housekeeping.medianCpuMs} ms CPU), ${r.housekeeping.maxMs} ms max over ${r.housekeeping.hours} hours (${r.housekeeping.rowsPerHour} rows/hour; target ≤ 2000 ms)`,
    ],
  ];
  // The provider view's history part goes right under the provider view.
  const names = Object.keys(r.queries).filter((n) => !n.startsWith('  '));
  const order = names.flatMap((n) => (n.startsWith('provider view') ? [n, ...Object.keys(r.queries).filter((m) => m.startsWith('  '))] : [n]));
  const queryRows = order.map((name) => {
    const q = r.queries[name]!;
    return [name, String(q.medianMs), String(q.p99Ms), q.target ?? ''];
  });
  return [
    keyValueTable('History — rollups, housekeeping and queries', rows),
    gridTable(`Queries through the app (${s.samples} random channels each)`, ['query', 'median ms', 'p99 ms', 'target'], queryRows),
  ].join('\n\n');
}

async function main(): Promise<void> {
  const settings = historySettings(process.env);
  const machine = machineInfo();
  const result = await runHistoryBench(settings);
  mkdirSync(dirname(RESULTS), { recursive: true });
  writeFileSync(RESULTS, JSON.stringify({ machine: { ...machine, loadAverage1mAtEnd: machineInfo().loadAverage1m }, history: result }, null, 2) + '\n');
  progress(`history: figures written to ${RESULTS}`);
  process.stdout.write(`${machine.cpuModel}, ${machine.cores} cores, node ${machine.node}, load ${machine.loadAverage1m}\n\n${formatHistoryTable(result)}\n`);
}

if (import.meta.url === pathToFileURL(resolve(process.argv[1] ?? '')).href) {
  main().catch(reportFailure);
}
