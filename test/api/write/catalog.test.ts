/**
 * The write API's catalog routes over a real in-memory database, called with `app.request`:
 * channels and providers made, changed and archived at run time (the provider view follows,
 * the subscribers hear of each change), config entries refused with 409, invalid bodies
 * refused with 400 naming each field, and API entries that survive a restart.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.ts';
import { CatalogAdmin, type ProviderChange } from '../../../src/catalog-admin/catalog-admin.ts';
import { parseConfig } from '../../../src/config/index.ts';
import { createApiKey } from '../../../src/keys/store.ts';
import { silentLogger } from '../../../src/log.ts';
import type { Database } from '../../../src/store/database.ts';
import { openSqlite } from '../../../src/store/sqlite.ts';

const ADMIN = 'test-admin-key';
const CONFIG = `providers:
  - id: acme
    name: Acme Pay
    timezone: Asia/Shanghai
    channels:
      - id: acme-hotline
        kind: hotline
        name: Hotline
        contact: "+86 400 000 0000"
`;

const chat = {
  id: 'acme-chat',
  kind: 'live_chat',
  name: 'Online chat',
  hours: { 'mon-fri': '09:00-21:00' },
  probes: [{ type: 'http', url: 'http://127.0.0.1:9/chat', interval: '30s', timeout: '2s', expect: { contains: 'online' } }],
};

let database: Database;
let admin: CatalogAdmin;
let app: ReturnType<typeof createApp>;
let changes: ProviderChange[];

async function open(config = CONFIG): Promise<void> {
  ({ admin } = await CatalogAdmin.open({ database, config: parseConfig(config, 'test.yaml'), log: silentLogger }));
  changes = [];
  admin.subscribe((change) => changes.push(change));
  app = createApp({ database, log: silentLogger, now: Date.now, version: 'test', adminKey: ADMIN, catalogAdmin: admin });
}

function call(method: string, path: string, body?: unknown, key: string | null = ADMIN): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key !== null) headers.authorization = `Bearer ${key}`;
  return Promise.resolve(app.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }));
}

async function channelIds(provider: string): Promise<string[]> {
  const res = await call('GET', `/api/v1/providers/${provider}`, undefined, null);
  expect(res.status).toBe(200);
  return ((await res.json()) as { channels: { id: string }[] }).channels.map((c) => c.id);
}

beforeEach(async () => {
  database = openSqlite(':memory:');
  await open();
});

describe('channels', () => {
  it('adds a channel to a config provider: stored, in the provider view, and handed to the monitor', async () => {
    const res = await call('POST', '/api/v1/providers/acme/channels', chat);
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe('/api/v1/channels/acme-chat');
    expect(await res.json()).toMatchObject({ id: 'acme-chat', provider: 'acme', source: 'api', definition: chat, updated_by: 'admin' });
    expect(await channelIds('acme')).toEqual(['acme-hotline', 'acme-chat']);
    const [change] = changes;
    expect(change?.provider?.channels.map((c) => c.id)).toEqual(['acme-hotline', 'acme-chat']);
    expect(change?.keys.probePk.has('acme-chat#0')).toBe(true);
    // Read by the config's own schema: hours parsed into minute ranges, Monday to Friday.
    const hours = change?.provider?.channels[1]?.hours;
    expect(hours?.kind === 'weekly' && hours.ranges.map((r) => [r.day, r.start, r.end])).toEqual([1, 2, 3, 4, 5].map((day) => [day, 540, 1260]));
  });

  it('changes a channel by merge patch and keeps what the patch leaves out', async () => {
    await call('POST', '/api/v1/providers/acme/channels', chat);
    const res = await call('PATCH', '/api/v1/channels/acme-chat', { name: 'Chat', hours: null });
    expect(res.status).toBe(200);
    const { definition } = (await res.json()) as { definition: Record<string, unknown> };
    expect(definition).toEqual({ ...chat, name: 'Chat', hours: undefined });
    expect(changes.at(-1)?.provider?.channels[1]).toMatchObject({ name: 'Chat', hours: { kind: 'always' } });
  });

  it('archives a channel: gone from the view and the catalog, its row kept', async () => {
    await call('POST', '/api/v1/providers/acme/channels', chat);
    expect((await call('DELETE', '/api/v1/channels/acme-chat')).status).toBe(204);
    expect(await channelIds('acme')).toEqual(['acme-hotline']);
    expect(changes.at(-1)?.keys.channelPk.has('acme-chat')).toBe(false);
    expect((await call('GET', '/api/v1/channels/acme-chat/checks', undefined, null)).status).toBe(404);
    const rows = await database.db.query.channels.findFirst({ where: (c, { eq }) => eq(c.id, 'acme-chat') });
    expect(rows?.archivedAt).not.toBeNull();
    // The id is free again, and the history continues under it.
    expect((await call('POST', '/api/v1/providers/acme/channels', chat)).status).toBe(201);
  });

  it.each([
    ['an unknown key', { ...chat, colour: 'red' }, 'json.colour', 'unknown key "colour"'],
    ['a missing name', { id: 'acme-x', kind: 'hotline' }, 'json', 'missing required key "name"'],
    ['a bad probe URL', { ...chat, probes: [{ type: 'http', url: 'ftp://x' }] }, 'json.probes[0].url', 'expected an http(s) URL'],
    ['too short an interval', { ...chat, probes: [{ type: 'http', url: 'http://127.0.0.1:9/', interval: '1s' }] }, 'json.probes[0].interval', 'at least 10s'],
    ['a feed on a hotline', { ...chat, kind: 'hotline', probes: [{ type: 'feed', url: 'http://127.0.0.1:9/rss' }] }, 'json.probes[0].type', 'announcements'],
    ['bad hours', { ...chat, hours: { 'mon-fri': '25:00-26:00' } }, 'json.hours.mon-fri', 'not a time of day'],
  ])('refuses %s with 400 naming the field', async (_, body, path, message) => {
    const res = await call('POST', '/api/v1/providers/acme/channels', body);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await res.json()) as { code: string; errors: { path: string; message: string }[] };
    expect(problem.code).toBe('bad_request');
    expect(problem.errors).toContainEqual({ path, message: expect.stringContaining(message) });
    expect(changes).toEqual([]);
  });

  it('refuses a body that is not a JSON object', async () => {
    expect((await call('POST', '/api/v1/providers/acme/channels', ['x'])).status).toBe(400);
  });
});

describe('entries of the config file', () => {
  it.each([
    ['POST', '/api/v1/providers/acme/channels', { ...chat, id: 'acme-hotline' }],
    ['PATCH', '/api/v1/channels/acme-hotline', { name: 'Phone' }],
    ['DELETE', '/api/v1/channels/acme-hotline', undefined],
    ['PATCH', '/api/v1/providers/acme', { name: 'Acme' }],
    ['DELETE', '/api/v1/providers/acme', undefined],
    ['POST', '/api/v1/providers', { id: 'acme', name: 'Acme', timezone: 'UTC', channels: [chat] }],
  ])('%s %s is 409 and says to edit the config file', async (method, path, body) => {
    const res = await call(method, path, body);
    expect(res.status).toBe(409);
    const problem = (await res.json()) as { code: string; detail: string };
    expect(problem.code).toBe('conflict');
    expect(problem.detail).toMatch(/source: config.*edit the config file/);
    expect(changes).toEqual([]);
  });
});

describe('providers', () => {
  const beta = { id: 'beta', name: 'Beta Wallet', timezone: 'Europe/Berlin', channels: [{ id: 'beta-help', kind: 'help_center', name: 'Help' }] };

  it('makes, changes and archives a provider', async () => {
    expect((await call('POST', '/api/v1/providers', beta)).status).toBe(201);
    expect(await channelIds('beta')).toEqual(['beta-help']);
    const patched = await call('PATCH', '/api/v1/providers/beta', { name: 'Beta', locale: 'de' });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ definition: { ...beta, name: 'Beta', locale: 'de' } });
    expect((await call('POST', '/api/v1/providers/beta/channels', { id: 'beta-mail', kind: 'email', name: 'Mail' })).status).toBe(201);
    expect((await call('DELETE', '/api/v1/providers/beta')).status).toBe(204);
    expect((await call('GET', '/api/v1/providers/beta', undefined, null)).status).toBe(404);
    expect(changes.at(-1)).toMatchObject({ id: 'beta', provider: null });
  });

  it.each([
    ['a taken channel id', { ...beta, channels: [{ ...chat, id: 'acme-hotline' }] }, 409],
    ['the same channel twice', { ...beta, channels: [beta.channels[0], beta.channels[0]] }, 400],
    ['no channel', { ...beta, channels: [] }, 400],
    ['an unknown time zone', { ...beta, timezone: 'Mars/Base' }, 400],
  ])('refuses a provider with %s', async (_, body, status) => {
    expect((await call('POST', '/api/v1/providers', body)).status).toBe(status);
  });

  it('refuses to archive the last channel of a provider, and to move channels in a provider patch', async () => {
    await call('POST', '/api/v1/providers', beta);
    expect((await call('DELETE', '/api/v1/channels/beta-help')).status).toBe(409);
    expect((await call('PATCH', '/api/v1/providers/beta', { channels: [] })).status).toBe(400);
    expect((await call('PATCH', '/api/v1/providers/beta', { id: 'gamma' })).status).toBe(400);
  });
});

describe('keys', () => {
  it('needs a key of scope write; the export needs admin', async () => {
    expect((await call('POST', '/api/v1/providers/acme/channels', chat, null)).status).toBe(401);
    const { key: read } = await createApiKey(database.db, { name: 'reader', scope: 'read', now: Date.now() });
    const { key: write } = await createApiKey(database.db, { name: 'ci', scope: 'write', now: Date.now() });
    expect((await call('POST', '/api/v1/providers/acme/channels', chat, read)).status).toBe(403);
    const res = await call('POST', '/api/v1/providers/acme/channels', chat, write);
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ updated_by: 'ci' });
    expect((await call('GET', '/api/v1/export.yaml', undefined, write)).status).toBe(403);
    expect((await call('GET', '/api/v1/export.yaml')).status).toBe(200);
  });
});

describe('a restart', () => {
  it('keeps API entries, and the config file wins over an API entry with its id', async () => {
    await call('POST', '/api/v1/providers/acme/channels', chat);
    await call('POST', '/api/v1/providers', { id: 'beta', name: 'Beta', timezone: 'UTC', channels: [{ id: 'beta-help', kind: 'help_center', name: 'Help' }] });
    await open();
    expect(admin.catalog.providers.map((p) => [p.id, p.channels.map((c) => c.id)])).toEqual([
      ['acme', ['acme-hotline', 'acme-chat']],
      ['beta', ['beta-help']],
    ]);
    // The file now defines acme-chat itself: its definition is used, and the API may not change it.
    await open(`${CONFIG}      - { id: acme-chat, kind: live_chat, name: Chat from the file }\n`);
    expect(admin.catalog.providers[0]?.channels.map((c) => c.name)).toEqual(['Hotline', 'Chat from the file']);
    expect((await call('PATCH', '/api/v1/channels/acme-chat', { name: 'x' })).status).toBe(409);
  });
});

describe('a provider removed from the config file', () => {
  it('takes its API channels out of the views; they stay stored and come back with the provider', async () => {
    const gamma = `  - id: gamma\n    name: Gamma\n    timezone: UTC\n    channels:\n      - { id: gamma-help, kind: help_center, name: Help }\n`;
    await open(CONFIG + gamma);
    expect((await call('POST', '/api/v1/providers/gamma/channels', { id: 'gamma-chat', kind: 'live_chat', name: 'Chat' })).status).toBe(201);
    await open(CONFIG);
    expect((await call('GET', '/api/v1/providers/gamma', undefined, null)).status).toBe(404);
    const row = await database.db.query.channels.findFirst({ where: (c, { eq }) => eq(c.id, 'gamma-chat') });
    expect(row?.archivedAt).not.toBeNull();
    await open(CONFIG + gamma);
    expect(await channelIds('gamma')).toEqual(['gamma-help', 'gamma-chat']);
  });
});
