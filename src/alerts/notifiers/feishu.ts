/**
 * Feishu/Lark custom bot: a text message, signed in the body (`timestamp` in seconds, `sign`)
 * when the route has a secret. Feishu answers HTTP 200 with `code` ≠ 0 on refusal.
 */
import { feishuSign } from '../signing.ts';
import { botCode, postJson, targetUrl } from './http-notifier.ts';
import type { Notifier } from './types.ts';

/** Feishu's "too many requests": worth retrying. */
const RETRY_CODES = [9499, 11232];

export const sendFeishu: Notifier = async ({ message }, { secrets }, options) => {
  const url = targetUrl(secrets.url);
  if (url === null) return { ok: false, permanent: true, error: 'the route has no valid URL' };
  const timestamp = Math.floor(options.now / 1000);
  const signed = secrets.secret === null ? {} : { timestamp: String(timestamp), sign: feishuSign(secrets.secret, timestamp) };
  const body = JSON.stringify({ ...signed, msg_type: 'text', content: { text: `${message.title}\n${message.text}` } });
  return postJson(url, body, {}, options, (answer) => botCode(answer, ['code', 'StatusCode'], RETRY_CODES, 'Feishu'));
};
