/**
 * `npm run bench`: the probe bench, then the API bench, both tables on stdout and every figure
 * in `bench/results/latest.json` with the machine it ran on. Defaults keep the whole run near
 * three minutes on a 2-core machine; every `BENCH_*` variable still overrides them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatApiTable, runApiBench } from './api.ts';
import { interruptSignal } from './monitor-process.ts';
import { formatProbesTable, runProbesBench } from './probes.ts';
import { machineInfo, progress, reportFailure } from './report.ts';
import { apiSettings, probesSettings } from './settings.ts';

const RESULTS = fileURLToPath(new URL('./results/latest.json', import.meta.url));

async function main(): Promise<void> {
  // Read every setting before anything starts, so a typo fails in the first second.
  const probes = probesSettings(process.env, { seconds: 60 });
  const api = apiSettings(process.env, { warmupSeconds: 10, secondsPerEndpoint: 15 });
  const signal = interruptSignal();
  const machine = machineInfo();
  const startedAt = Date.now();

  const probesResult = await runProbesBench(probes, signal);
  const apiResult = await runApiBench(api, signal);

  mkdirSync(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
  const totalSeconds = Math.round((Date.now() - startedAt) / 1000);
  const loadAverage1mAtEnd = machineInfo().loadAverage1m;
  writeFileSync(RESULTS, JSON.stringify({ machine: { ...machine, loadAverage1mAtEnd }, totalSeconds, probes: probesResult, api: apiResult }, null, 2) + '\n');
  progress(`done in ${totalSeconds} s; figures written to ${RESULTS}`);

  const header = `${machine.cpuModel}, ${machine.cores} cores, ${Math.round(machine.totalMemoryBytes / 2 ** 30)} GiB, node ${machine.node}, ${machine.date}, load ${machine.loadAverage1m} → ${loadAverage1mAtEnd}`;
  process.stdout.write(`${header}\n\n${formatProbesTable(probesResult)}\n\n${formatApiTable(apiResult)}\n`);
}

main().catch(reportFailure);
