/**
 * The Worker's config: the same YAML as Node, validated by the same `parseConfig`. It is the
 * text stored in D1 through `PUT /api/v1/admin/config` when there is one, else the
 * `supportwatch.yaml` bundled at deploy time. When the text changes (by its SHA-256), the next
 * cron run syncs the catalog into D1 with the same `syncCatalog` as Node.
 */
import { eq, inArray, isNotNull, isNull, and } from 'drizzle-orm';
import { channels, incidents, meta } from '../../db/schema.ts';
import { parseConfig } from '../config/index.ts';
import type { Catalog } from '../domain/catalog.ts';
import { syncCatalog } from '../store/catalog-sync.ts';
import type { Database } from '../store/database.ts';

/** `meta` key of the YAML stored through the admin route. */
export const WORKER_CONFIG_KEY = 'worker_config';
/** `meta` key of the SHA-256 of the YAML last synced into the catalog. */
export const WORKER_CONFIG_SYNCED_KEY = 'worker_config_synced';
/** `meta` key of the config's `retention` settings (JSON), for housekeeping without the YAML. */
export const WORKER_RETENTION_KEY = 'worker_retention';
/** The name problems carry, as on Node. */
export const CONFIG_FILE_NAME = 'supportwatch.yaml';

/** The YAML in force: the stored text, else the bundled one. */
export async function readConfigText(database: Database, bundled: string): Promise<{ text: string; synced: string | null }> {
  const rows = await database.db
    .select({ key: meta.key, value: meta.value })
    .from(meta)
    .where(inArray(meta.key, [WORKER_CONFIG_KEY, WORKER_CONFIG_SYNCED_KEY]));
  const value = (key: string) => rows.find((r) => r.key === key)?.value ?? null;
  return { text: value(WORKER_CONFIG_KEY) ?? bundled, synced: value(WORKER_CONFIG_SYNCED_KEY) };
}

/** Hex SHA-256 of a text (Web Crypto, as both runtimes have it). */
export async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Syncs the catalog when the config text changed since the last sync; returns the parsed
 * catalog when it did, null when nothing changed.
 *
 * @throws ConfigError when the text is invalid (the stored catalog stays as it was).
 */
export async function syncConfigIfChanged(database: Database, bundled: string, now: number): Promise<Catalog | null> {
  const { text, synced } = await readConfigText(database, bundled);
  const hash = await sha256(text);
  if (hash === synced) return null;
  const catalog = parseConfig(text, CONFIG_FILE_NAME);
  await syncCatalog(database, catalog, now);
  const { db } = database;
  // Incidents of channels that left the catalog can never be closed by a check (as on Node's restore).
  const gone = db.select({ pk: channels.pk }).from(channels).where(isNotNull(channels.archivedAt));
  await database.transact([
    db.update(incidents).set({ endedAt: now }).where(and(isNull(incidents.endedAt), inArray(incidents.channelPk, gone))),
    db.insert(meta).values({ key: WORKER_CONFIG_SYNCED_KEY, value: hash }).onConflictDoUpdate({ target: meta.key, set: { value: hash } }),
    db.insert(meta).values({ key: WORKER_RETENTION_KEY, value: JSON.stringify(catalog.retention) }).onConflictDoUpdate({ target: meta.key, set: { value: JSON.stringify(catalog.retention) } }),
  ]);
  return catalog;
}

/** Stores YAML for the next cron run (the admin route validates it first). */
export async function storeConfigText(database: Database, text: string): Promise<void> {
  const { db } = database;
  await database.transact([db.insert(meta).values({ key: WORKER_CONFIG_KEY, value: text }).onConflictDoUpdate({ target: meta.key, set: { value: text } })]);
}

/** Whether a config text is stored (else the bundled one is in force). */
export async function hasStoredConfig(database: Database): Promise<boolean> {
  const rows = await database.db.select({ key: meta.key }).from(meta).where(eq(meta.key, WORKER_CONFIG_KEY));
  return rows.length > 0;
}
