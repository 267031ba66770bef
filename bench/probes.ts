/**
 * The probe bench: N channels against local targets, the real monitor in a child process,
 * and what it achieved: checks/s, punctuality, CPU per check, memory, bytes on disk per check.
 * `npx tsx bench/probes.ts` runs it alone (settings: see `probesSettings`).
 */
import { pathToFileURL } from 'node:url';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { BenchCatalogOptions } from './catalog.ts';
import type { ChildFinal } from './messages.ts';
import { percentile } from '../src/domain/history/latency-histogram.ts';
import { probeThreadCount, probeThreadsFromEnv } from '../src/probes/pool/thread-count.ts';
import { interruptSignal, launchMonitor, sleep, type MonitorProcess } from './monitor-process.ts';
import { keyValueTable, machineInfo, mib, percent, progress, reportFailure, round, type Row } from './report.ts';
import { probesSettings, type ProbesSettings } from './settings.ts';
import { startTargets, type Behaviour } from './targets.ts';

export interface ProbesResult {
  settings: ProbesSettings;
  probes: number;
  providers: number;
  /** Worker threads the monitor probes on (0: its main thread). */
  probeThreads: number;
  startupMs: number;
  windowSeconds: number;
  scheduledPerSecond: number;
  /** Checks started per second over the window (scheduler counter). */
  achievedPerSecond: number;
  /** Rows in `checks` at the end, per second of window (includes checks that finished while stopping). */
  storedPerSecond: number;
  started: number;
  skipped: number;
  lateOver1s: number;
  /** 1 - lateOver1s / started. */
  onTimeShare: number;
  /** Start lateness over the whole run (scheduler histogram, within 5 %). */
  latenessP50Ms: number | null;
  latenessP99Ms: number | null;
  maxLatenessMs: number;
  checksStored: number;
  /** User + system CPU of the monitor process over the window (from ready to the window end). */
  cpuMs: number;
  cpuMsPerCheck: number;
  /**
   * CPU per check started over the second half of the timeline: start-up JIT and the first
   * state changes fall in the first half, so this is the steady cost (null if too short).
   */
  cpuMsPerCheckSecondHalf: number | null;
  /** Share of one core the monitor process used over the window. */
  cpuCoreShare: number;
  peakRssBytes: number;
  endRssBytes: number;
  /** Median of the RSS samples of the second half of the window: where memory settled. */
  steadyRssBytes: number;
  /** Database file plus WAL after a TRUNCATE checkpoint, per stored check. */
  bytesPerCheck: number;
  /** The `checks` table and the messages it refers to alone, per stored check (null without dbstat). */
  checksBytesPerCheck: number | null;
  stopMs: number;
  /** What the targets answered, per behaviour: a cross-check of what the monitor reports. */
  served: Record<Behaviour, number>;
  /** Counters every 10 s: shows whether the rate is steady or drifting. */
  timeline: { atSeconds: number; started: number; cpuMs: number; rssBytes: number }[];
  child: ChildFinal;
}

/** More measurements on the same monitor, so that every figure comes from one run. */
export interface ProbesExtras {
  /** After the window, while probes go on (e.g. API load); its checks do not count in the window. */
  whileRunning?: (monitor: MonitorProcess) => Promise<void>;
  /** After the monitor stopped, on its database, before the database is removed. */
  afterStop?: (databasePath: string) => Promise<void>;
}

/**
 * Runs the probe bench once. Starts targets (this process) and the monitor (a child), and
 * always closes both, also when interrupted by `signal`.
 */
export async function runProbesBench(settings: ProbesSettings, signal?: AbortSignal, extras: ProbesExtras = {}): Promise<ProbesResult> {
  const targets = await startTargets({ hosts: settings.hosts, slowMs: settings.slowMs, hangMaxMs: settings.timeoutMs * 3 });
  try {
    const catalog: BenchCatalogOptions = {
      channels: settings.channels,
      channelsPerProvider: settings.channelsPerProvider,
      intervalMs: settings.intervalMs,
      timeoutMs: settings.timeoutMs,
      maxLatencyMs: settings.maxLatencyMs,
      origins: targets.origins,
      mix: settings.mix,
    };
    const providers = Math.ceil(settings.channels / settings.channelsPerProvider);
    progress(`probes: starting the monitor with ${settings.channels} channels on ${settings.hosts} target hosts`);
    const monitor = await launchMonitor({
      catalog,
      scheduler: { maxConcurrent: settings.maxConcurrent, maxPerHost: settings.maxPerHost },
    });
    try {
      const timeline: ProbesResult['timeline'] = [];
      const step = 10;
      for (let at = step; at <= settings.seconds; at += step) {
        await sleep(step * 1000, signal);
        const s = await monitor.sample();
        timeline.push({ atSeconds: at, started: s.scheduler.started, cpuMs: round(s.cpuUserMs + s.cpuSystemMs), rssBytes: s.rssBytes });
        progress(`probes: ${at}/${settings.seconds} s, ${s.scheduler.started} checks started, RSS ${mib(s.rssBytes)}`);
      }
      await sleep((settings.seconds % step) * 1000, signal);
      const atWindowEnd = await monitor.sample();
      const servedAtWindowEnd = { ...targets.served };
      await extras.whileRunning?.(monitor);
      progress('probes: stopping (running checks finish, last batch is written)');
      const final = await monitor.stop(settings.timeoutMs + 60_000);
      await extras.afterStop?.(monitor.databasePath);
      return summarise(settings, providers, monitor.probes, monitor.startupMs, { ...final, atStop: atWindowEnd }, servedAtWindowEnd, timeline);
    } finally {
      await monitor.close();
    }
  } finally {
    await targets.close();
  }
}

function summarise(
  settings: ProbesSettings,
  providers: number,
  probes: number,
  startupMs: number,
  final: ChildFinal,
  served: Record<Behaviour, number>,
  timeline: ProbesResult['timeline'],
): ProbesResult {
  const { atStop, afterStop, disk, checksStored } = final;
  const windowSeconds = atStop.elapsedMs / 1000;
  const stats = atStop.scheduler;
  // CPU over the window only: what runs after it (API load, the last flush) is not probing.
  const cpuMs = atStop.cpuUserMs + atStop.cpuSystemMs;
  const perCheck = (value: number) => (checksStored > 0 ? value / checksStored : 0);
  return {
    settings,
    probes,
    providers,
    // As the child works it out from the same environment (`src/probes/pool/thread-count.ts`).
    probeThreads: probeThreadCount(probeThreadsFromEnv(process.env.SUPPORTWATCH_PROBE_THREADS), probes, availableParallelism()),
    startupMs: round(startupMs),
    windowSeconds: round(windowSeconds, 2),
    scheduledPerSecond: round((probes * 1000) / settings.intervalMs),
    achievedPerSecond: round(stats.started / windowSeconds),
    storedPerSecond: round(checksStored / (afterStop.elapsedMs / 1000)),
    started: stats.started,
    skipped: stats.skipped,
    lateOver1s: stats.lateOver1s,
    onTimeShare: stats.started > 0 ? 1 - stats.lateOver1s / stats.started : 0,
    latenessP50Ms: roundOrNull(percentile(stats.lateness, 0.5)),
    latenessP99Ms: roundOrNull(percentile(stats.lateness, 0.99)),
    maxLatenessMs: stats.maxLatenessMs,
    checksStored,
    cpuMs: round(cpuMs),
    cpuMsPerCheck: round(stats.started > 0 ? cpuMs / stats.started : 0, 3),
    cpuMsPerCheckSecondHalf: secondHalfCpuPerCheck(timeline),
    cpuCoreShare: round(cpuMs / (atStop.elapsedMs || 1), 3),
    peakRssBytes: final.peakRssBytes,
    endRssBytes: atStop.rssBytes,
    steadyRssBytes: median(timeline.slice(Math.floor(timeline.length / 2)).map((t) => t.rssBytes)) ?? atStop.rssBytes,
    bytesPerCheck: round(perCheck(disk.dbBytes + disk.walBytes)),
    checksBytesPerCheck:
      disk.checksTableBytes === null || disk.checksIndexBytes === null ? null : round(perCheck(disk.checksTableBytes + disk.checksIndexBytes)),
    stopMs: round(final.stopMs),
    served,
    timeline,
    child: final,
  };
}

function roundOrNull(value: number | null): number | null {
  return value === null ? null : round(value);
}

function median(values: number[]): number | null {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? null : sorted[Math.floor((sorted.length - 1) / 2)]!;
}

function secondHalfCpuPerCheck(timeline: ProbesResult['timeline']): number | null {
  const last = timeline.at(-1);
  const middle = timeline[Math.floor((timeline.length - 1) / 2)];
  if (!last || !middle || last.started === middle.started) return null;
  return round((last.cpuMs - middle.cpuMs) / (last.started - middle.started), 3);
}

/** The probe bench as a printable table. */
export function formatProbesTable(r: ProbesResult): string {
  const s = r.settings;
  const mix = `${s.mix.fast}/${s.mix.slow}/${s.mix.failing}/${s.mix.hanging} % fast/slow(${s.slowMs} ms)/500/hanging`;
  const rows: Row[] = [
    ['channels (probes) / providers / hosts', `${r.probes} / ${r.providers} / ${s.hosts}`],
    ['interval / timeout', `${s.intervalMs} ms / ${s.timeoutMs} ms`],
    ['probe threads', String(r.probeThreads)],
    ['target mix', mix],
    ['window', `${r.windowSeconds} s (monitor start-up ${r.startupMs} ms, stop ${r.stopMs} ms)`],
    ['scheduled checks/s', String(r.scheduledPerSecond)],
    ['achieved checks/s (started)', String(r.achievedPerSecond)],
    ['stored checks/s', String(r.storedPerSecond)],
    ['started within 1 s of due', `${percent(r.onTimeShare)} (${r.lateOver1s} of ${r.started} late, ${r.skipped} skipped)`],
    ['start lateness p50 / p99 / max', `${r.latenessP50Ms ?? 'n/a'} / ${r.latenessP99Ms ?? 'n/a'} / ${r.maxLatenessMs} ms`],
    ['CPU per check (user+sys)', `${r.cpuMsPerCheck} ms (${r.cpuMs} ms total, ${percent(r.cpuCoreShare)} of one core)`],
    ['  second half of the window', r.cpuMsPerCheckSecondHalf === null ? 'n/a (run too short)' : `${r.cpuMsPerCheckSecondHalf} ms`],
    ['event-loop delay p50 / p99 / max', `${round(r.child.eventLoopDelayMs.p50)} / ${round(r.child.eventLoopDelayMs.p99)} / ${round(r.child.eventLoopDelayMs.max)} ms`],
    ['RSS peak / steady / end', `${mib(r.peakRssBytes)} / ${mib(r.steadyRssBytes)} / ${mib(r.endRssBytes)}`],
    ['bytes on disk per check, this window', `${r.bytesPerCheck} B (${mib(r.child.disk.dbBytes + r.child.disk.walBytes)}; checks and their messages ${r.checksBytesPerCheck ?? 'n/a'} B)`],
    ['checks stored', String(r.checksStored)],
    ['targets served fast/slow/500/hang', `${r.served.fast} / ${r.served.slow} / ${r.served.failing} / ${r.served.hanging}`],
    ['monitor warnings / errors logged', `${r.child.logs.warn} / ${r.child.logs.error}`],
  ];
  const errors = r.child.logs.firstErrors.map((e) => `  first errors: ${e}`);
  return [keyValueTable('Probes — the real monitor in a child process', rows), ...errors].join('\n');
}

async function main(): Promise<void> {
  const settings = probesSettings(process.env);
  const machine = machineInfo();
  const result = await runProbesBench(settings, interruptSignal());
  process.stdout.write(`${machine.cpuModel}, ${machine.cores} cores, node ${machine.node}\n\n${formatProbesTable(result)}\n`);
}

if (import.meta.url === pathToFileURL(resolve(process.argv[1] ?? '')).href) {
  main().catch(reportFailure);
}
