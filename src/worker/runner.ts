/**
 * One cron minute on Workers: the channels due in this minute are probed, and each result is
 * folded with the Node monitor's rules (`nextProbeRuntime`, `measuredState`, `foldChannel`)
 * over the state read back from D1, then written with the same `writeBatch`. Nothing lives
 * between invocations: thresholds are rebuilt from each probe's last checks (`restore.ts`).
 */
import { sql } from 'drizzle-orm';
import { checkMessages, checks } from '../../db/schema.ts';
import type { CheckResult, ProbeSpec } from '../domain/catalog.ts';
import { measuredState, nextProbeRuntime, type ProbeRuntime } from '../domain/state.ts';
import type { Logger } from '../log.ts';
import { checkRow, firstCause, foldChannel, type ChannelFoldSlot } from '../monitor/fold.ts';
import { decodeErrorClass, decodeOutcome } from '../store/check-codes.ts';
import type { Database, Db } from '../store/database.ts';
import { loadRuntimeSnapshot } from '../store/reads.ts';
import { writeBatch, type CheckRow, type StateChange } from '../store/writes.ts';
import { loadWorkerCatalog, type WorkerChannel } from './catalog.ts';
import { UNSUPPORTED_ON_WORKERS } from './probes.ts';
import { checksNeeded, restoreRuntime, type RecentCheck } from './restore.ts';
import { periodMinutes, planMinute } from './schedule.ts';

export interface CronRunOptions {
  database: Database;
  /** The minute being run (the cron's `scheduledTime`). */
  at: number;
  /** Most checks this invocation may make (the subrequest budget, see README). */
  budget: number;
  /** Checks in flight at once: a Worker keeps at most six connections open. */
  concurrency?: number;
  /** Runs one check; null for a kind the Worker does not run. */
  runProbe: (spec: ProbeSpec) => Promise<CheckResult> | null;
  log: Logger;
}

/** What one minute did, for the log and the tests. */
export interface CronReport {
  due: number;
  checked: number;
  deferred: number;
  /** How much the schedule stretched every period to fit the budget (1 = not at all). */
  stretch: number;
  changes: number;
}

/** Channels per statement when a query lists them: D1 binds at most 100 values. */
const CHANNELS_PER_QUERY = 90;

/** Probes the minute's checks: plan, restore, probe, fold, write. */
export async function runCronMinute(options: CronRunOptions): Promise<CronReport> {
  const { database, at, log } = options;
  const { probes } = await loadWorkerCatalog(database.db);
  const runnable = probes.filter((p) => UNSUPPORTED_ON_WORKERS[p.spec.type] === undefined);
  const plan = planMinute(runnable, at, options.budget);
  if (plan.stretch > 1 || plan.deferred > 0) {
    log.warn('more checks than one invocation may make: periods stretched', { stretch: plan.stretch, deferred: plan.deferred, budget: options.budget });
  }
  if (plan.due.length === 0) return { due: 0, checked: 0, deferred: plan.deferred, stretch: plan.stretch, changes: 0 };

  const channels = [...new Set(plan.due.map((p) => p.channel))];
  const runtimes = await restoreRuntimes(database.db, channels, at);

  const results = await runPool(plan.due, options.concurrency ?? 6, async (probe) => {
    const pending = options.runProbe(probe.spec);
    if (pending === null) return null;
    let result = await pending;
    // As on Node: a failure is tried again `retry` times before it counts; only the last is kept.
    for (let attempt = 0; attempt < probe.spec.retry && result.outcome === 'down'; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, probe.spec.retryDelayMs));
      result = await (options.runProbe(probe.spec) ?? result);
    }
    return { probe, result };
  });

  const rows: CheckRow[] = [];
  const changes: StateChange[] = [];
  const emit = (change: StateChange) => changes.push(change);
  const slots = new Map<number, ChannelFoldSlot & { channel: WorkerChannel }>();
  for (const done of results) {
    if (done === null) continue;
    const { probe, result } = done;
    const channel = probe.channel;
    let slot = slots.get(channel.pk);
    if (!slot) slots.set(channel.pk, (slot = { ...runtimes.channels.get(channel.pk)!, channel }));
    rows.push(checkRow(channel.pk, probe.pk, result));
    const before = runtimes.probes.get(probe.pk)!;
    const after = nextProbeRuntime(before, result, probe.spec);
    runtimes.probes.set(probe.pk, after);
    if (after.status !== before.status) emit({ kind: 'probe_status', probePk: probe.pk, status: after.status, since: after.since });
    const held = channel.probes.map((p) => ({ runtime: runtimes.probes.get(p.pk)! }));
    const fold = foldChannel(slot, measuredState(held.map((h) => h.runtime.status)), firstCause(held), channel, after.since, result.startedAt, emit);
    if (fold.from !== null) log.info('channel state changed', { channel: channel.id, from: fold.from, to: slot.state });
    if (fold.incident.kind === 'open') log.warn('incident opened', { channel: channel.id, cause: fold.incident.cause?.errorClass, err: fold.incident.cause?.message });
    else if (fold.incident.kind === 'close') log.info('incident closed', { channel: channel.id });
  }
  await writeBatch(database, rows, changes);
  return { due: plan.due.length, checked: rows.length, deferred: plan.deferred, stretch: plan.stretch, changes: changes.length };
}

/** The stored state of the due channels and the runtimes of all their probes. */
async function restoreRuntimes(db: Db, channels: readonly WorkerChannel[], at: number) {
  const snapshot = await loadRuntimeSnapshot(db);
  const all = channels.flatMap((c) => c.probes);
  const needed = Math.max(...all.map((p) => checksNeeded(p.spec)));
  // Far enough back for every probe's last `needed` checks, with slack for stretched periods.
  const lookbackMs = Math.max(...all.map((p) => periodMinutes(p.intervalMs) * 60_000)) * (needed + 2) * 4;
  const recent = await readRecentChecks(db, channels.map((c) => c.pk), at - lookbackMs, needed);
  const probes = new Map<number, ProbeRuntime>();
  for (const p of all) probes.set(p.pk, restoreRuntime(snapshot.probeStatus.get(p.pk), recent.get(p.pk) ?? [], at));
  const states = new Map<number, ChannelFoldSlot>();
  for (const c of channels) {
    const saved = snapshot.channelStatus.get(c.pk);
    states.set(c.pk, { pk: c.pk, state: saved?.state ?? 'unknown', since: saved?.since ?? at, incidentOpen: snapshot.openIncidents.has(c.pk) });
  }
  return { probes, channels: states };
}

/** The newest `limit` checks of every probe of the given channels since `from`, by probe, oldest first. */
async function readRecentChecks(db: Db, channelPks: readonly number[], from: number, limit: number): Promise<Map<number, RecentCheck[]>> {
  const byProbe = new Map<number, RecentCheck[]>();
  for (let i = 0; i < channelPks.length; i += CHANNELS_PER_QUERY) {
    const part = channelPks.slice(i, i + CHANNELS_PER_QUERY).map((pk) => String(Math.trunc(pk)));
    // Raw SQL reads stored codes (`check-codes.ts`) and the message's id, joined to its text.
    const rows = await db.values<[number, number, number, number | null, string | null]>(sql`
      SELECT r.probe_pk, r.started_at, r.outcome, r.error_class, m.${sql.identifier('text')} FROM (
        SELECT ${checks.probePk} AS probe_pk, ${checks.startedAt} AS started_at, ${checks.outcome} AS outcome,
               ${checks.errorClass} AS error_class, ${checks.messageId} AS message_id,
               row_number() OVER (PARTITION BY ${checks.probePk} ORDER BY ${checks.startedAt} DESC) AS n
        FROM ${checks} WHERE ${checks.channelPk} IN (${sql.raw(part.join(','))}) AND ${checks.startedAt} >= ${from}
      ) r LEFT JOIN ${checkMessages} m ON m.${sql.identifier('id')} = r.message_id
      WHERE r.n <= ${limit} ORDER BY r.probe_pk, r.started_at`);
    for (const [probePk, startedAt, outcome, errorClass, message] of rows) {
      const list = byProbe.get(probePk);
      const check = { startedAt, outcome: decodeOutcome(outcome), errorClass: decodeErrorClass(errorClass), message };
      if (list) list.push(check);
      else byProbe.set(probePk, [check]);
    }
  }
  return byProbe;
}

/** Runs `task` over `items` with at most `concurrency` at once; results in completion order. */
async function runPool<T, R>(items: readonly T[], concurrency: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      results.push(await task(item));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return results;
}

