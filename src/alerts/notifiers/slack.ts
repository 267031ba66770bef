/** Slack incoming webhook: `{ text }` with the title in bold; Slack answers `ok` or an HTTP error. */
import type { Notifier } from './types.ts';
import { postJson, targetUrl } from './http-notifier.ts';

export const sendSlack: Notifier = async ({ message }, { secrets }, options) => {
  const url = targetUrl(secrets.url);
  if (url === null) return { ok: false, permanent: true, error: 'the route has no valid URL' };
  const text = `*${escapeSlack(message.title)}*\n${escapeSlack(message.text)}`;
  return postJson(url, JSON.stringify({ text }), {}, options);
};

/** Slack reads `&`, `<` and `>` as markup. */
function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
