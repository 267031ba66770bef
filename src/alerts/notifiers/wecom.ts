/**
 * WeCom (企业微信) group robot: a text message; the key in the URL is the secret. WeCom answers
 * HTTP 200 with `errcode` ≠ 0 on refusal.
 */
import { botCode, postJson, targetUrl } from './http-notifier.ts';
import type { Notifier } from './types.ts';

/** "API frequency out of limit": worth retrying. */
const RETRY_CODES = [45009, 45033, -1];

export const sendWecom: Notifier = async ({ message }, { secrets }, options) => {
  const url = targetUrl(secrets.url);
  if (url === null) return { ok: false, permanent: true, error: 'the route has no valid URL' };
  const body = JSON.stringify({ msgtype: 'text', text: { content: `${message.title}\n${message.text}` } });
  return postJson(url, body, {}, options, (answer) => botCode(answer, ['errcode'], RETRY_CODES, 'WeCom'));
};
