/**
 * A real Monitor (real probes, real SQLite in memory) watching hostile upstreams and healthy
 * ones side by side on 127.0.0.1: every hostile probe ends as a stored failed check with an
 * error class, the healthy channels keep being checked and stay up meanwhile (counted, not
 * timed), and the endless bodies cost the server no more than the cap plus socket buffers.
 */
import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, ProbeCommon, ProbeSpec } from '../../src/domain/catalog.ts';
import { silentLogger } from '../../src/log.ts';
import { Monitor } from '../../src/monitor/monitor.ts';
import { runProbe } from '../../src/probes/index.ts';
import { syncCatalog } from '../../src/store/catalog-sync.ts';
import { listChannels, listChecks, loadRuntimeSnapshot, type StoredCheck } from '../../src/store/reads.ts';
import { openSqlite, type SqliteHandle } from '../../src/store/sqlite.ts';
import { makeCatalog, makeChannel, makeProbe, makeProvider } from '../support/catalog.ts';
import { startHttpServer, type LocalServer } from '../support/local-server.ts';
import { SOCKET_SLACK_BYTES, startHostileServer, writeForever, type HostileServer } from './hostile-server.ts';

const CAP = 256 * 1024;
const HEALTHY_INTERVAL_MS = 100;
const HOSTILE = { intervalMs: 1000, timeoutMs: 800 };
/** Failed checks each hostile probe must have stored before the test looks at the healthy ones. */
const HOSTILE_CHECKS = 2;

let handle: SqliteHandle;
let monitor: Monitor;
let healthy: LocalServer;
const hostile: Record<string, HostileServer> = {};
let garbageDns: dgram.Socket;

const head = (headers: Record<string, string>) => `HTTP/1.1 200 OK\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;

/** The fields every hostile probe shares: checked every second, an 800 ms deadline. */
const common = (channelId: string): ProbeCommon => ({ key: `${channelId}#0`, channelId, index: 0, failureThreshold: 2, successThreshold: 1, retry: 0, retryDelayMs: 0, ...HOSTILE });

/** The hostile channels, each with the one probe that attacks it and the classes it may end in. */
const HOSTILE_CHANNELS: Array<{ id: string; classes: string[]; probe: () => ProbeSpec }> = [
  { id: 'h-endless', classes: ['body_too_large'], probe: () => makeProbe('h-endless', { ...HOSTILE, url: `${hostile.endless!.url}/`, maxBodyBytes: CAP }) },
  { id: 'h-bomb', classes: ['body_too_large'], probe: () => makeProbe('h-bomb', { ...HOSTILE, url: `${hostile.bomb!.url}/`, maxBodyBytes: CAP, expect: { status: [200], contains: 'x', notContains: null, maxLatencyMs: null } }) },
  { id: 'h-slowloris', classes: ['timeout'], probe: () => makeProbe('h-slowloris', { ...HOSTILE, url: `${hostile.slowloris!.url}/` }) },
  { id: 'h-headers', classes: ['other'], probe: () => makeProbe('h-headers', { ...HOSTILE, url: `${hostile.headers!.url}/` }) },
  { id: 'h-loop', classes: ['redirects'], probe: () => makeProbe('h-loop', { ...HOSTILE, url: `${hostile.loop!.url}/` }) },
  { id: 'h-file', classes: ['redirects'], probe: () => makeProbe('h-file', { ...HOSTILE, url: `${hostile.file!.url}/` }) },
  { id: 'h-dns', classes: ['dns', 'timeout'], probe: () => ({ ...common('h-dns'), type: 'dns', name: 'help.acme.example', record: 'MX', resolver: { host: '127.0.0.1', port: (garbageDns.address() as AddressInfo).port }, contains: null }) },
  { id: 'h-smtp', classes: ['timeout'], probe: () => ({ ...common('h-smtp'), type: 'smtp', host: '127.0.0.1', domain: null, port: hostile.silent!.port, starttls: false, insecure: false, helo: 'probe.test' }) },
  { id: 'h-tls', classes: ['tls'], probe: () => ({ ...common('h-tls'), type: 'tls', host: '127.0.0.1', port: hostile.garbage!.port, servername: null, warnDays: 14 }) },
  { id: 'h-feed', classes: ['body_too_large'], probe: () => ({ ...common('h-feed'), type: 'feed', format: 'rss', url: `${hostile.bomb!.url}/feed`, selectors: null }) },
];
const HEALTHY_CHANNELS = ['ok-chat', 'ok-help', 'ok-form'];

const bomb = zlib.gzipSync(Buffer.alloc(32 * 1024 * 1024));

beforeAll(async () => {
  healthy = await startHttpServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('support is open'));
  hostile.endless = await startHostileServer(({ socket }) => {
    socket.write(head({ 'content-type': 'text/plain' }));
    writeForever(socket, Buffer.alloc(64 * 1024, 'a'));
  });
  hostile.bomb = await startHostileServer(({ socket }) => {
    socket.end(Buffer.concat([Buffer.from(head({ 'content-type': 'application/rss+xml', 'content-encoding': 'gzip', 'content-length': String(bomb.length) })), bomb]));
  });
  hostile.slowloris = await startHostileServer(({ socket, every }) => {
    socket.write(head({ 'content-type': 'text/plain' }));
    every(50, () => socket.write('a'));
  });
  hostile.headers = await startHostileServer(({ socket }) => socket.end(`${head({ 'x-pad': 'a'.repeat(1024 * 1024) })}`));
  let hop = 0;
  hostile.loop = await startHostileServer(({ socket }) => socket.end(`HTTP/1.1 302 Found\r\nlocation: /${hop++ % 2}\r\ncontent-length: 0\r\n\r\n`));
  hostile.file = await startHostileServer(({ socket }) => socket.end('HTTP/1.1 302 Found\r\nlocation: file:///etc/passwd\r\ncontent-length: 0\r\n\r\n'));
  hostile.silent = await startHostileServer(() => {}, { speakFirst: true });
  hostile.garbage = await startHostileServer(({ socket }) => socket.write('HTTP/1.1 400 Bad Request\r\n\r\n'), { speakFirst: true });
  garbageDns = dgram.createSocket('udp4');
  garbageDns.on('message', (msg, rinfo) => garbageDns.send(Buffer.concat([msg.subarray(0, 2), Buffer.from('garbage')]), rinfo.port, rinfo.address));
  await new Promise<void>((resolve) => garbageDns.bind(0, '127.0.0.1', () => resolve()));

  const channels: Channel[] = [
    ...HEALTHY_CHANNELS.map((id) => makeChannel(id, { probe: { url: `${healthy.url}/${id}`, intervalMs: HEALTHY_INTERVAL_MS, timeoutMs: 2000, expect: { status: [200], contains: 'open', notContains: null, maxLatencyMs: null } } })),
    ...HOSTILE_CHANNELS.map(({ id, probe }) => makeChannel(id, { kind: id === 'h-feed' ? 'announcements' : 'help_center', probes: [probe()] })),
  ];
  const catalog = makeCatalog([makeProvider('acme', channels)]);
  handle = openSqlite(':memory:');
  const keys = await syncCatalog(handle, catalog, Date.now());
  monitor = new Monitor({ database: handle, catalog, keys, snapshot: await loadRuntimeSnapshot(handle.db), runProbe, log: silentLogger, writer: { flushMs: 20 } });
  monitor.start();
});

afterAll(async () => {
  await monitor?.stop();
  handle?.close();
  await healthy?.close();
  await Promise.all(Object.values(hostile).map((s) => s.close()));
  await new Promise<void>((resolve) => garbageDns?.close(() => resolve()));
});

async function checksByChannel(): Promise<Map<string, StoredCheck[]>> {
  const out = new Map<string, StoredCheck[]>();
  for (const c of await listChannels(handle.db)) out.set(c.id, await listChecks(handle.db, c.pk, null, 10_000));
  return out;
}

describe('a monitor with hostile and healthy targets', () => {
  it('stores a classified failure for every hostile probe while the healthy channels keep being checked and stay up', async () => {
    const until = Date.now() + 45_000;
    let checks = await checksByChannel();
    const done = () => HOSTILE_CHANNELS.every(({ id }) => (checks.get(id)?.length ?? 0) >= HOSTILE_CHECKS);
    while (!done() && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 100));
      checks = await checksByChannel();
    }
    for (const { id, classes } of HOSTILE_CHANNELS) {
      const stored = checks.get(id) ?? [];
      expect(stored.length, id).toBeGreaterThanOrEqual(HOSTILE_CHECKS);
      for (const check of stored) {
        expect(check.outcome, id).toBe('down');
        expect(classes, `${id}: ${check.message}`).toContain(check.errorClass);
        expect((check.message ?? '').length).toBeLessThanOrEqual(300);
      }
    }
    // Each hostile probe ran at least twice at a 1 s interval; a healthy one at 100 ms had
    // time for about twenty checks. Five is a floor that only a starved schedule misses.
    for (const id of HEALTHY_CHANNELS) {
      const stored = checks.get(id) ?? [];
      expect(stored.length, id).toBeGreaterThanOrEqual(5);
      expect(stored.every((c) => c.outcome === 'up'), id).toBe(true);
    }
    const states = new Map((await listChannels(handle.db)).map((c) => [c.id, c.state]));
    for (const id of HEALTHY_CHANNELS) expect(states.get(id)).toBe('up');
    for (const { id } of HOSTILE_CHANNELS) expect(states.get(id)).toBe('down');
    // Memory stays bounded: the endless server got out at most the cap plus socket buffers per check.
    const endless = hostile.endless!;
    expect(endless.connections).toBeGreaterThanOrEqual(HOSTILE_CHECKS);
    expect(endless.bytesSent / Math.max(1, endless.connections - endless.open)).toBeLessThan(CAP + SOCKET_SLACK_BYTES);
  });
});
