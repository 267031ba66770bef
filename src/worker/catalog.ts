/**
 * The catalog as the Worker's cron run needs it, read from D1 rather than parsed from YAML
 * each minute: every active probe with its stored spec (the normalised `ProbeSpec`), its
 * channel's hours and the maintenance windows that apply. One query.
 */
import { and, asc, eq, isNull } from 'drizzle-orm';
import { channels, probes, providers } from '../../db/schema.ts';
import type { ProbeSpec, ServiceHours } from '../domain/catalog.ts';
import { fromStoredWindows, type MaintenanceWindow, type StoredWindow } from '../domain/maintenance.ts';
import type { Db } from '../store/database.ts';

/** A probe the cron run may check. */
export interface WorkerProbe {
  pk: number;
  key: string;
  intervalMs: number;
  spec: ProbeSpec;
  channel: WorkerChannel;
}

/** A channel with what its state decision needs. */
export interface WorkerChannel {
  pk: number;
  id: string;
  timezone: string;
  hours: ServiceHours;
  /** The provider's windows and the channel's own. */
  maintenance: readonly MaintenanceWindow[];
  probes: WorkerProbe[];
}

/** Every active probe of every active channel, grouped by channel, in key order. */
export async function loadWorkerCatalog(db: Db): Promise<{ channels: WorkerChannel[]; probes: WorkerProbe[] }> {
  const rows = await db
    .select({
      probePk: probes.pk,
      key: probes.key,
      spec: probes.spec,
      channelPk: channels.pk,
      channelId: channels.id,
      hours: channels.hours,
      channelMaintenance: channels.maintenance,
      timezone: providers.timezone,
      providerMaintenance: providers.maintenance,
    })
    .from(probes)
    .innerJoin(channels, eq(channels.pk, probes.channelPk))
    .innerJoin(providers, eq(providers.pk, channels.providerPk))
    .where(and(isNull(probes.archivedAt), isNull(channels.archivedAt), isNull(providers.archivedAt)))
    .orderBy(asc(channels.pk), asc(probes.pk));
  const byPk = new Map<number, WorkerChannel>();
  const all: WorkerProbe[] = [];
  for (const row of rows) {
    let channel = byPk.get(row.channelPk);
    if (!channel) {
      channel = {
        pk: row.channelPk,
        id: row.channelId,
        timezone: row.timezone,
        hours: row.hours as ServiceHours,
        maintenance: [...fromStoredWindows(row.providerMaintenance as StoredWindow[]), ...fromStoredWindows(row.channelMaintenance as StoredWindow[])],
        probes: [],
      };
      byPk.set(row.channelPk, channel);
    }
    const spec = row.spec as ProbeSpec;
    const probe: WorkerProbe = { pk: row.probePk, key: row.key, intervalMs: spec.intervalMs, spec, channel };
    channel.probes.push(probe);
    all.push(probe);
  }
  return { channels: [...byPk.values()], probes: all };
}
