import { sql } from 'drizzle-orm';
import { checks } from '../../db/schema.ts';
import { rollUp, timeline, type Rollup, type RollupCheck, type RollupUnit, type TimelineCheck } from '../domain/history/index.ts';
import { decodeOutcome } from '../store/check-codes.ts';
import type { Db } from '../store/database.ts';
import { lookaheadMs, lookbackMs, type HistoryChannel } from './channels.ts';

/**
 * Raw checks as history reads them: only what the timeline and the histogram need, found by
 * `channel_pk` and a `started_at` range (an index seek per channel, whatever the table's
 * physical order), never by row id.
 */

/** A raw check as rollups need it. */
export type RawCheck = TimelineCheck & RollupCheck;

/** Channels per query: one bound value each. */
const CHANNELS_PER_QUERY = 500;

/**
 * The checks of each channel that started in `[from, to)`, by channel, oldest first.
 *
 * @example await readRawChecks(db, [3, 4], hourStart - lookback, hourEnd)
 */
export async function readRawChecks(db: Db, channelPks: readonly number[], from: number, to: number): Promise<Map<number, RawCheck[]>> {
  const byChannel = new Map<number, RawCheck[]>();
  if (!(from < to)) return byChannel;
  for (let i = 0; i < channelPks.length; i += CHANNELS_PER_QUERY) {
    const part = channelPks.slice(i, i + CHANNELS_PER_QUERY);
    // Raw SQL reads the outcome's stored code (`check-codes.ts`), not its name.
    const rows = await db.values<[number, number, number, number, number]>(
      sql`SELECT ${checks.channelPk}, ${checks.probePk}, ${checks.startedAt}, ${checks.durationMs}, ${checks.outcome} FROM ${checks}
          WHERE ${checks.channelPk} IN (${sql.raw(part.map((pk) => String(Math.trunc(pk))).join(','))}) AND ${checks.startedAt} >= ${from} AND ${checks.startedAt} < ${to}
          ORDER BY ${checks.channelPk}, ${checks.startedAt}`,
    );
    let current = -1;
    let list: RawCheck[] = [];
    for (const [channelPk, probePk, startedAt, durationMs, outcome] of rows) {
      if (channelPk !== current) {
        current = channelPk;
        list = [];
        byChannel.set(channelPk, list);
      }
      list.push({ probeKey: probeKeyOf(probePk), startedAt, durationMs, outcome: decodeOutcome(outcome) });
    }
  }
  return byChannel;
}

/** Probe keys as the timeline compares them; cached so a million checks share a few strings. */
const probeKeys: string[] = [];
function probeKeyOf(probePk: number): string {
  return (probeKeys[probePk] ??= String(probePk));
}

/**
 * Each channel's rollups of `[from, to)` by local `unit`, from raw checks: the checks of the
 * span, those of the lookback before it (so the state at `from` is known) and of the
 * lookahead after it (so a failing streak crossing `to` is dated as it is live), through
 * `rollUpChannel`'s two steps. Channels without any check in that read (or without any rollup) are absent.
 *
 * @example await rollUpRaw(db, channels, hourEdge, now, 'hour')
 */
export async function rollUpRaw(
  db: Db,
  channelList: readonly HistoryChannel[],
  from: number,
  to: number,
  unit: RollupUnit,
): Promise<Map<number, Rollup[]>> {
  const out = new Map<number, Rollup[]>();
  if (!(from < to) || channelList.length === 0) return out;
  const probeList = channelList.flatMap((c) => c.probes);
  const raw = await readRawChecks(
    db,
    channelList.map((c) => c.pk),
    from - lookbackMs(probeList),
    to + lookaheadMs(probeList),
  );
  for (const channel of channelList) {
    const own = raw.get(channel.pk);
    // No check, not even in the lookback: nothing was watching, so there is no history to tell
    // (not even closed time, which would fill the rows of every idle office-hours channel).
    if (!own || channel.probes.length === 0) continue;
    // rollUpChannel's two steps, with the shortcut for plain spans (`timeline`).
    const segments = timeline({ probes: channel.probes, checks: own, hours: channel.hours, maintenance: channel.maintenance, timezone: channel.timezone, from, to });
    const inSpan = own.filter((c) => c.startedAt >= from && c.startedAt < to);
    const rollups = rollUp({ segments, checks: inSpan, timezone: channel.timezone, unit });
    if (rollups.length > 0) out.set(channel.pk, rollups);
  }
  return out;
}
