/**
 * Making and hashing API keys. Web Crypto only, so the Node and Workers builds share it.
 */

/** Every key starts with this, so a leaked one is easy to recognise (secret scanners, logs). */
export const KEY_PREFIX = 'sw_';

/**
 * A new random key: `sw_` and 32 random bytes (256 bits) in base64url.
 *
 * @example generateKey() // 'sw_Qm9vdHMgYW5kIGNhdHMgYW5kIGJvb3RzIGFuZCBjYXRzIQ'
 */
export function generateKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return KEY_PREFIX + btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * The SHA-256 of a key's UTF-8 text, as lowercase hex: what the database stores.
 *
 * @example await hashKey('sw_abc') // '5f1c…' (64 hex digits)
 */
export async function hashKey(key: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(key)));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/**
 * Are two strings equal, in time that depends only on their lengths? Used on hex digests
 * (always 64 characters), so nothing about the contents leaks through timing.
 *
 * @example sameDigest('ab', 'ab') // true
 */
export function sameDigest(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
