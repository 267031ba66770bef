/**
 * The delivery worker against real local receivers: a signed webhook verified by the receiver,
 * retries with backoff until a failing receiver accepts (exactly once), a hanging receiver
 * timed out and retried, dead letters, quiet hours, order per route, and e-mail over SMTP.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { listDeliveries } from '../../src/alerts/store.ts';
import { verifyWebhookSignature } from '../../src/alerts/signing.ts';
import type { ResolvedRoute } from '../../src/alerts/types.ts';
import { AlertWorker } from '../../src/alerts/worker.ts';
import { silentLogger } from '../../src/log.ts';
import { FAST, httpRoute, mailRoute, openBed, writeOutage, writeRecovery, type Bed } from './support/bed.ts';
import { header, startMailReceiver, startReceiver, until, type HttpReceiver, type MailReceiver } from './support/receivers.ts';

const SECRET = 'whsec-test-3f9a';
const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const done of cleanup.splice(0).reverse()) await done();
});

async function receiver(...args: Parameters<typeof startReceiver>): Promise<HttpReceiver> {
  const r = await startReceiver(...args);
  cleanup.push(() => r.close());
  return r;
}

async function mailbox(): Promise<MailReceiver> {
  const m = await startMailReceiver();
  cleanup.push(() => m.close());
  return m;
}

async function bed(): Promise<Bed> {
  const b = await openBed();
  cleanup.push(() => b.database.close());
  return b;
}

function worker(b: Bed, routes: ResolvedRoute[], overrides: Partial<ConstructorParameters<typeof AlertWorker>[0]> = {}): AlertWorker {
  const w = new AlertWorker({ database: b.database, routes, delivery: FAST, log: silentLogger, pollMs: 10, ...overrides });
  cleanup.push(() => w.stop());
  return w;
}

/** Runs passes until `check` holds. */
async function drive(w: AlertWorker, check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  await until(async () => {
    await w.runOnce();
    return check();
  }, what);
}

describe('the generic webhook', () => {
  it('posts one signed JSON message that the receiver verifies, with the event id as idempotency key', async () => {
    const b = await bed();
    const hook = await receiver();
    const w = worker(b, [httpRoute('ops', 'webhook', `${hook.url}/hook`, SECRET)]);
    const startedAt = Date.now() - 120_000;
    await writeOutage(b, startedAt);
    await drive(w, () => hook.received.length === 1, 'the webhook');

    const got = hook.received[0]!;
    expect(
      verifyWebhookSignature({ secret: SECRET, body: got.body, timestamp: header(got, 'x-supportwatch-timestamp'), signature: header(got, 'x-supportwatch-signature'), now: Date.now() }),
    ).toBe(true);
    expect(verifyWebhookSignature({ secret: 'wrong', body: got.body, timestamp: header(got, 'x-supportwatch-timestamp'), signature: header(got, 'x-supportwatch-signature'), now: Date.now() })).toBe(false);
    const body = JSON.parse(got.body);
    expect(body).toMatchObject({
      kind: 'down',
      provider: { id: 'acme', name: 'Acme Pay' },
      channel: { id: 'acme-hotline', name: 'Hotline', kind: 'hotline' },
      incident: { started_at: new Date(startedAt).toISOString(), ended_at: null, cause: { class: 'timeout' } },
      lang: 'zh-CN',
      severity: 'critical',
    });
    expect(body.id).toMatch(/^incident:\d+:down$/);
    expect(header(got, 'x-supportwatch-id')).toBe(body.id);
    expect(body.title).toContain('【故障】');

    // Nothing more, however often the worker looks.
    for (let i = 0; i < 5; i++) await w.runOnce();
    expect(hook.received).toHaveLength(1);
    const [entry] = await listDeliveries(b.database.db, { limit: 10 });
    expect(entry).toMatchObject({ status: 'delivered', attempts: 1, routeId: 'ops', eventId: body.id });
  });

  it('retries a receiver that fails three times, and it gets the message exactly once', async () => {
    const b = await bed();
    const hook = await receiver((n) => (n < 3 ? 503 : 200));
    const w = worker(b, [httpRoute('ops', 'webhook', hook.url, SECRET)]);
    await writeOutage(b, Date.now());
    await drive(w, () => hook.accepted().length === 1, 'the fourth attempt');
    for (let i = 0; i < 5; i++) await w.runOnce();
    expect(hook.received.map((r) => r.status)).toEqual([503, 503, 503, 200]);
    expect(new Set(hook.received.map((r) => JSON.parse(r.body).id)).size).toBe(1);
    const [entry] = await listDeliveries(b.database.db, { limit: 10 });
    expect(entry).toMatchObject({ status: 'delivered', attempts: 4, lastError: null });
  });

  it('times out a receiver that hangs and delivers on the retry', async () => {
    const b = await bed();
    const hook = await receiver((n) => (n === 0 ? 'hang' : 200));
    const w = worker(b, [httpRoute('ops', 'webhook', hook.url, SECRET)], { delivery: { ...FAST, timeoutMs: 300 } });
    await writeOutage(b, Date.now());
    await drive(w, () => hook.accepted().length === 1, 'the retry after the timeout');
    expect(hook.received).toHaveLength(2);
    const [entry] = await listDeliveries(b.database.db, { limit: 10 });
    expect(entry).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('gives up after the configured attempts and keeps a visible dead letter', async () => {
    const b = await bed();
    const hook = await receiver(() => 500);
    const w = worker(b, [httpRoute('ops', 'webhook', hook.url)], { delivery: { ...FAST, maxAttempts: 3 } });
    await writeOutage(b, Date.now());
    await drive(w, async () => (await listDeliveries(b.database.db, { status: 'dead', limit: 1 })).length === 1, 'the dead letter');
    expect(hook.received).toHaveLength(3);
    const [dead] = await listDeliveries(b.database.db, { status: 'dead', limit: 1 });
    expect(dead).toMatchObject({ attempts: 3, routeId: 'ops' });
    expect(dead!.lastError).toContain('HTTP 500');
  });

  it('does not retry a refusal that will not change (HTTP 404), and never shows the URL path', async () => {
    const b = await bed();
    const hook = await receiver(() => 404);
    const w = worker(b, [httpRoute('ops', 'webhook', `${hook.url}/secret-token-123`)]);
    await writeOutage(b, Date.now());
    await drive(w, async () => (await listDeliveries(b.database.db, { status: 'dead', limit: 1 })).length === 1, 'the dead letter');
    expect(hook.received).toHaveLength(1);
    const [dead] = await listDeliveries(b.database.db, { limit: 1 });
    expect(dead!.lastError).toContain('HTTP 404');
    expect(dead!.lastError).not.toContain('secret-token-123');
  });

  it('keeps a route in order: a recovery waits behind its outage while the receiver is down, and each arrives once', async () => {
    const b = await bed();
    let up = false;
    const hook = await receiver(() => (up ? 200 : 503));
    const w = worker(b, [httpRoute('ops', 'webhook', hook.url, SECRET)]);
    const t0 = Date.now() - 60_000;
    await writeOutage(b, t0);
    await w.runOnce();
    await writeRecovery(b, t0 + 30_000);
    for (let i = 0; i < 3; i++) await w.runOnce();
    up = true;
    await drive(w, () => hook.accepted().length === 2, 'both messages');
    for (let i = 0; i < 5; i++) await w.runOnce();
    expect(hook.accepted().map((r) => JSON.parse(r.body).kind)).toEqual(['down', 'recovered']);
    // Only the head of the route was tried while the receiver was down.
    expect(hook.received.filter((r) => r.status === 503).every((r) => JSON.parse(r.body).kind === 'down')).toBe(true);
    const recovered = JSON.parse(hook.accepted()[1]!.body);
    expect(recovered.incident).toMatchObject({ duration_s: 30, ended_at: new Date(t0 + 30_000).toISOString() });
  });

  it('holds a message inside the route’s quiet hours until they end', async () => {
    const b = await bed();
    const hook = await receiver();
    // 23:00–07:00 in Shanghai; 2026-11-23T16:00Z is 00:00 there.
    let now = Date.parse('2026-11-23T16:00:00Z');
    const w = worker(b, [httpRoute('ops', 'webhook', hook.url, null, { quietHours: { start: 1380, end: 1860 } })], { now: () => now });
    await writeOutage(b, now);
    await w.runOnce();
    await w.runOnce();
    expect(hook.received).toHaveLength(0);
    const [held] = await listDeliveries(b.database.db, { limit: 1 });
    expect(held).toMatchObject({ status: 'pending', nextAttemptAt: Date.parse('2026-11-23T23:00:00Z') });
    expect(held!.lastError).toContain('quiet hours');
    now = Date.parse('2026-11-23T23:00:00Z');
    await drive(w, () => hook.received.length === 1, 'the held message');
  });

  it('sends only the events a route subscribes to, for its providers and channels', async () => {
    const b = await bed();
    const hook = await receiver();
    const w = worker(b, [
      httpRoute('recoveries', 'webhook', hook.url, null, { events: ['recovered'] }),
      httpRoute('chat-only', 'webhook', hook.url, null, { channels: ['acme-chat'] }),
      httpRoute('other-provider', 'webhook', hook.url, null, { providers: ['elsewhere'] }),
    ]);
    await writeOutage(b, Date.now() - 1000);
    await writeRecovery(b, Date.now());
    await drive(w, () => hook.received.length === 1, 'the recovery');
    for (let i = 0; i < 3; i++) await w.runOnce();
    expect(hook.received.map((r) => JSON.parse(r.body).kind)).toEqual(['recovered']);
  });
});

describe('e-mail', () => {
  it('sends one mail over SMTP to the local server, with the event id in a header', async () => {
    const b = await bed();
    const mail = await mailbox();
    const w = worker(b, [mailRoute('oncall-mail', mail.port, { lang: 'en' })]);
    await writeOutage(b, Date.now() - 300_000);
    await drive(w, () => mail.mails.length === 1, 'the mail');
    for (let i = 0; i < 3; i++) await w.runOnce();
    expect(mail.mails).toHaveLength(1);
    const [m] = mail.mails;
    expect(m!.to).toEqual(['oncall@example.test']);
    expect(m!.raw).toMatch(/^Subject: \[DOWN\] Acme Pay Hotline is down/m);
    expect(m!.raw).toMatch(/^X-Supportwatch-Id: incident:\d+:down/im);
    expect(m!.raw).toContain('Cause: timeout');
  });

  it('keeps a mail pending for retry while the mail server is not there', async () => {
    const b = await bed();
    const mail = await mailbox();
    const port = mail.port;
    await mail.close();
    const w = worker(b, [mailRoute('oncall-mail', port)]);
    await writeOutage(b, Date.now());
    await drive(w, async () => ((await listDeliveries(b.database.db, { limit: 1 }))[0]?.attempts ?? 0) >= 1, 'a failed attempt');
    const [failed] = await listDeliveries(b.database.db, { limit: 1 });
    expect(failed).toMatchObject({ status: 'pending' });
    expect(failed!.lastError).toContain('SMTP');
  });
});
