/**
 * Alerts to support managers: events stored with the changes that cause them (the outbox),
 * routed to webhooks, chat bots and e-mail, delivered with retries by a worker. An entry
 * wires it with `openAlerting`.
 */
export { AlertRouteError, openAlerting, type Alerting, type AlertingOptions, type AlertsApi, type SourcedRouteView } from './alerting.ts';
export { AlertSecretsError, redactRoute, resolveRoutes, type RouteView } from './secrets.ts';
export { verifyWebhookSignature, webhookSignature } from './signing.ts';
export { AlertWorker } from './worker.ts';
export { MonitorAlerts } from './monitor-hooks.ts';
