import { oneLine, post, postFailure, statusResult, type SendResult } from '../http-post.ts';
import type { SendOptions } from './types.ts';

/**
 * POSTs a JSON body and judges the answer: the HTTP status first, then, for chat bots that
 * answer 200 with an error code inside, `judge` on the parsed answer.
 */
export async function postJson(
  url: URL,
  body: string,
  headers: Record<string, string>,
  options: SendOptions,
  judge?: (answer: unknown) => SendResult | null,
): Promise<SendResult> {
  let answer;
  try {
    answer = await post(url, body, headers, options);
  } catch (err) {
    return postFailure(err, url);
  }
  const byStatus = statusResult(answer, url);
  if (!byStatus.ok || judge === undefined) return byStatus;
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(answer.body);
  } catch {
    // Not JSON: the status said it went through.
  }
  return judge(parsed) ?? { ok: true, status: answer.status, detail: answer.body ? oneLine(answer.body) : null };
}

/**
 * A bot's `{ errcode | code, errmsg | msg }` answer: null when the code is 0 (or absent), else
 * a failure, retried only for rate limits (`retryCodes`).
 */
export function botCode(answer: unknown, codeKeys: readonly string[], retryCodes: readonly number[], who: string): SendResult | null {
  if (typeof answer !== 'object' || answer === null) return null;
  const record = answer as Record<string, unknown>;
  for (const key of codeKeys) {
    const code = record[key];
    if (typeof code !== 'number' || code === 0) continue;
    const message = typeof record.errmsg === 'string' ? record.errmsg : typeof record.msg === 'string' ? record.msg : '';
    return { ok: false, permanent: !retryCodes.includes(code), error: `${who} refused the message: ${code} ${oneLine(message)}`.trim() };
  }
  return null;
}

/** The route's endpoint: from the config or its environment variable (resolved at start). */
export function targetUrl(url: string | null): URL | null {
  if (url === null) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
