/** Every notifier by kind: the one place the worker looks a route's sender up. */
import type { NotifierKind } from '../vocabulary.ts';
import { sendDingtalk } from './dingtalk.ts';
import { sendEmail } from './email.ts';
import { sendFeishu } from './feishu.ts';
import { sendSlack } from './slack.ts';
import type { Notifier } from './types.ts';
import { sendWebhook } from './webhook.ts';
import { sendWecom } from './wecom.ts';

export type { Notifier, OutgoingAlert, SendOptions } from './types.ts';
export { webhookBody } from './webhook.ts';

export const NOTIFIERS: Record<NotifierKind, Notifier> = {
  webhook: sendWebhook,
  slack: sendSlack,
  feishu: sendFeishu,
  dingtalk: sendDingtalk,
  wecom: sendWecom,
  email: sendEmail,
};
