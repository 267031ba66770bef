/**
 * DingTalk custom robot: a markdown message; with a secret, the URL carries `timestamp` (ms)
 * and `sign`. DingTalk answers HTTP 200 with `errcode` ≠ 0 on refusal.
 */
import { dingtalkSign } from '../signing.ts';
import { botCode, postJson, targetUrl } from './http-notifier.ts';
import type { Notifier } from './types.ts';

/** "Sending too fast": worth retrying. */
const RETRY_CODES = [130101, 410100];

export const sendDingtalk: Notifier = async ({ message }, { secrets }, options) => {
  const url = targetUrl(secrets.url);
  if (url === null) return { ok: false, permanent: true, error: 'the route has no valid URL' };
  if (secrets.secret !== null) {
    url.searchParams.set('timestamp', String(options.now));
    url.searchParams.set('sign', dingtalkSign(secrets.secret, options.now));
  }
  const text = `### ${message.title}\n\n${message.text.split('\n').join('\n\n')}`;
  const body = JSON.stringify({ msgtype: 'markdown', markdown: { title: message.title, text } });
  return postJson(url, body, {}, options, (answer) => botCode(answer, ['errcode'], RETRY_CODES, 'DingTalk'));
};
