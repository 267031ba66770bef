import type { CheckResult, TcpProbeSpec } from '../domain/catalog.ts';
import { judgeCertificate } from './net-cert.ts';
import { runNetCheck } from './net-session.ts';
import { upgradeToTls, type TrustOptions } from './net-tls.ts';

/**
 * Runs one TCP check: resolve the host (timed as `dns`, skipped for an IP address), connect
 * (`connect`), and with `spec.tls` complete a TLS handshake with SNI (`tls`), verifying the
 * certificate unless `spec.insecure`. Never throws: `up`, or `down` with class `dns`,
 * `connect`, `tls` or `timeout`. One deadline, `spec.timeoutMs`, covers the whole check; the
 * socket is always destroyed and nothing is ever sent over it.
 *
 * @example
 * const result = await runTcpProbe({ ...common, type: 'tcp', host: 'chat.example', port: 443, tls: true, insecure: false });
 * // → { outcome: 'up', phases: { dns: 4, connect: 18, tls: 41, firstByte: null, total: 63 },
 * //     certExpiresAt: 1795561239000, … }
 */
export function runTcpProbe(spec: TcpProbeSpec): Promise<CheckResult> {
  return runTcpCheck(spec);
}

/**
 * `runTcpProbe` with a choice of trusted roots. Exported for tests, which trust a CA made at
 * test time; everything else calls `runTcpProbe`, which uses the system store.
 */
export function runTcpCheck(spec: TcpProbeSpec, trust: TrustOptions = {}): Promise<CheckResult> {
  return runNetCheck(spec.timeoutMs, async (session) => {
    const address = await session.resolve(spec.host);
    const socket = await session.connect(address, spec.port);
    if (!spec.tls) return { failure: null };
    const { certificate } = await upgradeToTls(session, socket, {
      servername: spec.host,
      ...(trust.ca === undefined ? {} : { ca: trust.ca }),
    });
    if (spec.insecure) return { failure: null };
    // Expiry warnings are the tls probe's job; here a certificate is only good or bad.
    return judgeCertificate(certificate, { name: spec.host, now: Date.now(), warnDays: 0 });
  });
}
