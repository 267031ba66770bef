import type { Catalog, Channel, CheckResult, ProbeSpec, Provider } from '../domain/catalog.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { inMaintenance, type MaintenanceWindow } from '../domain/maintenance.ts';
import {
  initialProbeRuntime,
  measuredState,
  nextProbeRuntime,
  type ProbeRuntime,
} from '../domain/state.ts';
import type { ChannelState, ProbeStatus } from '../domain/vocabulary.ts';
import type { MonitorAlerts } from '../alerts/monitor-hooks.ts';
import type { Logger } from '../log.ts';
import { BatchWriter, type BatchWriterOptions } from '../scheduler/batch-writer.ts';
import { probeHost } from '../probes/target.ts';
import { checkRow, firstCause, foldChannel, type ChannelFoldContext, type ChannelFoldSlot } from './fold.ts';
import { Scheduler, type SchedulerOptions } from '../scheduler/scheduler.ts';
import { stableHash } from '../scheduler/spread.ts';
import type { CatalogKeys } from '../store/catalog-sync.ts';
import type { Database } from '../store/database.ts';
import type { RuntimeSnapshot } from '../store/reads.ts';
import type { StateChange } from '../store/writes.ts';

export interface MonitorOptions {
  database: Database;
  catalog: Catalog;
  keys: CatalogKeys;
  /** What the store remembered from the last run. */
  snapshot: RuntimeSnapshot;
  runProbe: (spec: ProbeSpec) => Promise<CheckResult>;
  /**
   * Maintenance windows a provider announced for a channel (by key), beyond the configured
   * ones: inside one a failure opens no incident. Called per check, so it must answer from
   * memory (the notice collector keeps them).
   */
  announcedWindows?: (channelPk: number) => readonly MaintenanceWindow[];
  log: Logger;
  now?: () => number;
  /** Alert events to store with the transitions that cause them (`src/alerts`); none without. */
  alerts?: MonitorAlerts;
  writer?: Omit<BatchWriterOptions, 'log'>;
  scheduler?: Pick<SchedulerOptions<never>, 'maxConcurrent' | 'maxPerHost'>;
}

/**
 * One probe as the scheduler runs it and the monitor folds it: job, key and runtime in one
 * object. At 100,000 channels every object per probe is megabytes, so there is one, pointing
 * at its channel's slot, and a check finds its channel without a lookup.
 */
interface ProbeSlot {
  key: string;
  intervalMs: number;
  host: string;
  spec: ProbeSpec;
  pk: number;
  channel: ChannelSlot;
  runtime: ProbeRuntime;
}

/** A channel as the monitor folds it: its own fold state and context in one object (`fold.ts`). */
interface ChannelSlot extends ChannelFoldSlot, ChannelFoldContext {
  channel: Channel;
  /** The provider's windows and the channel's own (shared, not copied, when one side is empty). */
  maintenance: readonly MaintenanceWindow[];
  probes: ProbeSlot[];
  /** Left the catalog at run time: a check still running is stored, but changes no state. */
  retired?: boolean;
}

/** Probes added at run time are due within this long (spread by key), not a whole interval. */
const RELOAD_SPREAD_MS = 5_000;

/**
 * The running monitor: schedules every probe of the catalog, folds each result into the
 * channel's state with the pure rules of `src/domain`, and hands checks and changes to the
 * batch writer. State lives in memory and is persisted only when it changes.
 */
export class Monitor {
  private readonly scheduler: Scheduler<ProbeSlot>;
  private readonly runProbe: MonitorOptions['runProbe'];
  private readonly announcedWindows: MonitorOptions['announcedWindows'];
  private readonly alerts: MonitorAlerts | undefined;
  private readonly writer: BatchWriter;
  private readonly now: () => number;
  private readonly log: Logger;
  /** Aborted on stop, so a retry waiting out its delay gives up at once. */
  private readonly stopping = new AbortController();
  private readonly addChange = (change: StateChange): void => this.writer.addChange(change);

  // The options are not kept: the catalog keys and the snapshot are only needed to restore,
  // and at 100,000 channels they are tens of megabytes.
  constructor(options: MonitorOptions) {
    this.now = options.now ?? Date.now;
    this.log = options.log;
    this.runProbe = options.runProbe;
    this.announcedWindows = options.announcedWindows;
    this.alerts = options.alerts;
    this.writer = new BatchWriter(options.database, { ...options.writer, log: options.log });
    this.scheduler = new Scheduler<ProbeSlot>({
      maxConcurrent: options.scheduler?.maxConcurrent ?? options.catalog.probing.maxConcurrent,
      maxPerHost: options.scheduler?.maxPerHost ?? options.catalog.probing.maxPerHost,
      now: this.now,
      run: (job) => this.runJob(job),
      onError: (job, err) => this.log.error('probe run failed', { probe: job.key, err }),
    });
    this.restore(options);
  }

  /** Probes scheduled. */
  get probeCount(): number {
    return this.scheduler.size;
  }

  get schedulerStats() {
    return this.scheduler.stats;
  }

  /** The last database write error, or null once writes succeed again. */
  get writeError(): unknown {
    return this.writer.lastError;
  }

  /** What waits in memory for the database, what was dropped past the bound, and since when writes fail. */
  get writeBacklog(): { pending: number; dropped: number; failingSince: number | null } {
    return { pending: this.writer.pending, dropped: this.writer.dropped, failingSince: this.writer.failingSince };
  }

  start(): void {
    this.scheduler.start();
  }

  /** Stops probing, waits for running checks, and writes everything still in memory. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.scheduler.stop();
    await this.writer.flush();
    if (this.writer.pending > 0) {
      // The database refused the last write: say so loudly rather than lose the checks quietly.
      this.log.error('stopped with unwritten checks', { pending: this.writer.pending, err: this.writer.lastError });
    }
  }

  /** Writes what is waiting now (tests, shutdown). */
  flush(): Promise<void> {
    return this.writer.flush();
  }

  /**
   * Applies a change of one provider at run time (the write API): `provider` as it is now, or
   * null once archived; `keys` holds the keys of its live channels and probes. A probe whose
   * spec is unchanged keeps its state and schedule; a new or changed one is due within a few
   * seconds; a removed one is unscheduled (a check still running is stored), and an incident
   * of a channel that left is closed.
   */
  reloadProvider(providerId: string, provider: Provider | null, keys: CatalogKeys): void {
    const now = this.now();
    const before = new Map<string, ChannelSlot>();
    for (const job of this.scheduler.jobs()) if (job.channel.channel.providerId === providerId) before.set(job.channel.channel.id, job.channel);
    for (const channel of provider?.channels ?? []) {
      const old = before.get(channel.id);
      before.delete(channel.id);
      const slot: ChannelSlot = old ?? this.channelSlot(keys.channelPk.get(channel.id)!, channel, provider!, 'unknown', now, false);
      slot.channel = channel;
      slot.hours = channel.hours;
      slot.timezone = provider!.timezone;
      slot.maintenance = joinWindows(provider!.maintenance, channel.maintenance);
      const previous = new Map(slot.probes.map((p) => [p.key, p]));
      slot.probes = channel.probes.map((spec) => {
        const kept = previous.get(spec.key);
        previous.delete(spec.key);
        if (kept && JSON.stringify(kept.spec) === JSON.stringify(spec)) return kept;
        const runtime = kept ? initialProbeRuntime(kept.runtime.since, kept.runtime.status) : initialProbeRuntime(now);
        const probe: ProbeSlot = { key: spec.key, intervalMs: spec.intervalMs, host: probeHost(spec), spec, pk: keys.probePk.get(spec.key)!, channel: slot, runtime };
        this.scheduler.add(probe, now + (stableHash(spec.key) % Math.min(spec.intervalMs, RELOAD_SPREAD_MS)));
        return probe;
      });
      for (const gone of previous.values()) this.scheduler.remove(gone.key);
      if (old || slot.probes.length > 0) this.updateMeasured(slot, now, now);
    }
    for (const slot of before.values()) {
      for (const probe of slot.probes) this.scheduler.remove(probe.key);
      slot.retired = true;
      if (slot.incidentOpen) this.writer.addChange({ kind: 'incident_close', channelPk: slot.pk, endedAt: now });
      slot.incidentOpen = false;
    }
  }

  private restore({ catalog, keys, snapshot }: MonitorOptions): void {
    const now = this.now();
    const hosts = new Map<string, string>();
    const active = new Set<number>();
    for (const provider of catalog.providers) {
      for (const channel of provider.channels) {
        const pk = keys.channelPk.get(channel.id)!;
        const saved = snapshot.channelStatus.get(pk);
        const slot = this.channelSlot(pk, channel, provider, saved?.state ?? 'unknown', saved?.since ?? now, snapshot.openIncidents.has(pk));
        active.add(pk);
        for (const spec of channel.probes) {
          const probePk = keys.probePk.get(spec.key)!;
          const status = snapshot.probeStatus.get(probePk);
          const host = probeHost(spec);
          // Thousands of probes share a host; one string each, not one per probe.
          if (!hosts.has(host)) hosts.set(host, host);
          const probe: ProbeSlot = {
            key: spec.key,
            intervalMs: spec.intervalMs,
            host: hosts.get(host)!,
            spec,
            pk: probePk,
            channel: slot,
            runtime: initialProbeRuntime(status?.since ?? now, status?.status),
          };
          slot.probes.push(probe);
          this.scheduler.add(probe);
        }
        // The config may have changed probes since the last run: re-derive the measured state.
        this.updateMeasured(slot, now, now);
      }
    }
    // Incidents of channels that left the catalog can never be closed by a check: close them now.
    for (const channelPk of snapshot.openIncidents) {
      if (!active.has(channelPk)) this.writer.addChange({ kind: 'incident_close', channelPk, endedAt: now });
    }
  }

  private channelSlot(pk: number, channel: Channel, provider: Provider, state: ChannelState, since: number, incidentOpen: boolean): ChannelSlot {
    return {
      pk,
      channel,
      hours: channel.hours,
      timezone: provider.timezone,
      maintenance: joinWindows(provider.maintenance, channel.maintenance),
      ...(this.announcedWindows ? { announced: this.announcedWindows } : {}),
      probes: [],
      state,
      since,
      incidentOpen,
    };
  }

  /** One scheduled check: a failure is tried again `retry` times before it counts. */
  private async runJob(job: ProbeSlot): Promise<void> {
    let result = await this.runProbe(job.spec);
    for (let attempt = 0; attempt < job.spec.retry && result.outcome === 'down'; attempt++) {
      const waited = await sleep(job.spec.retryDelayMs, true, { signal: this.stopping.signal }).catch(() => false);
      if (!waited) break; // stopping: keep the failure we have
      result = await this.runProbe(job.spec);
    }
    this.record(job, result);
  }

  /** Folds one check into the channel's state and queues what must be stored. */
  private record(probe: ProbeSlot, result: CheckResult): void {
    const { spec, channel: slot } = probe;
    this.writer.addCheck(checkRow(slot.pk, probe.pk, result));
    if (slot.retired) return;
    if (this.alerts && result.certExpiresAt !== undefined) {
      const warning = this.alerts.certificate(slot.pk, probe.pk, spec, result.certExpiresAt, result.startedAt, () => this.inMaintenance(slot, result.startedAt));
      if (warning) this.writer.addChange(warning);
    }
    const before = probe.runtime;
    probe.runtime = nextProbeRuntime(before, result, spec);
    if (probe.runtime.status !== before.status) {
      this.writer.addChange({ kind: 'probe_status', probePk: probe.pk, status: probe.runtime.status, since: probe.runtime.since });
    }
    this.updateMeasured(slot, probe.runtime.since, result.startedAt);
  }

  /** Folds the channel's measured state (the shared rules of `fold.ts`), then adds the alerts it calls for. */
  private updateMeasured(slot: ChannelSlot, since: number, now: number): void {
    const { from, effective, incident } = foldChannel(slot, measuredState(probeStatuses(slot)), firstCause(slot.probes), slot, since, now, this.addChange);
    if (from !== null) this.log.info('channel state changed', { channel: slot.channel.id, from, to: slot.state });
    if (incident.kind === 'open') this.log.warn('incident opened', { channel: slot.channel.id, cause: incident.cause?.errorClass, err: incident.cause?.message });
    if (incident.kind === 'close') this.log.info('incident closed', { channel: slot.channel.id });
    if (!this.alerts) return;
    // Degraded is worth a message only while people can use the channel (not closed, not in maintenance).
    if (from !== null && effective === 'degraded') this.writer.addChange(this.alerts.degraded(slot.pk, since));
    if (incident.kind === 'open') this.writer.addChange(this.alerts.down(slot.pk, incident.startedAt, incident.cause));
    if (incident.kind === 'close') this.writer.addChange(this.alerts.recovered(slot.pk, incident.endedAt));
  }

  /** Inside a configured or an announced maintenance window at `at`. */
  private inMaintenance(slot: ChannelSlot, at: number): boolean {
    return inMaintenance(slot.maintenance, slot.timezone, at) || (this.announcedWindows !== undefined && inMaintenance(this.announcedWindows(slot.pk), slot.timezone, at));
  }
}

/** The channel's probe statuses, without building an array per check. */
function* probeStatuses(slot: ChannelSlot): Generator<ProbeStatus> {
  for (const probe of slot.probes) yield probe.runtime.status;
}

/** Both lists of windows, without a new array when one is empty (the usual case). */
function joinWindows(a: readonly MaintenanceWindow[], b: readonly MaintenanceWindow[]): readonly MaintenanceWindow[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  return [...a, ...b];
}
