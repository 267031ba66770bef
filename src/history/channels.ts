import { asc, gt, isNull, or, sql } from 'drizzle-orm';
import { channels, probes, providers } from '../../db/schema.ts';
import type { ServiceHours } from '../domain/catalog.ts';
import type { TimelineProbe } from '../domain/history/index.ts';
import { fromStoredWindows, type MaintenanceWindow, type StoredWindow } from '../domain/maintenance.ts';
import type { Db } from '../store/database.ts';

/**
 * A channel as history needs it: what rebuilds its state over time from stored checks (the
 * probes' intervals and thresholds, its service hours and every maintenance window that
 * applies) and the zone its hours and days are counted in.
 */
export interface HistoryChannel {
  pk: number;
  providerPk: number;
  timezone: string;
  hours: ServiceHours;
  /** The provider's windows and the channel's own. */
  maintenance: readonly MaintenanceWindow[];
  /** Every probe the channel has had, archived ones too (their old checks still count); `key` is the probe's pk. */
  probes: readonly TimelineProbe[];
}

const MINUTE_MS = 60_000;

/**
 * A probe's timing from its stored spec (the normalised `ProbeSpec` JSON), keyed by its
 * database key as checks refer to it. Missing numbers fall back to the config defaults, so a
 * spec from an older version still reads.
 */
export function timelineProbeOf(probePk: number, spec: unknown): TimelineProbe {
  const s = (spec ?? {}) as Partial<Record<'intervalMs' | 'failureThreshold' | 'successThreshold' | 'retry' | 'retryDelayMs' | 'timeoutMs', number>>;
  return {
    key: String(probePk),
    intervalMs: s.intervalMs ?? 60_000,
    failureThreshold: s.failureThreshold ?? 2,
    successThreshold: s.successThreshold ?? 1,
    retry: s.retry ?? 0,
    retryDelayMs: s.retryDelayMs ?? 0,
    timeoutMs: s.timeoutMs ?? 10_000,
  };
}

function retryMs(p: TimelineProbe): number {
  return (p.retry ?? 0) * ((p.retryDelayMs ?? 0) + (p.timeoutMs ?? 0));
}

/**
 * How far before a span its checks must be read so the state at its start is known: enough
 * checks for either threshold to be met (and one more), each standing for up to twice its
 * interval.
 *
 * @example lookbackMs([{ key: '1', intervalMs: 60_000, failureThreshold: 2, successThreshold: 1 }]) // 360_000
 */
export function lookbackMs(probeList: readonly TimelineProbe[]): number {
  let most = 0;
  for (const p of probeList) {
    const hold = 2 * p.intervalMs + retryMs(p);
    most = Math.max(most, (Math.max(p.failureThreshold, p.successThreshold) + 1) * hold);
  }
  return most;
}

/**
 * How far after a span its checks must be read so its end is final: a failing streak that
 * began before the end is dated from its first failure once `failureThreshold − 1` more
 * checks have failed, which may re-date time just before the end from up to down. One interval
 * of slack covers a check that started late.
 *
 * @example lookaheadMs([{ key: '1', intervalMs: 60_000, failureThreshold: 2, successThreshold: 1 }]) // 120_000
 */
export function lookaheadMs(probeList: Iterable<TimelineProbe>): number {
  let most = 0;
  for (const p of probeList) most = Math.max(most, (p.failureThreshold - 1) * (p.intervalMs + retryMs(p)) + p.intervalMs);
  return most;
}

/** Rollups wait at least this long after a period ends. */
export const MIN_SETTLE_MS = 2 * MINUTE_MS;
/** … and at most this long, so one slow probe cannot hold everyone's history back. */
export const MAX_SETTLE_MS = 60 * MINUTE_MS;

/**
 * How long after a period ends its rollup waits, so that what happened in it is final: the
 * checks of the lookahead must have run, finished (timeout and retries) and been written.
 *
 * @example settleMs([{ key: '1', intervalMs: 60_000, failureThreshold: 2, successThreshold: 1, timeoutMs: 10_000 }]) // 160_000
 */
export function settleMs(probeList: Iterable<TimelineProbe>): number {
  let most = 0;
  for (const p of probeList) most = Math.max(most, lookaheadMs([p]) + (p.timeoutMs ?? 0) + retryMs(p) + 30_000);
  return Math.min(MAX_SETTLE_MS, Math.max(MIN_SETTLE_MS, most));
}

/**
 * Channels whose history may still change: active ones, and those archived after
 * `archivedAfter` (their last checks still need rolling up). In provider, then channel key order.
 */
export async function loadHistoryChannels(db: Db, archivedAfter: number): Promise<HistoryChannel[]> {
  const [providerRows, channelRows] = await Promise.all([
    db.select({ pk: providers.pk, timezone: providers.timezone, maintenance: providers.maintenance }).from(providers),
    // Hours and windows as their stored text: thousands of channels share a few, parsed once each.
    db
      .select({ pk: channels.pk, providerPk: channels.providerPk, hours: sql<string>`${channels.hours}`, maintenance: sql<string>`${channels.maintenance}` })
      .from(channels)
      .where(or(isNull(channels.archivedAt), gt(channels.archivedAt, archivedAfter)))
      .orderBy(asc(channels.providerPk), asc(channels.pk)),
  ]);
  const probesByChannel = await loadTimelineProbes(db);
  const byProvider = new Map(providerRows.map((p) => [p.pk, { timezone: p.timezone, maintenance: fromStoredWindows(p.maintenance as StoredWindow[]) }]));
  // The list is kept between housekeeping passes (an hour): at 100,000 channels a copy of the
  // same hours and an empty window list per channel were tens of megabytes.
  const hoursOf = sharedParse<ServiceHours>();
  const windowsOf = sharedParse<MaintenanceWindow[]>((text) => fromStoredWindows(JSON.parse(text) as StoredWindow[]));
  return channelRows.flatMap((c) => {
    const provider = byProvider.get(c.providerPk);
    if (!provider) return [];
    const own = windowsOf(c.maintenance);
    return [
      {
        pk: c.pk,
        providerPk: c.providerPk,
        timezone: provider.timezone,
        hours: hoursOf(c.hours),
        maintenance: own.length === 0 ? provider.maintenance : provider.maintenance.length === 0 ? own : [...provider.maintenance, ...own],
        probes: probesByChannel.get(c.pk) ?? [],
      },
    ];
  });
}

/** A parser that parses each distinct text once and hands out the same (read-only) value for it. */
function sharedParse<T>(parse: (text: string) => T = (text) => JSON.parse(text) as T): (text: string) => T {
  const seen = new Map<string, T>();
  return (text) => {
    let value = seen.get(text);
    if (value === undefined) seen.set(text, (value = parse(text)));
    return value;
  };
}

/** The spec fields a timeline needs, in `timelineProbeOf`'s terms. */
const TIMING_FIELDS = ['intervalMs', 'failureThreshold', 'successThreshold', 'retry', 'retryDelayMs', 'timeoutMs'] as const;

/**
 * Timeline probes of every channel (archived probes too), by channel key. SQLite picks the six
 * numbers out of each stored spec: parsing every whole spec (about 440 bytes of JSON each) in
 * JavaScript held the event loop for seconds, and its memory for longer, at 100,000 probes.
 */
export async function loadTimelineProbes(db: Db): Promise<Map<number, TimelineProbe[]>> {
  const paths = sql.raw(TIMING_FIELDS.map((field) => `'$.${field}'`).join(', '));
  const rows = await db.select({ pk: probes.pk, channelPk: probes.channelPk, timing: sql<string>`json_extract(${probes.spec}, ${paths})` }).from(probes);
  // Thousands of probes share their timing: each distinct text is parsed once.
  const timingOf = sharedParse<Partial<Record<(typeof TIMING_FIELDS)[number], number>>>((text) => {
    const values = (text === null ? [] : JSON.parse(text)) as (number | null)[];
    return Object.fromEntries(TIMING_FIELDS.flatMap((field, i) => (values[i] == null ? [] : [[field, values[i]]])));
  });
  return groupProbes(rows.map((r) => ({ pk: r.pk, channelPk: r.channelPk, spec: timingOf(r.timing) })));
}

/**
 * A catalog channel as history needs it, from what the API's catalog view holds.
 *
 * @example historyChannelOf(provider, channelInfo, probesByChannel.get(channelInfo.pk) ?? [])
 */
export function historyChannelOf(
  provider: { pk: number; timezone: string; maintenance: readonly MaintenanceWindow[] },
  channel: { pk: number; hours: ServiceHours; maintenance: readonly MaintenanceWindow[] },
  probeList: readonly TimelineProbe[],
): HistoryChannel {
  return {
    pk: channel.pk,
    providerPk: provider.pk,
    timezone: provider.timezone,
    hours: channel.hours,
    maintenance: [...provider.maintenance, ...channel.maintenance],
    probes: probeList,
  };
}

function groupProbes(rows: readonly { pk: number; channelPk: number; spec: unknown }[]): Map<number, TimelineProbe[]> {
  const byChannel = new Map<number, TimelineProbe[]>();
  for (const p of rows) {
    const list = byChannel.get(p.channelPk);
    const probe = timelineProbeOf(p.pk, p.spec);
    if (list) list.push(probe);
    else byChannel.set(p.channelPk, [probe]);
  }
  return byChannel;
}
