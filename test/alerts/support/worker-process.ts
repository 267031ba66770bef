/**
 * A delivery worker in a process of its own, for the crash test: opens the database file in
 * ALERT_DB, delivers to the webhook at ALERT_HOOK, and retries after exactly ALERT_BACKOFF_MS
 * (jitter pinned to its maximum, so the test knows the process is mid-backoff). Prints
 * `ready` once polling.
 */
import { AlertWorker } from '../../../src/alerts/worker.ts';
import { silentLogger } from '../../../src/log.ts';
import { openSqlite } from '../../../src/store/sqlite.ts';
import { FAST, httpRoute } from './bed.ts';

const database = openSqlite(process.env.ALERT_DB!);
const worker = new AlertWorker({
  database,
  routes: [httpRoute('ops', 'webhook', process.env.ALERT_HOOK!, 'crash-secret')],
  delivery: { ...FAST, maxAttempts: 10, backoffMs: Number(process.env.ALERT_BACKOFF_MS), maxBackoffMs: Number(process.env.ALERT_BACKOFF_MS) },
  log: silentLogger,
  random: () => 0.999999,
  pollMs: 20,
});
worker.start();
// The worker's timers do not hold a process open (the server does, in `npm start`): this does.
const alive = setInterval(() => {}, 60_000);
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  clearInterval(alive);
  void worker.stop().then(() => {
    database.close();
    process.exit(0);
  });
});
