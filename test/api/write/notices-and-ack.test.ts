/**
 * Manual notices and incident acknowledgements over a real in-memory database, called with
 * `app.request`: a notice is posted, updated and resolved with its update entries, shows in
 * the notices list and the provider view like a feed's (source `manual`), and puts the channel
 * in announced maintenance; an incident is acknowledged with a note by the key's name.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { alertEvents, channels as channelsTable, incidents } from '../../../db/schema.ts';
import { noticeAlertStatements } from '../../../src/alerts/notice-events.ts';
import { createApp } from '../../../src/app.ts';
import { CatalogAdmin } from '../../../src/catalog-admin/catalog-admin.ts';
import { parseConfig } from '../../../src/config/index.ts';
import { silentLogger } from '../../../src/log.ts';
import type { Database } from '../../../src/store/database.ts';
import { openSqlite } from '../../../src/store/sqlite.ts';

const ADMIN = 'test-admin-key';
const HOUR = 3_600_000;
const NOW = Date.now();

let database: Database;
let app: ReturnType<typeof createApp>;
let written: string[];

function call(method: string, path: string, body?: unknown, key: string | null = ADMIN): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key !== null) headers.authorization = `Bearer ${key}`;
  return Promise.resolve(app.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }));
}

type Answer = { notice: { id: string; source: string; kind: string; title: string; active: boolean; channels: string[] | null }; updates: { kind: string; body: string; by: string }[] };

beforeEach(async () => {
  database = openSqlite(':memory:');
  const config = parseConfig(
    `providers:
  - id: acme
    name: Acme Pay
    timezone: UTC
    channels:
      - { id: acme-hotline, kind: hotline, name: Hotline }
      - { id: acme-chat, kind: live_chat, name: Chat }
`,
    'test.yaml',
  );
  const { admin } = await CatalogAdmin.open({ database, config, log: silentLogger });
  written = [];
  app = createApp({
    database,
    log: silentLogger,
    now: () => NOW,
    version: 'test',
    adminKey: ADMIN,
    catalogAdmin: admin,
    noticeWritten: async (notice) => void written.push(`${notice.id} ${notice.kind}`),
    noticeAlerts: (providerPk, changes) => noticeAlertStatements(database.db, providerPk, changes, NOW),
  });
});

describe('manual notices', () => {
  const maintenance = {
    kind: 'maintenance',
    title: 'Hotline <b>upgrade</b>',
    body: 'The hotline is being upgraded.',
    channels: ['acme-hotline'],
    window: { starts_at: new Date(NOW - HOUR).toISOString(), ends_at: new Date(NOW + HOUR).toISOString() },
  };

  it('are posted, updated and resolved, and count like a feed notice meanwhile', async () => {
    const posted = await call('POST', '/api/v1/providers/acme/notices', maintenance);
    expect(posted.status).toBe(201);
    const first = (await posted.json()) as Answer;
    expect(first.notice).toMatchObject({ source: 'manual', kind: 'maintenance', title: 'Hotline upgrade', active: true, channels: ['acme-hotline'] });
    expect(first.updates).toEqual([{ at: expect.any(String), kind: 'maintenance', body: 'The hotline is being upgraded.', by: 'admin' }]);
    const id = first.notice.id;
    expect(posted.headers.get('location')).toBe(`/api/v1/notices/${id}`);

    type ProviderView = { channels: { id: string; state: string; announced: string | null }[] };
    const view = (await (await call('GET', '/api/v1/providers/acme', undefined, null)).json()) as ProviderView;
    expect(view.channels.find((c) => c.id === 'acme-hotline')).toMatchObject({ state: 'maintenance', announced: 'maintenance' });
    expect(view.channels.find((c) => c.id === 'acme-chat')?.announced).toBeNull();
    const list = (await (await call('GET', '/api/v1/notices?provider=acme', undefined, null)).json()) as { notices: { id: string; source: string }[] };
    expect(list.notices).toEqual([expect.objectContaining({ id, source: 'manual' })]);

    const updated = await call('PATCH', `/api/v1/notices/${id}`, { title: 'Hotline upgrade, part two', update: 'Half done.' });
    expect(updated.status).toBe(200);
    const second = (await updated.json()) as Answer;
    expect(second.notice.title).toBe('Hotline upgrade, part two');
    expect(second.updates.map((u) => u.body)).toEqual(['The hotline is being upgraded.', 'Half done.']);

    const resolved = await call('POST', `/api/v1/notices/${id}/resolve`, { note: 'Done.' });
    expect(resolved.status).toBe(200);
    const third = (await resolved.json()) as Answer;
    expect(third.notice).toMatchObject({ kind: 'resolved', active: false });
    expect(third.updates.map((u) => u.kind)).toEqual(['maintenance', 'maintenance', 'resolved']);
    expect(written).toEqual([`${id} maintenance`, `${id} maintenance`, `${id} resolved`]);
    const after = (await (await call('GET', '/api/v1/providers/acme', undefined, null)).json()) as ProviderView;
    expect(after.channels.find((c) => c.id === 'acme-hotline')?.state).not.toBe('maintenance');

    expect((await call('PATCH', `/api/v1/notices/${id}`, { title: 'again' })).status).toBe(409);
    expect((await call('POST', `/api/v1/notices/${id}/resolve`, {})).status).toBe(409);
  });

  it.each([
    ['a channel of no such provider', { ...maintenance, channels: ['beta-chat'] }, 400],
    ['an unknown kind', { ...maintenance, kind: 'resolved' }, 400],
    ['a window ending before it starts', { ...maintenance, window: { starts_at: new Date(NOW).toISOString(), ends_at: new Date(NOW - HOUR).toISOString() } }, 400],
    ['no title', { kind: 'info' }, 400],
  ])('refuse %s', async (_, body, status) => {
    expect((await call('POST', '/api/v1/providers/acme/notices', body)).status).toBe(status);
  });

  it('need a write key, a known provider and a known notice', async () => {
    expect((await call('POST', '/api/v1/providers/acme/notices', maintenance, null)).status).toBe(401);
    expect((await call('POST', '/api/v1/providers/nope/notices', maintenance)).status).toBe(404);
    expect((await call('PATCH', '/api/v1/notices/manual-0000000000000000', { title: 'x' })).status).toBe(404);
  });
});

describe('incident acknowledgement', () => {
  it('records the note and the key name; a later one replaces it', async () => {
    const [chat] = await database.db.select({ pk: channelsTable.pk }).from(channelsTable).limit(1);
    const [incident] = await database.db.insert(incidents).values({ channelPk: chat!.pk, startedAt: NOW - HOUR, causeClass: 'timeout', causeMessage: 'no answer' }).returning();
    const res = await call('POST', `/api/v1/incidents/${incident!.id}/ack`, { note: 'carrier fault, ticket 4711' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      id: incident!.id,
      provider: 'acme',
      channel: 'acme-hotline',
      started_at: new Date(NOW - HOUR).toISOString(),
      ended_at: null,
      acknowledged: { at: new Date(NOW).toISOString(), by: 'admin', note: 'carrier fault, ticket 4711' },
    });
    const again = await call('POST', `/api/v1/incidents/${incident!.id}/ack`, { note: 'fixed by the carrier' });
    expect(((await again.json()) as { acknowledged: { note: string } }).acknowledged.note).toBe('fixed by the carrier');
    // Managers see it in the incidents list too.
    const list = (await (await call('GET', '/api/v1/incidents?provider=acme', undefined, null)).json()) as { incidents: { id: number; acknowledged: unknown }[] };
    expect(list.incidents.find((i) => i.id === incident!.id)?.acknowledged).toEqual({ at: new Date(NOW).toISOString(), by: 'admin', note: 'fixed by the carrier' });
  });

  it.each([
    [404, '/api/v1/incidents/999/ack', { note: 'x' }, ADMIN],
    [400, '/api/v1/incidents/1/ack', { note: '  ' }, ADMIN],
    [400, '/api/v1/incidents/abc/ack', { note: 'x' }, ADMIN],
    [401, '/api/v1/incidents/1/ack', { note: 'x' }, null],
  ])('answers %i to POST %s', async (status, path, body, key) => {
    expect((await call('POST', path, body, key)).status).toBe(status);
  });
});

describe('manual notices alert like a feed\'s', () => {
  it('stores one notice event when an outage is posted, none for an edit, one when it is resolved', async () => {
    const events = async () => (await database.db.select({ kind: alertEvents.kind, key: alertEvents.key }).from(alertEvents)).map((e) => `${e.kind} ${e.key.split(':')[3]}`);
    const posted = await call('POST', '/api/v1/providers/acme/notices', { kind: 'outage', title: 'Hotline down', body: 'We are on it.', channels: ['acme-hotline'] });
    expect(posted.status).toBe(201);
    const { notice } = (await posted.json()) as Answer;
    expect(await events()).toEqual(['notice published']);

    expect((await call('PATCH', `/api/v1/notices/${notice.id}`, { update: 'Still on it.' })).status).toBe(200);
    expect(await events()).toEqual(['notice published']);

    expect((await call('POST', `/api/v1/notices/${notice.id}/resolve`, { note: 'Back.' })).status).toBe(200);
    expect(await events()).toEqual(['notice published', 'notice resolved']);
  });

  it('stores none for an info note', async () => {
    expect((await call('POST', '/api/v1/providers/acme/notices', { kind: 'info', title: 'New hours from Monday', body: '' })).status).toBe(201);
    expect(await database.db.select().from(alertEvents)).toEqual([]);
  });
});
