/**
 * `GET /api/v1/providers/:id/advice` over seeded situations: a real in-memory SQLite
 * database with states set as the monitor sets them, checks written through the store and
 * hourly rollups made by the real history housekeeping, called with `app.request` at a fixed
 * local time in Shanghai.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adviceBed, every5Minutes, local, weekHour, DAY, MIN, type AdviceBed } from './advice-bed.ts';

/** Monday 10:30 in Shanghai: a default-busy hour for staffed channels. */
const NOW = local('2026-11-23 10:30');
const TUE_0300 = local('2026-11-24 03:00');

interface Advice {
  provider: string;
  state: string;
  summary: string;
  suggestions: { channel: string; rank: number; state: string; reason: string }[];
  avoid: { channel: string; reason: string }[];
}

async function advise(app: ReturnType<AdviceBed['app']>, query: string, headers: Record<string, string> = {}) {
  const res = await app.request(`/api/v1/providers/examplepay/advice${query}`, { headers });
  return { res, body: (await res.json()) as Advice };
}

describe('a wallet whose hotline has been down for 25 minutes', () => {
  let b: AdviceBed;
  let app: ReturnType<AdviceBed['app']>;

  beforeAll(async () => {
    b = await adviceBed();
    // The chat: 16 days watched, every 5 minutes. Weekdays 10:00–11:00 it answers in 0.3 s,
    // otherwise in 0.6 s, so its own history calls Monday 10:30 quiet (the default calls it busy).
    const chatFrom = NOW - 16 * DAY;
    await b.bed.checks('ep-chat', chatFrom, every5Minutes(NOW - chatFrom, () => 'u', chatFrom), (i) => {
      const { weekday, hour } = weekHour(chatFrom + i * MIN);
      return weekday >= 1 && weekday <= 5 && hour === 10 ? 300 : 600;
    });
    // The in-app support: 3 days watched (too few to believe), answering in 0.24 s.
    const appFrom = NOW - 3 * DAY;
    await b.bed.checks('ep-app', appFrom, every5Minutes(NOW - appFrom, () => 'u', appFrom), () => 240);
    await b.bed.checks('ep-help', NOW - 60 * MIN, every5Minutes(60 * MIN, () => 'u', NOW - 60 * MIN), () => 150);
    await b.states({
      'ep-chat': ['up', chatFrom],
      'ep-app': ['up', appFrom],
      'ep-help': ['up', NOW - 60 * MIN],
      'ep-hotline': ['down', NOW - 25 * MIN],
    });
    await b.bed.housekeep(NOW);
    app = b.app(NOW);
  }, 60_000);

  afterAll(() => b.close());

  it.each([
    [
      'payment_failed',
      'en',
      'ep-chat',
      'Online chat is up and answering in 0.3 s; this hour is usually quiet; Hotline has been down for 25 min.',
    ],
    ['payment_failed', 'zh-CN', 'ep-chat', 'Online chat 正常，响应 0.3 秒；这个时段通常较空闲；Hotline 已中断 25 分钟。'],
    [
      'general',
      'en',
      'ep-help',
      'Help centre is up and answering in 0.1 s; self-service answers the common questions without a queue; Hotline has been down for 25 min.',
    ],
    ['general', 'zh-CN', 'ep-help', 'Help centre 正常，响应 0.1 秒；自助服务可解决常见问题，无需排队；Hotline 已中断 25 分钟。'],
  ])('need %s in %s: %s first, with its reason', async (need, lang, first, reason) => {
    const { res, body } = await advise(app, `?need=${need}&lang=${lang}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-language')).toBe(lang);
    expect(body.provider).toBe('examplepay');
    expect(body.state).toBe('degraded');
    expect(body.suggestions[0]).toEqual({ channel: first, rank: 1, state: 'up', reason });
    expect(body.suggestions.map((s) => s.rank)).toEqual(body.suggestions.map((_, i) => i + 1));
    expect(body.avoid).toEqual([{ channel: 'ep-hotline', reason: lang === 'en' ? 'Hotline has been down for 25 min.' : 'Hotline 已中断 25 分钟。' }]);
  });

  it('reads busyness from 14+ days of history, and the documented default below that', async () => {
    const { body } = await advise(app, '?need=payment_failed&lang=en');
    // The app's 3 days are too few: Monday 10:30 is busy by default; the chat's 16 days say quiet.
    expect(body.suggestions.map((s) => s.channel)).toEqual(['ep-chat', 'ep-app', 'ep-help']);
    expect(body.suggestions[1]!.reason).toBe('In-app support is up and answering in 0.2 s; this hour is usually busy, expect a wait.');
    expect(body.summary).toBe(
      '3 of 4 channels can be used now; try Online chat first; see Notices for official notices; first check your network, your balance and the transaction record.',
    );
  });

  it('a chat slower than its own usual at this hour says so and drops', async () => {
    // The latest check answers in 0.9 s where this hour's usual is 0.3 s.
    await b.bed.checks('ep-chat', NOW - MIN, 'u', () => 900);
    try {
      const { body } = await advise(app, '?need=payment_failed&lang=en');
      expect(body.suggestions[0]!.channel).toBe('ep-app');
      expect(body.suggestions.find((s) => s.channel === 'ep-chat')!.reason).toContain('slower than its usual 0.3 s at this hour');
    } finally {
      b.bed.handle.raw.prepare('DELETE FROM checks WHERE channel_pk = ? AND started_at = ?').run(b.pk('ep-chat'), NOW - MIN);
    }
  });

  it('account_security at 03:00: the always-open in-app support first, closed channels avoided until 09:00', async () => {
    const { body } = await advise(b.app(TUE_0300), '?need=account_security&lang=en');
    expect(body.suggestions[0]).toMatchObject({ channel: 'ep-app', state: 'up' });
    expect(body.suggestions[0]!.reason).toContain('in the app you can lock your account at once');
    expect(body.avoid).toEqual([
      { channel: 'ep-hotline', reason: 'Hotline is closed now and opens at 09:00.' },
      { channel: 'ep-chat', reason: 'Online chat is closed now and opens at 09:00.' },
    ]);
    expect(body.summary).toContain('official support never asks for your password or verification code');
    const zh = await advise(b.app(TUE_0300), '?need=account_security&lang=zh-CN');
    expect(zh.body.suggestions[0]!.reason).toContain('可在 App 内立即冻结账户');
    expect(zh.body.summary).toContain('官方客服不会索要密码或验证码');
  });

  it('the regulator is offered for a complaint only', async () => {
    const complaint = await advise(app, '?need=complaint&lang=en');
    const regulator = complaint.body.suggestions.find((s) => s.channel === 'ep-12315');
    expect(regulator?.reason).toBe(
      '12315 is open now (it cannot be tested automatically); an outside consumer-protection channel, for when the provider does not resolve your complaint.',
    );
    for (const need of ['general', 'payment_failed', 'refund', 'account_security']) {
      const { body } = await advise(app, `?need=${need}`);
      expect([...body.suggestions, ...body.avoid].map((s) => s.channel)).not.toContain('ep-12315');
    }
  });

  it('notices are never offered as a contact', async () => {
    const { body } = await advise(app, '?need=refund');
    expect([...body.suggestions, ...body.avoid].map((s) => s.channel)).not.toContain('ep-notices');
  });

  it.each([
    ['?need=general&lang=en', { 'accept-language': 'zh-CN' }, 'en'],
    ['?need=general', { 'accept-language': 'fr-FR, en-US;q=0.8, zh;q=0.5' }, 'en'],
    ['?need=general', { 'accept-language': 'zh-TW' }, 'zh-CN'],
    ['?need=general&lang=fr', { 'accept-language': 'en' }, 'en'],
    ['?need=general', {}, 'zh-CN'], // the provider's locale
    ['', {}, 'zh-CN'], // need defaults to general
  ])('%s with %j speaks %s', async (query, headers, lang) => {
    const { res, body } = await advise(app, query, headers);
    expect(res.headers.get('content-language')).toBe(lang);
    expect(res.headers.get('vary')).toMatch(/accept-language/i);
    expect(body.suggestions[0]!.channel).toBe('ep-help');
    expect(body.summary).toMatch(lang === 'en' ? /^3 of 4 channels can be used now/ : /^现在 4 个渠道中有 3 个可用/);
  });

  it.each([
    ['/api/v1/providers/examplepay/advice?need=bogus', 400, 'bad_request'],
    ['/api/v1/providers/examplepay/advice?lang=%3Cscript%3E', 400, 'bad_request'],
    ['/api/v1/providers/Bad_Id/advice', 400, 'bad_request'],
    ['/api/v1/providers/nosuch/advice', 404, 'not_found'],
  ])('%s → %i problem+json', async (path, status, code) => {
    const res = await app.request(path);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ status, code });
  });
});

describe('outages and maintenance', () => {
  const CONFIG = `providers:
  - id: downpay
    name: DownPay
    timezone: Asia/Shanghai
    locale: en
    channels:
      - { id: dp-hotline, kind: hotline, name: Hotline, probes: [{ type: http, url: "https://example.com/dp/hotline" }] }
      - { id: dp-chat, kind: live_chat, name: Chat, probes: [{ type: http, url: "https://example.com/dp/chat" }] }
      - { id: dp-12315, kind: regulator, name: "12315" }
  - id: maintpay
    name: MaintPay
    timezone: Asia/Shanghai
    locale: en
    channels:
      - id: mp-app
        kind: in_app
        name: In-app support
        maintenance: [{ start: "2026-11-23 10:00", end: "2026-11-23 12:00" }]
        probes: [{ type: http, url: "https://example.com/mp/app" }]
      - { id: mp-chat, kind: live_chat, name: Chat, probes: [{ type: http, url: "https://example.com/mp/chat" }] }
`;
  let b: AdviceBed;

  beforeAll(async () => {
    b = await adviceBed(CONFIG);
    await b.states({
      'dp-hotline': ['down', NOW - 2 * 3_600_000],
      'dp-chat': ['down', NOW - 90 * MIN],
      'mp-app': ['up', NOW - DAY],
      'mp-chat': ['up', NOW - DAY],
    });
  });

  afterAll(() => b.close());

  const get = async (now: number, path: string) => (await (await b.app(now).request(path)).json()) as Advice;

  it('every channel down for over an hour: the regulator is offered whatever the need', async () => {
    const body = await get(NOW, '/api/v1/providers/downpay/advice?need=general');
    expect(body.state).toBe('down');
    expect(body.suggestions).toEqual([
      {
        channel: 'dp-12315',
        rank: 1,
        state: 'unknown',
        reason: '12315 is open now (it cannot be tested automatically); every channel of DownPay has been down for over an hour; Chat has been down for 1 h 30 min.',
      },
    ]);
    // The channel that suits the need best is explained first.
    expect(body.avoid.map((a) => a.reason)).toEqual(['Chat has been down for 1 h 30 min.', 'Hotline has been down for 2 h.']);
    expect(body.summary).toMatch(/^Every channel of DownPay has been down for over an hour/);
  });

  it('down for less than an hour: no regulator yet', async () => {
    const body = await get(NOW - 45 * MIN, '/api/v1/providers/downpay/advice?need=general');
    expect(body.suggestions).toEqual([]);
    expect(body.summary).toMatch(/^No channel can be used right now/);
  });

  it('a channel in announced maintenance is avoided until the window ends', async () => {
    const body = await get(NOW, '/api/v1/providers/maintpay/advice?need=payment_failed');
    expect(body.suggestions.map((s) => s.channel)).toEqual(['mp-chat']);
    expect(body.avoid).toEqual([{ channel: 'mp-app', reason: 'In-app support is in announced maintenance, expected to end at 12:00.' }]);
    const after = await get(local('2026-11-23 12:05'), '/api/v1/providers/maintpay/advice?need=payment_failed');
    expect(after.suggestions.map((s) => s.channel)).toContain('mp-app');
  });
});
