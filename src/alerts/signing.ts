/**
 * Signatures on outgoing messages. Our webhook: HMAC-SHA256 over `<timestamp>.<body>`, so a
 * receiver can prove the message came from us and is fresh. DingTalk and Feishu bots: their
 * own schemes, which the bot checks before it posts.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header carrying our webhook signature: `sha256=<hex>`. */
export const SIGNATURE_HEADER = 'x-supportwatch-signature';
/** The header carrying the Unix time (seconds) the signature covers. */
export const TIMESTAMP_HEADER = 'x-supportwatch-timestamp';

/**
 * The signature of a webhook body: `sha256=` and the hex HMAC-SHA256, keyed by the shared
 * secret, of the timestamp (Unix seconds, as sent in `X-Supportwatch-Timestamp`), a dot, and
 * the raw body bytes.
 *
 * @example webhookSignature('s3cret', 1795440000, '{"id":"incident:1:down"}') // 'sha256=5d0f…'
 */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * What a receiver does: recompute the signature over the raw body and compare in constant
 * time, and refuse a timestamp further than `toleranceS` from its own clock (a replay).
 *
 * @example verifyWebhookSignature({ secret, body, timestamp: req.headers['x-supportwatch-timestamp'], signature: req.headers['x-supportwatch-signature'], now: Date.now() })
 */
export function verifyWebhookSignature(input: {
  secret: string;
  body: string;
  timestamp: string | undefined;
  signature: string | undefined;
  now: number;
  toleranceS?: number;
}): boolean {
  const ts = Number(input.timestamp);
  if (!Number.isInteger(ts) || input.signature === undefined) return false;
  if (Math.abs(input.now / 1000 - ts) > (input.toleranceS ?? 300)) return false;
  const expected = Buffer.from(webhookSignature(input.secret, ts, input.body));
  const given = Buffer.from(input.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * DingTalk bot signing: base64 HMAC-SHA256, keyed by the secret, of `<timestamp ms>\n<secret>`;
 * sent URL-encoded as `&timestamp=…&sign=…` on the webhook URL.
 *
 * @example dingtalkSign('SEC…', 1795440000000) // 'q0A…='
 */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

/**
 * Feishu/Lark bot signing: base64 HMAC-SHA256 keyed by `<timestamp s>\n<secret>` over nothing;
 * sent in the body as `timestamp` (a string of seconds) and `sign`.
 *
 * @example feishuSign('secret', 1795440000) // 'Zs0…='
 */
export function feishuSign(secret: string, timestampS: number): string {
  return createHmac('sha256', `${timestampS}\n${secret}`).update('').digest('base64');
}
