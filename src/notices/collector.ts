/**
 * The collector: every read of a `feed` probe also stores its notices. The monitor runs feed
 * probes through it (`wrap`), so a source is fetched once per check; the notices are merged
 * with what is stored (`reconcileSource`), linked to channels (`affectedChannels`) and written
 * in one transaction, and the check goes back to the monitor to be recorded as usual.
 *
 * It also keeps, in memory, the maintenance windows the providers announced for each channel,
 * for the monitor's incident decision (`announcedWindows`): no database read per check.
 */
import type { Catalog, CheckResult, FeedProbeSpec, ProbeSpec, Provider } from '../domain/catalog.ts';
import type { MaintenanceWindow, WindowSpan } from '../domain/maintenance.ts';
import type { ChannelKind } from '../domain/vocabulary.ts';
import type { Logger } from '../log.ts';
import type { CatalogKeys } from '../store/catalog-sync.ts';
import type { Database, Statement } from '../store/database.ts';
import { affectedChannels, type ChannelRef } from './affected-channels.ts';
import { announcedSpan, appliesTo, type LinkedNotice } from './effects.ts';
import { checkFeed } from './feed-probe.ts';
import type { FetchParseResult } from './fetch-and-parse.ts';
import { reconcileSource, type NoticeChange, type NoticeRecord } from './lifecycle.ts';
import { listLiveNotices, loadSourceNotices, providerKeys, saveNotices, type NoticeWrite } from './store.ts';
import type { ParsedNotice } from './types.ts';
import { and, eq, isNull } from 'drizzle-orm';
import { channels } from '../../db/schema.ts';

export interface NoticeCollectorOptions {
  database: Database;
  catalog: Catalog;
  keys: CatalogKeys;
  log: Logger;
  now?: () => number;
  /** Statements stored with each provider's notice changes, in their transaction (alert events, `src/alerts`). */
  alertStatements?: (providerPk: number, changes: ReadonlyArray<{ notice: NoticeRecord; change: Exclude<NoticeChange, 'unchanged'>; channels: string[] | null }>) => Statement[];
}

/** A notice's `last_seen_at` is refreshed at most this often: otherwise every read would rewrite every notice. */
export const LAST_SEEN_STEP_MS = 3_600_000;

/** What the collector knows of one feed probe. */
interface Source {
  key: string;
  providerId: string;
  providerPk: number;
  probePk: number;
  timezone: string;
  /** The provider's channels a notice may name, with their keywords. */
  candidates: ChannelRef[];
}

interface ChannelSlot {
  pk: number;
  id: string;
  kind: ChannelKind;
}

type ReadOk = Extract<FetchParseResult, { ok: true }>;

const NO_WINDOWS: readonly MaintenanceWindow[] = Object.freeze([]);

export class NoticeCollector {
  private readonly database: Database;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly alertStatements: NoticeCollectorOptions['alertStatements'];
  private readonly sources = new Map<string, Source>();
  /** Channels by provider key, for providers with sources or stored notices. */
  private readonly channelsOf = new Map<number, ChannelSlot[]>();
  /** Announced maintenance by provider key, then notice id. */
  private readonly spans = new Map<number, Map<string, { span: WindowSpan; channels: readonly string[] | null }>>();
  /** The windows that follow from `spans`, by channel key: what the monitor asks for. */
  private readonly windows = new Map<number, readonly MaintenanceWindow[]>();
  /** Writes of one provider run one after another: two sources may carry the same notice. */
  private readonly queues = new Map<number, Promise<void>>();

  private constructor(options: NoticeCollectorOptions) {
    this.database = options.database;
    this.log = options.log;
    this.now = options.now ?? Date.now;
    this.alertStatements = options.alertStatements;
  }

  /**
   * Builds a collector for the catalog and loads the announced maintenance already stored.
   *
   * @example
   * const notices = await NoticeCollector.open({ database, catalog, keys, log });
   * new Monitor({ …, runProbe: notices.wrap(runProbe), announcedWindows: notices.announcedWindows });
   */
  static async open(options: NoticeCollectorOptions): Promise<NoticeCollector> {
    const collector = new NoticeCollector(options);
    const { db } = options.database;
    const providerPk = await providerKeys(db);
    const live = await listLiveNotices(db, { now: collector.now() });
    const withNotices = new Set(live.map((n) => n.providerPk));
    for (const provider of options.catalog.providers) {
      const pk = providerPk.get(provider.id);
      if (pk === undefined) continue;
      const candidates = provider.channels.map((c) => ({ id: c.id, name: c.name, keywords: c.keywords }));
      let hasSource = false;
      for (const channel of provider.channels) {
        for (const spec of channel.probes) {
          if (spec.type !== 'feed') continue;
          hasSource = true;
          const probePk = options.keys.probePk.get(spec.key);
          if (probePk === undefined) continue;
          collector.sources.set(spec.key, { key: spec.key, providerId: provider.id, providerPk: pk, probePk, timezone: provider.timezone, candidates });
        }
      }
      if (hasSource || withNotices.has(pk)) {
        const slots: ChannelSlot[] = [];
        for (const c of provider.channels) {
          const channelPk = options.keys.channelPk.get(c.id);
          if (channelPk !== undefined) slots.push({ pk: channelPk, id: c.id, kind: c.kind });
        }
        collector.channelsOf.set(pk, slots);
      }
    }
    collector.remember(live);
    return collector;
  }

  /**
   * A probe runner that reads `feed` probes through the collector (storing their notices) and
   * hands every other kind to `run`.
   */
  wrap(run: (spec: ProbeSpec) => Promise<CheckResult>): (spec: ProbeSpec) => Promise<CheckResult> {
    return (spec) => (spec.type === 'feed' ? this.collect(spec) : run(spec));
  }

  /**
   * Reads one source, stores what changed, and returns the check. Never throws: a malformed
   * document is a failed check and the stored notices stay; a failed write is logged and the
   * check (the source did answer) stands.
   */
  async collect(spec: FeedProbeSpec): Promise<CheckResult> {
    const source = this.sources.get(spec.key);
    const { check, read } = await checkFeed(spec, { timezone: source?.timezone ?? 'UTC', now: this.now() });
    if (!read.ok || source === undefined) return check;
    try {
      await this.serially(source.providerPk, () => this.store(source, read));
    } catch (err) {
      this.log.error('notices not stored', { probe: spec.key, err });
    }
    return check;
  }

  /**
   * Applies a change of one provider at run time (the write API): its sources and the channels
   * its notices may name are rebuilt from `provider`, or dropped when it is null (archived).
   * `keys` holds the keys of its live channels and probes.
   */
  reloadProvider(providerId: string, provider: Provider | null, providerPk: number | null, keys: CatalogKeys): void {
    for (const [key, source] of this.sources) if (source.providerId === providerId) this.sources.delete(key);
    if (providerPk === null) return;
    for (const slot of this.channelsOf.get(providerPk) ?? []) this.windows.delete(slot.pk);
    this.channelsOf.delete(providerPk);
    if (provider === null) return;
    const candidates = provider.channels.map((c) => ({ id: c.id, name: c.name, keywords: c.keywords }));
    const slots: ChannelSlot[] = [];
    for (const channel of provider.channels) {
      const channelPk = keys.channelPk.get(channel.id);
      if (channelPk !== undefined) slots.push({ pk: channelPk, id: channel.id, kind: channel.kind });
      for (const spec of channel.probes) {
        const probePk = keys.probePk.get(spec.key);
        if (spec.type !== 'feed' || probePk === undefined) continue;
        this.sources.set(spec.key, { key: spec.key, providerId: provider.id, providerPk, probePk, timezone: provider.timezone, candidates });
      }
    }
    this.channelsOf.set(providerPk, slots);
    this.deriveWindows(providerPk, this.now());
  }

  /**
   * Takes note of a notice written elsewhere (a manual notice posted through the API), so the
   * maintenance it announces counts for the monitor at once.
   */
  async noticeWritten(notice: LinkedNotice & { providerPk: number }): Promise<void> {
    if (!this.channelsOf.has(notice.providerPk)) {
      const rows = await this.database.db
        .select({ pk: channels.pk, id: channels.id, kind: channels.kind })
        .from(channels)
        .where(and(eq(channels.providerPk, notice.providerPk), isNull(channels.archivedAt)));
      this.channelsOf.set(notice.providerPk, rows);
    }
    this.remember([notice]);
  }

  /** Maintenance windows the provider announced for a channel (by key), from memory. */
  readonly announcedWindows = (channelPk: number): readonly MaintenanceWindow[] => this.windows.get(channelPk) ?? NO_WINDOWS;

  private async store(source: Source, read: ReadOk): Promise<void> {
    const now = this.now();
    const incoming = normalised(read.notices);
    const stored = await loadSourceNotices(this.database.db, {
      providerPk: source.providerPk,
      sourceProbePk: source.probePk,
      ids: incoming.map((n) => n.id),
      openOfSource: read.listsAllOpen,
    });
    const changes = reconcileSource(stored, { notices: incoming, listsAllOpen: read.listsAllOpen }, now);
    const storedById = new Map(stored.map((n) => [n.id, n]));
    const seen = new Set(incoming.map((n) => n.id));
    const writes: NoticeWrite[] = [];
    for (const { notice } of changes) {
      const lastSeenAt = seen.has(notice.id) ? now : (storedById.get(notice.id)?.lastSeenAt ?? now);
      writes.push({ record: notice, providerPk: source.providerPk, sourceProbePk: source.probePk, channels: this.scope(source, notice), lastSeenAt });
    }
    const changed = new Set(changes.map((c) => c.notice.id));
    for (const id of seen) {
      const kept = storedById.get(id);
      if (changed.has(id) || kept === undefined) continue;
      // Unchanged, but the config's keywords may have moved it, or its sighting is stale.
      const channels = this.scope(source, kept);
      if (sameIds(channels, kept.channels) && now - kept.lastSeenAt < LAST_SEEN_STEP_MS) continue;
      writes.push({ record: kept, providerPk: source.providerPk, sourceProbePk: kept.sourceProbePk, channels, lastSeenAt: now });
    }
    const alerts = this.alertStatements?.(source.providerPk, changes.map(({ notice, change }) => ({ notice, change, channels: this.scope(source, notice) })));
    await saveNotices(this.database, writes, alerts);
    this.remember(writes.map((w) => ({ ...w.record, providerPk: w.providerPk, channels: w.channels })));
    for (const { notice, change } of changes) this.logChange(source, notice, change);
  }

  private scope(source: Source, notice: Pick<ParsedNotice, 'title' | 'body' | 'components'>): string[] | null {
    const affected = affectedChannels(notice, source.candidates);
    return affected.scope === 'provider' ? null : affected.channelIds;
  }

  /** Folds notices into the announced-maintenance cache and re-derives their providers' windows. */
  private remember(notices: ReadonlyArray<LinkedNotice & { providerPk: number }>): void {
    const now = this.now();
    const touched = new Set<number>();
    for (const notice of notices) {
      let own = this.spans.get(notice.providerPk);
      const span = announcedSpan(notice);
      if (span !== null && span.endsAt > now) {
        if (own === undefined) this.spans.set(notice.providerPk, (own = new Map()));
        own.set(notice.id, { span, channels: notice.channels });
        touched.add(notice.providerPk);
      } else if (own?.delete(notice.id)) {
        touched.add(notice.providerPk);
      }
    }
    for (const providerPk of touched) this.deriveWindows(providerPk, now);
  }

  private deriveWindows(providerPk: number, now: number): void {
    const own = this.spans.get(providerPk);
    for (const [id, { span }] of own ?? []) if (span.endsAt <= now) own!.delete(id);
    for (const channel of this.channelsOf.get(providerPk) ?? []) {
      const windows: MaintenanceWindow[] = [];
      for (const { span, channels } of own?.values() ?? []) {
        if (appliesTo({ channels }, channel)) windows.push({ kind: 'once', startsAt: span.startsAt, endsAt: span.endsAt });
      }
      if (windows.length === 0) this.windows.delete(channel.pk);
      else this.windows.set(channel.pk, windows);
    }
  }

  private serially(key: number, task: () => Promise<void>): Promise<void> {
    const run = (this.queues.get(key) ?? Promise.resolve()).then(task);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(key, settled);
    void settled.then(() => {
      if (this.queues.get(key) === settled) this.queues.delete(key);
    });
    return run;
  }

  private logChange(source: Source, notice: ParsedNotice, change: Exclude<NoticeChange, 'unchanged'>): void {
    const fields = { provider: source.providerId, probe: source.key, notice: notice.id, kind: notice.kind };
    if (change === 'edited') this.log.debug('notice edited', fields);
    else this.log.info(`notice ${change}`, fields);
  }
}

/**
 * The first of each id (a feed that lists an item twice is read once), with a window that
 * states nothing as null, as the store reads it back: otherwise every read would be an edit.
 */
function normalised(notices: readonly ParsedNotice[]): ParsedNotice[] {
  const seen = new Set<string>();
  const result: ParsedNotice[] = [];
  for (const notice of notices) {
    if (seen.has(notice.id)) continue;
    seen.add(notice.id);
    const empty = notice.window !== null && notice.window.startsAt === null && notice.window.endsAt === null;
    result.push(empty ? { ...notice, window: null } : notice);
  }
  return result;
}

function sameIds(a: readonly string[] | null, b: readonly string[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((id, i) => id === b[i]);
}
