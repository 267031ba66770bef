/**
 * The generic webhook: a JSON document describing the event, signed with HMAC-SHA256 when the
 * route has a secret (see `signing.ts` and the README's recipe for receivers).
 */
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, webhookSignature } from '../signing.ts';
import type { OutgoingAlert } from './types.ts';
import type { Notifier } from './types.ts';
import { postJson, targetUrl } from './http-notifier.ts';

/** Payload version, in `X-Supportwatch-Version`: a receiver can tell a future shape. */
export const WEBHOOK_VERSION = '1';

/**
 * The webhook body: the event id (idempotency key: the same id may arrive twice, never two
 * events with one id), kind, when, what it is about, and the rendered words.
 *
 * @example JSON.parse(webhookBody(alert)).id // 'incident:12:down'
 */
export function webhookBody({ facts, message, lang }: OutgoingAlert): string {
  const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());
  const incident = facts.incident;
  return JSON.stringify({
    id: facts.eventId,
    delivery: facts.deliveryId,
    kind: facts.kind,
    at: iso(facts.at),
    provider: facts.provider ? { id: facts.provider.id, name: facts.provider.name } : null,
    channel: facts.channel,
    incident: incident
      ? {
          id: incident.id,
          started_at: iso(incident.startedAt),
          ended_at: iso(incident.endedAt),
          duration_s: incident.endedAt === null ? null : Math.round((incident.endedAt - incident.startedAt) / 1000),
          cause: incident.causeClass === null ? null : { class: incident.causeClass, message: incident.causeMessage },
        }
      : null,
    data: facts.data,
    severity: message.severity,
    lang,
    title: message.title,
    text: message.text,
  });
}

export const sendWebhook: Notifier = async (alert, { secrets }, options) => {
  const url = targetUrl(secrets.url);
  if (url === null) return { ok: false, permanent: true, error: 'the route has no valid URL' };
  const body = webhookBody(alert);
  const timestamp = Math.floor(options.now / 1000);
  const headers: Record<string, string> = {
    'x-supportwatch-event': alert.facts.kind,
    'x-supportwatch-id': alert.facts.eventId,
    'x-supportwatch-delivery': String(alert.facts.deliveryId),
    'x-supportwatch-version': WEBHOOK_VERSION,
    [TIMESTAMP_HEADER]: String(timestamp),
  };
  if (secrets.secret !== null) headers[SIGNATURE_HEADER] = webhookSignature(secrets.secret, timestamp, body);
  return postJson(url, body, headers, options);
};
