/**
 * Events nobody's write causes, found by looking once a minute: reminders for channels that
 * stay down, and surges of user reports. Each is keyed so that looking twice (or after a
 * restart) stores it once.
 */
import { and, eq, gt, sql } from 'drizzle-orm';
import { channels, providers, reports } from '../../db/schema.ts';
import { REPORT_WINDOW_MS } from '../reports/limit.ts';
import { reportSurges } from '../reports/store.ts';
import { SURGE_MIN_REPORTERS } from '../reports/surge.ts';
import type { Database } from '../store/database.ts';
import type { NewAlertEvent } from './event-sql.ts';
import { quietUntil, routeTakes } from './routing.ts';
import { insertEvents, openIncidents, recentSurgeChannels } from './store.ts';
import type { AlertRoute } from './types.ts';

export interface WatchContext {
  database: Database;
  routes: readonly AlertRoute[];
  now: number;
  /** Inside a configured or announced maintenance window (nothing is sent then). */
  inMaintenance: (channelPk: number, at: number) => boolean;
  providerOf: (channelId: string) => string | undefined;
}

/**
 * One reminder per route and elapsed `remind_every` while a channel stays down: the key
 * names the incident, the route and the how-manieth reminder, so a late or repeated look
 * sends the current one once and never a backlog. None in quiet hours or maintenance.
 *
 * @example await remind({ database, routes, now, inMaintenance, providerOf }) // 1 (events stored)
 */
export async function remind(ctx: WatchContext): Promise<number> {
  const reminding = ctx.routes.filter((r) => r.remindEveryMs !== null);
  if (reminding.length === 0) return 0;
  const events: NewAlertEvent[] = [];
  for (const incident of await openIncidents(ctx.database.db)) {
    for (const route of reminding) {
      const n = Math.floor((ctx.now - incident.startedAt) / route.remindEveryMs!);
      if (n < 1) continue;
      const event = { kind: 'reminder' as const, providerId: incident.providerId, channelId: incident.channelId, noticeChannels: null, timezone: incident.timezone, locale: 'en', routeId: route.id };
      if (!routeTakes(route, event, ctx.providerOf)) continue;
      if (quietUntil(route, incident.timezone, ctx.now) !== null || ctx.inMaintenance(incident.channelPk, ctx.now)) continue;
      events.push({
        kind: 'reminder',
        key: `incident:${incident.id}:remind:${route.id}:${n}`,
        providerPk: null,
        channelPk: incident.channelPk,
        incidentId: incident.id,
        at: ctx.now,
        data: { route: route.id, n },
        createdAt: ctx.now,
      });
    }
  }
  await insertEvents(ctx.database, events);
  return events.length;
}

/**
 * Watches user reports for surges (the rule of `src/reports/surge.ts`): a channel that starts
 * surging gets one `report_surge` event; it gets another only after the surge has ended.
 * Reads only the reports of the last window, found by rowid (reports are numbered as they
 * arrive), so a minute's look costs the same whatever the table holds.
 */
export class SurgeWatch {
  /** Channel keys surging at the last look. */
  private surging: Set<number> | null = null;
  /** `max(id)` of reports at past looks: the floor for the next window. */
  private marks: Array<{ at: number; maxId: number }> = [];

  async look(ctx: WatchContext): Promise<number> {
    if (!ctx.routes.some((r) => r.events.includes('report_surge'))) return 0;
    const { db } = ctx.database;
    const since = ctx.now - REPORT_WINDOW_MS;
    // Surges alerted in the last half hour still count as going on after a restart.
    this.surging ??= await recentSurgeChannels(db, ctx.now - 2 * REPORT_WINDOW_MS);
    const floor = this.floor(since);
    const candidates = await db
      .select({ channelPk: reports.channelPk, timezone: providers.timezone })
      .from(reports)
      .innerJoin(channels, eq(channels.pk, reports.channelPk))
      .innerJoin(providers, eq(providers.pk, channels.providerPk))
      .where(and(gt(reports.id, floor), eq(reports.counted, true), gt(reports.at, since)))
      .groupBy(reports.channelPk)
      .having(sql`count(DISTINCT ${reports.reporter}) >= ${SURGE_MIN_REPORTERS}`);
    const maxId = (await db.select({ id: sql<number | null>`max(${reports.id})` }).from(reports))[0]?.id ?? 0;
    this.marks.push({ at: ctx.now, maxId });

    const byZone = new Map<string, number[]>();
    for (const c of candidates) byZone.set(c.timezone, [...(byZone.get(c.timezone) ?? []), c.channelPk]);
    const now = new Set<number>();
    const events: NewAlertEvent[] = [];
    for (const [timezone, pks] of byZone) {
      for (const [pk, decision] of await reportSurges(db, pks, timezone, ctx.now)) {
        if (!decision.surge) continue;
        now.add(pk);
        if (this.surging.has(pk) || ctx.inMaintenance(pk, ctx.now)) continue;
        events.push({
          kind: 'report_surge',
          key: `surge:${pk}:${Math.floor(ctx.now / 60_000)}`,
          providerPk: null,
          channelPk: pk,
          incidentId: null,
          at: ctx.now,
          data: { reporters: decision.reporters, threshold: decision.threshold },
          createdAt: ctx.now,
        });
      }
    }
    await insertEvents(ctx.database, events);
    this.surging = now;
    return events.length;
  }

  /** The highest report id known before the window began (0 before two looks). */
  private floor(since: number): number {
    let floor = 0;
    for (const mark of this.marks) if (mark.at <= since) floor = mark.maxId;
    // Keep only the newest mark before the window and those inside it.
    const cut = this.marks.findLastIndex((m) => m.at <= since);
    if (cut > 0) this.marks = this.marks.slice(cut);
    return floor;
  }
}
