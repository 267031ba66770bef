import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult, TcpProbeSpec } from '../../src/domain/catalog.ts';
import { classifyNetError, runNetCheck, type NetFailureContext } from '../../src/probes/net-session.ts';
import { runTcpCheck, runTcpProbe } from '../../src/probes/tcp.ts';
import { closedPort, startTcpServer, type LocalServer } from '../support/local-server.ts';
import { acceptTls, createCaSignedCert, createSelfSignedCert, createTestCa, type TestCa } from '../support/tls-cert.ts';
import { probeCommon } from '../support/catalog.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A TcpProbeSpec with test defaults: 127.0.0.1, plain TCP, 2 s timeout. */
function tcpSpec(overrides: Partial<TcpProbeSpec> = {}): TcpProbeSpec {
  return {
    ...probeCommon('test-chat#0'),
    type: 'tcp',
    host: '127.0.0.1',
    port: 1,
    tls: false,
    insecure: false,
    ...overrides,
  };
}

let ca: TestCa;
let trustedNotAfter: Date;
let open: LocalServer;
let trusted: LocalServer;
let selfSigned: LocalServer;
let expired: LocalServer;
let otherHost: LocalServer;
let silent: LocalServer;
let answersPlainText: LocalServer;
let hangsUp: LocalServer;
let refusedPort: number;

beforeAll(async () => {
  ca = await createTestCa();
  trustedNotAfter = new Date(Math.floor((Date.now() + 30 * DAY_MS) / 1000) * 1000);
  const [leaf, own, old, other] = await Promise.all([
    createCaSignedCert(ca, { notAfter: trustedNotAfter }),
    createSelfSignedCert(),
    createCaSignedCert(ca, { notBefore: new Date(Date.now() - 30 * DAY_MS), notAfter: new Date(Date.now() - 2 * DAY_MS) }),
    createCaSignedCert(ca, { dnsNames: ['chat.other.example'], ips: [] }),
  ]);
  [open, trusted, selfSigned, expired, otherHost, silent, answersPlainText, hangsUp, refusedPort] = await Promise.all([
    startTcpServer(() => {}),
    startTcpServer((socket) => acceptTls(socket, leaf)),
    startTcpServer((socket) => acceptTls(socket, own)),
    startTcpServer((socket) => acceptTls(socket, old)),
    startTcpServer((socket) => acceptTls(socket, other)),
    startTcpServer(() => {}),
    startTcpServer((socket) => socket.end('220 hello, this is not TLS\r\n')),
    startTcpServer((socket) => socket.destroy()),
    closedPort(),
  ]);
});

afterAll(async () => {
  await Promise.all([open, trusted, selfSigned, expired, otherHost, silent, answersPlainText, hangsUp].map((s) => s?.close()));
});

/** Runs a check trusting the test CA. */
function check(overrides: Partial<TcpProbeSpec>): Promise<CheckResult> {
  return runTcpCheck(tcpSpec(overrides), { ca: [ca.cert] });
}

describe('runTcpProbe against local servers', () => {
  it('is up with a timed connect phase when the port is open, and no dns or tls phase for an IP', async () => {
    const result = await runTcpProbe(tcpSpec({ port: open.port }));
    expect(result).toMatchObject({ outcome: 'up', errorClass: null, message: null, httpStatus: null });
    expect(result.phases).toMatchObject({ dns: null, tls: null, firstByte: null, total: result.durationMs });
    expect(result.phases?.connect).toBeGreaterThanOrEqual(0);
    expect(result.certExpiresAt).toBeUndefined();
  });

  it('is down with class connect when the port is closed', async () => {
    const result = await runTcpProbe(tcpSpec({ port: refusedPort }));
    expect(result).toMatchObject({ outcome: 'down', errorClass: 'connect' });
    expect(result.message).toBe(`could not connect to 127.0.0.1:${refusedPort}: connection refused (ECONNREFUSED)`);
    expect(result.phases?.connect).toBeNull();
  });

  it('completes a TLS handshake with a trusted certificate: tls phase and certExpiresAt', async () => {
    const result = await check({ port: trusted.port, tls: true });
    expect(result).toMatchObject({ outcome: 'up', errorClass: null, message: null });
    expect(result.phases?.connect).toBeGreaterThanOrEqual(0);
    expect(result.phases?.tls).toBeGreaterThanOrEqual(0);
    expect(result.certExpiresAt).toBe(trustedNotAfter.getTime());
  });

  it('times the dns phase when the host is a name', async () => {
    // Listening on `localhost` picks the same address the probe's lookup will, whatever the machine.
    const server = net.createServer((socket) => socket.on('error', () => {}));
    await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const result = await runTcpProbe(tcpSpec({ host: 'localhost', port }));
      expect(result.outcome).toBe('up');
      expect(result.phases?.dns).toBeGreaterThanOrEqual(0);
    } finally {
      server.close();
    }
  });

  it.each<{ name: string; spec: () => Partial<TcpProbeSpec>; outcome: CheckResult['outcome']; errorClass: string | null; message: RegExp | null }>([
    {
      name: 'a self-signed certificate, verified',
      spec: () => ({ port: selfSigned.port, tls: true }),
      outcome: 'down',
      errorClass: 'tls',
      message: /^certificate not trusted: self-signed certificate \(DEPTH_ZERO_SELF_SIGNED_CERT\)$/,
    },
    {
      name: 'a self-signed certificate, insecure',
      spec: () => ({ port: selfSigned.port, tls: true, insecure: true }),
      outcome: 'up',
      errorClass: null,
      message: null,
    },
    {
      name: 'an expired certificate, verified',
      spec: () => ({ port: expired.port, tls: true }),
      outcome: 'down',
      errorClass: 'tls',
      message: /^certificate expired 2 days ago \(\d{4}-\d{2}-\d{2}\)$/,
    },
    {
      name: 'a trusted certificate made out to another host',
      spec: () => ({ port: otherHost.port, tls: true }),
      outcome: 'down',
      errorClass: 'tls',
      message: /^certificate is not valid for 127\.0\.0\.1 \(it is for chat\.other\.example\)$/,
    },
    {
      name: 'a plain-text server (TLS expected)',
      spec: () => ({ port: answersPlainText.port, tls: true }),
      outcome: 'down',
      errorClass: 'tls',
      message: /^TLS handshake with 127\.0\.0\.1:\d+ failed: wrong version number \(ERR_SSL_WRONG_VERSION_NUMBER\)$/,
    },
    {
      name: 'a server that hangs up before the handshake',
      spec: () => ({ port: hangsUp.port, tls: true }),
      outcome: 'down',
      errorClass: 'tls',
      message: /^TLS handshake with 127\.0\.0\.1:\d+ failed: the server closed the connection \(ECONNRESET\)$/,
    },
    {
      name: 'a host name that does not resolve',
      spec: () => ({ host: 'chat.supportwatch.invalid', port: 443 }),
      outcome: 'down',
      errorClass: 'dns',
      message: /^could not resolve chat\.supportwatch\.invalid \(ENOTFOUND\)$/,
    },
  ])('$name → $outcome $errorClass', async ({ spec, outcome, errorClass, message }) => {
    const result = await check(spec());
    expect(result.outcome).toBe(outcome);
    expect(result.errorClass).toBe(errorClass);
    if (message === null) expect(result.message).toBeNull();
    else expect(result.message).toMatch(message);
  });

  it('reports certExpiresAt even when the certificate is rejected', async () => {
    const result = await check({ port: expired.port, tls: true });
    expect(result.outcome).toBe('down');
    expect(result.certExpiresAt).toBeLessThan(Date.now());
  });

  it('times out within the deadline when TLS is expected from a server that never speaks', async () => {
    const started = Date.now();
    const result = await check({ port: silent.port, tls: true, timeoutMs: 300 });
    expect(result).toMatchObject({ outcome: 'down', errorClass: 'timeout' });
    expect(result.message).toBe(`no TLS handshake with 127.0.0.1:${silent.port} within 300 ms`);
    expect(result.phases?.connect).toBeGreaterThanOrEqual(0);
    expect(result.phases?.tls).toBeNull();
    // Loose: only proves the check does not hang on the silent peer.
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('runNetCheck', () => {
  it('turns a throw into a classified failure and ends on the deadline even outside a step', async () => {
    const thrown = await runNetCheck(1000, async () => {
      throw Object.assign(new Error('boom'), { code: 'ECONNREFUSED' });
    });
    expect(thrown).toMatchObject({ outcome: 'down', errorClass: 'connect' });
    const hung = await runNetCheck(50, () => new Promise(() => {}));
    expect(hung).toMatchObject({ outcome: 'down', errorClass: 'timeout' });
  });

  it('destroys every socket it opened, whatever the verdict', async () => {
    let seen: net.Socket | undefined;
    const result = await runNetCheck(1000, async (session) => {
      seen = await session.connect('127.0.0.1', open.port);
      return { failure: null, degraded: 'slow' };
    });
    expect(result).toMatchObject({ outcome: 'degraded', errorClass: null, message: 'slow' });
    expect(seen?.destroyed).toBe(true);
  });
});

describe('classifyNetError', () => {
  const ctx = (over: Partial<NetFailureContext>): NetFailureContext => ({
    step: 'connect',
    host: 'chat.example',
    target: 'chat.example:443',
    timedOut: false,
    timeoutMs: 5000,
    ...over,
  });
  const coded = (code: string, message = code, extra: object = {}): Error => Object.assign(new Error(message), { code }, extra);

  it.each<{ name: string; err: unknown; over: Partial<NetFailureContext>; errorClass: string; message: string }>([
    { name: 'dns failure', err: coded('ENOTFOUND'), over: { step: 'dns' }, errorClass: 'dns', message: 'could not resolve chat.example (ENOTFOUND)' },
    { name: 'dns timeout', err: new Error('x'), over: { step: 'dns', timedOut: true }, errorClass: 'timeout', message: 'no DNS answer for chat.example within 5000 ms' },
    { name: 'connect timeout', err: new Error('x'), over: { timedOut: true }, errorClass: 'timeout', message: 'could not connect to chat.example:443 within 5000 ms' },
    { name: 'refused', err: coded('ECONNREFUSED'), over: {}, errorClass: 'connect', message: 'could not connect to chat.example:443: connection refused (ECONNREFUSED)' },
    { name: 'tls timeout', err: new Error('x'), over: { step: 'tls', timedOut: true }, errorClass: 'timeout', message: 'no TLS handshake with chat.example:443 within 5000 ms' },
    {
      name: 'OpenSSL error uses its reason',
      err: coded('ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', '4087:error:0A000410:SSL routines:long text', { reason: 'sslv3 alert handshake failure' }),
      over: { step: 'tls' },
      errorClass: 'tls',
      message: 'TLS handshake with chat.example:443 failed: sslv3 alert handshake failure (ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE)',
    },
    { name: 'reset during tls is tls', err: coded('ECONNRESET'), over: { step: 'tls' }, errorClass: 'tls', message: 'TLS handshake with chat.example:443 failed: the server closed the connection (ECONNRESET)' },
    { name: 'reset while waiting for a banner', err: coded('ECONNRESET'), over: { step: 'firstByte' }, errorClass: 'connect', message: 'connection reset by chat.example:443 before a response (ECONNRESET)' },
    { name: 'banner timeout', err: new Error('x'), over: { step: 'firstByte', timedOut: true }, errorClass: 'timeout', message: 'no answer from chat.example:443 within 5000 ms' },
    { name: 'unknown error', err: new Error('odd'), over: {}, errorClass: 'other', message: 'request to chat.example:443 failed while connecting: odd' },
  ])('$name', ({ err, over, errorClass, message }) => {
    expect(classifyNetError(err, ctx(over))).toEqual({ errorClass, message });
  });
});
