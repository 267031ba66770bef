/**
 * The Statuspage-compatible documents over a real in-memory database seeded through the
 * stores, called with `app.request` at a fixed `now`: every document passes the schema of
 * Statuspage's public format (the one real pages' documents pass, schema.test.ts), and says
 * what our data says in Statuspage's words.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { silentLogger } from '../../src/log.ts';
import type { NoticeRecord } from '../../src/notices/lifecycle.ts';
import { providerKeys, saveNotices } from '../../src/notices/store.ts';
import {
  StatuspageComponentsDocumentSchema,
  StatuspageIncidentsDocumentSchema,
  StatuspageMaintenancesDocumentSchema,
  StatuspageStatusDocumentSchema,
  StatuspageSummarySchema,
  type StatuspageSummary,
} from '../../src/statuspage/schema.ts';
import { syncCatalog } from '../../src/store/catalog-sync.ts';
import { openSqlite } from '../../src/store/sqlite.ts';
import { writeBatch } from '../../src/store/writes.ts';
import { NEVER_OPEN, makeCatalog, makeChannel, makeProvider, probeCommon } from '../support/catalog.ts';

// Monday 2026-11-23 12:00 in Shanghai.
const NOW = Date.parse('2026-11-23T04:00:00Z');
const HOUR = 3_600_000;
const HOSTILE = 'Acme <script>alert(1)</script> Pay';

function record(id: string, overrides: Partial<NoticeRecord> = {}): NoticeRecord {
  return {
    id,
    format: 'rss',
    kind: 'outage',
    topic: 'outage',
    title: `Notice ${id}`,
    body: 'What happened.',
    url: null,
    publishedAt: NOW - HOUR,
    updatedAt: NOW - HOUR,
    resolvedAt: null,
    window: null,
    components: [],
    upstreamStatus: null,
    severity: null,
    firstSeenAt: NOW - HOUR,
    changedAt: NOW - HOUR,
    closedAt: null,
    ...overrides,
  };
}

let app: ReturnType<typeof createApp>;
let openIncident: string;

beforeAll(async () => {
  const handle = openSqlite(':memory:');
  const feed = { ...probeCommon('acme-news#0'), type: 'feed' as const, format: 'rss' as const, url: 'http://127.0.0.1:9/rss', selectors: null };
  const catalog = makeCatalog([
    makeProvider(
      'acme',
      [
        makeChannel('acme-chat', { kind: 'live_chat', name: 'Online chat' }),
        makeChannel('acme-hotline', { name: 'Hotline' }),
        makeChannel('acme-form', { kind: 'web_form', name: 'Complaint form', hours: NEVER_OPEN }),
        makeChannel('acme-phone', { name: 'Phone line', probes: [] }),
        makeChannel('acme-app', { kind: 'in_app', name: 'In-app support', maintenance: [{ kind: 'once', startsAt: NOW - HOUR, endsAt: NOW + HOUR }] }),
        makeChannel('acme-news', { kind: 'announcements', name: 'News', probes: [feed] }),
      ],
      { name: HOSTILE, timezone: 'Asia/Shanghai' },
    ),
    makeProvider('beta', [makeChannel('beta-mail', { kind: 'email', name: 'E-mail' })]),
  ]);
  const keys = await syncCatalog(handle, catalog, NOW - 10 * HOUR);
  const pk = (id: string) => keys.channelPk.get(id)!;
  await writeBatch(handle, [], [
    { kind: 'channel_status', channelPk: pk('acme-chat'), state: 'up', since: NOW - 2 * HOUR },
    { kind: 'channel_status', channelPk: pk('acme-form'), state: 'up', since: NOW - 2 * HOUR },
    { kind: 'channel_status', channelPk: pk('acme-app'), state: 'up', since: NOW - 2 * HOUR },
    { kind: 'channel_status', channelPk: pk('acme-hotline'), state: 'down', since: NOW - HOUR / 2 },
    { kind: 'incident_open', channelPk: pk('acme-hotline'), startedAt: NOW - 5 * HOUR, causeClass: 'timeout', causeMessage: 'no answer in 10 s' },
    { kind: 'incident_close', channelPk: pk('acme-hotline'), endedAt: NOW - 4 * HOUR },
    { kind: 'incident_open', channelPk: pk('acme-hotline'), startedAt: NOW - HOUR / 2, causeClass: 'http_status', causeMessage: 'expected status 200, got 503' },
  ]);
  const source = { providerPk: (await providerKeys(handle.db)).get('acme')!, sourceProbePk: keys.probePk.get('acme-news#0')!, lastSeenAt: NOW };
  await saveNotices(handle, [
    { ...source, record: record('id:chat', { title: 'Chat is slow', severity: 'minor', upstreamStatus: 'identified', format: 'statuspage' }), channels: ['acme-chat'] },
    { ...source, record: record('id:holiday', { title: 'Holiday hours', topic: 'info', kind: 'info', publishedAt: NOW - 2 * HOUR }), channels: null },
    {
      ...source,
      record: record('id:upgrade', { kind: 'maintenance', topic: 'maintenance', title: 'Hotline upgrade', window: { startsAt: NOW + 24 * HOUR, endsAt: NOW + 26 * HOUR } }),
      channels: ['acme-hotline'],
    },
    { ...source, record: record('id:old', { kind: 'resolved', title: 'Old outage', publishedAt: NOW - 9 * HOUR, closedAt: NOW - 8 * HOUR }), channels: null },
  ]);
  app = createApp({
    database: handle,
    log: silentLogger,
    now: () => NOW,
    version: 'test',
    dashboard: { page: async (c) => c.html('<!doctype html><title>dashboard</title>'), assets: async (c) => c.text('asset') },
  });
  const summary = await json<StatuspageSummary>('/p/acme/api/v2/summary.json');
  openIncident = summary.incidents.find((i) => i.name === 'Hotline is down')!.id;
});

async function json<T = Record<string, unknown>>(path: string): Promise<T> {
  const res = await app.request(`http://status.example${path}`);
  expect(res.status, path).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return (await res.json()) as T;
}

describe('Statuspage-compatible documents', () => {
  it.each([
    ['summary.json', StatuspageSummarySchema],
    ['status.json', StatuspageStatusDocumentSchema],
    ['components.json', StatuspageComponentsDocumentSchema],
    ['incidents.json', StatuspageIncidentsDocumentSchema],
    ['incidents/unresolved.json', StatuspageIncidentsDocumentSchema],
    ['scheduled-maintenances.json', StatuspageMaintenancesDocumentSchema],
    ['scheduled-maintenances/upcoming.json', StatuspageMaintenancesDocumentSchema],
    ['scheduled-maintenances/active.json', StatuspageMaintenancesDocumentSchema],
  ])('%s has the shape Statuspage clients read', async (file, schema) => {
    const doc = await json(`/p/acme/api/v2/${file}`);
    const result = schema.safeParse(doc);
    expect(result.success ? [] : result.error.issues).toEqual([]);
  });

  it('describes the provider as a page, its name as data', async () => {
    const { page } = await json<StatuspageSummary>('/p/acme/api/v2/summary.json');
    expect(page).toEqual({ id: 'acme', name: HOSTILE, url: 'http://status.example/p/acme', time_zone: 'Asia/Shanghai', updated_at: '2026-11-23T03:30:00.000Z' });
  });

  it.each([
    ['acme-chat', 1, 'operational', null, false],
    ['acme-hotline', 2, 'major_outage', 'down', false],
    ['acme-form', 3, 'operational', 'closed: outside service hours', false],
    ['acme-phone', 4, 'operational', 'unknown: no probe: this channel is not checked automatically', true],
    ['acme-app', 5, 'under_maintenance', 'maintenance: inside an announced maintenance window', false],
    ['acme-news', 6, 'operational', 'unknown: no check yet', true],
  ])('shows %s as component #%i, %s', async (id, position, status, description, hidden) => {
    const { components } = await json<StatuspageSummary>('/p/acme/api/v2/components.json');
    const component = components.find((c) => c.id === id)!;
    expect(component).toMatchObject({ position, status, page_id: 'acme', group: false, group_id: null, only_show_if_degraded: hidden });
    if (description === null) expect(component.description).toBeNull();
    else expect(component.description).toContain(description);
  });

  it('rates the page by its worst open channel: one of several down is a partial outage', async () => {
    expect(await json('/p/acme/api/v2/status.json')).toMatchObject({ status: { indicator: 'major', description: 'Partial System Outage' } });
    expect(await json('/p/beta/api/v2/status.json')).toMatchObject({ status: { indicator: 'none', description: 'All Systems Operational' } });
  });

  it('lists open outages and notices in effect as unresolved incidents', async () => {
    const { incidents } = await json<StatuspageSummary>('/p/acme/api/v2/incidents/unresolved.json');
    expect(incidents.map((i) => [i.name, i.status, i.impact])).toEqual([
      ['Hotline is down', 'investigating', 'major'],
      ['Chat is slow', 'identified', 'minor'],
      ['Holiday hours', 'investigating', 'none'],
    ]);
    const [down, slow, holiday] = incidents;
    expect(down!.incident_updates).toHaveLength(1);
    expect(down!.incident_updates[0]).toMatchObject({
      status: 'investigating',
      body: 'Hotline stopped answering as expected (http_status: expected status 200, got 503).',
      affected_components: [{ code: 'acme-hotline', name: 'Hotline', old_status: 'operational', new_status: 'major_outage' }],
    });
    expect(down!.components.map((c) => c.id)).toEqual(['acme-hotline']);
    expect(slow!.components.map((c) => c.id)).toEqual(['acme-chat']);
    // A notice about the whole provider: every channel but the announcement page.
    expect(holiday!.components.map((c) => c.id)).toEqual(['acme-chat', 'acme-hotline', 'acme-form', 'acme-phone', 'acme-app']);
    expect((await json<StatuspageSummary>('/p/acme/api/v2/summary.json')).incidents).toEqual(incidents);
  });

  it('lists resolved incidents too in incidents.json, newest first', async () => {
    const { incidents } = await json<StatuspageSummary>('/p/acme/api/v2/incidents.json');
    expect(incidents.map((i) => [i.name, i.status])).toEqual([
      ['Hotline is down', 'investigating'],
      ['Chat is slow', 'identified'],
      ['Holiday hours', 'investigating'],
      ['Hotline is down', 'resolved'],
      ['Old outage', 'resolved'],
    ]);
    const closed = incidents[3]!;
    expect(closed.id).not.toBe(openIncident);
    expect(closed).toMatchObject({ started_at: '2026-11-22T23:00:00.000Z', resolved_at: '2026-11-23T00:00:00.000Z' });
    expect(closed.incident_updates.map((u) => [u.status, u.body])).toEqual([
      ['resolved', 'Hotline answers again, after 60 min.'],
      ['investigating', 'Hotline stopped answering as expected (timeout: no answer in 10 s).'],
    ]);
  });

  it('lists announced and configured maintenance with its window and a status from the clock', async () => {
    const { scheduled_maintenances: all } = await json<StatuspageSummary>('/p/acme/api/v2/scheduled-maintenances.json');
    expect(all.map((m) => [m.name, m.status, m.scheduled_for, m.scheduled_until, m.components.map((c) => c.id)])).toEqual([
      ['Hotline upgrade', 'scheduled', '2026-11-24T04:00:00.000Z', '2026-11-24T06:00:00.000Z', ['acme-hotline']],
      ['In-app support: scheduled maintenance', 'in_progress', '2026-11-23T03:00:00.000Z', '2026-11-23T05:00:00.000Z', ['acme-app']],
    ]);
    expect(all.every((m) => m.impact === 'maintenance')).toBe(true);
    const upcoming = await json<StatuspageSummary>('/p/acme/api/v2/scheduled-maintenances/upcoming.json');
    expect(upcoming.scheduled_maintenances.map((m) => m.name)).toEqual(['Hotline upgrade']);
    const active = await json<StatuspageSummary>('/p/acme/api/v2/scheduled-maintenances/active.json');
    expect(active.scheduled_maintenances.map((m) => m.name)).toEqual(['In-app support: scheduled maintenance']);
    const summary = await json<StatuspageSummary>('/p/acme/api/v2/summary.json');
    expect(summary.scheduled_maintenances.map((m) => m.name)).toEqual(['In-app support: scheduled maintenance', 'Hotline upgrade']);
  });

  it.each([
    ['/p/nope/api/v2/summary.json', 404, 'not_found'],
    ['/p/nope/api/v2/scheduled-maintenances/upcoming.json', 404, 'not_found'],
    ['/p/Not%20an%20id/api/v2/status.json', 400, 'bad_request'],
  ])('%s is a %i problem', async (path, status, code) => {
    const res = await app.request(path);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ status, code });
  });

  it('leaves /p/:provider to the dashboard page', async () => {
    const page = await app.request('/p/acme');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>dashboard</title>');
  });

  it('documents every route in the OpenAPI document', async () => {
    const { paths } = await json<{ paths: Record<string, unknown> }>('/api/v1/openapi.json');
    expect(Object.keys(paths).filter((p) => p.startsWith('/p/'))).toEqual([
      '/p/{provider}/api/v2/summary.json',
      '/p/{provider}/api/v2/status.json',
      '/p/{provider}/api/v2/components.json',
      '/p/{provider}/api/v2/incidents.json',
      '/p/{provider}/api/v2/incidents/unresolved.json',
      '/p/{provider}/api/v2/scheduled-maintenances.json',
      '/p/{provider}/api/v2/scheduled-maintenances/{which}',
    ]);
  });
});
