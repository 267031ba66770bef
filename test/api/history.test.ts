/**
 * The history routes over a real (in-memory) SQLite database seeded through the store and
 * rolled up by housekeeping, called with `app.request` at a fixed `now`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { silentLogger } from '../../src/log.ts';
import { MIN, historyBed, type HistoryBed } from '../history/seed.ts';

const probe = `probes: [{ type: http, url: "https://help.example.com/health" }]`;
const CONFIG = `providers:
  - id: acme
    name: Acme Pay
    timezone: Asia/Shanghai
    channels:
      - { id: acme-chat, kind: live_chat, name: Chat, ${probe} }
      - { id: acme-form, kind: web_form, name: Form, hours: { mon-fri: "09:00-18:00" }, ${probe} }
      - { id: acme-hotline, kind: hotline, name: Hotline, contact: "+86 400 000 0000" }
`;

/** Monday 2026-11-23 12:37 in Shanghai. */
const NOW = Date.parse('2026-11-23T04:37:00Z');
/** Three Shanghai days and a bit: from Friday 2026-11-20 00:00 local. */
const START = Date.parse('2026-11-19T16:00:00Z');

let bed: HistoryBed;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  bed = await historyBed(CONFIG);
  const minutes = (NOW - START) / MIN;
  // The chat fails for an hour on Saturday 10:00–11:00 local (02:00–03:00 UTC), and answers slowly now and then.
  const outage = (Date.parse('2026-11-21T02:00:00Z') - START) / MIN;
  const chat = Array.from({ length: minutes }, (_, m) => (m >= outage && m < outage + 60 ? 'd' : m % 50 === 0 ? 'g' : 'u')).join('');
  await bed.checks('acme-chat', START, chat, (i) => 80 + (i % 40));
  await bed.checks('acme-form', START, 'u'.repeat(minutes));
  const chatPk = bed.keys.channelPk.get('acme-chat')!;
  await bed.incidents([
    { kind: 'incident_open', channelPk: chatPk, startedAt: Date.parse('2026-11-21T02:00:00Z'), causeClass: 'timeout', causeMessage: 'no answer' },
    { kind: 'incident_close', channelPk: chatPk, endedAt: Date.parse('2026-11-21T03:00:00Z') },
  ]);
  await bed.housekeep(NOW);
  app = createApp({ database: bed.handle, log: silentLogger, now: () => NOW, version: 'test' });
});

afterAll(() => bed.close());

async function get(path: string) {
  const res = await app.request(path);
  return { res, body: (await res.json()) as Record<string, unknown> };
}

describe('GET /api/v1/channels/:id/uptime', () => {
  it('answers the last 24 hours by default', async () => {
    const { res, body } = await get('/api/v1/channels/acme-chat/uptime');
    expect(res.status).toBe(200);
    expect(body).toEqual({ channel: 'acme-chat', window: '24h', from: '2026-11-22T05:00:00.000Z', uptime: 1, down_seconds: 0, incidents: 0 });
  });

  it('answers 7d: the hour-long outage and its incident, uptime by time', async () => {
    const { body } = await get('/api/v1/channels/acme-chat/uptime?window=7d');
    expect(body).toMatchObject({ window: '7d', from: '2026-11-16T16:00:00.000Z', down_seconds: 3600, incidents: 1 });
    // Measured from the first check (Friday 00:00 local) until now; the outage is the only down time.
    expect(body.uptime).toBeCloseTo(1 - 3_600_000 / (NOW - START), 6);
  });

  it.each(['30d', '90d', '365d'])('answers %s from the same data', async (window) => {
    const { body } = await get(`/api/v1/channels/acme-chat/uptime?window=${window}`);
    expect(body).toMatchObject({ window, down_seconds: 3600, incidents: 1 });
  });

  it('has no uptime, rather than 100 %, for a channel nothing measures', async () => {
    const { body } = await get('/api/v1/channels/acme-hotline/uptime?window=7d');
    expect(body).toMatchObject({ uptime: null, down_seconds: 0, incidents: 0 });
  });
});

describe('GET /api/v1/channels/:id/daily', () => {
  it("gives one entry per Shanghai day, oldest first, today's so far last", async () => {
    const { res, body } = await get('/api/v1/channels/acme-chat/daily?days=5');
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ channel: 'acme-chat', timezone: 'Asia/Shanghai' });
    expect(body.days).toEqual([
      { date: '2026-11-19', uptime: null, down_seconds: 0, worst_state: null, incidents: 0 },
      { date: '2026-11-20', uptime: 1, down_seconds: 0, worst_state: 'degraded', incidents: 0 },
      { date: '2026-11-21', uptime: 0.958333, down_seconds: 3600, worst_state: 'down', incidents: 1 },
      { date: '2026-11-22', uptime: 1, down_seconds: 0, worst_state: 'degraded', incidents: 0 },
      { date: '2026-11-23', uptime: 1, down_seconds: 0, worst_state: 'degraded', incidents: 0 },
    ]);
  });

  it('gives 90 days by default', async () => {
    const { body } = await get('/api/v1/channels/acme-chat/daily');
    expect(body.days).toHaveLength(90);
  });

  it('shows a weekend of office hours as closed', async () => {
    const { body } = await get('/api/v1/channels/acme-form/daily?days=4');
    expect((body.days as { worst_state: string }[]).map((d) => d.worst_state)).toEqual(['up', 'closed', 'closed', 'up']);
  });
});

describe('GET /api/v1/channels/:id/latency', () => {
  it('gives a point per hour of the last 24 by default, with percentiles in ms', async () => {
    const { res, body } = await get('/api/v1/channels/acme-chat/latency');
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ channel: 'acme-chat', window: '24h', step: '1h' });
    const points = body.points as { at: string; count: number; p50: number; p95: number; p99: number }[];
    expect(points).toHaveLength(24);
    expect(points[0]!.at).toBe('2026-11-22T05:00:00.000Z');
    expect(points.at(-1)).toMatchObject({ at: '2026-11-23T04:00:00.000Z', count: 37 });
    for (const p of points) {
      expect(p.p50).toBeGreaterThanOrEqual(80 * 0.95);
      expect(p.p99).toBeLessThanOrEqual(119 * 1.05);
      expect(p.p50).toBeLessThanOrEqual(p.p95);
    }
  });

  it.each([
    ['24h', '5m', 23 * 12 + 8],
    ['7d', '1h', 6 * 24 + 13],
    ['7d', '1d', 7],
    ['30d', '1d', 30],
  ])('window %s in %s steps gives %i points', async (window, step, count) => {
    const { body } = await get(`/api/v1/channels/acme-chat/latency?window=${window}&step=${step}`);
    expect(body.points).toHaveLength(count);
  });

  it('refuses five-minute steps over 30 days (raw checks are not kept that long)', async () => {
    const { res, body } = await get('/api/v1/channels/acme-chat/latency?window=30d&step=5m');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(body).toMatchObject({ code: 'bad_request', errors: [{ path: 'query.step' }] });
  });
});

describe('GET /api/v1/channels/:id/heatmap', () => {
  it("gives 7 × 24 cells in the provider's local time", async () => {
    const { res, body } = await get('/api/v1/channels/acme-chat/heatmap');
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ channel: 'acme-chat', timezone: 'Asia/Shanghai', days: 28 });
    const cells = body.cells as { weekday: number; hour: number; uptime: number | null; measured_seconds: number; median_latency_ms: number | null }[][];
    expect(cells).toHaveLength(7);
    expect(cells.every((row, weekday) => row.length === 24 && row.every((c, hour) => c.weekday === weekday && c.hour === hour))).toBe(true);
    // Saturday 10:00 local is the outage; Saturday 09:00 was fine; Thursday was before any check.
    expect(cells[6]![10]).toMatchObject({ uptime: 0, measured_seconds: 3600, median_latency_ms: null });
    expect(cells[6]![9]).toMatchObject({ uptime: 1, measured_seconds: 3600 });
    expect(cells[6]![9]!.median_latency_ms).toBeGreaterThan(80 * 0.95);
    expect(cells[4]![12]).toMatchObject({ uptime: null, measured_seconds: 0 });
  });
});

describe('the provider view', () => {
  it("carries each channel's uptime over 24 hours, 30 and 90 days", async () => {
    const { body } = await get('/api/v1/providers/acme');
    const channels = body.channels as Record<string, unknown>[];
    const week = (await get('/api/v1/channels/acme-chat/uptime?window=30d')).body.uptime;
    expect(channels[0]).toMatchObject({ id: 'acme-chat', uptime_24h: 1, uptime_30d: week, uptime_90d: week });
    expect(channels[1]).toMatchObject({ id: 'acme-form', uptime_24h: 1, uptime_30d: 1, uptime_90d: 1 });
    expect(channels[2]).toMatchObject({ id: 'acme-hotline', uptime_24h: null, uptime_30d: null, uptime_90d: null });
  });
});

describe('bad requests are problem+json, never a 500', () => {
  it.each([
    ['/api/v1/channels/acme-chat/uptime?window=2d', 400, 'query.window'],
    ['/api/v1/channels/acme-chat/daily?days=0', 400, 'query.days'],
    ['/api/v1/channels/acme-chat/daily?days=366', 400, 'query.days'],
    ['/api/v1/channels/acme-chat/daily?days=abc', 400, 'query.days'],
    ['/api/v1/channels/acme-chat/latency?window=90d', 400, 'query.window'],
    ['/api/v1/channels/acme-chat/latency?step=1m', 400, 'query.step'],
    ['/api/v1/channels/acme-chat/heatmap?days=91', 400, 'query.days'],
    ['/api/v1/channels/Bad_Id/uptime', 400, 'param.id'],
  ])('%s → %i naming %s', async (path, status, field) => {
    const { res, body } = await get(path);
    expect(res.status).toBe(status);
    expect(body).toMatchObject({ code: 'bad_request' });
    expect((body.errors as { path: string }[]).map((e) => e.path)).toContain(field);
  });

  it.each(['uptime', 'daily', 'latency', 'heatmap'])('an unknown channel is a 404 for %s', async (route) => {
    const { res, body } = await get(`/api/v1/channels/nope/${route}`);
    expect(res.status).toBe(404);
    expect(body).toMatchObject({ code: 'not_found', detail: 'No channel "nope"' });
  });
});

describe('GET /api/v1/openapi.json', () => {
  it('documents the history routes with their problem responses', async () => {
    const { body } = await get('/api/v1/openapi.json');
    const paths = body.paths as Record<string, { get: { responses: Record<string, unknown> } }>;
    for (const route of ['uptime', 'daily', 'latency', 'heatmap']) {
      expect(Object.keys(paths[`/api/v1/channels/{id}/${route}`]!.get.responses)).toEqual(['200', '400', '404']);
    }
  });
});
