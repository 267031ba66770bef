import type { Catalog, Channel, CheckResult, ProbeSpec } from '../domain/catalog.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { decideIncident } from '../domain/incidents.ts';
import { inMaintenance, type MaintenanceWindow } from '../domain/maintenance.ts';
import { isOpen } from '../domain/service-hours.ts';
import {
  effectiveState,
  initialProbeRuntime,
  measuredState,
  nextProbeRuntime,
  type FailureCause,
  type ProbeRuntime,
} from '../domain/state.ts';
import type { ChannelState, ProbeStatus } from '../domain/vocabulary.ts';
import type { Logger } from '../log.ts';
import { BatchWriter, type BatchWriterOptions } from '../scheduler/batch-writer.ts';
import { probeHost } from '../probes/target.ts';
import { Scheduler, type SchedulerOptions } from '../scheduler/scheduler.ts';
import type { CatalogKeys } from '../store/catalog-sync.ts';
import type { Database } from '../store/database.ts';
import type { RuntimeSnapshot } from '../store/reads.ts';

export interface MonitorOptions {
  database: Database;
  catalog: Catalog;
  keys: CatalogKeys;
  /** What the store remembered from the last run. */
  snapshot: RuntimeSnapshot;
  runProbe: (spec: ProbeSpec) => Promise<CheckResult>;
  log: Logger;
  now?: () => number;
  writer?: Omit<BatchWriterOptions, 'log'>;
  scheduler?: Pick<SchedulerOptions<ProbeJob>, 'maxConcurrent' | 'maxPerHost'>;
}

interface ProbeJob {
  key: string;
  intervalMs: number;
  host: string;
  spec: ProbeSpec;
}

interface ProbeSlot {
  pk: number;
  spec: ProbeSpec;
  runtime: ProbeRuntime;
}

interface ChannelSlot {
  pk: number;
  channel: Channel;
  timezone: string;
  /** The provider's windows and the channel's own. */
  maintenance: MaintenanceWindow[];
  probes: Map<string, ProbeSlot>;
  measured: { state: ChannelState; since: number };
  incidentOpen: boolean;
}

/**
 * The running monitor: schedules every probe of the catalog, folds each result into the
 * channel's state with the pure rules of `src/domain`, and hands checks and changes to the
 * batch writer. State lives in memory and is persisted only when it changes.
 */
export class Monitor {
  private readonly channels = new Map<string, ChannelSlot>();
  private readonly scheduler: Scheduler<ProbeJob>;
  private readonly writer: BatchWriter;
  private readonly now: () => number;
  private readonly log: Logger;
  /** Aborted on stop, so a retry waiting out its delay gives up at once. */
  private readonly stopping = new AbortController();

  constructor(private readonly options: MonitorOptions) {
    this.now = options.now ?? Date.now;
    this.log = options.log;
    this.writer = new BatchWriter(options.database, { ...options.writer, log: options.log });
    this.scheduler = new Scheduler<ProbeJob>({
      maxConcurrent: options.scheduler?.maxConcurrent ?? options.catalog.probing.maxConcurrent,
      maxPerHost: options.scheduler?.maxPerHost ?? options.catalog.probing.maxPerHost,
      now: this.now,
      run: (job) => this.runJob(job),
      onError: (job, err) => this.log.error('probe run failed', { probe: job.key, err }),
    });
    this.restore();
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

  private restore(): void {
    const { catalog, keys, snapshot } = this.options;
    const now = this.now();
    for (const provider of catalog.providers) {
      for (const channel of provider.channels) {
        const pk = keys.channelPk.get(channel.id)!;
        const probes = new Map<string, ProbeSlot>();
        for (const spec of channel.probes) {
          const probePk = keys.probePk.get(spec.key)!;
          const saved = snapshot.probeStatus.get(probePk);
          probes.set(spec.key, { pk: probePk, spec, runtime: initialProbeRuntime(saved?.since ?? now, saved?.status) });
          this.scheduler.add({ key: spec.key, intervalMs: spec.intervalMs, host: probeHost(spec), spec });
        }
        const saved = snapshot.channelStatus.get(pk);
        const slot: ChannelSlot = {
          pk,
          channel,
          timezone: provider.timezone,
          maintenance: [...provider.maintenance, ...channel.maintenance],
          probes,
          measured: saved ?? { state: 'unknown', since: now },
          incidentOpen: snapshot.openIncidents.has(pk),
        };
        this.channels.set(channel.id, slot);
        // The config may have changed probes since the last run: re-derive the measured state.
        this.updateMeasured(slot, now, now);
      }
    }
    // Incidents of channels that left the catalog can never be closed by a check: close them now.
    const active = new Set([...this.channels.values()].map((c) => c.pk));
    for (const channelPk of snapshot.openIncidents) {
      if (!active.has(channelPk)) this.writer.addChange({ kind: 'incident_close', channelPk, endedAt: now });
    }
  }

  /** One scheduled check: a failure is tried again `retry` times before it counts. */
  private async runJob(job: ProbeJob): Promise<void> {
    let result = await this.options.runProbe(job.spec);
    for (let attempt = 0; attempt < job.spec.retry && result.outcome === 'down'; attempt++) {
      const waited = await sleep(job.spec.retryDelayMs, true, { signal: this.stopping.signal }).catch(() => false);
      if (!waited) break; // stopping: keep the failure we have
      result = await this.options.runProbe(job.spec);
    }
    this.record(job.spec, result);
  }

  /** Folds one check into the channel's state and queues what must be stored. */
  private record(spec: ProbeSpec, result: CheckResult): void {
    const slot = this.channels.get(spec.channelId);
    const probe = slot?.probes.get(spec.key);
    if (!slot || !probe || probe.spec !== spec) return; // the probe was replaced or removed meanwhile
    this.writer.addCheck({
      channelPk: slot.pk,
      probePk: probe.pk,
      startedAt: result.startedAt,
      durationMs: result.durationMs,
      outcome: result.outcome,
      httpStatus: result.httpStatus,
      errorClass: result.errorClass,
      message: result.message,
      dnsMs: result.phases?.dns ?? null,
      connectMs: result.phases?.connect ?? null,
      tlsMs: result.phases?.tls ?? null,
      firstByteMs: result.phases?.firstByte ?? null,
      certExpiresAt: result.certExpiresAt ?? null,
      conditionsFailed: conditionsBitmask(result),
    });
    const before = probe.runtime;
    probe.runtime = nextProbeRuntime(before, result, spec);
    if (probe.runtime.status !== before.status) {
      this.writer.addChange({ kind: 'probe_status', probePk: probe.pk, status: probe.runtime.status, since: probe.runtime.since });
    }
    this.updateMeasured(slot, probe.runtime.since, result.startedAt);
  }

  private updateMeasured(slot: ChannelSlot, since: number, now: number): void {
    const measured = measuredState(probeStatuses(slot));
    if (measured !== slot.measured.state) {
      this.log.info('channel state changed', { channel: slot.channel.id, from: slot.measured.state, to: measured });
      slot.measured = { state: measured, since };
      this.writer.addChange({ kind: 'channel_status', channelPk: slot.pk, state: measured, since });
    }
    const decision = decideIncident({
      open: slot.incidentOpen,
      effective: effectiveState(measured, isOpen(slot.channel.hours, slot.timezone, now), inMaintenance(slot.maintenance, slot.timezone, now)),
      measured,
      cause: firstCause(slot),
      at: now,
    });
    if (decision.kind === 'open') {
      slot.incidentOpen = true;
      this.log.warn('incident opened', { channel: slot.channel.id, cause: decision.cause?.errorClass, err: decision.cause?.message });
      this.writer.addChange({
        kind: 'incident_open',
        channelPk: slot.pk,
        startedAt: decision.startedAt,
        causeClass: decision.cause?.errorClass ?? null,
        causeMessage: decision.cause?.message ?? null,
      });
    } else if (decision.kind === 'close') {
      slot.incidentOpen = false;
      this.log.info('incident closed', { channel: slot.channel.id });
      this.writer.addChange({ kind: 'incident_close', channelPk: slot.pk, endedAt: decision.endedAt });
    }
  }
}

/** The channel's probe statuses, without building an array per check. */
function* probeStatuses(slot: ChannelSlot): Generator<ProbeStatus> {
  for (const probe of slot.probes.values()) yield probe.runtime.status;
}

/** The earliest first failure among the channel's down probes: what broke first. */
function firstCause(slot: ChannelSlot): FailureCause | null {
  let cause: FailureCause | null = null;
  for (const { runtime } of slot.probes.values()) {
    if (runtime.status === 'down' && runtime.firstFailure && (!cause || runtime.firstFailure.at < cause.at)) cause = runtime.firstFailure;
  }
  return cause;
}

/** Condition results as bits (bit i = condition i failed), so a check costs one small integer. */
function conditionsBitmask(result: CheckResult): number | null {
  if (!result.conditions) return null;
  let mask = 0;
  result.conditions.forEach((c, i) => {
    if (!c.ok) mask |= 1 << i;
  });
  return mask;
}
