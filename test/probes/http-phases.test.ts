import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckPhases, CheckResult, HttpProbeSpec } from '../../src/domain/catalog.ts';
import { answeredLookup, clearHop, hopPhases, type HopRecord } from '../../src/probes/http-connector.ts';
import { runHttpProbe } from '../../src/probes/http.ts';
import { closedPort, startHttpServer, startHttpsServer, type LocalServer } from '../support/local-server.ts';
import { createSelfSignedCert, type TlsCert } from '../support/tls-cert.ts';
import { probeCommon } from '../support/catalog.ts';

/*
 * Timings are never asserted exactly (a loaded 2-core machine stretches any of them): only
 * which phases are known (null or not), that they are whole and not negative, that they fit
 * in the total, and one wide lower bound for a server that delays its headers on purpose.
 */

function httpSpec(url: string, overrides: Partial<HttpProbeSpec> = {}): HttpProbeSpec {
  return {
    ...probeCommon('phases#0'),
    failureThreshold: 1,
    type: 'http',
    url,
    method: 'GET',
    headers: {},
    body: null,
    maxBodyBytes: 1024 * 1024,
    maxRedirects: 5,
    insecure: false,
    conditions: [],
    expect: { status: [200], contains: null, notContains: null, maxLatencyMs: null },
    ...overrides,
  };
}

/** Servers on 127.0.0.1 (IP-literal URLs: no lookup) and on `localhost` (a name to look up). */
let ipHttp: LocalServer;
let ipHttps: LocalServer;
let namedHttp: LocalServer;
let namedHttps: LocalServer;
let refusedPort: number;

const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
  '/ok': (_req, res) => res.end('ok'),
  '/error': (_req, res) => res.writeHead(500).end('Internal error'),
  '/slow-headers': (_req, res) => {
    setTimeout(() => res.end('late'), 200);
  },
  '/hang': () => {},
  // What the server saw of the name: SNI (https only) and the Host header.
  '/whoami': (req, res) => {
    const sni = (req.socket as Partial<TLSSocket>).servername ?? 'none';
    res.end(`sni:${sni === false ? 'none' : sni} host:${req.headers.host ?? ''}`);
  },
  '/to-named-https': (_req, res) => res.writeHead(302, { location: `${namedHttps.url}/ok` }).end(),
  '/to-ip-http': (_req, res) => res.writeHead(302, { location: `${ipHttp.url}/ok` }).end(),
};

function handler(req: IncomingMessage, res: ServerResponse): void {
  const route = routes[new URL(req.url ?? '/', 'http://x').pathname];
  if (route === undefined) res.writeHead(404).end('not found');
  else route(req, res);
}

/**
 * Listens on `localhost`, which Node resolves with the same system lookup as the probe, so
 * the address the probe connects to is the one bound here (127.0.0.1 or ::1, as the machine
 * orders them). Resolving `localhost` needs no network.
 */
function listenOnLocalhost(server: http.Server | https.Server, scheme: 'http' | 'https'): Promise<LocalServer> {
  server.on('clientError', (_err, socket) => socket.destroy());
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, 'localhost', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `${scheme}://localhost:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

beforeAll(async () => {
  const cert: TlsCert = await createSelfSignedCert();
  [ipHttp, ipHttps, namedHttp, namedHttps, refusedPort] = await Promise.all([
    startHttpServer(handler),
    startHttpsServer(handler, cert),
    listenOnLocalhost(http.createServer(handler), 'http'),
    listenOnLocalhost(https.createServer({ key: cert.key, cert: cert.cert }, handler), 'https'),
    closedPort(),
  ]);
});

afterAll(async () => {
  await Promise.all([ipHttp, ipHttps, namedHttp, namedHttps].map((s) => s?.close()));
});

type Known = 'known' | null;

/** The invariants every result holds, whatever happened. */
function expectConsistent(result: CheckResult): CheckPhases {
  const { phases } = result;
  if (phases === undefined) throw new Error('no phases');
  expect(phases.total).toBe(result.durationMs);
  let sum = 0;
  for (const value of [phases.dns, phases.connect, phases.tls, phases.firstByte]) {
    if (value === null) continue;
    expect(Number.isInteger(value)).toBe(true);
    expect(value).toBeGreaterThanOrEqual(0);
    sum += value;
  }
  expect(sum).toBeLessThanOrEqual(phases.total + 1);
  return phases;
}

function known(value: number | null): Known {
  return value === null ? null : 'known';
}

describe('runHttpProbe phases', () => {
  it.each<{ name: string; spec: () => HttpProbeSpec; outcome: string; dns: Known; connect: Known; tls: Known; firstByte: Known }>([
    { name: 'http 200, IP literal', spec: () => httpSpec(`${ipHttp.url}/ok`), outcome: 'up', dns: null, connect: 'known', tls: null, firstByte: 'known' },
    { name: 'http 200, localhost', spec: () => httpSpec(`${namedHttp.url}/ok`), outcome: 'up', dns: 'known', connect: 'known', tls: null, firstByte: 'known' },
    { name: 'https 200, IP literal, insecure', spec: () => httpSpec(`${ipHttps.url}/ok`, { insecure: true }), outcome: 'up', dns: null, connect: 'known', tls: 'known', firstByte: 'known' },
    { name: 'https 500, localhost, insecure', spec: () => httpSpec(`${namedHttps.url}/error`, { insecure: true }), outcome: 'down', dns: 'known', connect: 'known', tls: 'known', firstByte: 'known' },
    { name: 'https with an untrusted certificate', spec: () => httpSpec(`${namedHttps.url}/ok`), outcome: 'down', dns: 'known', connect: 'known', tls: null, firstByte: null },
    { name: 'refused port', spec: () => httpSpec(`http://127.0.0.1:${refusedPort}/ok`), outcome: 'down', dns: null, connect: null, tls: null, firstByte: null },
    { name: 'refused port, localhost', spec: () => httpSpec(`http://localhost:${refusedPort}/ok`), outcome: 'down', dns: 'known', connect: null, tls: null, firstByte: null },
    { name: 'unresolvable host', spec: () => httpSpec('http://supportwatch-probe-test.invalid/'), outcome: 'down', dns: null, connect: null, tls: null, firstByte: null },
    { name: 'no headers within the timeout', spec: () => httpSpec(`${ipHttp.url}/hang`, { timeoutMs: 300 }), outcome: 'down', dns: null, connect: 'known', tls: null, firstByte: null },
    { name: 'redirect to https by name: the last hop', spec: () => httpSpec(`${ipHttp.url}/to-named-https`, { insecure: true }), outcome: 'up', dns: 'known', connect: 'known', tls: 'known', firstByte: 'known' },
    { name: 'redirect to http by IP: the last hop', spec: () => httpSpec(`${namedHttps.url}/to-ip-http`, { insecure: true }), outcome: 'up', dns: null, connect: 'known', tls: null, firstByte: 'known' },
  ])('$name', async ({ name: _name, spec, outcome, ...expected }) => {
    const result = await runHttpProbe(spec());
    expect(result.outcome).toBe(outcome);
    const phases = expectConsistent(result);
    expect({
      dns: known(phases.dns),
      connect: known(phases.connect),
      tls: known(phases.tls),
      firstByte: known(phases.firstByte),
    }).toEqual(expected);
  });

  it('counts a server that delays its headers in firstByte', async () => {
    const result = await runHttpProbe(httpSpec(`${ipHttp.url}/slow-headers`));
    expect(result.outcome).toBe('up');
    expect(expectConsistent(result).firstByte).toBeGreaterThanOrEqual(150);
  });

  it('times the TLS handshake and records the certificate over https', async () => {
    const result = await runHttpProbe(httpSpec(`${ipHttps.url}/ok`, { insecure: true }));
    expect(expectConsistent(result).tls).toBeGreaterThanOrEqual(0);
    expect(result.certExpiresAt).toBeGreaterThan(Date.now());
  });

  it.each<[string, () => string, string]>([
    ['https', () => `${namedHttps.url}/whoami`, 'sni:localhost'],
    ['http', () => `${namedHttp.url}/whoami`, 'sni:none'],
  ])('connects to the looked-up address but keeps the name for SNI and Host (%s)', async (_scheme, url, sni) => {
    const target = url();
    const host = new URL(target).host;
    const result = await runHttpProbe(httpSpec(target, { insecure: true, expect: { status: [200], contains: `${sni} host:${host}`, notContains: null, maxLatencyMs: null } }));
    expect({ outcome: result.outcome, message: result.message }).toEqual({ outcome: 'up', message: null });
    expect(result.phases?.dns).not.toBeNull();
  });
});

describe('hopPhases', () => {
  const blank = (): HopRecord => ({
    secure: true,
    connectCalled: 1,
    resolved: 2,
    tcpUp: 3,
    ready: 4,
    headers: 5,
    certValidTo: 6,
  });

  it('clearHop forgets every mark of the previous hop', () => {
    const hop = blank();
    clearHop(hop);
    expect(hop).toEqual({ secure: false, connectCalled: null, resolved: null, tcpUp: null, ready: null, headers: null, certValidTo: null });
    expect(hopPhases(hop, 0, 7)).toEqual({ dns: null, connect: null, tls: null, firstByte: null, total: 7 });
  });

  it.each<[string, Partial<HopRecord>, number, CheckPhases]>([
    ['https by name, all steps', { secure: true, connectCalled: 100.2, resolved: 103.7, tcpUp: 104.1, ready: 110.6, headers: 150.4 }, 51, { dns: 4, connect: 0, tls: 7, firstByte: 39, total: 51 }],
    ['http by IP: no dns, no tls', { secure: false, connectCalled: 100, resolved: null, tcpUp: 101, ready: 101, headers: 120 }, 21, { dns: null, connect: 1, tls: null, firstByte: 19, total: 21 }],
    ['TLS failed: connect known, tls null', { secure: true, connectCalled: 100, resolved: 102, tcpUp: 103, ready: null, headers: null }, 30, { dns: 2, connect: 1, tls: null, firstByte: null, total: 30 }],
    ['refused: connect null', { secure: false, connectCalled: 100, resolved: null, tcpUp: null, ready: null, headers: null }, 2, { dns: null, connect: null, tls: null, firstByte: null, total: 2 }],
    // Rounded separately, 0.5 + 0.5 + 0.5 + 0.5 would give 4 ms in a 2 ms check; rounded against t0 they telescope.
    ['halves telescope to the total', { secure: true, connectCalled: 100, resolved: 100.5, tcpUp: 101, ready: 101.5, headers: 102 }, 2, { dns: 1, connect: 0, tls: 1, firstByte: 0, total: 2 }],
  ])('%s', (_name, marks, total, phases) => {
    const hop = { ...blank(), ...marks };
    expect(hopPhases(hop, 100, total)).toEqual(phases);
  });
});

describe('answeredLookup', () => {
  const addresses = [
    { address: '::1', family: 6 },
    { address: '127.0.0.1', family: 4 },
  ];
  it('gives every address when asked for all, so the connect can fall back to the next one', () => {
    const seen: unknown[] = [];
    answeredLookup(addresses)('x.test', { all: true }, (err, list) => seen.push(err, list));
    expect(seen).toEqual([null, addresses]);
  });
  it('gives the first address otherwise, and ENOTFOUND for none', () => {
    const seen: unknown[] = [];
    answeredLookup(addresses)('x.test', {}, (err, address, family) => seen.push(err, address, family));
    answeredLookup([])('x.test', {}, (err) => seen.push((err as NodeJS.ErrnoException).code));
    expect(seen).toEqual([null, '::1', 6, 'ENOTFOUND']);
  });
});
