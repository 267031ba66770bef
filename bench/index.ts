/**
 * `npm run bench`: issue 4's figures from one run of the real monitor in a child process.
 *
 * 1. Probes: 120,000 channels at a 60 s interval (2,000 checks/s) for 5 minutes against local
 *    targets, 10 % of which hang until the timeout: rate, punctuality, CPU per check, memory.
 * 2. API: autocannon at 500 req/s on each read endpoint of that same monitor, probes running.
 * 3. Storage: the checks of the run, written again through the monitor's write path until
 *    each channel has an hour of them: bytes on disk per check, WAL included.
 *
 * Tables on stdout, every figure in `bench/results/latest.json` with the machine it ran on.
 * `BENCH_*` variables override the defaults (see `bench/settings.ts`), e.g.
 * `BENCH_CHANNELS=20000 BENCH_SECONDS=60 npm run bench` for a quick look.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { apiEndpoints, formatApiTable, measureApi, type ApiResult, type EndpointResult } from './api.ts';
import { interruptSignal } from './monitor-process.ts';
import { formatProbesTable, runProbesBench } from './probes.ts';
import { keyValueTable, machineInfo, mib, progress, reportFailure } from './report.ts';
import { apiSettings, probesSettings } from './settings.ts';
import { fillToAnHour, type StorageResult } from './storage.ts';
import { parseMix } from './targets.ts';

const RESULTS = fileURLToPath(new URL('./results/latest.json', import.meta.url));

/** The load: 120,000 channels every 60 s, 10 % of targets hanging, 5 minutes. */
const DEFAULTS = { channels: 120_000, intervalMs: 60_000, seconds: 300, mix: parseMix('80,5,5,10') };

async function main(): Promise<void> {
  // Read every setting before anything starts, so a typo fails in the first second.
  const probes = probesSettings(process.env, DEFAULTS);
  const api = apiSettings(process.env, { secondsPerEndpoint: 15 });
  const signal = interruptSignal();
  const machine = machineInfo();
  const startedAt = Date.now();

  let endpoints: EndpointResult[] = [];
  let storage: StorageResult | undefined;
  const probesResult = await runProbesBench(probes, signal, {
    whileRunning: async (monitor) => {
      endpoints = await measureApi(monitor, apiEndpoints({ channelsPerProvider: probes.channelsPerProvider, mix: probes.mix }), api, signal);
    },
    afterStop: async (databasePath) => {
      progress(`storage: writing the run's checks again until every channel has an hour of them`);
      storage = await fillToAnHour(databasePath, { channels: probes.channels, intervalMs: probes.intervalMs });
    },
  });
  const apiResult: ApiResult = {
    settings: { ...api, probes },
    probes: probesResult.probes,
    providerChannels: Math.min(probes.channelsPerProvider, probes.channels),
    endpoints,
    monitorLogs: probesResult.child.logs,
  };

  mkdirSync(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
  const totalSeconds = Math.round((Date.now() - startedAt) / 1000);
  const loadAverage1mAtEnd = machineInfo().loadAverage1m;
  writeFileSync(
    RESULTS,
    JSON.stringify({ machine: { ...machine, loadAverage1mAtEnd }, totalSeconds, probes: probesResult, api: apiResult, storage }, null, 2) + '\n',
  );
  progress(`done in ${totalSeconds} s; figures written to ${RESULTS}`);

  const header = `${machine.cpuModel}, ${machine.cores} cores, ${Math.round(machine.totalMemoryBytes / 2 ** 30)} GiB, node ${machine.node}, ${machine.date}, load ${machine.loadAverage1m} → ${loadAverage1mAtEnd}`;
  const tables = [formatProbesTable(probesResult), formatApiTable(apiResult), storage ? formatStorageTable(storage) : 'storage: not measured'];
  process.stdout.write(`${header}\n\n${tables.join('\n\n')}\n`);
}

function formatStorageTable(s: StorageResult): string {
  return keyValueTable('Storage — an hour of checks per channel, written through the monitor’s write path', [
    ['checks (from the run → after the fill)', `${s.checksFromRun} → ${s.checks} (${s.hoursCovered} h per channel)`],
    ['fill', `${s.fillSeconds} s (${s.rowsPerSecondWritten} rows/s)`],
    ['bytes on disk per check (db + wal)', `${s.bytesPerCheck} B (${mib(s.dbBytes)} + ${mib(s.walBytes)} WAL)`],
    ['  at rest (after checkpoint)', `${s.bytesPerCheckAtRest} B`],
    ['  checks and their messages alone', s.checksBytesPerCheck === null ? 'n/a (no dbstat)' : `${s.checksBytesPerCheck} B`],
  ]);
}

main().catch(reportFailure);
