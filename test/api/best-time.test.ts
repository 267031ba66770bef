/**
 * `GET /api/v1/channels/:id/best-time` on synthetic data: 28 days of checks every 5 minutes
 * written through the store and rolled up by the real history housekeeping.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adviceBed, every5Minutes, local, weekHour, DAY, MIN, type AdviceBed } from './advice-bed.ts';

const probe = `probes: [{ type: http, url: "https://example.com/health", interval: 5m }]`;
const CONFIG = `providers:
  - id: acme
    name: Acme Pay
    timezone: Asia/Shanghai
    channels:
      - { id: acme-hotline, kind: hotline, name: Hotline, hours: { mon-fri: "09:00-18:00" }, ${probe} }
      - { id: acme-new, kind: live_chat, name: New chat, hours: { mon-fri: "09:00-18:00" }, ${probe} }
      - { id: acme-brief, kind: email, name: Mailbox, hours: { sat: "09:00-09:10" }, ${probe} }
`;

/** Monday 08:00 in Shanghai, an hour before the hotline opens. */
const NOW = local('2026-11-23 08:00');

interface BestTime {
  channel: string;
  timezone: string;
  basis: string;
  days: number;
  windows: { start: string; end: string; median_latency_ms: number | null; availability: number | null; level: string | null }[];
  evidence: { weekday: number; hour: number; median_latency_ms: number | null; availability: number | null }[];
}

let b: AdviceBed;

beforeAll(async () => {
  b = await adviceBed(CONFIG);
  // The hotline, 28 days: quick at 09:00 and 15:00 (0.2 s; the default pattern calls those
  // hours busy), 0.8 s otherwise; on Tuesdays it fails from 09:00 to 09:30, so Tuesday 09:00
  // is quick but unreliable.
  const from = NOW - 28 * DAY;
  await b.bed.checks(
    'acme-hotline',
    from,
    every5Minutes(NOW - from, (at) => {
      const { weekday, hour } = weekHour(at);
      return weekday === 2 && hour === 9 && (at - from) % (60 * MIN) < 30 * MIN ? 'd' : 'u';
    }, from),
    (i) => {
      const { hour } = weekHour(from + i * MIN);
      return hour === 9 || hour === 15 ? 200 : 800;
    },
  );
  // The new chat, 5 days: too few to believe.
  await b.bed.checks('acme-new', NOW - 5 * DAY, every5Minutes(5 * DAY, () => 'u', NOW - 5 * DAY), () => 300);
  await b.bed.housekeep(NOW);
}, 120_000);

afterAll(() => b.close());

async function bestTime(id: string, now = NOW) {
  const res = await b.app(now).request(`/api/v1/channels/${id}/best-time`);
  return { res, body: (await res.json()) as BestTime };
}

const utc = (text: string) => new Date(local(text)).toISOString();

describe('GET /api/v1/channels/:id/best-time', () => {
  it('gives the next three quick, reliable windows inside service hours from 28 days of history', async () => {
    const { res, body } = await bestTime('acme-hotline');
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ channel: 'acme-hotline', timezone: 'Asia/Shanghai', basis: 'measured', days: 28 });
    expect(body.windows.map((w) => [w.start, w.end])).toEqual([
      [utc('2026-11-23 09:00'), utc('2026-11-23 10:00')],
      [utc('2026-11-23 15:00'), utc('2026-11-23 16:00')],
      // Tuesday 09:00 is as quick but fails half the time: the next window is Tuesday 15:00.
      [utc('2026-11-24 15:00'), utc('2026-11-24 16:00')],
    ]);
    for (const w of body.windows) {
      expect(w.median_latency_ms).toBeGreaterThanOrEqual(200 * 0.95);
      expect(w.median_latency_ms).toBeLessThanOrEqual(200 * 1.05);
      expect(w).toMatchObject({ availability: 1, level: null });
    }
  });

  it('shows its evidence: median latency and availability by local weekday and hour', async () => {
    const { body } = await bestTime('acme-hotline');
    expect(body.evidence).toHaveLength(168);
    const cell = (weekday: number, hour: number) => body.evidence.find((e) => e.weekday === weekday && e.hour === hour)!;
    expect(cell(1, 10).median_latency_ms).toBeGreaterThan(800 * 0.95);
    expect(cell(1, 10).availability).toBe(1);
    expect(cell(2, 9).availability).toBe(0.5);
    expect(cell(1, 9).median_latency_ms).toBeLessThan(200 * 1.05);
    expect(cell(0, 12).availability).toBeNull(); // Sunday: closed, nothing measured
  });

  it('starts the first window now when now is quick', async () => {
    const { body } = await bestTime('acme-hotline', local('2026-11-23 09:20'));
    expect(body.windows[0]).toMatchObject({ start: utc('2026-11-23 09:20'), end: utc('2026-11-23 10:00') });
  });

  it('falls back to the documented default with fewer than 14 days of history', async () => {
    const { body } = await bestTime('acme-new');
    expect(body).toMatchObject({ basis: 'default', days: 6 });
    // Quiet by default: weekdays 12:00–13:00 and from 17:00 (the chat closes at 18:00).
    expect(body.windows.map((w) => [w.start, w.end, w.level])).toEqual([
      [utc('2026-11-23 12:00'), utc('2026-11-23 13:00'), 'quiet'],
      [utc('2026-11-23 17:00'), utc('2026-11-23 18:00'), 'quiet'],
      [utc('2026-11-24 12:00'), utc('2026-11-24 13:00'), 'quiet'],
    ]);
    expect(body.windows.every((w) => w.median_latency_ms === null && w.availability === null)).toBe(true);
  });

  it('a channel open only 10 minutes a week has no window worth offering', async () => {
    const { res, body } = await bestTime('acme-brief');
    expect(res.status).toBe(200);
    expect(body.windows).toEqual([]);
  });

  it.each([
    ['/api/v1/channels/nosuch/best-time', 404, 'not_found'],
    ['/api/v1/channels/Not_An_Id/best-time', 400, 'bad_request'],
  ])('%s → %i problem+json', async (path, status, code) => {
    const res = await b.app(NOW).request(path);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ status, code });
  });
});
