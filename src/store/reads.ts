import { and, asc, desc, eq, gt, gte, isNotNull, isNull, lt, lte, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { CATALOG_VERSION_KEY, channelStatus, channels, checkMessages, checks, incidents, meta, probeStatus, probes, providers } from '../../db/schema.ts';
import type { ServiceHours } from '../domain/catalog.ts';
import { fromStoredWindows, type MaintenanceWindow, type StoredWindow } from '../domain/maintenance.ts';
import type { ChannelKind, ChannelState, ErrorClass, ProbeStatus } from '../domain/vocabulary.ts';
import type { Db } from './database.ts';
import { preparedPerDb, preparedReads, type SyncDb } from './prepared-reads.ts';
import type { CheckRow } from './writes.ts';

export interface ProviderRow {
  pk: number;
  id: string;
  name: string;
  timezone: string;
  locale: string;
  maintenance: MaintenanceWindow[];
}

/** A channel as the catalog describes it, without its live state. */
export type ChannelInfo = Omit<ChannelRow, 'state' | 'since'>;

export interface ChannelRow {
  pk: number;
  id: string;
  providerPk: number;
  kind: ChannelKind;
  name: string;
  contact: string | null;
  hours: ServiceHours;
  /** The channel's own windows (not the provider's). */
  maintenance: MaintenanceWindow[];
  languages: string[];
  /** Measured state, `unknown` before the first threshold is met. */
  state: ChannelState;
  since: number | null;
  /** Active (not archived) probes. */
  probeCount: number;
}

/** A check as read back: the row as written, with its id and probe key, every phase column present. */
export type StoredCheck = { probeKey: string; probeSpec: unknown } & Omit<Required<CheckRow>, 'probePk'>;

export interface IncidentRow {
  id: number;
  providerId: string;
  channelId: string;
  startedAt: number;
  endedAt: number | null;
  causeClass: ErrorClass | null;
  causeMessage: string | null;
  /** Set once someone acknowledged it (`POST /api/v1/incidents/:id/ack`). */
  acknowledgedAt?: number | null;
  acknowledgedBy?: string | null;
  ackNote?: string | null;
}

const providerColumns = {
  pk: providers.pk,
  id: providers.id,
  name: providers.name,
  timezone: providers.timezone,
  locale: providers.locale,
  maintenance: providers.maintenance,
};

function toProviderRow(row: { pk: number; id: string; name: string; timezone: string; locale: string; maintenance: unknown }): ProviderRow {
  return { ...row, maintenance: fromStoredWindows(row.maintenance as StoredWindow[]) };
}

/** Active providers in id order. */
export async function listProviders(db: Db): Promise<ProviderRow[]> {
  const rows = await db.select(providerColumns).from(providers).where(isNull(providers.archivedAt)).orderBy(asc(providers.id));
  return rows.map(toProviderRow);
}

/** Active channels of one provider or of all, in config order: what changes only with the catalog. */
export async function listChannelInfo(db: Db, providerPk?: number): Promise<ChannelInfo[]> {
  const rows = await db
    .select({
      pk: channels.pk,
      id: channels.id,
      providerPk: channels.providerPk,
      kind: channels.kind,
      name: channels.name,
      contact: channels.contact,
      hours: channels.hours,
      maintenance: channels.maintenance,
      languages: channels.languages,
      // Spelled out: drizzle leaves columns unqualified in a one-table select, which would make
      // the inner "pk" mean the probe's own.
      probeCount: sql<number>`(SELECT count(*) FROM "probes" p WHERE p."channel_pk" = "channels"."pk" AND p."archived_at" IS NULL)`,
    })
    .from(channels)
    .where(and(isNull(channels.archivedAt), providerPk === undefined ? undefined : eq(channels.providerPk, providerPk)))
    .orderBy(asc(channels.providerPk), asc(channels.position));
  return rows.map((r) => ({
    ...r,
    hours: r.hours as ServiceHours,
    maintenance: fromStoredWindows(r.maintenance as StoredWindow[]),
    languages: r.languages as string[],
  }));
}

/** Measured states by channel key, of one provider or of all: what changes with every transition. */
export async function listChannelStates(db: Db, providerPk?: number): Promise<Map<number, { state: ChannelState; since: number }>> {
  const prepared = preparedReads(db);
  if (prepared) return prepared.channelStates(providerPk);
  const query = db.select({ channelPk: channelStatus.channelPk, state: channelStatus.state, since: channelStatus.since }).from(channelStatus);
  const rows =
    providerPk === undefined
      ? await query
      : await query.innerJoin(channels, eq(channels.pk, channelStatus.channelPk)).where(eq(channels.providerPk, providerPk));
  return new Map(rows.map((r) => [r.channelPk, { state: r.state, since: r.since }]));
}

/** Active channels with their measured state (`unknown` before any), in config order. */
export async function listChannels(db: Db, providerPk?: number): Promise<ChannelRow[]> {
  const [info, states] = await Promise.all([listChannelInfo(db, providerPk), listChannelStates(db, providerPk)]);
  return info.map((c) => withState(c, states.get(c.pk)));
}

/** A channel's static info joined with its measured state. */
export function withState(info: ChannelInfo, status: { state: ChannelState; since: number } | undefined): ChannelRow {
  return { ...info, state: status?.state ?? 'unknown', since: status?.since ?? null };
}

/** The catalog's current version (changes at every catalog sync); null before the first. */
export async function catalogVersion(db: Db): Promise<string | null> {
  const prepared = preparedReads(db);
  if (prepared) return prepared.metaValue(CATALOG_VERSION_KEY);
  const rows = await db.select({ value: meta.value }).from(meta).where(eq(meta.key, CATALOG_VERSION_KEY));
  return rows[0]?.value ?? null;
}

export async function findChannel(db: Db, id: string): Promise<{ pk: number; id: string; providerId: string } | undefined> {
  const prepared = preparedReads(db);
  if (prepared) return prepared.findChannel(id);
  const rows = await db
    .select({ pk: channels.pk, id: channels.id, providerId: providers.id })
    .from(channels)
    .innerJoin(providers, eq(providers.pk, channels.providerPk))
    .where(and(eq(channels.id, id), isNull(channels.archivedAt)));
  return rows[0];
}

const checkColumns = {
  channelPk: checks.channelPk,
  probeKey: probes.key,
  startedAt: checks.startedAt,
  durationMs: checks.durationMs,
  outcome: checks.outcome,
  httpStatus: checks.httpStatus,
  errorClass: checks.errorClass,
  // Stored once per distinct text (`check_messages`); the row holds its id.
  message: checkMessages.text,
  dnsMs: checks.dnsMs,
  connectMs: checks.connectMs,
  tlsMs: checks.tlsMs,
  firstByteMs: checks.firstByteMs,
  certExpiresAt: checks.certExpiresAt,
  conditionsFailed: checks.conditionsFailed,
  probeSpec: probes.spec,
};

// The same reads prepared once per better-sqlite3 connection, a channel at a time.
const checksOf = (db: SyncDb) =>
  db.select(checkColumns).from(checks).innerJoin(probes, eq(probes.pk, checks.probePk)).leftJoin(checkMessages, eq(checkMessages.id, checks.messageId));
const latestCheckQuery = preparedPerDb((db) =>
  checksOf(db)
    .where(and(eq(checks.channelPk, sql.placeholder('pk')), eq(checks.startedAt, sql`(SELECT max(c."started_at") FROM "checks" c WHERE c."channel_pk" = ${sql.placeholder('pk')})`)))
    .prepare(),
);
const checksQuery = preparedPerDb((db) =>
  checksOf(db).where(eq(checks.channelPk, sql.placeholder('pk'))).orderBy(desc(checks.startedAt)).limit(sql.placeholder('limit')).prepare(),
);
const checksSinceQuery = preparedPerDb((db) =>
  checksOf(db)
    .where(and(eq(checks.channelPk, sql.placeholder('pk')), gte(checks.startedAt, sql.placeholder('since'))))
    .orderBy(desc(checks.startedAt))
    .limit(sql.placeholder('limit'))
    .prepare(),
);

/** The newest check of each given channel, in one round trip (each a seek in the clustered key). */
export async function latestChecks(db: Db, channelPks: number[]): Promise<Map<number, StoredCheck>> {
  if (channelPks.length === 0) return new Map();
  const newestOfChannel = latestCheckQuery(db);
  if (newestOfChannel) {
    const out = new Map<number, StoredCheck>();
    for (const pk of channelPks) for (const row of newestOfChannel.all({ pk })) out.set(pk, row);
    return out;
  }
  // Driven from the channels: per channel, the time of its newest check (the last key of its
  // range, one seek), then the row(s) at that key. Driven from checks instead, the subquery
  // would run once per stored check of those channels.
  const newest = sql`(SELECT max(c."started_at") FROM "checks" c WHERE c."channel_pk" = ${channels.pk})`;
  const rows = await db
    .select(checkColumns)
    .from(channels)
    .innerJoin(checks, and(eq(checks.channelPk, channels.pk), eq(checks.startedAt, newest)))
    .innerJoin(probes, eq(probes.pk, checks.probePk))
    .leftJoin(checkMessages, eq(checkMessages.id, checks.messageId))
    .where(inKeys(channels.pk, channelPks));
  return new Map(rows.map((r) => [r.channelPk, r]));
}

/** A channel's checks, newest first. */
export async function listChecks(db: Db, channelPk: number, sinceMs: number | null, limit: number): Promise<StoredCheck[]> {
  const prepared = sinceMs === null ? checksQuery(db) : checksSinceQuery(db);
  if (prepared) return prepared.all({ pk: channelPk, since: sinceMs ?? 0, limit });
  return db
    .select(checkColumns)
    .from(checks)
    .innerJoin(probes, eq(probes.pk, checks.probePk))
    .leftJoin(checkMessages, eq(checkMessages.id, checks.messageId))
    .where(and(eq(checks.channelPk, channelPk), sinceMs === null ? undefined : gte(checks.startedAt, sinceMs)))
    .orderBy(desc(checks.startedAt))
    .limit(limit);
}

/** Incidents newest first, optionally of one provider and open or closed only. */
export async function listIncidents(
  db: Db,
  filter: { providerPk?: number; open?: boolean; limit: number },
): Promise<IncidentRow[]> {
  const prepared = preparedReads(db);
  if (prepared) return prepared.listIncidents(filter);
  const openFilter = filter.open === undefined ? undefined : filter.open ? isNull(incidents.endedAt) : isNotNull(incidents.endedAt);
  return db
    .select({
      id: incidents.id,
      providerId: providers.id,
      channelId: channels.id,
      startedAt: incidents.startedAt,
      endedAt: incidents.endedAt,
      causeClass: incidents.causeClass,
      causeMessage: incidents.causeMessage,
      acknowledgedAt: incidents.acknowledgedAt,
      acknowledgedBy: incidents.acknowledgedBy,
      ackNote: incidents.ackNote,
    })
    .from(incidents)
    .innerJoin(channels, eq(channels.pk, incidents.channelPk))
    .innerJoin(providers, eq(providers.pk, channels.providerPk))
    .where(and(filter.providerPk === undefined ? undefined : eq(providers.pk, filter.providerPk), openFilter))
    .orderBy(desc(incidents.startedAt), desc(incidents.id))
    .limit(filter.limit);
}

/** What the monitor restores at start so that a restart continues where it stopped. */
export interface RuntimeSnapshot {
  probeStatus: Map<number, { status: ProbeStatus; since: number }>;
  channelStatus: Map<number, { state: ChannelState; since: number }>;
  /** Channels with an open incident. */
  openIncidents: Set<number>;
}

export async function loadRuntimeSnapshot(db: Db): Promise<RuntimeSnapshot> {
  const [ps, cs, open] = await Promise.all([
    db.select().from(probeStatus),
    db.select().from(channelStatus),
    db.select({ channelPk: incidents.channelPk }).from(incidents).where(isNull(incidents.endedAt)),
  ]);
  return {
    probeStatus: new Map(ps.map((r) => [r.probePk, { status: r.status, since: r.since }])),
    channelStatus: new Map(cs.map((r) => [r.channelPk, { state: r.state, since: r.since }])),
    openIncidents: new Set(open.map((r) => r.channelPk)),
  };
}

/** When an incident ran; `endedAt` null while it is open. */
export interface IncidentSpan {
  startedAt: number;
  endedAt: number | null;
}

/**
 * The incidents of each channel that overlap `[from, to)` (started before `to`, not ended by
 * `from`), oldest first: an index seek per channel on (channel, started_at).
 */
export async function listIncidentSpans(db: Db, channelPks: readonly number[], from: number, to: number): Promise<Map<number, IncidentSpan[]>> {
  const byChannel = new Map<number, IncidentSpan[]>();
  if (channelPks.length === 0) return byChannel;
  const prepared = preparedReads(db);
  if (prepared) return prepared.incidentSpans(channelPks, from, to);
  const rows = await db
    .select({ channelPk: incidents.channelPk, startedAt: incidents.startedAt, endedAt: incidents.endedAt })
    .from(incidents)
    .where(
      and(
        inKeys(incidents.channelPk, channelPks),
        lt(incidents.startedAt, to),
        or(isNull(incidents.endedAt), gt(incidents.endedAt, from)),
      ),
    )
    .orderBy(asc(incidents.channelPk), asc(incidents.startedAt));
  for (const { channelPk, ...span } of rows) {
    const list = byChannel.get(channelPk);
    if (list) list.push(span);
    else byChannel.set(channelPk, [span]);
  }
  return byChannel;
}

/**
 * Measured states of the channels whose keys lie in `[fromPk, toPk]`: one range scan of the
 * primary key. A page of providers has its channels in such a range (keys follow the catalog
 * order), so a page costs its own channels, not the whole market's.
 */
export async function listChannelStatesBetween(db: Db, fromPk: number, toPk: number): Promise<Map<number, { state: ChannelState; since: number }>> {
  const prepared = preparedReads(db);
  if (prepared) return prepared.channelStatesBetween(fromPk, toPk);
  const rows = await db
    .select({ channelPk: channelStatus.channelPk, state: channelStatus.state, since: channelStatus.since })
    .from(channelStatus)
    .where(and(gte(channelStatus.channelPk, fromPk), lte(channelStatus.channelPk, toPk)));
  return new Map(rows.map((r) => [r.channelPk, { state: r.state, since: r.since }]));
}

/**
 * `column IN (1, 2, …)` with the integer keys written into the SQL, not bound: D1 binds at
 * most 100 values a statement, and a provider may have more channels than that.
 */
function inKeys(column: AnyColumn, keys: readonly number[]): SQL {
  return sql`${column} IN (${sql.raw(keys.map((k) => String(Math.trunc(k))).join(',') || 'NULL')})`;
}
