/**
 * Badges: the uptime text and colour rules, then the routes over a real in-memory database
 * (checks rolled up by housekeeping, as in production) with every SVG parsed as XML and its
 * text read back: a hostile provider name stays text, the uptime is the one the API gives.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { formatUptime, uptimeColor } from '../../src/badges/badge.ts';
import { silentLogger } from '../../src/log.ts';
import { writeBatch } from '../../src/store/writes.ts';
import { MIN, historyBed, type HistoryBed } from '../history/seed.ts';

const HOSTILE = '<script>alert(1)</script> & Pay';
const probe = `probes: [{ type: http, url: "https://help.example.com/health" }]`;
const CONFIG = `providers:
  - id: acme
    name: '${HOSTILE}'
    timezone: Asia/Shanghai
    channels:
      - { id: acme-chat, kind: live_chat, name: Chat, ${probe} }
      - { id: acme-form, kind: web_form, name: Form, hours: { sat: "10:00-12:00" }, ${probe} }
      - { id: acme-hotline, kind: hotline, name: Hotline, contact: "+86 400 000 0000" }
      - { id: help, kind: help_center, name: Help centre, ${probe} }
  - id: help
    name: Help Inc
    timezone: UTC
    channels:
      - { id: help-mail, kind: email, name: Mail, ${probe} }
`;

/** Monday 2026-11-23 12:37 in Shanghai. */
const NOW = Date.parse('2026-11-23T04:37:00Z');
const START = Date.parse('2026-11-19T16:00:00Z');

let bed: HistoryBed;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  bed = await historyBed(CONFIG);
  const minutes = (NOW - START) / MIN;
  const outage = (Date.parse('2026-11-21T02:00:00Z') - START) / MIN;
  await bed.checks('acme-chat', START, Array.from({ length: minutes }, (_, m) => (m >= outage && m < outage + 60 ? 'd' : 'u')).join(''));
  await bed.checks('help', START, 'u'.repeat(minutes));
  const pk = (id: string) => bed.keys.channelPk.get(id)!;
  await writeBatch(bed.handle, [], [
    { kind: 'channel_status', channelPk: pk('acme-chat'), state: 'down', since: NOW - 5 * MIN },
    { kind: 'channel_status', channelPk: pk('acme-form'), state: 'up', since: NOW - 5 * MIN },
    { kind: 'channel_status', channelPk: pk('help'), state: 'up', since: NOW - 5 * MIN },
    { kind: 'channel_status', channelPk: pk('help-mail'), state: 'degraded', since: NOW - 5 * MIN },
  ]);
  await bed.housekeep(NOW);
  app = createApp({ database: bed.handle, log: silentLogger, now: () => NOW, version: 'test' });
});

afterAll(() => bed.close());

const parser = new XMLParser({ ignoreAttributes: false, processEntities: true });

/** Fetches a badge, checks it is well-formed SVG, and returns its title ("label: message") and fill colours. */
async function badge(path: string): Promise<{ title: string; xml: string; doc: Record<string, unknown> }> {
  const res = await app.request(path);
  expect(res.status, path).toBe(200);
  expect(res.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
  const xml = await res.text();
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = parser.parse(xml) as { svg: { title: string } & Record<string, unknown> };
  expect(doc.svg).toBeDefined();
  return { title: String(doc.svg.title), xml, doc };
}

describe('uptime text and colour', () => {
  it.each([
    [1, '100%', 'brightgreen'],
    [0.99953, '99.95%', 'brightgreen'],
    [0.99999, '99.99%', 'brightgreen'],
    [0.9971, '99.71%', 'green'],
    [0.991, '99.1%', 'yellow'],
    [0.96, '96%', 'orange'],
    [0.5, '50%', 'red'],
    [null, 'no data', 'lightgrey'],
  ])('%s → %s, %s', (uptime, text, color) => {
    expect(formatUptime(uptime)).toBe(text);
    expect(uptimeColor(uptime)).toBe(color);
  });
});

describe('GET /badge/:id/status.svg', () => {
  it.each([
    ['/badge/acme-chat/status.svg', 'Chat: down'],
    ['/badge/acme-form/status.svg', 'Form: closed'],
    ['/badge/acme-hotline/status.svg', 'Hotline: unknown'],
    ['/badge/help-mail/status.svg', 'Mail: degraded'],
    // A channel and a provider share "help": the channel unless `of` says otherwise.
    ['/badge/help/status.svg', 'Help centre: up'],
    ['/badge/help/status.svg?of=channel', 'Help centre: up'],
    ['/badge/help/status.svg?of=provider', 'Help Inc: degraded'],
    // for-the-badge writes its text in capitals.
    ['/badge/acme-chat/status.svg?label=chat%20support&style=for-the-badge', 'CHAT SUPPORT: DOWN'],
    ['/badge/acme-chat/status.svg?label=chat%20support&style=flat-square', 'chat support: down'],
  ])('%s reads "%s"', async (path, title) => {
    expect((await badge(path)).title).toBe(title);
  });

  it('draws a provider named <script> as text, never as markup', async () => {
    const { title, xml, doc } = await badge('/badge/acme/status.svg');
    // The chat is down, the help centre up, the form closed: some open channel is down.
    expect(title).toBe(`${HOSTILE}: degraded`);
    expect(xml).not.toContain('<script');
    expect(JSON.stringify(doc)).not.toMatch(/"script"/);
  });

  it('colours by state', async () => {
    expect((await badge('/badge/acme-chat/status.svg')).xml).toContain('fill="#dd4343"'); // red
    expect((await badge('/badge/help/status.svg')).xml).toContain('fill="#4b0"'); // bright green
  });

  it.each([
    ['/badge/nope/status.svg', 404, 'not_found'],
    ['/badge/help-mail/status.svg?of=provider', 404, 'not_found'],
    ['/badge/acme/status.svg?style=3d', 400, 'bad_request'],
    ['/badge/acme/status.svg?label=', 400, 'bad_request'],
  ])('%s is a %i problem', async (path, status, code) => {
    const res = await app.request(path);
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ status, code });
  });
});

describe('GET /badge/:id/uptime.svg', () => {
  it.each(['24h', '7d', '30d'])('shows the uptime the API gives over %s', async (window) => {
    const api = (await (await app.request(`/api/v1/channels/acme-chat/uptime?window=${window}`)).json()) as { uptime: number | null };
    const { title } = await badge(`/badge/acme-chat/uptime.svg?window=${window}`);
    expect(title).toBe(`Chat: ${formatUptime(api.uptime)} (${window})`);
  });

  it('defaults to 30 days, and the hour-long outage shows', async () => {
    const { title } = await badge('/badge/acme-chat/uptime.svg');
    expect(title).toMatch(/^Chat: 98\.\d+% \(30d\)$/);
  });

  it('says "no data" for a channel nothing measures, never 100 %', async () => {
    expect((await badge('/badge/acme-hotline/uptime.svg')).title).toBe('Hotline: no data (30d)');
  });

  it.each([
    ['/badge/acme/uptime.svg', 404],
    ['/badge/acme-chat/uptime.svg?window=1y', 400],
  ])('%s is a %i problem', async (path, status) => {
    expect((await app.request(path)).status).toBe(status);
  });
});
