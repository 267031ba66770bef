/** Response schemas of the alert routes. */
import { z } from '@hono/zod-openapi';
import { DELIVERY_STATUSES, NOTIFIER_KINDS, STORED_ALERT_KINDS } from '../../../alerts/vocabulary.ts';
import type { DeliveryLogEntry } from '../../../alerts/store.ts';
import { Instant } from '../../schemas.ts';
import { iso } from '../../views.ts';

export const DeliverySchema = z
  .object({
    id: z.number().int(),
    event_id: z.string().openapi({ description: 'The idempotency key receivers get (`id` in webhooks, `X-Supportwatch-Id`).', example: 'incident:12:down' }),
    kind: z.enum(STORED_ALERT_KINDS),
    provider: z.string().nullable(),
    channel: z.string().nullable(),
    route: z.string(),
    notifier: z.enum(NOTIFIER_KINDS),
    status: z.enum(DELIVERY_STATUSES).openapi({ description: '`pending` (waiting for its first or next attempt), `delivered`, or `dead` (given up: a dead letter).' }),
    attempts: z.number().int(),
    created_at: Instant,
    next_attempt_at: Instant.nullable().openapi({ description: 'When a pending delivery is tried next.' }),
    last_attempt_at: Instant.nullable(),
    delivered_at: Instant.nullable(),
    last_error: z.string().nullable().openapi({ description: 'Why the last attempt failed (or why the first is held). Never carries a secret.' }),
  })
  .openapi('AlertDelivery');

/** A log entry as the API shows it. */
export function deliveryView(d: DeliveryLogEntry): z.infer<typeof DeliverySchema> {
  return {
    id: d.id,
    event_id: d.eventId,
    kind: d.kind,
    provider: d.providerId,
    channel: d.channelId,
    route: d.routeId,
    notifier: d.notifier as z.infer<typeof DeliverySchema>['notifier'],
    status: d.status,
    attempts: d.attempts,
    created_at: iso(d.createdAt)!,
    next_attempt_at: iso(d.nextAttemptAt),
    last_attempt_at: iso(d.lastAttemptAt),
    delivered_at: iso(d.deliveredAt),
    last_error: d.lastError,
  };
}

export const RouteViewSchema = z
  .object({
    id: z.string(),
    notifier: z.enum(NOTIFIER_KINDS),
    events: z.array(z.string()),
    providers: z.array(z.string()).nullable(),
    channels: z.array(z.string()).nullable(),
    lang: z.string().nullable(),
    quiet_hours: z.string().nullable(),
    timezone: z.string().nullable(),
    remind_every_s: z.number().nullable(),
    target: z.string().openapi({ description: 'The URL origin only (bot URLs carry a token in the path), or the mail relay and recipients.' }),
    env: z.array(z.object({ name: z.string(), set: z.boolean() })).openapi({ description: 'Environment variables the route reads, by name; values are never shown.' }),
    source: z.enum(['config', 'api']).openapi({ description: '`config`: from supportwatch.yaml (change it there); `api`: made with PUT /api/v1/alerts/routes/{id}.' }),
  })
  .openapi('AlertRoute');
