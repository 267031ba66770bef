/**
 * `saveRouting` marks every event it was given as routed, in one transaction: events no route
 * wants are marked in groups (hundreds at once after a wave of outages), events with plans get
 * their deliveries. A real in-memory SQLite through the same statements the worker runs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { alertDeliveries, alertEvents } from '../../db/schema.ts';
import { insertEvents, saveRouting, unroutedEvents } from '../../src/alerts/store.ts';
import type { SqliteHandle } from '../../src/store/sqlite.ts';
import { openBed } from './support/bed.ts';

const handles: SqliteHandle[] = [];
afterEach(() => {
  for (const h of handles.splice(0)) h.close();
});

describe('saveRouting', () => {
  it.each([0, 1, 89, 90, 91, 250])('marks %i unmatched events and one matched event as routed, with one delivery', async (unmatched) => {
    const bed = await openBed();
    handles.push(bed.database);
    const t0 = Date.now() - 3_600_000;
    const events = Array.from({ length: unmatched + 1 }, (_, i) => ({
      kind: 'report_surge' as const,
      key: `surge:${i}`,
      providerPk: null,
      channelPk: bed.hotline,
      incidentId: null,
      at: t0 + i,
      data: { reports: 5 + i },
      createdAt: t0 + i,
    }));
    await insertEvents(bed.database, events);
    const stored = await unroutedEvents(bed.database.db, 1000);
    expect(stored).toHaveLength(unmatched + 1);

    const matched = stored.at(-1)!.id;
    const routed = stored.map((e) => ({
      eventId: e.id,
      plans: e.id === matched ? [{ routeId: 'ops', notifier: 'webhook' as const, nextAttemptAt: t0, heldUntil: null }] : [],
    }));
    await saveRouting(bed.database, routed, t0 + 5000);

    expect(await unroutedEvents(bed.database.db, 1000)).toEqual([]);
    const rows = await bed.database.db.select({ routedAt: alertEvents.routedAt }).from(alertEvents);
    expect(rows.every((r) => r.routedAt === t0 + 5000)).toBe(true);
    const deliveries = await bed.database.db.select().from(alertDeliveries);
    expect(deliveries.map((d) => [d.eventId, d.routeId, d.status])).toEqual([[matched, 'ops', 'pending']]);
  });
});
