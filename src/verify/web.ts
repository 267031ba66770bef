import { domainToUnicode } from 'node:url';
import { parse } from 'tldts';
import { platformOfHost, tenantSuffixOf, type SocialPlatform } from './platforms.ts';

/**
 * Web addresses and e-mail addresses reduced to what decides who owns them: the
 * registrable domain (the Public Suffix List, private suffixes included, so `a.github.io`
 * and `b.github.io` are different owners), or the customer's own subdomain on a shared
 * help-desk host, or the account on a social network.
 */

/** A URL in canonical form. */
export interface NormalUrl {
  /** Lower case, punycode (`xn--`), no trailing dot. */
  host: string;
  /** The host as Unicode (IDN decoded), for lookalike checks and display. */
  unicodeHost: string;
  /**
   * Who owns it: the registrable domain (`examplepay.com`), a tenant host on a shared
   * help desk (`examplepay.zendesk.com`), or the IP address; null for a shared host's own
   * pages (`www.sobot.com`, `weibo.com`), whose owner is decided by the path.
   */
  unit: string | null;
  /** The path without a trailing slash (`/` → ``). */
  path: string;
  /** Set when the host is a social network: the account is in the path. */
  platform: SocialPlatform | undefined;
  /** `https://host/path`, for display. */
  href: string;
}

/** The owner of a host name (see `NormalUrl.unit`); null when the host has no registrable domain. */
export function unitOfHost(host: string): string | null {
  const info = parse(host, { allowPrivateDomains: true });
  if (info.isIp) return host;
  const tenant = tenantSuffixOf(host);
  if (tenant) {
    const rest = host === tenant ? '' : host.slice(0, -tenant.length - 1);
    const label = rest.split('.').pop() ?? '';
    return label === '' || label === 'www' ? null : `${label}.${tenant}`;
  }
  if (platformOfHost(host)) return null;
  return info.domain;
}

/**
 * Text as a web address, or null when it is not one. A scheme is optional
 * (`examplepay.com/help` works); only http(s) is accepted; the host must have a public
 * suffix or be an IP address. User info (`https://examplepay.com@evil.example/`) is
 * parsed the way browsers do: the host is `evil.example`.
 *
 * @example normalizeUrl('HTTPS://Help.ExamplePay.com./chat/')?.unit // 'examplepay.com'
 */
export function normalizeUrl(text: string): NormalUrl | null {
  const t = text.normalize('NFKC').trim();
  if (t === '' || /\s/.test(t)) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(t) ? t : `https://${t}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const host = url.hostname.replace(/\.$/, '').replace(/^\[|\]$/g, '');
  if (host === '') return null;
  const info = parse(host, { allowPrivateDomains: true });
  if (!info.isIp && (!info.domain || !(info.isIcann || info.isPrivate))) return null;
  const path = url.pathname.replace(/\/+$/, '');
  return {
    host,
    unicodeHost: info.isIp ? host : domainToUnicode(host) || host,
    unit: unitOfHost(host),
    path,
    platform: platformOfHost(host),
    href: `${url.protocol}//${url.host.replace(/\.(?=:|$)/, '')}${path}`,
  };
}

/** Does the text look like a web address rather than a handle? (`help.examplepay.com`, `https://…`) */
export function looksLikeUrl(text: string): boolean {
  const t = text.normalize('NFKC').trim();
  if (/^https?:\/\//i.test(t) || /^www\./i.test(t)) return true;
  if (/[\s@]/.test(t) || !t.includes('.')) return false;
  return normalizeUrl(t) !== null;
}

/** An e-mail address in canonical form. */
export interface NormalEmail {
  /** `support@examplepay.com`: lower case, domain in punycode. */
  address: string;
  local: string;
  /** The domain in punycode. */
  domain: string;
  unicodeDomain: string;
  /** Owner of the domain, as for URLs. */
  unit: string | null;
}

/**
 * Text as an e-mail address (`mailto:` allowed, query dropped), or null when it is not one.
 *
 * @example normalizeEmail('mailto:Support@ExamplePay.COM')?.address // 'support@examplepay.com'
 */
export function normalizeEmail(text: string): NormalEmail | null {
  const t = text.normalize('NFKC').trim().replace(/^mailto:/i, '').replace(/\?.*$/, '');
  const at = t.lastIndexOf('@');
  if (at <= 0 || at === t.length - 1 || /[\s<>()[\],;:"]/.test(t)) return null;
  const local = t.slice(0, at).toLowerCase();
  if (local.includes('@')) return null;
  const url = normalizeUrl(t.slice(at + 1));
  if (!url || url.path !== '' || url.host.includes(':')) return null;
  return { address: `${local}@${url.host}`, local, domain: url.host, unicodeDomain: url.unicodeHost, unit: url.unit ?? url.host };
}

/** Does the text look like an e-mail address? */
export function looksLikeEmail(text: string): boolean {
  const t = text.normalize('NFKC').trim();
  return /^mailto:/i.test(t) || /^[^\s@/:]+@[^\s@/]+\.[^\s@/]+$/.test(t);
}
