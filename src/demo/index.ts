/**
 * `npm run demo`: the whole product against a local, scripted support site, with no internet.
 *
 * Starts the DemoPay simulator, writes a config for it as YAML and loads it through the real
 * parser, runs the real monitor and API (`start()` of the Node entry) on a fresh database,
 * and narrates what the API reports as the simulator's script breaks and heals channels.
 * `PORT` (default 8787) and `HOST` (default 127.0.0.1) choose where the API listens.
 */
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { ConfigError, parseConfig } from '../config/index.ts';
import { createLogger } from '../log.ts';
import { start, type Running } from '../node.ts';
import { buildDemoConfig, DEMO_PROVIDER_ID, DEMO_TIMEZONE } from './config.ts';
import { clock, startNarrator, type Narrator } from './narrator.ts';
import { SCRIPT, SCRIPT_END_MS, startSimulator, type Simulator } from './simulator.ts';

/** Deleted and recreated on every run, so each demo tells the same story from the start. */
const DEMO_DATABASE = './data/demo.db';

const say = (line = '') => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`demo: PORT must be a port number, got "${process.env.PORT}"\n`);
    process.exit(2);
  }
  const host = process.env.HOST ?? '127.0.0.1';
  // A busy port most likely means another demo: say so before deleting the database it uses.
  if (!(await portIsFree(port, host))) {
    process.stderr.write(`demo: port ${port} is in use (another demo?); try PORT=8788 npm run demo\n`);
    process.exit(1);
  }
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${DEMO_DATABASE}${suffix}`, { force: true });

  let simulator: Simulator | undefined;
  let running: Running | undefined;
  let narrator: Narrator | undefined;
  const stopAll = async () => {
    await narrator?.stop();
    await running?.stop(); // before the simulator, so no probe meets a closed port on the way out
    await simulator?.close();
  };

  let signals = 0;
  const shutdown = () => {
    if (++signals > 1) process.exit(1); // a second Ctrl-C means "now"
    say('\nstopping the demo …');
    stopAll().then(
      () => {
        say('stopped. The demo database stays in ./data/demo.db until the next run.');
        process.exit(0);
      },
      (err: unknown) => {
        process.stderr.write(`demo: stop failed: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  try {
    simulator = await startSimulator();
    const config = buildDemoConfig({ baseUrl: simulator.url, now: Date.now() });
    const catalog = parseConfig(config.yaml, 'demo config (src/demo/config.ts)');
    running = await start({
      catalog,
      databasePath: DEMO_DATABASE,
      port,
      host,
      // Warnings and errors only: the monitor's info lines would drown the narrative.
      log: createLogger('warn'),
    });
    const url = running.url;
    say('supportwatch demo: DemoPay, a fictional wallet, and its support site on this machine');
    say();
    const links: [string, string, string][] = [
      ['open', `${url}/api/v1/providers/${DEMO_PROVIDER_ID}`, "every channel's state now"],
      ['', `${url}/api/v1/incidents`, 'outages'],
      ['site', simulator.url, 'the simulated support site the probes check'],
    ];
    const width = Math.max(...links.map(([, link]) => link.length));
    for (const [label, link, what] of links) say(`  ${label.padEnd(5)}  ${link.padEnd(width)}  (${what})`);
    say();
    say('  Probes run every 10 s. A channel is down after 2 failed checks in a row, up after 1 good one.');
    say(`  Hours (${DEMO_TIMEZONE} time), chosen around now so that one is open and one is closed:`);
    say(`  live chat ${config.hours.chat}, complaint form ${config.hours.form}. E-mail has no probe.`);
    say('  The script:');
    for (const event of SCRIPT) say(`    ${clock(event.atMs)}  ${shortText(event.text)}`);
    say('  Lines below come from the API. Ctrl-C stops.');
    say();
    const sim = simulator;
    narrator = startNarrator({
      apiUrl: url,
      providerId: DEMO_PROVIDER_ID,
      elapsedMs: () => sim.elapsedMs(),
      script: SCRIPT,
      scriptEndMs: SCRIPT_END_MS,
      write: say,
    });
  } catch (err) {
    await stopAll().catch(() => {});
    if (err instanceof ConfigError) {
      process.stderr.write(`demo: the generated config is invalid (a bug in src/demo/config.ts):\n${err.message}\n`);
    } else if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      process.stderr.write(`demo: port ${port} is in use; try PORT=8788 npm run demo\n`);
    } else {
      process.stderr.write(`demo: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    }
    // start() may have begun probing before the listen failed: exit rather than hang.
    process.exit(1);
  }
}

/** False when something already listens on `port` of `host`; other faults are left to `start()`. */
function portIsFree(port: number, host: string): Promise<boolean> {
  if (port === 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => resolve(err.code !== 'EADDRINUSE'));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

/** The first clause of a script line, for the overview at the start. */
function shortText(text: string): string {
  return text.replace(/^the /, '').split(/[:;(]/)[0]!.trim();
}

main().catch((err: unknown) => {
  process.stderr.write(`demo: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
