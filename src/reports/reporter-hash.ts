import { createHmac } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

/**
 * Who reported, without keeping who they are: the client address is reduced to what one
 * person controls and hashed with a secret salt (HMAC-SHA256). The salt never leaves the
 * server, so a stored hash cannot be reversed by hashing every IPv4 address.
 */

/**
 * The part of a client address that stands for one reporter: an IPv4 address as is
 * (IPv4-mapped IPv6 unwrapped), an IPv6 address cut to its /64, since one subscriber gets
 * at least a /64 and could otherwise pose as millions of reporters. Anything else is
 * trimmed and lower-cased.
 *
 * @example reporterKey('2001:db8:0:1:a::1') // '2001:db8:0:1::/64'
 * @example reporterKey('::ffff:192.0.2.7') // '192.0.2.7'
 */
export function reporterKey(address: string): string {
  let a = address.trim().toLowerCase().replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped) a = mapped[1]!;
  if (isIPv4(a)) return a;
  if (isIPv6(a)) return `${expandIPv6(a).slice(0, 4).join(':')}::/64`;
  return a;
}

/** The eight 16-bit groups of an IPv6 address, as lower-case hex without leading zeros. */
function expandIPv6(address: string): string[] {
  let text = address;
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : Array.from({ length: 8 - left.length - right.length }, () => '0');
  return [...left, ...zeros, ...right].map((g) => parseInt(g, 16).toString(16));
}

/**
 * The reporter's pseudonym: HMAC-SHA256 of `reporterKey(address)` under `salt`, as 64 hex
 * characters. Same address and salt, same hash; a new salt unlinks every earlier report.
 *
 * @throws RangeError when the salt is empty (an unsalted hash of an address is reversible).
 * @example reporterHash('192.0.2.7', process.env.REPORT_SALT!) // '3f9c…' (64 hex)
 */
export function reporterHash(address: string, salt: string | Uint8Array): string {
  if (salt.length === 0) throw new RangeError('reporterHash needs a non-empty salt');
  return createHmac('sha256', salt).update(reporterKey(address)).digest('hex');
}
