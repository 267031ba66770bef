/**
 * Chat bots against local stand-ins that check what the real ones check: DingTalk's URL
 * signature, Feishu's body signature, the message shapes, and the "HTTP 200 with an error
 * code" refusals that must not read as delivered.
 */
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { listDeliveries } from '../../src/alerts/store.ts';
import type { ResolvedRoute } from '../../src/alerts/types.ts';
import { AlertWorker } from '../../src/alerts/worker.ts';
import { silentLogger } from '../../src/log.ts';
import { FAST, httpRoute, openBed, writeOutage, type Bed } from './support/bed.ts';
import { startReceiver, until, type HttpReceiver, type Received, type Script } from './support/receivers.ts';

const SECRET = 'SECbot-secret-42';
const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const done of cleanup.splice(0).reverse()) await done();
});

async function run(route: (url: string) => ResolvedRoute, script: Script): Promise<{ hook: HttpReceiver; bed: Bed }> {
  const hook = await startReceiver(script);
  cleanup.push(() => hook.close());
  const bed = await openBed();
  cleanup.push(() => bed.database.close());
  const worker = new AlertWorker({ database: bed.database, routes: [route(`${hook.url}/robot/send?access_token=tok`)], delivery: { ...FAST, maxAttempts: 2 }, log: silentLogger });
  cleanup.push(() => worker.stop());
  await writeOutage(bed, Date.now() - 60_000);
  await until(async () => {
    await worker.runOnce();
    const [d] = await listDeliveries(bed.database.db, { limit: 1 });
    return d !== undefined && d.status !== 'pending';
  }, 'the delivery to end');
  return { hook, bed };
}

/** What DingTalk checks: sign = base64(HMAC-SHA256(secret, `${timestamp}\n${secret}`)). */
function dingtalkAccepts(r: Received): boolean {
  const url = new URL(r.url, 'http://x');
  const timestamp = url.searchParams.get('timestamp');
  const expected = createHmac('sha256', SECRET).update(`${timestamp}\n${SECRET}`).digest('base64');
  return url.searchParams.get('access_token') === 'tok' && url.searchParams.get('sign') === expected && Math.abs(Date.now() - Number(timestamp)) < 3_600_000;
}

/** What Feishu checks: sign = base64(HMAC-SHA256(key = `${timestamp}\n${secret}`, '')), timestamp in seconds. */
function feishuAccepts(r: Received): boolean {
  const body = JSON.parse(r.body);
  const expected = createHmac('sha256', `${body.timestamp}\n${SECRET}`).update('').digest('base64');
  return body.sign === expected && typeof body.timestamp === 'string' && Math.abs(Date.now() / 1000 - Number(body.timestamp)) < 3600;
}

const ok = (body: unknown) => ({ status: 200, body: JSON.stringify(body) });

describe.each([
  {
    name: 'DingTalk',
    route: (url: string) => httpRoute('ding', 'dingtalk', url, SECRET),
    script: ((_n, r) => (dingtalkAccepts(r) ? ok({ errcode: 0, errmsg: 'ok' }) : ok({ errcode: 310000, errmsg: 'sign not match' }))) as Script,
    shape: (body: Record<string, any>) => {
      expect(body.msgtype).toBe('markdown');
      expect(body.markdown.title).toContain('【故障】');
    },
  },
  {
    name: 'Feishu',
    route: (url: string) => httpRoute('feishu', 'feishu', url, SECRET),
    script: ((_n, r) => (feishuAccepts(r) ? ok({ code: 0, msg: 'success', data: {} }) : ok({ code: 19021, msg: 'sign match fail' }))) as Script,
    shape: (body: Record<string, any>) => {
      expect(body.msg_type).toBe('text');
      expect(body.content.text).toContain('【故障】');
    },
  },
  {
    name: 'WeCom',
    route: (url: string) => httpRoute('wecom', 'wecom', url),
    script: (() => ok({ errcode: 0, errmsg: 'ok' })) as Script,
    shape: (body: Record<string, any>) => {
      expect(body.msgtype).toBe('text');
      expect(body.text.content).toContain('Acme Pay「Hotline」');
    },
  },
  {
    name: 'Slack',
    route: (url: string) => httpRoute('slack', 'slack', url, null, { lang: 'en' }),
    script: (() => ({ status: 200, body: 'ok' })) as Script,
    shape: (body: Record<string, any>) => {
      expect(body.text).toMatch(/^\*\[DOWN\] Acme Pay Hotline is down\*\n/);
    },
  },
])('$name', ({ route, script, shape }) => {
  it('delivers one message the bot accepts, in its own shape', async () => {
    const { hook, bed } = await run(route, script);
    expect(hook.received).toHaveLength(1);
    shape(JSON.parse(hook.received[0]!.body));
    const [d] = await listDeliveries(bed.database.db, { limit: 1 });
    expect(d).toMatchObject({ status: 'delivered', attempts: 1 });
  });
});

describe('a bot that answers 200 with an error code', () => {
  it.each([
    { name: 'a wrong DingTalk signature is a dead letter at once', route: (url: string) => httpRoute('ding', 'dingtalk', url, 'not-the-secret'), script: ((_n: number, r: Received) => (dingtalkAccepts(r) ? ok({ errcode: 0 }) : ok({ errcode: 310000, errmsg: 'sign not match' }))) as Script, attempts: 1, error: 'DingTalk refused the message: 310000 sign not match' },
    { name: 'a WeCom rate limit is retried', route: (url: string) => httpRoute('wecom', 'wecom', url), script: (() => ok({ errcode: 45009, errmsg: 'api freq out of limit' })) as Script, attempts: 2, error: 'WeCom refused the message: 45009' },
    { name: 'a Feishu refusal is not read as delivered', route: (url: string) => httpRoute('feishu', 'feishu', url, 'wrong'), script: ((_n: number, r: Received) => (feishuAccepts(r) ? ok({ code: 0 }) : ok({ code: 19021, msg: 'sign match fail' }))) as Script, attempts: 1, error: 'Feishu refused the message: 19021' },
  ])('$name', async ({ route, script, attempts, error }) => {
    const { bed } = await run(route, script);
    const [d] = await listDeliveries(bed.database.db, { limit: 1 });
    expect(d).toMatchObject({ status: 'dead', attempts });
    expect(d!.lastError).toContain(error);
  });
});
