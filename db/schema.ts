/**
 * The database schema (drizzle). Shared by the Node (better-sqlite3) and Workers (D1) builds.
 *
 * Size matters on the hot table: `checks` refers to channels and probes by small integer keys
 * and keeps no secondary index but (channel, time), because a market-wide monitor writes
 * thousands of rows a second. Times are UTC epoch milliseconds.
 */
import { sql } from 'drizzle-orm';
import { blob, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import {
  CHANNEL_KINDS,
  CHANNEL_STATES,
  ERROR_CLASSES,
  PROBE_STATUSES,
  PROBE_TYPES,
} from '../src/domain/vocabulary.ts';
import { NOTICE_SEVERITIES, NOTICE_TOPICS, SOURCE_FORMATS } from '../src/notices/stored-vocabulary.ts';
import { NOTICE_KINDS } from '../src/notices/types.ts';
import { REPORT_PROBLEMS } from '../src/reports/problems.ts';
import { API_KEY_SCOPES } from '../src/keys/scopes.ts';
import { DELIVERY_STATUSES, NOTIFIER_KINDS, STORED_ALERT_KINDS } from '../src/alerts/vocabulary.ts';
import { errorClassCodeColumn, outcomeCodeColumn } from '../src/store/check-codes.ts';

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

/**
 * One row per check, clustered by (channel, time, probe): a `WITHOUT ROWID` table (migration
 * 0006, hand-written because drizzle cannot declare it), so the primary key is the table and
 * no second B-tree is kept. A channel's checks sit together, which is how every reader asks
 * for them (latest, a time range, retention).
 *
 * Every byte of a row is paid a hundred thousand times an hour, so a row holds no text
 * (migration 0012): the outcome and error class are small integer codes (`check-codes.ts`;
 * drizzle reads and writes their names), and a message is stored once in `check_messages` and
 * referred to by its id. About 35 bytes a row, where text outcomes and repeated messages made 60.
 * drizzle-kit does not know about `WITHOUT ROWID`: a future change to this table must
 * recreate it in a custom migration too (as 0006 and 0012 do).
 */
export const checks = sqliteTable(
  'checks',
  {
    channelPk: integer('channel_pk').notNull(),
    probePk: integer('probe_pk').notNull(),
    startedAt: integer('started_at').notNull(),
    durationMs: integer('duration_ms').notNull(),
    outcome: outcomeCodeColumn('outcome_code').notNull(),
    httpStatus: integer('http_status'),
    errorClass: errorClassCodeColumn('error_class_code'),
    /** `check_messages.id`; NULL when the check carries no message. */
    messageId: integer('message_id'),
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
  (t) => [primaryKey({ columns: [t.channelPk, t.startedAt, t.probePk] })],
);

/**
 * Each distinct check message once ("no complete answer within 5000 ms …" is otherwise written
 * into every check of a hanging target). `last_seen` is the start of the newest check that
 * used it, so retention deletes a message with the last check that refers to it, without
 * scanning `checks`. AUTOINCREMENT: a deleted id is never given to another text.
 */
export const checkMessages = sqliteTable('check_messages', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  text: text('text').notNull().unique(),
  lastSeen: integer('last_seen').notNull(),
});

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
    /** When someone acknowledged it through the API (`POST /api/v1/incidents/:id/ack`), by which key, with what note. */
    acknowledgedAt: integer('acknowledged_at'),
    acknowledgedBy: text('acknowledged_by'),
    ackNote: text('ack_note'),
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

/**
 * The columns of a rollup row (see `src/history/`): what an hour or a day of one channel leaves
 * behind once its raw checks are gone. `key` packs the channel and the period start into the
 * rowid (`rollupKey` in `src/history/keys.ts`: time-major for hourly rows, which are appended
 * every hour, channel-major for daily ones, which are read as a range), so a row costs no
 * separate index. Seconds are whole (rounded so they add up to the period's measured time); a
 * state with no time stores 0, which SQLite keeps in the record header at no payload byte.
 * `latency` is the sparse binary histogram (`encodeHistogramBytes`), NULL when no check got
 * an answer.
 */
function rollupColumns() {
  return {
    key: integer('key').primaryKey(),
    upSeconds: integer('up_seconds').notNull().default(0),
    degradedSeconds: integer('degraded_seconds').notNull().default(0),
    downSeconds: integer('down_seconds').notNull().default(0),
    closedSeconds: integer('closed_seconds').notNull().default(0),
    maintenanceSeconds: integer('maintenance_seconds').notNull().default(0),
    upChecks: integer('up_checks').notNull().default(0),
    degradedChecks: integer('degraded_checks').notNull().default(0),
    downChecks: integer('down_checks').notNull().default(0),
    closedChecks: integer('closed_checks').notNull().default(0),
    maintenanceChecks: integer('maintenance_checks').notNull().default(0),
    latency: blob('latency', { mode: 'buffer' }),
  };
}

/** One row per channel and complete local hour of its provider's zone. */
export const rollupsHourly = sqliteTable('rollups_hourly', rollupColumns());

/** One row per channel and complete local day, the sum of that day's hourly rows. */
export const rollupsDaily = sqliteTable('rollups_daily', rollupColumns());

/** The `meta` key of the history watermark: every local hour that ended by then is rolled up. */
export const HISTORY_WATERMARK_KEY = 'history_watermark';
/** `meta` key: when daily rollups were last expired (epoch ms). */
export const HISTORY_DAILY_RETENTION_KEY = 'history_daily_retention_at';

/**
 * User reports ("I could not reach this channel"), every one kept (repeats too, `counted`
 * false) for the report retention (35 days: four weeks of the same hour give the usual level).
 * `reporter` is an HMAC of the client address under a salt kept in `meta`, never the address.
 * Readers ask by channel and time (counts, surges, retention) and by channel, reporter and
 * time (was this person counted in the last 15 minutes?): one index each.
 */
export const reports = sqliteTable(
  'reports',
  {
    id: integer('id').primaryKey(),
    channelPk: integer('channel_pk')
      .notNull()
      .references(() => channels.pk),
    reporter: text('reporter').notNull(),
    problem: text('problem', { enum: REPORT_PROBLEMS }).notNull(),
    at: integer('at').notNull(),
    /** One counted report per reporter per channel per 15 minutes; repeats are kept uncounted. */
    counted: integer('counted', { mode: 'boolean' }).notNull(),
  },
  (t) => [index('reports_channel_at').on(t.channelPk, t.at), index('reports_channel_reporter_at').on(t.channelPk, t.reporter, t.at)],
);

/**
 * Notices read from announcement sources (see `src/notices`): one row per notice, known by its
 * stable id within its provider, edited in place and closed when resolved. `active_until` is
 * when it stops being in effect (closed, its window's end, a day after its last update, or far
 * in the future for a Statuspage item until it closes), so what is in effect now is one index
 * range: `kind <> 'resolved' AND active_until > now AND (window_start IS NULL OR window_start <= now)`.
 */
export const notices = sqliteTable(
  'notices',
  {
    pk: integer('pk').primaryKey({ autoIncrement: true }),
    providerPk: integer('provider_pk')
      .notNull()
      .references(() => providers.pk),
    /** Stable within the provider: `id:` upstream id, `url:` link or `hash:` of title and date. */
    noticeId: text('notice_id').notNull(),
    /** The feed probe that last read it; NULL for a manual notice posted through the API. */
    sourceProbePk: integer('source_probe_pk').references(() => probes.pk),
    format: text('format', { enum: SOURCE_FORMATS }).notNull(),
    kind: text('kind', { enum: NOTICE_KINDS }).notNull(),
    topic: text('topic', { enum: NOTICE_TOPICS }).notNull(),
    /** Plain text (tags stripped when read). */
    title: text('title').notNull(),
    body: text('body').notNull(),
    url: text('url'),
    publishedAt: integer('published_at'),
    updatedAt: integer('updated_at'),
    resolvedAt: integer('resolved_at'),
    /** The window it states; NULL when unknown (either end may be). */
    windowStart: integer('window_start'),
    windowEnd: integer('window_end'),
    /** Ids of the channels it affects, as JSON; NULL = the whole provider. */
    channels: text('channels', { mode: 'json' }).$type<string[] | null>(),
    /** Upstream component names (Statuspage), as JSON. */
    components: text('components', { mode: 'json' }).$type<string[]>().notNull().default([]),
    upstreamStatus: text('upstream_status'),
    severity: text('severity', { enum: NOTICE_SEVERITIES }),
    firstSeenAt: integer('first_seen_at').notNull(),
    /** The last read that listed it, to within an hour (refreshing it on every read would be a write per notice per read). */
    lastSeenAt: integer('last_seen_at').notNull(),
    /** When its content last changed. */
    changedAt: integer('changed_at').notNull(),
    closedAt: integer('closed_at'),
    activeUntil: integer('active_until').notNull(),
  },
  (t) => [
    uniqueIndex('notices_provider_notice').on(t.providerPk, t.noticeId),
    index('notices_provider_published').on(t.providerPk, t.publishedAt),
    index('notices_source_open').on(t.sourceProbePk).where(sql`${t.closedAt} IS NULL`),
    index('notices_active_until').on(t.activeUntil),
  ],
);

/**
 * API keys (`npm run key`). Only the SHA-256 of a key is stored: the key is printed once
 * when made and cannot be recovered from the database. A key is looked up by its hash (see
 * `src/api/middleware/require-scope`). A name is unique among keys not revoked, so
 * `key revoke --name ci` names one key, and a revoked name can be reused.
 */
export const apiKeys = sqliteTable(
  'api_keys',
  {
    pk: integer('pk').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    scope: text('scope', { enum: API_KEY_SCOPES }).notNull(),
    /** Lowercase hex SHA-256 of the key's UTF-8 text. */
    hash: text('hash').notNull(),
    createdAt: integer('created_at').notNull(),
    revokedAt: integer('revoked_at'),
    /** To within a minute: touching it on every request would be a write per request. */
    lastUsedAt: integer('last_used_at'),
  },
  (t) => [uniqueIndex('api_keys_hash').on(t.hash), uniqueIndex('api_keys_live_name').on(t.name).where(sql`${t.revokedAt} IS NULL`)],
);

/** What a catalog entry made through the write API is: a provider (without its channels) or a channel. */
export const CATALOG_ENTRY_KINDS = ['provider', 'channel'] as const;

/**
 * Providers and channels made through the write API (`source: api`), as they were written:
 * the YAML-shaped JSON, validated by the config's own zod schemas. At start they are merged
 * with the config file's entries into one catalog (config entries win), so they survive a
 * restart; the `providers`, `channels` and `probes` rows are synced from that merged catalog.
 * An archived entry is deleted here (its catalog rows are archived and keep their history).
 */
export const catalogEntries = sqliteTable(
  'catalog_entries',
  {
    pk: integer('pk').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: CATALOG_ENTRY_KINDS }).notNull(),
    id: text('id').notNull(),
    /** The provider's own id, or the id of the provider a channel belongs to. */
    providerId: text('provider_id').notNull(),
    /** The definition as in the YAML file, as JSON (a provider's without `channels`). */
    body: text('body', { mode: 'json' }).notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    /** The name of the API key that last wrote it. */
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [uniqueIndex('catalog_entries_kind_id').on(t.kind, t.id)],
);

/**
 * The updates of a manual notice (`POST /api/v1/providers/:id/notices`, `PATCH
 * /api/v1/notices/:id`, `POST /api/v1/notices/:id/resolve`), oldest first: what was said,
 * when and by which key, like the updates of a Statuspage incident. The notice itself holds
 * the current text, kind and window.
 */
export const noticeUpdates = sqliteTable(
  'notice_updates',
  {
    pk: integer('pk').primaryKey({ autoIncrement: true }),
    noticePk: integer('notice_pk')
      .notNull()
      .references(() => notices.pk),
    at: integer('at').notNull(),
    kind: text('kind', { enum: NOTICE_KINDS }).notNull(),
    body: text('body').notNull(),
    /** The name of the API key that posted it. */
    by: text('by').notNull(),
  },
  (t) => [index('notice_updates_notice').on(t.noticePk, t.at)],
);

/**
 * Alert events (see `src/alerts`): the outbox. A row is written in the same transaction as the
 * change that caused it (an incident opened or closed, a notice stored …), so a crash never
 * loses or repeats one; `key` is its idempotency key (`incident:12:down`), unique, so a
 * replayed write is a no-op, and receivers get it as the event id. `routed_at` is set when
 * the event has been fanned out to its routes' deliveries.
 */
export const alertEvents = sqliteTable(
  'alert_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    key: text('key').notNull().unique(),
    kind: text('kind', { enum: STORED_ALERT_KINDS }).notNull(),
    /** The provider; NULL when the channel says it. */
    providerPk: integer('provider_pk'),
    channelPk: integer('channel_pk'),
    /** For down, recovered and reminders: the incident (its start, end and cause are read when sent). */
    incidentId: integer('incident_id'),
    /** When it happened (an outage: its first failed check). */
    at: integer('at').notNull(),
    /** What the message needs beyond the catalog (notice title, certificate expiry …), as JSON. */
    data: text('data', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    createdAt: integer('created_at').notNull(),
    routedAt: integer('routed_at'),
  },
  (t) => [index('alert_events_unrouted').on(t.id).where(sql`${t.routedAt} IS NULL`), index('alert_events_created').on(t.createdAt)],
);

/**
 * One event to one route: the delivery log and the retry queue. `pending` rows are retried at
 * `next_attempt_at` (exponential backoff with full jitter), one at a time per route in event
 * order; after the configured attempts a row is `dead` (a visible dead letter).
 */
export const alertDeliveries = sqliteTable(
  'alert_deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventId: integer('event_id')
      .notNull()
      .references(() => alertEvents.id, { onDelete: 'cascade' }),
    routeId: text('route_id').notNull(),
    notifier: text('notifier', { enum: NOTIFIER_KINDS }).notNull(),
    status: text('status', { enum: DELIVERY_STATUSES }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    createdAt: integer('created_at').notNull(),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    lastAttemptAt: integer('last_attempt_at'),
    deliveredAt: integer('delivered_at'),
    /** Why the last attempt failed (or why the first is held, e.g. quiet hours). Never a secret. */
    lastError: text('last_error'),
  },
  (t) => [
    uniqueIndex('alert_deliveries_event_route').on(t.eventId, t.routeId),
    index('alert_deliveries_due').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index('alert_deliveries_route_pending').on(t.routeId, t.id).where(sql`${t.status} = 'pending'`),
  ],
);

/**
 * Alert routes made through the API (`PUT /api/v1/alerts/routes/:id`), as they were written:
 * the YAML-shaped JSON of one route, validated by the config's own schema. Secrets are never
 * here: a route names the environment variables that hold them. Config routes win on an id.
 */
export const alertRoutes = sqliteTable('alert_routes', {
  id: text('id').primaryKey(),
  body: text('body', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
  /** The name of the API key that last wrote it. */
  updatedBy: text('updated_by').notNull(),
});
