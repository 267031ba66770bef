import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { generate } from 'selfsigned';

/** A PEM key and certificate, ready for `https.createServer({ key, cert })`. */
export interface TlsCert {
  key: string;
  cert: string;
}

/** What the certificate says; every field has a default suited to a loopback server. */
export interface SelfSignedOptions {
  /** Subject common name. Default `localhost`. */
  commonName?: string;
  /** DNS names in the subjectAltName. Default `['localhost']`. */
  dnsNames?: string[];
  /** IP addresses in the subjectAltName. Default `['127.0.0.1', '::1']`. */
  ips?: string[];
  /** Start of validity. Default: a day ago (so clock skew never makes it "not yet valid"). */
  notBefore?: Date;
  /** End of validity. Default: 30 days after `notBefore`; pass a past date for an expired cert. */
  notAfter?: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Generates a self-signed certificate at test time (no key material in the repository).
 * EC P-256 keeps generation fast on a small CI machine.
 *
 * @example
 * const { key, cert } = await createSelfSignedCert();
 * const server = await startHttpsServer(handler, { key, cert });
 */
export function createSelfSignedCert(options: SelfSignedOptions = {}): Promise<TlsCert> {
  return serverCert(options, options.commonName ?? 'localhost');
}

/** A server certificate for `options`, self-signed or, with `ca`, signed by that CA. */
async function serverCert(options: SelfSignedOptions, commonName: string, ca?: TestCa): Promise<TlsCert> {
  const notBefore = options.notBefore ?? new Date(Date.now() - DAY_MS);
  const notAfter = options.notAfter ?? new Date(notBefore.getTime() + 30 * DAY_MS);
  const dnsNames = options.dnsNames ?? ['localhost'];
  const ips = options.ips ?? ['127.0.0.1', '::1'];
  const pems = await generate([{ name: 'commonName', value: commonName }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: notBefore,
    notAfterDate: notAfter,
    ...(ca ? { ca: { key: ca.key, cert: ca.cert } } : {}),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [...dnsNames.map((value) => ({ type: 2 as const, value })), ...ips.map((ip) => ({ type: 7 as const, ip }))],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

/** A certificate authority made at test time: trust `cert` in a client, sign leaves with `key`. */
export interface TestCa {
  key: string;
  cert: string;
}

/**
 * Generates a CA certificate (valid from a day ago for a year), so that a test can check
 * "trusted" with a real chain: trust `ca.cert` in the client, serve a leaf from
 * `createCaSignedCert(ca)`.
 *
 * @example
 * const ca = await createTestCa();
 * const leaf = await createCaSignedCert(ca, { notAfter: new Date(Date.now() + 36 * 3600_000) });
 * // client: tls.connect({ ca: [ca.cert], … }); server: { key: leaf.key, cert: leaf.cert }
 */
export async function createTestCa(commonName = 'supportwatch test CA'): Promise<TestCa> {
  const notBefore = new Date(Date.now() - DAY_MS);
  const pems = await generate([{ name: 'commonName', value: commonName }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: notBefore,
    notAfterDate: new Date(notBefore.getTime() + 365 * DAY_MS),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

/**
 * Generates a server certificate signed by `ca`, with the same options and defaults as
 * `createSelfSignedCert` (names, validity): pass dates in the past for an expired one, in
 * the future for one not yet valid, other `dnsNames`/`ips` for one made out to another host.
 */
export function createCaSignedCert(ca: TestCa, options: SelfSignedOptions = {}): Promise<TlsCert> {
  return serverCert(options, options.commonName ?? options.dnsNames?.[0] ?? 'localhost', ca);
}

/**
 * Answers a raw connection as a TLS server with `cert`, for use with `startTcpServer`:
 * `startTcpServer((socket) => acceptTls(socket, cert))`. The handshake completes and the
 * server then stays silent; a client that hangs up at any point is fine.
 */
export function acceptTls(socket: Socket, cert: TlsCert): TLSSocket {
  const secure = new TLSSocket(socket, { isServer: true, key: cert.key, cert: cert.cert });
  secure.on('error', () => {});
  return secure;
}
