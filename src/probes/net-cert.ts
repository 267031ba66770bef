import type { CertificateFacts } from './net-tls.ts';
import type { NetVerdict } from './net-session.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** What `judgeCertificate` weighs the facts against. */
export interface CertificateRules {
  /** The name the certificate must be valid for (for the message; the match is in the facts). */
  name: string;
  /** Epoch ms to judge validity at. */
  now: number;
  /** Fewer days left than this and the verdict is `degraded`; 0 = never. */
  warnDays: number;
}

/** Plain words for the OpenSSL chain codes a monitor meets; others are shown as their code. */
const CHAIN_WORDS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in the chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'issued by an unknown authority',
  UNABLE_TO_GET_ISSUER_CERT: 'issued by an unknown authority',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'issued by an unknown authority',
  CERT_HAS_EXPIRED: 'a certificate in the chain has expired',
  CERT_NOT_YET_VALID: 'a certificate in the chain is not yet valid',
  CERT_REVOKED: 'a certificate in the chain is revoked',
  CERT_SIGNATURE_FAILURE: 'bad certificate signature',
  CERT_UNTRUSTED: 'certificate not trusted for this purpose',
  INVALID_PURPOSE: 'certificate not meant for servers',
};

/**
 * Judges a server certificate. Pure. Checked in the order a person would want to hear it:
 * missing, expired, not yet valid, untrusted chain, wrong host name (all `down`, class `tls`);
 * then fewer than `warnDays` days left (`degraded`); else `up`.
 *
 * @example
 * judgeCertificate(facts, { name: 'help.example', now: Date.parse('2026-11-23T12:00Z'), warnDays: 14 })
 * // → { failure: null, degraded: 'certificate expires in 1 day (2026-11-24)' }
 */
export function judgeCertificate(facts: CertificateFacts | null, rules: CertificateRules): NetVerdict {
  if (facts === null) return tlsFailure('the server sent no certificate');
  const { validFrom, validTo } = facts;
  if (validTo === null || validFrom === null) return tlsFailure('the certificate has unreadable validity dates');
  if (rules.now > validTo) {
    const ago = daysBetween(validTo, rules.now);
    const when = ago === 0 ? 'less than a day ago' : `${plural(ago, 'day')} ago`;
    return tlsFailure(`certificate expired ${when} (${isoDate(validTo)})`);
  }
  if (rules.now < validFrom) return tlsFailure(`certificate is not valid until ${isoDate(validFrom)}`);
  if (facts.chainError !== null) {
    const words = CHAIN_WORDS[facts.chainError];
    return tlsFailure(`certificate not trusted${words === undefined ? '' : `: ${words}`} (${facts.chainError})`);
  }
  if (!facts.hostMatches) {
    return tlsFailure(`certificate is not valid for ${rules.name} (it is for ${listNames(facts.names)})`);
  }
  if (validTo - rules.now < rules.warnDays * DAY_MS) {
    const left = certDaysLeft(validTo, rules.now);
    const when = left === 0 ? 'in less than a day' : `in ${plural(left, 'day')}`;
    return { failure: null, degraded: `certificate expires ${when} (${isoDate(validTo)})` };
  }
  return { failure: null, degraded: null };
}

/**
 * Whole days left before a certificate expires (negative once it has expired).
 *
 * @example
 * certDaysLeft(Date.parse('2026-11-24T23:00Z'), Date.parse('2026-11-23T11:00Z')) // → 1
 */
export function certDaysLeft(validTo: number, now: number): number {
  return daysBetween(now, validTo);
}

function tlsFailure(message: string): NetVerdict {
  return { failure: { errorClass: 'tls', message } };
}

/** Whole days from one instant to a later one. */
function daysBetween(from: number, to: number): number {
  return Math.floor((to - from) / DAY_MS);
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** At most four names, so that a certificate for a hundred domains keeps the message short. */
function listNames(names: readonly string[]): string {
  if (names.length === 0) return 'no names';
  const shown = names.slice(0, 4).join(', ');
  return names.length > 4 ? `${shown} and ${names.length - 4} more` : shown;
}
