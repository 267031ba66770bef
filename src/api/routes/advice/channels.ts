import { usualLatencyAt } from '../../../advice/busyness.ts';
import type { AdviceChannel } from '../../../advice/types.ts';
import { maintenanceStatus } from '../../../domain/maintenance.ts';
import { isOpen } from '../../../domain/service-hours.ts';
import { effectiveState } from '../../../domain/state.ts';
import { historyChannelOf } from '../../../history/channels.ts';
import { reportSurges } from '../../../reports/store.ts';
import { latestChecks, listChannelStates, type ProviderRow } from '../../../store/reads.ts';
import type { Db } from '../../../store/database.ts';
import type { CatalogView } from '../../catalog-view.ts';
import { hourOfWeekTables } from './hour-of-week.ts';

/**
 * One provider's channels as `rankChannels` sees them, read from the store at `now`: the
 * catalog (kind, name, hours), the measured state and since when, `closed` outside hours and
 * `maintenance` inside a window (with its end), the latest answered check's latency, the usual
 * latency at this hour and the busyness table from 28 days of rollups, and report surges.
 * Four reads, run together, whatever the number of channels.
 *
 * @example rankChannels({ provider, need, lang, channels: await adviceChannels(db, catalog, provider, now) }, now)
 */
export async function adviceChannels(db: Db, catalog: CatalogView, provider: ProviderRow, now: number): Promise<AdviceChannel[]> {
  const own = catalog.channelsByProvider.get(provider.pk) ?? [];
  const pks = own.map((c) => c.pk);
  const tz = provider.timezone;
  const history = own.map((info) => historyChannelOf(provider, info, catalog.probesByChannel.get(info.pk) ?? []));
  const [states, last, tables, surges] = await Promise.all([
    listChannelStates(db, provider.pk),
    latestChecks(db, pks),
    hourOfWeekTables(db, history, now),
    reportSurges(db, pks, tz, now),
  ]);
  return own.map((info) => {
    const measured = states.get(info.pk);
    const window = maintenanceStatus([...provider.maintenance, ...info.maintenance], tz, now).active;
    const check = last.get(info.pk);
    const table = tables.get(info.pk) ?? null;
    return {
      id: info.id,
      name: info.name,
      kind: info.kind,
      state: effectiveState(measured?.state ?? 'unknown', isOpen(info.hours, tz, now), window !== null),
      stateSince: measured?.since ?? null,
      // A failed check's duration is how long it took to fail, not how fast the channel answers.
      latencyMs: check && check.outcome !== 'down' ? check.durationMs : null,
      usualLatencyMs: usualLatencyAt(table, tz, now),
      hours: info.hours,
      reportsSurge: surges.get(info.pk)?.surge ?? false,
      maintenanceEndsAt: window?.endsAt ?? null,
      history: table,
    };
  });
}
