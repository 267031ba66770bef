import type { HourOfWeekTable } from '../../../advice/types.ts';
import { daysBack, heatmap } from '../../../domain/history/index.ts';
import { localParts } from '../../../domain/zoned-time.ts';
import type { HistoryChannel } from '../../../history/channels.ts';
import { edgesOf, readWatermark, rollupsSince } from '../../../history/coverage.ts';
import type { Db } from '../../../store/database.ts';

/** Days of history advice and best time read: four of each weekday. */
export const HOUR_OF_WEEK_DAYS = 28;

/**
 * Each channel's week-by-hour table (availability and median latency by local weekday and
 * hour, `heatmap()` of its hourly rollups) over the `days` local days ending today, with how
 * many of those days it was watched at all (days with any rollup): advice and best time
 * believe the table from `MEASURED_MIN_DAYS` days on. The channels must share a zone (one
 * provider's do); reads are those of the heatmap route, one query for all of them.
 *
 * @example (await hourOfWeekTables(db, providerChannels, Date.now())).get(pk) // { cells: 7 × 24, days: 28 }
 */
export async function hourOfWeekTables(
  db: Db,
  channelList: readonly HistoryChannel[],
  now: number,
  days = HOUR_OF_WEEK_DAYS,
): Promise<Map<number, HourOfWeekTable>> {
  const out = new Map<number, HourOfWeekTable>();
  const first = channelList[0];
  if (!first) return out;
  const tz = first.timezone;
  const from = daysBack(now, days, tz);
  const edges = edgesOf(await readWatermark(db), tz, now);
  const rollups = await rollupsSince(db, channelList, from, now, 'hour', edges);
  for (const channel of channelList) {
    const own = rollups.get(channel.pk) ?? [];
    const dates = new Set<string>();
    for (const r of own) if (Object.values(r.seconds).some((s) => s > 0)) dates.add(localParts(r.start, tz).date);
    out.set(channel.pk, { cells: heatmap(own, tz), days: dates.size });
  }
  return out;
}
