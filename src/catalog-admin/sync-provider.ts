/**
 * The stored catalog for one provider, after a write through the API: what `syncCatalog`
 * does for the whole config, for a single provider, so that a change costs a few rows and
 * not a sync of 100,000 channels. Channels and probes of the provider that are gone are
 * archived (their history stays); a provider that is gone is archived with all of them.
 */
import { and, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import { CATALOG_VERSION_KEY, channels, meta, probes, providers } from '../../db/schema.ts';
import type { Provider } from '../domain/catalog.ts';
import { toStoredWindows } from '../domain/maintenance.ts';
import { probeTarget } from '../probes/target.ts';
import { channelRow, type CatalogKeys } from '../store/catalog-sync.ts';
import type { Database, Statement } from '../store/database.ts';
import type { ApiIds } from './merge.ts';

/** Rows per multi-row upsert (13 columns × 200 stays far below SQLite's limit on bound values). */
const ROWS_PER_UPSERT = 200;

/** The integer keys of one provider (null when it was never stored) and of its live channels and probes. */
export interface ProviderKeys extends CatalogKeys {
  providerPk: number | null;
}

/**
 * Writes one provider as it is now (or archives it, `provider` null), and returns the integer
 * keys of it and its live channels and probes. `stamp` must be larger than the one of any earlier
 * sync: rows not stamped with it are the ones that left.
 *
 * @example const keys = await syncProvider(database, 'acme', provider, api, now);
 */
export async function syncProvider(database: Database, id: string, provider: Provider | null, api: ApiIds, stamp: number): Promise<ProviderKeys> {
  const { db, transact } = database;
  const keys: ProviderKeys = { providerPk: null, channelPk: new Map(), probePk: new Map() };
  if (provider === null) {
    keys.providerPk = (await db.select({ pk: providers.pk }).from(providers).where(eq(providers.id, id)))[0]?.pk ?? null;
    const own = db.select({ pk: providers.pk }).from(providers).where(eq(providers.id, id));
    const ownChannels = db.select({ pk: channels.pk }).from(channels).where(inArray(channels.providerPk, own));
    await transact([
      db.update(probes).set({ archivedAt: stamp }).where(and(isNull(probes.archivedAt), inArray(probes.channelPk, ownChannels))),
      db.update(channels).set({ archivedAt: stamp }).where(and(isNull(channels.archivedAt), inArray(channels.providerPk, own))),
      db.update(providers).set({ archivedAt: stamp }).where(and(isNull(providers.archivedAt), eq(providers.id, id))),
      bumpVersion(database, stamp),
    ]);
    return keys;
  }

  const providerRow = {
    id: provider.id,
    source: api.providers.has(provider.id) ? ('api' as const) : ('config' as const),
    name: provider.name,
    timezone: provider.timezone,
    locale: provider.locale,
    maintenance: toStoredWindows(provider.maintenance),
    archivedAt: null,
    updatedAt: stamp,
  };
  const { id: _id, ...providerSet } = providerRow;
  await transact([db.insert(providers).values(providerRow).onConflictDoUpdate({ target: providers.id, set: providerSet })]);
  const [found] = await db.select({ pk: providers.pk }).from(providers).where(eq(providers.id, provider.id));
  const providerPk = found!.pk;
  keys.providerPk = providerPk;

  const channelRows = provider.channels.map((c, position) => channelRow(c, providerPk, position, api.channels.has(c.id) ? 'api' : 'config', stamp));
  const channelStatements: Statement[] = [];
  for (let i = 0; i < channelRows.length; i += ROWS_PER_UPSERT) {
    channelStatements.push(db.insert(channels).values(channelRows.slice(i, i + ROWS_PER_UPSERT)).onConflictDoUpdate({ target: channels.id, set: excludedOf(channels, channelRows[0]!) }));
  }
  channelStatements.push(
    db.update(channels).set({ archivedAt: stamp }).where(and(eq(channels.providerPk, providerPk), isNull(channels.archivedAt), ne(channels.updatedAt, stamp))),
  );
  await transact(channelStatements);
  for (const row of await db.select({ pk: channels.pk, id: channels.id }).from(channels).where(and(eq(channels.providerPk, providerPk), isNull(channels.archivedAt)))) {
    keys.channelPk.set(row.id, row.pk);
  }

  const probeRows = provider.channels.flatMap((c) =>
    c.probes.map((spec) => ({ key: spec.key, channelPk: keys.channelPk.get(c.id)!, type: spec.type, target: probeTarget(spec), spec, archivedAt: null, updatedAt: stamp })),
  );
  const ownChannels = db.select({ pk: channels.pk }).from(channels).where(eq(channels.providerPk, providerPk));
  const probeStatements: Statement[] = [];
  for (let i = 0; i < probeRows.length; i += ROWS_PER_UPSERT) {
    probeStatements.push(db.insert(probes).values(probeRows.slice(i, i + ROWS_PER_UPSERT)).onConflictDoUpdate({ target: probes.key, set: excludedOf(probes, probeRows[0]!) }));
  }
  probeStatements.push(
    db.update(probes).set({ archivedAt: stamp }).where(and(inArray(probes.channelPk, ownChannels), isNull(probes.archivedAt), ne(probes.updatedAt, stamp))),
    bumpVersion(database, stamp),
  );
  await transact(probeStatements);
  const probeKeys = await db
    .select({ pk: probes.pk, key: probes.key })
    .from(probes)
    .where(and(inArray(probes.channelPk, ownChannels), isNull(probes.archivedAt)));
  for (const row of probeKeys) keys.probePk.set(row.key, row.pk);
  return keys;
}

/** `SET col = excluded.col` for every column of the row but the conflict key. */
function excludedOf(table: typeof channels | typeof probes, row: Record<string, unknown>) {
  const columns = table as unknown as Record<string, { name: string }>;
  const target = table === channels ? 'id' : 'key';
  return Object.fromEntries(Object.keys(row).filter((key) => key !== target).map((key) => [key, sql.raw(`excluded."${columns[key]!.name}"`)]));
}

/** Readers cache the catalog by this version (see `syncCatalog`). */
function bumpVersion({ db }: Database, stamp: number): Statement {
  const value = `${stamp}-${crypto.randomUUID()}`;
  return db.insert(meta).values({ key: CATALOG_VERSION_KEY, value }).onConflictDoUpdate({ target: meta.key, set: { value } });
}

/**
 * Archives the rows of API entries left out of the merged catalog (their provider left the
 * config, or their definition no longer parses): `syncCatalog` leaves API rows alone, and a
 * live row the monitor does not run would read `unknown` forever. The entries stay stored.
 */
export async function archiveLeftOut(database: Database, ids: { providers: string[]; channels: string[] }, stamp: number): Promise<void> {
  const { db } = database;
  const statements: Statement[] = [];
  // A few ids at a time: D1 binds at most 100 values a statement.
  for (let i = 0; i < ids.channels.length; i += 50) {
    const chunk = ids.channels.slice(i, i + 50);
    const own = db.select({ pk: channels.pk }).from(channels).where(inArray(channels.id, chunk));
    statements.push(db.update(probes).set({ archivedAt: stamp }).where(and(isNull(probes.archivedAt), inArray(probes.channelPk, own))));
    statements.push(db.update(channels).set({ archivedAt: stamp }).where(and(isNull(channels.archivedAt), inArray(channels.id, chunk))));
  }
  for (let i = 0; i < ids.providers.length; i += 50) {
    statements.push(db.update(providers).set({ archivedAt: stamp }).where(and(isNull(providers.archivedAt), inArray(providers.id, ids.providers.slice(i, i + 50)))));
  }
  if (statements.length > 0) await database.transact([...statements, bumpVersion(database, stamp)]);
}
