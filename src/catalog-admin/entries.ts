/**
 * The stored definitions of API-made providers and channels (`catalog_entries`): read all at
 * start, written one at a time by the write API.
 */
import { and, asc, eq } from 'drizzle-orm';
import { catalogEntries } from '../../db/schema.ts';
import type { Db, Statement } from '../store/database.ts';

/** A provider or channel made through the write API, as written (YAML-shaped JSON). */
export interface ApiEntry {
  kind: 'provider' | 'channel';
  id: string;
  /** The provider's own id, or the provider a channel belongs to. */
  providerId: string;
  /** The definition as in the config file; a provider's has no `channels`. */
  body: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
  updatedBy: string;
}

/**
 * Every stored entry, in the order they were made (so API channels keep their order).
 *
 * @example const entries = await loadApiEntries(database.db);
 */
export async function loadApiEntries(db: Db): Promise<ApiEntry[]> {
  const rows = await db.select().from(catalogEntries).orderBy(asc(catalogEntries.pk));
  return rows.map(({ pk: _pk, body, ...row }) => ({ ...row, body: body as Record<string, unknown> }));
}

/** Inserts an entry, or replaces the definition of the one with its kind and id. */
export function putEntry(db: Db, entry: ApiEntry): Statement {
  const { kind, id, ...values } = entry;
  return db
    .insert(catalogEntries)
    .values({ kind, id, ...values })
    .onConflictDoUpdate({
      target: [catalogEntries.kind, catalogEntries.id],
      set: { providerId: values.providerId, body: values.body, updatedAt: values.updatedAt, updatedBy: values.updatedBy },
    });
}

/** Deletes an entry (archiving: the catalog rows keep the history). */
export function deleteEntry(db: Db, kind: ApiEntry['kind'], id: string): Statement {
  return db.delete(catalogEntries).where(and(eq(catalogEntries.kind, kind), eq(catalogEntries.id, id)));
}

/** Deletes a provider's entry and those of all its channels. */
export function deleteProviderEntries(db: Db, providerId: string): Statement {
  return db.delete(catalogEntries).where(eq(catalogEntries.providerId, providerId));
}
