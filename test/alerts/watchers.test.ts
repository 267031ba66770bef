/**
 * What the worker looks for once a minute: reminders while a channel stays down (one per
 * elapsed interval, never a backlog, none in quiet hours or maintenance) and report surges
 * (one per surge), over a real database.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { alertEvents } from '../../db/schema.ts';
import type { AlertRoute } from '../../src/alerts/types.ts';
import { SurgeWatch, remind, type WatchContext } from '../../src/alerts/watchers.ts';
import { recordReport } from '../../src/reports/store.ts';
import { httpRoute, openBed, writeOutage, writeRecovery, type Bed } from './support/bed.ts';

const MIN = 60_000;
const beds: Bed[] = [];
afterEach(() => {
  for (const b of beds.splice(0)) b.database.close();
});

async function bed(): Promise<Bed> {
  const b = await openBed();
  beds.push(b);
  return b;
}

const route = (overrides: Partial<AlertRoute> = {}) => ({ ...httpRoute('ops', 'webhook', 'https://hooks.example.com/x').route, ...overrides }) as AlertRoute;
const ctx = (b: Bed, now: number, routes: AlertRoute[], inMaintenance = () => false): WatchContext => ({ database: b.database, routes, now, inMaintenance, providerOf: () => 'acme' });
const keysOf = async (b: Bed, kind: string) => (await b.database.db.select().from(alertEvents)).filter((e) => e.kind === kind).map((e) => e.key);

describe('reminders', () => {
  // 12:00 in Shanghai.
  const noon = Date.parse('2026-11-23T04:00:00Z');

  it('sends the current reminder once, and the next one after another interval', async () => {
    const b = await bed();
    await writeOutage(b, noon - 65 * MIN);
    const routes = [route({ remindEveryMs: 30 * MIN })];
    expect(await remind(ctx(b, noon, routes))).toBe(1);
    await remind(ctx(b, noon + MIN, routes));
    expect(await keysOf(b, 'reminder')).toEqual([expect.stringMatching(/^incident:\d+:remind:ops:2$/)]);
    await remind(ctx(b, noon + 30 * MIN, routes));
    expect(await keysOf(b, 'reminder')).toHaveLength(2);
  });

  it.each([
    { name: 'no remind_every', r: {}, maintenance: false },
    { name: 'a route without down', r: { remindEveryMs: 30 * MIN, events: ['recovered'] }, maintenance: false },
    { name: 'a route for another channel', r: { remindEveryMs: 30 * MIN, channels: ['acme-chat'] }, maintenance: false },
    { name: 'quiet hours (11:00–13:00)', r: { remindEveryMs: 30 * MIN, quietHours: { start: 660, end: 780 } }, maintenance: false },
    { name: 'a maintenance window', r: { remindEveryMs: 30 * MIN }, maintenance: true },
  ] as const)('sends none with $name', async ({ r, maintenance }) => {
    const b = await bed();
    await writeOutage(b, noon - 65 * MIN);
    expect(await remind(ctx(b, noon, [route(r as Partial<AlertRoute>)], () => maintenance))).toBe(0);
  });

  it('sends none once the channel recovered', async () => {
    const b = await bed();
    await writeOutage(b, noon - 65 * MIN);
    await writeRecovery(b, noon - MIN);
    expect(await remind(ctx(b, noon, [route({ remindEveryMs: 30 * MIN })]))).toBe(0);
  });
});

describe('report surges', () => {
  async function report(b: Bed, people: number, at: number, tag: string) {
    for (let i = 0; i < people; i++) await recordReport(b.database.db, { channelPk: b.hotline, reporter: `${tag}-${i}`, problem: 'no_answer', at: at + i });
  }

  it('alerts once when a channel starts surging, and again only after the surge ended', async () => {
    const b = await bed();
    const watch = new SurgeWatch();
    const t = Date.now() - 60 * MIN;
    const routes = [route()];
    await report(b, 6, t - 5 * MIN, 'a');
    expect(await watch.look(ctx(b, t, routes))).toBe(1);
    await report(b, 2, t + MIN, 'b');
    expect(await watch.look(ctx(b, t + 2 * MIN, routes))).toBe(0);
    // Quiet for a while: the surge is over.
    expect(await watch.look(ctx(b, t + 30 * MIN, routes))).toBe(0);
    await report(b, 7, t + 31 * MIN, 'c');
    expect(await watch.look(ctx(b, t + 33 * MIN, routes))).toBe(1);
    const [first] = (await b.database.db.select().from(alertEvents)).filter((e) => e.kind === 'report_surge');
    expect(first!.data).toMatchObject({ reporters: 6, threshold: 5 });
  });

  it('does not alert again after a restart while the surge goes on', async () => {
    const b = await bed();
    const t = Date.now() - 60 * MIN;
    await report(b, 6, t - 5 * MIN, 'a');
    expect(await new SurgeWatch().look(ctx(b, t, [route()]))).toBe(1);
    expect(await new SurgeWatch().look(ctx(b, t + MIN, [route()]))).toBe(0);
  });

  it('looks for nothing without a route that wants surges, and alerts nothing in maintenance', async () => {
    const b = await bed();
    const t = Date.now() - 60 * MIN;
    await report(b, 6, t - 5 * MIN, 'a');
    expect(await new SurgeWatch().look(ctx(b, t, [route({ events: ['down'] })]))).toBe(0);
    expect(await new SurgeWatch().look(ctx(b, t, [route()], () => true))).toBe(0);
  });
});
