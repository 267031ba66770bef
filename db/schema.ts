/**
 * The database schema (drizzle). Shared by the Node (better-sqlite3) and Workers (D1) builds.
 *
 * Size matters on the hot table: `checks` refers to channels and probes by small integer keys
 * and keeps no secondary index but (channel, time), because a market-wide monitor writes
 * thousands of rows a second. Times are UTC epoch milliseconds.
 */
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import {
  CHANNEL_KINDS,
  CHANNEL_STATES,
  CHECK_OUTCOMES,
  ERROR_CLASSES,
  PROBE_STATUSES,
  PROBE_TYPES,
} from '../src/domain/vocabulary.ts';

/** Where a catalog entry came from; the API must not silently overwrite config entries. */
export const ENTRY_SOURCES = ['config', 'api'] as const;

export const providers = sqliteTable('providers', {
  pk: integer('pk').primaryKey({ autoIncrement: true }),
  id: text('id').notNull().unique(),
  name: text('name').notNull(),
  timezone: text('timezone').notNull(),
  locale: text('locale').notNull(),
  /** Maintenance windows of the whole provider, as `StoredWindow[]` JSON. */
  maintenance: text('maintenance', { mode: 'json' }).notNull().default([]),
  source: text('source', { enum: ENTRY_SOURCES }).notNull().default('config'),
  /** Set when the provider left the config; its history is kept. */
  archivedAt: integer('archived_at'),
  updatedAt: integer('updated_at').notNull(),
});

export const channels = sqliteTable(
  'channels',
  {
    pk: integer('pk').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    providerPk: integer('provider_pk')
      .notNull()
      .references(() => providers.pk),
    kind: text('kind', { enum: CHANNEL_KINDS }).notNull(),
    name: text('name').notNull(),
    contact: text('contact'),
    /** `ServiceHours` as JSON, so readers (API, Worker) need no config file. */
    hours: text('hours', { mode: 'json' }).notNull(),
    languages: text('languages', { mode: 'json' }).notNull(),
    /** The channel's own maintenance windows, as `StoredWindow[]` JSON. */
    maintenance: text('maintenance', { mode: 'json' }).notNull().default([]),
    /** Position in the config, so lists keep the author's order. */
    position: integer('position').notNull(),
    source: text('source', { enum: ENTRY_SOURCES }).notNull().default('config'),
    archivedAt: integer('archived_at'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('channels_provider').on(t.providerPk)],
);

export const probes = sqliteTable(
  'probes',
  {
    pk: integer('pk').primaryKey({ autoIncrement: true }),
    /** `<channel id>#<index>`. */
    key: text('key').notNull().unique(),
    channelPk: integer('channel_pk')
      .notNull()
      .references(() => channels.pk),
    type: text('type', { enum: PROBE_TYPES }).notNull(),
    /** What it checks, for display (URL, host:port). */
    target: text('target').notNull(),
    /** The whole normalised probe spec as JSON. */
    spec: text('spec', { mode: 'json' }).notNull(),
    archivedAt: integer('archived_at'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('probes_channel').on(t.channelPk)],
);

/** One row per check. Old rows are deleted by rowid order (see store retention). */
export const checks = sqliteTable(
  'checks',
  {
    id: integer('id').primaryKey(),
    channelPk: integer('channel_pk').notNull(),
    probePk: integer('probe_pk').notNull(),
    startedAt: integer('started_at').notNull(),
    durationMs: integer('duration_ms').notNull(),
    outcome: text('outcome', { enum: CHECK_OUTCOMES }).notNull(),
    httpStatus: integer('http_status'),
    errorClass: text('error_class', { enum: ERROR_CLASSES }),
    message: text('message'),
    // Timing phases where the probe kind measures them; NULL costs no payload byte.
    dnsMs: integer('dns_ms'),
    connectMs: integer('connect_ms'),
    tlsMs: integer('tls_ms'),
    firstByteMs: integer('first_byte_ms'),
    certExpiresAt: integer('cert_expires_at'),
    /**
     * Which of the probe's conditions failed, as bits (bit i = condition i); 0 = all held,
     * NULL = not evaluated. The expressions themselves live once, in the probe's spec.
     */
    conditionsFailed: integer('conditions_failed'),
  },
  (t) => [index('checks_channel_time').on(t.channelPk, t.startedAt)],
);

/** A probe's thresholded status, written only when it changes. */
export const probeStatus = sqliteTable('probe_status', {
  probePk: integer('probe_pk').primaryKey(),
  status: text('status', { enum: PROBE_STATUSES }).notNull(),
  since: integer('since').notNull(),
});

/**
 * A channel's measured state (the worst of its probes), written only when it changes.
 * `closed` and `maintenance` are not stored: they depend on the clock and are computed on read.
 */
export const channelStatus = sqliteTable('channel_status', {
  channelPk: integer('channel_pk').primaryKey(),
  state: text('state', { enum: CHANNEL_STATES }).notNull(),
  since: integer('since').notNull(),
});

export const incidents = sqliteTable(
  'incidents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    channelPk: integer('channel_pk')
      .notNull()
      .references(() => channels.pk),
    /** When the first failed check of the streak started. */
    startedAt: integer('started_at').notNull(),
    endedAt: integer('ended_at'),
    causeClass: text('cause_class', { enum: ERROR_CLASSES }),
    causeMessage: text('cause_message'),
  },
  (t) => [
    index('incidents_channel_started').on(t.channelPk, t.startedAt),
    // At most one open incident per channel, enforced by the database itself: a restart or
    // a replayed batch can never duplicate one.
    uniqueIndex('incidents_one_open').on(t.channelPk).where(sql`${t.endedAt} IS NULL`),
  ],
);

/**
 * Small facts about the database as a whole. `catalog_version` changes whenever providers,
 * channels or probes change, so readers may cache the catalog and check one row per request.
 */
/** The `meta` key of the catalog version. */
export const CATALOG_VERSION_KEY = 'catalog_version';

export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});
