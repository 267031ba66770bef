import type { CheckResult, TlsProbeSpec } from '../domain/catalog.ts';
import { judgeCertificate } from './net-cert.ts';
import { runNetCheck } from './net-session.ts';
import { upgradeToTls, type TrustOptions } from './net-tls.ts';

/**
 * Runs one certificate check: connect to `host:port`, complete a TLS handshake with SNI
 * `spec.servername ?? spec.host`, and judge the certificate (chain against the system store,
 * host name, validity dates). Never throws. `down` (class `tls`) when the certificate is
 * expired, not yet valid, untrusted or for another host; `degraded` when fewer than
 * `spec.warnDays` days are left; else `up`. Connection faults are `dns`, `connect` or
 * `timeout`, as for the tcp probe. `certExpiresAt` is set whenever a certificate was seen.
 *
 * @example
 * const result = await runTlsProbe({ ...common, type: 'tls', host: 'help.example', port: 443, servername: null, warnDays: 14 });
 * // → { outcome: 'degraded', errorClass: null, message: 'certificate expires in 1 day (2026-11-24)',
 * //     certExpiresAt: 1795561239000, … }
 */
export function runTlsProbe(spec: TlsProbeSpec): Promise<CheckResult> {
  return runTlsCheck(spec);
}

/**
 * `runTlsProbe` with a choice of trusted roots. Exported for tests, which trust a CA made at
 * test time, so that "trusted" is tested with a real chain and not by switching checks off;
 * everything else calls `runTlsProbe`, which uses the system store.
 */
export function runTlsCheck(spec: TlsProbeSpec, trust: TrustOptions = {}): Promise<CheckResult> {
  const name = spec.servername ?? spec.host;
  return runNetCheck(spec.timeoutMs, async (session) => {
    const address = await session.resolve(spec.host);
    const socket = await session.connect(address, spec.port);
    const { certificate } = await upgradeToTls(session, socket, {
      servername: name,
      ...(trust.ca === undefined ? {} : { ca: trust.ca }),
    });
    return judgeCertificate(certificate, { name, now: Date.now(), warnDays: spec.warnDays });
  });
}
