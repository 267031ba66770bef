import { and, eq, inArray, isNull, ne } from 'drizzle-orm';
import { CATALOG_VERSION_KEY, channels, meta, probes, providers } from '../../db/schema.ts';
import type { Catalog } from '../domain/catalog.ts';
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
 * the API (`source: api`) are left alone.
 */
export async function syncCatalog({ db, transact }: Database, catalog: Catalog, now: number): Promise<CatalogKeys> {
  const writes: Statement[] = [];
  for (const p of catalog.providers) {
    const values = {
      name: p.name,
      timezone: p.timezone,
      locale: p.locale,
      maintenance: toStoredWindows(p.maintenance),
      archivedAt: null,
      updatedAt: now,
    };
    writes.push(
      db
        .insert(providers)
        .values({ id: p.id, source: 'config', ...values })
        .onConflictDoUpdate({ target: providers.id, set: values }),
    );
  }
  writes.push(archiveUntouched(db, providers, now));
  await transact(writes);

  const providerPk = new Map((await db.select({ pk: providers.pk, id: providers.id }).from(providers)).map((r) => [r.id, r.pk]));
  const channelWrites: Statement[] = [];
  for (const p of catalog.providers) {
    p.channels.forEach((c, position) => {
      const values = {
        providerPk: providerPk.get(p.id)!,
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
      channelWrites.push(
        db
          .insert(channels)
          .values({ id: c.id, source: 'config', ...values })
          .onConflictDoUpdate({ target: channels.id, set: values }),
      );
    });
  }
  channelWrites.push(archiveUntouched(db, channels, now));
  await transact(channelWrites);

  const channelPk = new Map((await db.select({ pk: channels.pk, id: channels.id }).from(channels)).map((r) => [r.id, r.pk]));
  const probeWrites: Statement[] = [];
  for (const p of catalog.providers) {
    for (const c of p.channels) {
      for (const spec of c.probes) {
        const values = {
          channelPk: channelPk.get(c.id)!,
          type: spec.type,
          target: probeTarget(spec),
          spec,
          archivedAt: null,
          updatedAt: now,
        };
        probeWrites.push(
          db.insert(probes).values({ key: spec.key, ...values }).onConflictDoUpdate({ target: probes.key, set: values }),
        );
      }
    }
  }
  probeWrites.push(archiveUntouched(db, probes, now));
  await transact(probeWrites);

  // Readers cache the catalog by this version; anything else that changes the catalog must bump it too.
  const version = { key: CATALOG_VERSION_KEY, value: `${now}-${crypto.randomUUID()}` };
  await transact([db.insert(meta).values(version).onConflictDoUpdate({ target: meta.key, set: { value: version.value } })]);

  const probePk = new Map((await db.select({ pk: probes.pk, key: probes.key }).from(probes)).map((r) => [r.key, r.pk]));
  return { channelPk, probePk };
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
