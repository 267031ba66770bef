import { and, eq, getTableColumns, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { CATALOG_VERSION_KEY, channels, meta, probes, providers, type ENTRY_SOURCES } from '../../db/schema.ts';
import type { Catalog, Channel } from '../domain/catalog.ts';
import { toStoredWindows } from '../domain/maintenance.ts';
import { probeTarget } from '../probes/target.ts';
import type { Database, Statement } from './database.ts';

/** Integer keys of the synced catalog, used on the hot write path. */
export interface CatalogKeys {
  channelPk: Map<string, number>;
  probePk: Map<string, number>;
}

/**
 * Makes the stored catalog match the config: upserts every provider, channel and probe, and
 * archives the config entries that are gone (their history stays). Entries created through
 * the API (`source: api`) are left alone. With `api` (the ids of the catalog's API-made
 * entries, see `src/catalog-admin`), every entry's `source` is written as it is now.
 */
export async function syncCatalog(
  database: Database,
  catalog: Catalog,
  now: number,
  api?: { providers: ReadonlySet<string>; channels: ReadonlySet<string> },
): Promise<CatalogKeys> {
  const { db } = database;
  const withSource = api !== undefined;
  await upsertInSteps(database, providers, providers.id, catalog.providers, withSource, (p) => ({
    id: p.id,
    source: api?.providers.has(p.id) ? ('api' as const) : ('config' as const),
    name: p.name,
    timezone: p.timezone,
    locale: p.locale,
    maintenance: toStoredWindows(p.maintenance),
    archivedAt: null,
    updatedAt: now,
  }));
  await database.transact([archiveUntouched(db, providers, now)]);

  const providerPk = new Map((await db.select({ pk: providers.pk, id: providers.id }).from(providers)).map((r) => [r.id, r.pk]));
  const channelList = catalog.providers.flatMap((p) => p.channels.map((c, position) => ({ c, position, providerPk: providerPk.get(p.id)! })));
  await upsertInSteps(database, channels, channels.id, channelList, withSource, ({ c, position, providerPk }) =>
    channelRow(c, providerPk, position, api?.channels.has(c.id) ? 'api' : 'config', now),
  );
  await database.transact([archiveUntouched(db, channels, now)]);

  const channelPk = keyMap(
    channelList.map(({ c }) => c.id),
    (await db.select({ pk: channels.pk, id: channels.id }).from(channels)).map((r) => [r.id, r.pk]),
  );
  const probeList = catalog.providers.flatMap((p) => p.channels.flatMap((c) => c.probes.map((spec) => ({ spec, channelPk: channelPk.get(c.id)! }))));
  await upsertInSteps(database, probes, probes.key, probeList, false, ({ spec, channelPk }) => ({
    key: spec.key,
    channelPk,
    type: spec.type,
    target: probeTarget(spec),
    spec,
    archivedAt: null,
    updatedAt: now,
  }));
  // Readers cache the catalog by this version; anything else that changes the catalog must bump it too.
  const version = { key: CATALOG_VERSION_KEY, value: `${now}-${crypto.randomUUID()}` };
  await database.transact([archiveUntouched(db, probes, now), db.insert(meta).values(version).onConflictDoUpdate({ target: meta.key, set: { value: version.value } })]);

  const probePk = keyMap(
    probeList.map(({ spec }) => spec.key),
    (await db.select({ pk: probes.pk, key: probes.key }).from(probes)).map((r) => [r.key, r.pk]),
  );
  return { channelPk, probePk };
}

/** A catalog channel as its `channels` row (the full sync and the write API's per-provider sync). */
export function channelRow(c: Channel, providerPk: number, position: number, source: (typeof ENTRY_SOURCES)[number], now: number) {
  return {
    id: c.id,
    source,
    providerPk,
    kind: c.kind,
    name: c.name,
    contact: c.contact,
    hours: c.hours,
    maintenance: toStoredWindows(c.maintenance),
    languages: c.languages,
    position,
    archivedAt: null,
    updatedAt: now,
  };
}

/**
 * The stored keys by id, keyed by the catalog's own id strings (those of archived entries
 * follow): the rows read back carry a fresh copy of every id, and the maps live as long as
 * the monitor, so at 100,000 channels the copies would be ~10 MB of duplicate strings.
 */
function keyMap(own: readonly string[], stored: Array<[string, number]>): Map<string, number> {
  const pkOf = new Map(stored);
  const keys = new Map<string, number>();
  for (const id of own) {
    const pk = pkOf.get(id);
    if (pk !== undefined) keys.set(id, pk);
  }
  for (const [id, pk] of pkOf) if (!keys.has(id)) keys.set(id, pk);
  return keys;
}

/**
 * Rows per transaction. Every row of a statement is a tree of drizzle objects until it runs:
 * one transaction for a whole table held them all at once (a 535 MB RSS spike when syncing
 * 120,000 channels, and an old-space limit sized to it). Rows are made per step instead; a
 * crash between steps leaves rows upserted but nothing archived, which the next sync redoes.
 */
const ROWS_PER_TRANSACTION = 5_000;

/** Upserts `items` as rows (`row` makes each), a step of rows per transaction. */
async function upsertInSteps<T>(
  { db, transact, maxBoundParameters }: Database,
  table: typeof providers | typeof channels | typeof probes,
  target: SQLiteColumn,
  items: readonly T[],
  withSource: boolean,
  row: (item: T) => Record<string, unknown>,
): Promise<void> {
  for (let i = 0; i < items.length; i += ROWS_PER_TRANSACTION) {
    const rows = items.slice(i, i + ROWS_PER_TRANSACTION).map(row);
    await transact(upsertMany(db, table, target, rows, withSource, maxBoundParameters));
  }
}

/** Rows per upsert: 12 columns × 500 rows stays far below SQLite's limit on bound variables. */
const ROWS_PER_UPSERT = 500;

/**
 * Multi-row upserts, a few hundred rows per statement: one statement per row made start-up
 * cost ~0.26 ms and ~23 KB of garbage per channel. On conflict every column but the key and
 * `source` takes the new value (`excluded.*`), so an API-made entry keeps its source (unless
 * `withSource`: the caller knows every entry's source).
 */
function upsertMany(
  db: Database['db'],
  table: typeof providers | typeof channels | typeof probes,
  target: SQLiteColumn,
  rows: Record<string, unknown>[],
  withSource = false,
  maxBoundParameters = Infinity,
): Statement[] {
  const first = rows[0];
  if (!first) return [];
  const columns = getTableColumns(table) as Record<string, SQLiteColumn>;
  const set = Object.fromEntries(
    Object.keys(first)
      .filter((key) => (withSource || key !== 'source') && columns[key] !== target)
      .map((key) => [key, sql.raw(`excluded."${columns[key]!.name}"`)]),
  );
  const statements: Statement[] = [];
  // D1 binds at most 100 values a statement: fewer rows each there.
  const perStatement = Math.max(1, Math.min(ROWS_PER_UPSERT, Math.floor(maxBoundParameters / Object.keys(first).length)));
  for (let i = 0; i < rows.length; i += perStatement) {
    // The row shapes are the table's own; drizzle's generics cannot follow a table union.
    const insert = db.insert(table as typeof providers).values(rows.slice(i, i + perStatement) as (typeof providers.$inferInsert)[]);
    statements.push(insert.onConflictDoUpdate({ target, set }));
  }
  return statements;
}

/**
 * Every entry this sync wrote carries `updatedAt = now`; a config entry with another stamp
 * has left the config. (No id list: a 100,000-channel catalog would exceed SQLite's limit
 * on bound variables.)
 */
function archiveUntouched(db: Database['db'], table: typeof providers | typeof channels | typeof probes, now: number): Statement {
  const untouched = and(isNull(table.archivedAt), ne(table.updatedAt, now));
  if (table === probes) {
    // Probes of channels made through the API are not the config's to archive.
    const configChannels = db.select({ pk: channels.pk }).from(channels).where(eq(channels.source, 'config'));
    return db.update(probes).set({ archivedAt: now }).where(and(untouched, inArray(probes.channelPk, configChannels)));
  }
  const configOnly = eq((table as typeof providers).source, 'config');
  return db.update(table).set({ archivedAt: now }).where(and(untouched, configOnly));
}
