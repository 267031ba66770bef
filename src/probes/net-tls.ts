import net from 'node:net';
import tls from 'node:tls';
import type { NetSession } from './net-session.ts';

/**
 * Roots to trust instead of the system store. Only tests pass them (a CA made at test time);
 * probes from the config always use the system store.
 */
export interface TrustOptions {
  ca?: string[];
}

/** How to run a TLS handshake on a connected socket. */
export interface TlsUpgradeOptions extends TrustOptions {
  /**
   * The name the certificate must be valid for. Sent as SNI when it is a host name; an IP
   * address is checked against the certificate's IP entries but not sent (SNI carries names only).
   */
  servername: string;
}

/**
 * What the server's certificate says and how it verified, as plain data for
 * `judgeCertificate` (net-cert.ts).
 */
export interface CertificateFacts {
  /** Start of validity, epoch ms (null if unreadable). */
  validFrom: number | null;
  /** End of validity, epoch ms (null if unreadable). */
  validTo: number | null;
  /** DNS names and IP addresses the certificate covers (its subjectAltName, else its CN). */
  names: string[];
  /** OpenSSL's verdict on the chain, not counting the host name: null = trusted, else its code. */
  chainError: string | null;
  /** Whether the certificate is valid for `servername` (`tls.checkServerIdentity`). */
  hostMatches: boolean;
}

/** A completed handshake. */
export interface TlsHandshake {
  socket: tls.TLSSocket;
  /** Null when the server sent no certificate. */
  certificate: CertificateFacts | null;
}

/**
 * Completes a TLS handshake on a connected socket as the session's `tls` step (a plain TCP
 * connection, or one after SMTP `STARTTLS`), and records the certificate's expiry on the
 * session.
 *
 * The handshake never fails because of the certificate: it is read and verified, and the
 * findings are returned for the caller to judge (`judgeCertificate`), so that a check can say
 * "expired", "untrusted" or "wrong host name" rather than one OpenSSL code, and can report
 * the expiry date even then. Callers must judge before trusting the connection with anything;
 * probes only ever send protocol greetings over it. Do not destroy `socket` yourself
 * afterwards: the session destroys the TLS socket first, as Node 20 needs.
 *
 * @example
 * const { certificate } = await upgradeToTls(session, socket, { servername: 'chat.example' });
 * const verdict = judgeCertificate(certificate, { name: 'chat.example', now: Date.now(), warnDays: 14 });
 */
export function upgradeToTls(session: NetSession, socket: net.Socket, options: TlsUpgradeOptions): Promise<TlsHandshake> {
  const name = options.servername;
  return session.step(
    'tls',
    () =>
      new Promise<TlsHandshake>((resolve, reject) => {
        const secure = session.track(
          tls.connect({
            socket,
            ...(net.isIP(name) === 0 ? { servername: name } : {}),
            ...(options.ca === undefined ? {} : { ca: options.ca }),
            // Verified below, so that each kind of fault gets its own words.
            rejectUnauthorized: false,
            checkServerIdentity: () => undefined,
          }),
        );
        secure.once('error', reject);
        secure.once('secureConnect', () => {
          secure.off('error', reject);
          const certificate = certificateFacts(secure, name);
          if (certificate?.validTo != null) session.noteCertificate(certificate.validTo);
          resolve({ socket: secure, certificate });
        });
      }),
  );
}

function certificateFacts(secure: tls.TLSSocket, name: string): CertificateFacts | null {
  const cert = secure.getPeerCertificate();
  // Node gives an empty object, not null, when there is no certificate.
  if (cert === null || typeof cert !== 'object' || cert.raw === undefined) return null;
  const chainError = secure.authorized ? null : String(secure.authorizationError ?? 'UNKNOWN');
  return {
    validFrom: parseDate(cert.valid_from),
    validTo: parseDate(cert.valid_to),
    names: namesOf(cert),
    chainError,
    hostMatches: tls.checkServerIdentity(name, cert) === undefined,
  };
}

/** `Nov 24 23:00:39 2026 GMT` → epoch ms. */
function parseDate(text: string | undefined): number | null {
  const ms = text === undefined ? Number.NaN : Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
}

/** `DNS:localhost, IP Address:127.0.0.1` → `['localhost', '127.0.0.1']`; the CN if there is no SAN. */
function namesOf(cert: tls.PeerCertificate): string[] {
  const san = cert.subjectaltname;
  if (typeof san === 'string' && san !== '') {
    return san
      .split(/,\s*/)
      .map((entry) => entry.replace(/^(DNS|IP Address):/, ''))
      .filter((entry) => entry !== '');
  }
  const cn = cert.subject?.CN;
  return typeof cn === 'string' && cn !== '' ? [cn] : [];
}
