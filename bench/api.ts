/**
 * The API bench: while the real monitor probes (a child process, as in the probe bench), each
 * read endpoint is hit by autocannon at a fixed rate. Reports latency percentiles, throughput,
 * non-2xx answers, and the monitor's CPU and punctuality under that load.
 * `npx tsx bench/api.ts` runs it alone (settings: see `apiSettings`).
 */
import autocannon from 'autocannon';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { channelBehaviour, channelId, providerId, type BenchCatalogOptions } from './catalog.ts';
import type { ChildSample } from './messages.ts';
import { interruptSignal, launchMonitor, sleep, type MonitorProcess } from './monitor-process.ts';
import { gridTable, machineInfo, percent, progress, reportFailure, round } from './report.ts';
import { apiSettings, type ApiSettings } from './settings.ts';
import { startTargets } from './targets.ts';

export interface EndpointResult {
  name: string;
  path: string;
  /** Status and size of one request made before the run, to catch a wrong path early. */
  probeStatus: number;
  bodyBytes: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; average: number };
  requestsPerSecond: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Share of one core the monitor process (API + probing) used during the run. */
  monitorCoreShare: number;
  /** Share of one core this process (autocannon and the targets) used: is the load generator the limit? */
  benchCoreShare: number;
  /** Probe checks started by the monitor during the run, and how many of them were over 1 s late. */
  monitorChecksStarted: number;
  monitorLateOver1s: number;
}

export interface ApiResult {
  settings: ApiSettings;
  probes: number;
  /** Channels of the provider that `/providers/<id>` returns. */
  providerChannels: number;
  endpoints: EndpointResult[];
  monitorLogs: { warn: number; error: number; firstErrors: string[] };
}

/** The endpoints measured, built from the generated catalog's stable ids. */
export function apiEndpoints(catalog: Pick<BenchCatalogOptions, 'channelsPerProvider' | 'mix'>): { name: string; path: string }[] {
  // A healthy channel has a check every interval, so its list is the fullest one.
  let healthy = 0;
  while (healthy < catalog.channelsPerProvider - 1 && channelBehaviour(catalog, 0, healthy) !== 'fast') healthy++;
  return [
    { name: 'providers', path: '/api/v1/providers' },
    { name: 'provider', path: `/api/v1/providers/${providerId(0)}` },
    { name: 'channel checks', path: `/api/v1/channels/${channelId(0, healthy)}/checks` },
    { name: 'uptime 90d', path: `/api/v1/channels/${channelId(0, healthy)}/uptime?window=90d` },
    { name: 'daily bars', path: `/api/v1/channels/${channelId(0, healthy)}/daily?days=90` },
    { name: 'advice', path: `/api/v1/providers/${providerId(0)}/advice` },
    { name: 'incidents', path: '/api/v1/incidents' },
    { name: 'notices', path: '/api/v1/notices' },
    { name: 'Statuspage summary', path: `/p/${providerId(0)}/api/v2/summary.json` },
  ];
}

/** Runs the API bench once; targets and the monitor child are always closed. */
export async function runApiBench(settings: ApiSettings, signal?: AbortSignal): Promise<ApiResult> {
  const p = settings.probes;
  const targets = await startTargets({ hosts: p.hosts, slowMs: p.slowMs, hangMaxMs: p.timeoutMs * 3 });
  try {
    const catalog: BenchCatalogOptions = {
      channels: p.channels,
      channelsPerProvider: p.channelsPerProvider,
      intervalMs: p.intervalMs,
      timeoutMs: p.timeoutMs,
      maxLatencyMs: p.maxLatencyMs,
      origins: targets.origins,
      mix: p.mix,
    };
    progress(`api: starting the monitor with ${p.channels} channels, warming up ${settings.warmupSeconds} s`);
    const monitor = await launchMonitor({ catalog, scheduler: { maxConcurrent: p.maxConcurrent, maxPerHost: p.maxPerHost } });
    try {
      await sleep(settings.warmupSeconds * 1000, signal);
      const endpoints = await measureApi(monitor, apiEndpoints(catalog), settings, signal);
      const final = await monitor.stop(p.timeoutMs + 60_000);
      return {
        settings,
        probes: monitor.probes,
        providerChannels: Math.min(p.channelsPerProvider, p.channels),
        endpoints,
        monitorLogs: final.logs,
      };
    } finally {
      await monitor.close();
    }
  } finally {
    await targets.close();
  }
}

/**
 * Loads each endpoint in turn on a running monitor (probes keep running), one autocannon run
 * each. The whole bench calls this on the big monitor right after its probe window.
 */
export async function measureApi(
  monitor: MonitorProcess,
  endpoints: { name: string; path: string }[],
  settings: Pick<ApiSettings, 'rate' | 'connections' | 'secondsPerEndpoint'>,
  signal?: AbortSignal,
): Promise<EndpointResult[]> {
  const results: EndpointResult[] = [];
  for (const endpoint of endpoints) {
    signal?.throwIfAborted();
    progress(`api: ${endpoint.path} at ${settings.rate} req/s for ${settings.secondsPerEndpoint} s`);
    results.push(await measureEndpoint(monitor, endpoint, settings, signal));
  }
  return results;
}

async function measureEndpoint(
  monitor: MonitorProcess,
  endpoint: { name: string; path: string },
  settings: Pick<ApiSettings, 'rate' | 'connections' | 'secondsPerEndpoint'>,
  signal: AbortSignal | undefined,
): Promise<EndpointResult> {
  const url = monitor.url + endpoint.path;
  const first = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  const bodyBytes = (await first.arrayBuffer()).byteLength;
  const before = await monitor.sample();
  const ownCpu = process.cpuUsage();
  const ownStart = performance.now();
  const run = autocannon({
    url,
    connections: settings.connections,
    duration: settings.secondsPerEndpoint,
    overallRate: settings.rate,
    timeout: 10,
    // autocannon 8 back-fills with an expected interval of ceil(1 / rate) = 1 ms (seconds taken
    // for ms), inventing a sample per ms of every slow answer; raw latencies are the honest figure.
    ignoreCoordinatedOmission: true,
  });
  const stopRun = () => run.stop();
  signal?.addEventListener('abort', stopRun, { once: true });
  let result: Awaited<typeof run>;
  try {
    result = await run;
  } finally {
    signal?.removeEventListener('abort', stopRun);
  }
  signal?.throwIfAborted();
  const own = process.cpuUsage(ownCpu);
  const ownShare = (own.user + own.system) / 1000 / (performance.now() - ownStart);
  const after = await monitor.sample();
  const requests = result['2xx'] + result.non2xx;
  return {
    ...endpoint,
    probeStatus: first.status,
    bodyBytes,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      average: round(result.latency.average, 2),
    },
    requestsPerSecond: round(requests / (result.duration || 1)),
    requests,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    monitorCoreShare: round(cpuMs(after, before) / (after.elapsedMs - before.elapsedMs), 3),
    benchCoreShare: round(ownShare, 3),
    monitorChecksStarted: after.scheduler.started - before.scheduler.started,
    monitorLateOver1s: after.scheduler.lateOver1s - before.scheduler.lateOver1s,
  };
}

function cpuMs(after: ChildSample, before: ChildSample): number {
  return after.cpuUserMs + after.cpuSystemMs - (before.cpuUserMs + before.cpuSystemMs);
}

/** The API bench as a printable table. */
export function formatApiTable(r: ApiResult): string {
  const s = r.settings;
  const title =
    `API — autocannon at ${s.rate} req/s, ${s.connections} connections, ${s.secondsPerEndpoint} s per endpoint, ` +
    `while the monitor probes ${r.probes} channels every ${s.probes.intervalMs / 1000} s (provider of ${r.providerChannels} channels)`;
  const header = ['endpoint', 'bytes', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'req/s', 'non-2xx', 'errors', 'monitor CPU', 'bench CPU', 'late checks'];
  const rows = r.endpoints.map((e) => [
    `${e.name} (${e.probeStatus})`,
    String(e.bodyBytes),
    String(e.latencyMs.p50),
    String(e.latencyMs.p90),
    String(e.latencyMs.p99),
    String(e.latencyMs.max),
    String(e.requestsPerSecond),
    String(e.non2xx),
    String(e.errors + e.timeouts),
    percent(e.monitorCoreShare),
    percent(e.benchCoreShare),
    `${e.monitorLateOver1s}/${e.monitorChecksStarted}`,
  ]);
  const logs = `  monitor warnings / errors logged: ${r.monitorLogs.warn} / ${r.monitorLogs.error}`;
  const errors = r.monitorLogs.firstErrors.map((e) => `  first errors: ${e}`);
  return [gridTable(title, header, rows), logs, ...errors].join('\n');
}

async function main(): Promise<void> {
  const settings = apiSettings(process.env);
  const machine = machineInfo();
  const result = await runApiBench(settings, interruptSignal());
  process.stdout.write(`${machine.cpuModel}, ${machine.cores} cores, node ${machine.node}\n\n${formatApiTable(result)}\n`);
}

if (import.meta.url === pathToFileURL(resolve(process.argv[1] ?? '')).href) {
  main().catch(reportFailure);
}
