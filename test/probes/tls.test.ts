import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult, TlsProbeSpec } from '../../src/domain/catalog.ts';
import { certDaysLeft, judgeCertificate } from '../../src/probes/net-cert.ts';
import type { CertificateFacts } from '../../src/probes/net-tls.ts';
import { runTlsCheck, runTlsProbe } from '../../src/probes/tls.ts';
import { closedPort, startTcpServer, type LocalServer } from '../support/local-server.ts';
import { acceptTls, createCaSignedCert, createSelfSignedCert, createTestCa, type TestCa } from '../support/tls-cert.ts';
import { probeCommon } from '../support/catalog.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

/** A TlsProbeSpec with test defaults: 127.0.0.1, no servername, warn at 14 days, 2 s timeout. */
function tlsSpec(overrides: Partial<TlsProbeSpec> = {}): TlsProbeSpec {
  return {
    ...probeCommon('test-help#0'),
    intervalMs: 3_600_000,
    failureThreshold: 1,
    type: 'tls',
    host: '127.0.0.1',
    port: 1,
    servername: null,
    warnDays: 14,
    ...overrides,
  };
}

/** X.509 dates have whole seconds; so must the expected `certExpiresAt`. */
function wholeSeconds(ms: number): Date {
  return new Date(Math.floor(ms / 1000) * 1000);
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

let ca: TestCa;
const notAfter = { valid: new Date(0), tomorrow: new Date(0) };
let valid: LocalServer;
let tomorrow: LocalServer;
let expired: LocalServer;
let notYetValid: LocalServer;
let selfSigned: LocalServer;
let silent: LocalServer;
let refusedPort: number;

beforeAll(async () => {
  ca = await createTestCa();
  notAfter.valid = wholeSeconds(Date.now() + 60 * DAY_MS);
  notAfter.tomorrow = wholeSeconds(Date.now() + 36 * HOUR_MS);
  const certs = await Promise.all([
    createCaSignedCert(ca, { notAfter: notAfter.valid }),
    createCaSignedCert(ca, { notAfter: notAfter.tomorrow }),
    createCaSignedCert(ca, { notBefore: new Date(Date.now() - 90 * DAY_MS), notAfter: new Date(Date.now() - 3 * DAY_MS - HOUR_MS) }),
    createCaSignedCert(ca, { notBefore: new Date(Date.now() + 2 * DAY_MS), notAfter: new Date(Date.now() + 90 * DAY_MS) }),
    createSelfSignedCert(),
  ]);
  const servers = await Promise.all(certs.map((cert) => startTcpServer((socket) => acceptTls(socket, cert))));
  [valid, tomorrow, expired, notYetValid, selfSigned] = servers as [LocalServer, LocalServer, LocalServer, LocalServer, LocalServer];
  [silent, refusedPort] = await Promise.all([startTcpServer(() => {}), closedPort()]);
});

afterAll(async () => {
  await Promise.all([valid, tomorrow, expired, notYetValid, selfSigned, silent].map((s) => s?.close()));
});

/** Runs a check trusting the test CA. */
function check(overrides: Partial<TlsProbeSpec>): Promise<CheckResult> {
  return runTlsCheck(tlsSpec(overrides), { ca: [ca.cert] });
}

describe('runTlsProbe against local servers', () => {
  it('is up for a trusted certificate far from expiry, with its expiry and the timed phases', async () => {
    const result = await check({ port: valid.port });
    expect(result).toMatchObject({ outcome: 'up', errorClass: null, message: null, httpStatus: null });
    expect(result.certExpiresAt).toBe(notAfter.valid.getTime());
    expect(certDaysLeft(result.certExpiresAt ?? 0, Date.now())).toBeGreaterThanOrEqual(59);
    expect(result.phases).toMatchObject({ dns: null, firstByte: null, total: result.durationMs });
    expect(result.phases?.connect).toBeGreaterThanOrEqual(0);
    expect(result.phases?.tls).toBeGreaterThanOrEqual(0);
  });

  it('is degraded when the certificate expires tomorrow', async () => {
    const result = await check({ port: tomorrow.port });
    expect(result).toMatchObject({ outcome: 'degraded', errorClass: null });
    expect(result.message).toBe(`certificate expires in 1 day (${isoDate(notAfter.tomorrow.getTime())})`);
    expect(result.certExpiresAt).toBe(notAfter.tomorrow.getTime());
  });

  it('is up for the same certificate when warnDays is 1', async () => {
    expect((await check({ port: tomorrow.port, warnDays: 1 })).outcome).toBe('up');
  });

  it.each<{ name: string; spec: () => Partial<TlsProbeSpec>; errorClass: string; message: RegExp }>([
    { name: 'an expired certificate', spec: () => ({ port: expired.port }), errorClass: 'tls', message: /^certificate expired 3 days ago \(\d{4}-\d{2}-\d{2}\)$/ },
    { name: 'a certificate not yet valid', spec: () => ({ port: notYetValid.port }), errorClass: 'tls', message: /^certificate is not valid until \d{4}-\d{2}-\d{2}$/ },
    {
      name: 'a certificate for another host name',
      spec: () => ({ port: valid.port, servername: 'help.acme-pay.example' }),
      errorClass: 'tls',
      message: /^certificate is not valid for help\.acme-pay\.example \(it is for localhost, 127\.0\.0\.1, /,
    },
    {
      name: 'an untrusted self-signed certificate',
      spec: () => ({ port: selfSigned.port }),
      errorClass: 'tls',
      message: /^certificate not trusted: self-signed certificate \(DEPTH_ZERO_SELF_SIGNED_CERT\)$/,
    },
    { name: 'a server that never answers the handshake', spec: () => ({ port: silent.port, timeoutMs: 300 }), errorClass: 'timeout', message: /^no TLS handshake with 127\.0\.0\.1:\d+ within 300 ms$/ },
    { name: 'a closed port', spec: () => ({ port: refusedPort }), errorClass: 'connect', message: /^could not connect to 127\.0\.0\.1:\d+: connection refused \(ECONNREFUSED\)$/ },
    { name: 'an unresolvable host', spec: () => ({ host: 'help.supportwatch.invalid', port: 443 }), errorClass: 'dns', message: /^could not resolve help\.supportwatch\.invalid \(ENOTFOUND\)$/ },
  ])('is down ($errorClass) for $name', async ({ spec, errorClass, message }) => {
    const started = Date.now();
    const result = await check(spec());
    expect(result.outcome).toBe('down');
    expect(result.errorClass).toBe(errorClass);
    expect(result.message).toMatch(message);
    // Loose: only proves no case hangs past its deadline.
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('reports when a rejected certificate expires', async () => {
    const result = await check({ port: selfSigned.port });
    expect(result.outcome).toBe('down');
    expect(result.certExpiresAt).toBeGreaterThan(Date.now());
  });

  it('trusts only the system store without a test CA: a chain from an unknown authority is down', async () => {
    const result = await runTlsProbe(tlsSpec({ port: valid.port }));
    expect(result).toMatchObject({ outcome: 'down', errorClass: 'tls' });
    expect(result.message).toBe('certificate not trusted: issued by an unknown authority (UNABLE_TO_VERIFY_LEAF_SIGNATURE)');
  });

  it('resolves a host name (dns phase) and checks the certificate against it', async () => {
    const leaf = await createCaSignedCert(ca, { dnsNames: ['localhost'], ips: [] });
    // Listening on `localhost` picks the same address the probe's lookup will, whatever the machine.
    const server = net.createServer((socket) => {
      socket.on('error', () => {});
      acceptTls(socket, leaf);
    });
    await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const result = await check({ host: 'localhost', port });
      expect(result).toMatchObject({ outcome: 'up', errorClass: null });
      expect(result.phases?.dns).toBeGreaterThanOrEqual(0);
    } finally {
      server.close();
    }
  });
});

describe('judgeCertificate', () => {
  const now = Date.parse('2026-11-23T12:00:00Z');
  const facts = (over: Partial<CertificateFacts> = {}): CertificateFacts => ({
    validFrom: now - 60 * DAY_MS,
    validTo: now + 60 * DAY_MS,
    names: ['help.example', 'www.help.example'],
    chainError: null,
    hostMatches: true,
    ...over,
  });
  const rules = { name: 'help.example', now, warnDays: 14 };

  it.each<{ name: string; facts: CertificateFacts | null; warnDays?: number; failure: string | null; degraded: string | null }>([
    { name: 'no certificate', facts: null, failure: 'the server sent no certificate', degraded: null },
    { name: 'unreadable dates', facts: facts({ validTo: null }), failure: 'the certificate has unreadable validity dates', degraded: null },
    { name: 'expired days ago', facts: facts({ validTo: now - 3 * DAY_MS - HOUR_MS }), failure: 'certificate expired 3 days ago (2026-11-20)', degraded: null },
    { name: 'expired hours ago', facts: facts({ validTo: now - 2 * HOUR_MS }), failure: 'certificate expired less than a day ago (2026-11-23)', degraded: null },
    { name: 'expired and untrusted: expiry first', facts: facts({ validTo: now - 2 * DAY_MS, chainError: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), failure: 'certificate expired 2 days ago (2026-11-21)', degraded: null },
    { name: 'not yet valid', facts: facts({ validFrom: Date.parse('2026-12-01T00:00:00Z') }), failure: 'certificate is not valid until 2026-12-01', degraded: null },
    { name: 'self-signed', facts: facts({ chainError: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), failure: 'certificate not trusted: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)', degraded: null },
    { name: 'an unlisted OpenSSL code', facts: facts({ chainError: 'PATH_LENGTH_EXCEEDED' }), failure: 'certificate not trusted (PATH_LENGTH_EXCEEDED)', degraded: null },
    { name: 'untrusted and wrong host: chain first', facts: facts({ chainError: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', hostMatches: false }), failure: 'certificate not trusted: issued by an unknown authority (UNABLE_TO_GET_ISSUER_CERT_LOCALLY)', degraded: null },
    {
      name: 'wrong host, many names',
      facts: facts({ hostMatches: false, names: ['a.example', 'b.example', 'c.example', 'd.example', 'e.example', 'f.example'] }),
      failure: 'certificate is not valid for help.example (it is for a.example, b.example, c.example, d.example and 2 more)',
      degraded: null,
    },
    { name: 'wrong host, no names', facts: facts({ hostMatches: false, names: [] }), failure: 'certificate is not valid for help.example (it is for no names)', degraded: null },
    { name: '1.5 days left', facts: facts({ validTo: now + 36 * HOUR_MS }), failure: null, degraded: 'certificate expires in 1 day (2026-11-25)' },
    { name: '10 hours left', facts: facts({ validTo: now + 10 * HOUR_MS }), failure: null, degraded: 'certificate expires in less than a day (2026-11-23)' },
    { name: '13 days left', facts: facts({ validTo: now + 13 * DAY_MS }), failure: null, degraded: 'certificate expires in 13 days (2026-12-06)' },
    { name: 'exactly 14 days left', facts: facts({ validTo: now + 14 * DAY_MS }), failure: null, degraded: null },
    { name: '60 days left', facts: facts(), failure: null, degraded: null },
    { name: 'an hour left, warnDays 0', facts: facts({ validTo: now + HOUR_MS }), warnDays: 0, failure: null, degraded: null },
  ])('$name', ({ facts: given, warnDays, failure, degraded }) => {
    const verdict = judgeCertificate(given, { ...rules, warnDays: warnDays ?? rules.warnDays });
    expect(verdict.failure).toEqual(failure === null ? null : { errorClass: 'tls', message: failure });
    expect(verdict.degraded ?? null).toBe(degraded);
  });

  it.each([
    [now + 36 * HOUR_MS, 1],
    [now + 23 * HOUR_MS, 0],
    [now - HOUR_MS, -1],
  ])('certDaysLeft(%i) = %i', (validTo, days) => {
    expect(certDaysLeft(validTo, now)).toBe(days);
  });
});
