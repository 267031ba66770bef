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
export async function createSelfSignedCert(options: SelfSignedOptions = {}): Promise<TlsCert> {
  const notBefore = options.notBefore ?? new Date(Date.now() - DAY_MS);
  const notAfter = options.notAfter ?? new Date(notBefore.getTime() + 30 * DAY_MS);
  const dnsNames = options.dnsNames ?? ['localhost'];
  const ips = options.ips ?? ['127.0.0.1', '::1'];
  const pems = await generate([{ name: 'commonName', value: options.commonName ?? 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: notBefore,
    notAfterDate: notAfter,
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
