import { platformByName, type SocialPlatform } from './platforms.ts';
import type { NormalUrl } from './web.ts';

/**
 * Social accounts as one form: `@ExamplePay`, `weibo:@ExamplePay`, `微博：ExamplePay官方`,
 * `https://weibo.com/examplepay` and `https://x.com/ExamplePay/status/1` all become a
 * platform (when known) and a lower-case name.
 */

export interface NormalHandle {
  /** Platform id (`weibo`, `x`, …), or null when the text does not say. */
  platform: string | null;
  /** NFKC, lower case, no leading `@`, no spaces. */
  name: string;
}

/** The canonical form of an account name. */
export function handleName(text: string): string {
  return text.normalize('NFKC').trim().replace(/^@+/, '').replace(/\s+/g, '').toLowerCase();
}

/**
 * Text as a handle, or null when nothing is left of it. A platform is recognised from a
 * written prefix (`weibo:`, `微博：`, `Weibo @…`).
 *
 * @example normalizeHandle('微博：@ExamplePay') // { platform: 'weibo', name: 'examplepay' }
 */
export function normalizeHandle(text: string): NormalHandle | null {
  const t = text.normalize('NFKC').trim();
  const prefixed = /^([^\s:@]+)\s*:\s*(.+)$/.exec(t) ?? /^([^\s:@]+)\s+(@.+)$/.exec(t);
  const platform = prefixed ? platformByName(prefixed[1]!) : undefined;
  const name = handleName(platform ? prefixed![2]! : t);
  if (name === '') return null;
  return { platform: platform?.id ?? null, name };
}

/**
 * The account a social-network URL points at (`weibo.com/u/123` → `123`), or null for the
 * network's own pages.
 */
export function handleOfUrl(url: NormalUrl): NormalHandle | null {
  const platform: SocialPlatform | undefined = url.platform;
  if (!platform) return null;
  const segments = url.path.split('/').filter((s) => s !== '');
  let i = 0;
  while (i < segments.length - 1 && platform.skip.includes(segments[i]!.toLowerCase())) i++;
  const first = segments[i];
  if (first === undefined || platform.skip.includes(first.toLowerCase())) return null;
  let decoded = first;
  try {
    decoded = decodeURIComponent(first);
  } catch {
    // keep the raw segment
  }
  const name = handleName(decoded);
  return name === '' ? null : { platform: platform.id, name };
}

/** Does the text name a platform explicitly or start with `@`? */
export function looksLikeHandle(text: string): boolean {
  const t = text.normalize('NFKC').trim();
  return t.startsWith('@') || normalizeHandle(t)?.platform != null;
}
