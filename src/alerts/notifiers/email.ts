/**
 * E-mail over SMTP with nodemailer: one connection per message (alerts are rare), the route's
 * relay, credentials from the environment. The event id goes in a header and the Message-ID,
 * so a mail client (or a filter) can tell a resent alert from a new one.
 */
import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import { oneLine, type SendResult } from '../http-post.ts';
import type { EmailRoute } from '../types.ts';
import type { Notifier } from './types.ts';

export const sendEmail: Notifier = async ({ facts, message }, { route, secrets }, options) => {
  const { smtp, to, from } = route as EmailRoute;
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    requireTLS: smtp.requireTls,
    ...(secrets.smtpUser !== null ? { auth: { user: secrets.smtpUser, pass: secrets.smtpPassword ?? '' } } : {}),
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
    tls: { rejectUnauthorized: !smtp.insecure },
  });
  const id = createHash('sha256').update(facts.eventId).digest('hex').slice(0, 24);
  const sending = transport.sendMail({
    from,
    to,
    subject: message.title,
    text: `${message.text}\n\n— supportwatch (${facts.eventId})\n`,
    messageId: `<${id}.${facts.deliveryId}@supportwatch>`,
    headers: { 'X-Supportwatch-Id': facts.eventId, 'X-Supportwatch-Event': facts.kind },
  });
  // nodemailer takes no abort signal: the deadline and the worker's stop end the wait here,
  // and closing the transport ends the connection.
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const cut = new Promise<SendResult>((resolve) => {
    const fail = (why: string) => resolve({ ok: false, permanent: false, error: `SMTP ${smtp.host}:${smtp.port} ${why}` });
    timer = setTimeout(() => fail('timed out'), options.timeoutMs + 1000);
    onAbort = () => fail('was cancelled (stopping)');
    options.signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([sending.then((info): SendResult => ({ ok: true, status: null, detail: oneLine(String(info.response ?? '')) }), smtpFailure), cut]);
  } finally {
    clearTimeout(timer);
    if (onAbort) options.signal.removeEventListener('abort', onAbort);
    transport.close();
  }
};

/** A nodemailer error as a `SendResult`: a 5xx reply or bad credentials is permanent, the rest is retried. */
function smtpFailure(err: unknown): SendResult {
  const e = err as { responseCode?: number; code?: string; message?: string };
  const permanent = (e.responseCode !== undefined && e.responseCode >= 500) || e.code === 'EAUTH' || e.code === 'EENVELOPE';
  return { ok: false, permanent, error: `SMTP failed: ${oneLine([e.code, e.responseCode, e.message].filter(Boolean).join(' '))}` };
}
