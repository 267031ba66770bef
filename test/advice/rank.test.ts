/**
 * Ranking decisions, one situation per row, at fixed local times in Shanghai. Every row also
 * checks the rules that always hold: nothing down, closed or in maintenance is suggested,
 * ranks run 1..n, the regulator appears only for a complaint or a long total outage, and
 * notices are never offered as a contact.
 */
import { describe, expect, it } from 'vitest';
import { rankChannels } from '../../src/advice/rank.ts';
import type { AdviceChannel, Need } from '../../src/advice/types.ts';
import type { Lang } from '../../src/advice/lang.ts';
import { EVERY_DAY, WEEKDAYS, channel, local, measuredTable, weekly } from './fixtures.ts';

const MON_0930 = local('2026-11-23 09:30');
const MON_1230 = local('2026-11-23 12:30');
const MON_2045 = local('2026-11-23 20:45');
const MON_2230 = local('2026-11-23 22:30');
const TUE_0300 = local('2026-11-24 03:00');
const SAT_1000 = local('2026-11-28 10:00');
const MIN = 60_000;
const HOUR = 3_600_000;

const hotline = channel('hotline', { name: 'Hotline', kind: 'hotline', state: 'unknown', latencyMs: null, hours: weekly(WEEKDAYS, '09:00', '21:00') });
const hotline247 = channel('hotline247', { name: '24h hotline', kind: 'hotline', state: 'unknown', latencyMs: null });
const chat = channel('chat', { name: 'Online chat', kind: 'live_chat', hours: weekly(EVERY_DAY, '09:00', '21:00') });
const app = channel('app', { name: 'In-app support', kind: 'in_app' });
const email = channel('email', { name: 'E-mail', kind: 'email' });
const form = channel('form', { name: 'Web form', kind: 'web_form' });
const help = channel('help', { name: 'Help centre', kind: 'help_center' });
const bot = channel('bot', { name: 'Chatbot', kind: 'chatbot' });
const weibo = channel('weibo', { name: 'Weibo', kind: 'social' });
const notices = channel('notices', { name: 'Notices', kind: 'announcements' });
const reg = channel('reg', { name: '12315', kind: 'regulator', state: 'unknown', latencyMs: null, hours: weekly(EVERY_DAY, '09:00', '17:00') });

const ALL = [hotline, chat, app, email, form, help, bot, weibo, notices, reg];

function down(c: AdviceChannel, since: number): AdviceChannel {
  return { ...c, state: 'down', stateSince: since, latencyMs: null };
}
function with_(c: AdviceChannel, o: Partial<AdviceChannel>): AdviceChannel {
  return { ...c, ...o };
}

/** Mondays 12:00 three times slower than the rest of the week, over 28 days. */
const slowMondayNoon = (days: number) => measuredTable(MON_1230 - 31 * MIN, days, (wd, h) => (wd === 1 && h === 12 ? 1500 : 500));

interface Row {
  name: string;
  need: Need;
  now: number;
  channels: AdviceChannel[];
  lang?: Lang;
  /** The first suggestion, or any of several. */
  first?: string | string[];
  /** The suggestions start in this order. */
  order?: string[];
  /** Exactly these are avoided (any order). */
  avoid?: string[];
  /** Neither suggested nor avoided. */
  absent?: string[];
  /** Reason (of a suggestion or an avoided channel) contains the text. */
  reasons?: [string, string][];
  /** The reason does not contain the text. */
  notInReason?: [string, string][];
  /** Exact reason of the first suggestion. */
  firstReasonIs?: string;
  summary?: string[];
  state?: string;
  suggestions?: number;
}

const rows: Row[] = [
  { name: 'general, all healthy: self-service first', need: 'general', now: MON_1230, channels: ALL, order: ['help', 'bot', 'chat', 'app'], avoid: [], absent: ['reg', 'notices'], reasons: [['help', 'self-service answers']], summary: ['8 of 8 channels can be used now; try Help centre first'] },
  { name: 'general, help centre down: the chatbot', need: 'general', now: MON_1230, channels: [hotline, chat, down(help, MON_1230 - 10 * MIN), bot], first: 'bot', avoid: ['help'], reasons: [['bot', 'Help centre has been down for 10 min']] },
  { name: 'general, all self-service down: a staffed channel', need: 'general', now: MON_1230, channels: [hotline, chat, app, down(help, MON_1230 - 5 * MIN), down(bot, MON_1230 - 5 * MIN)], order: ['chat', 'app'], avoid: ['help', 'bot'] },
  { name: 'payment failed, hotline down 25 min: chat, and why not the hotline', need: 'payment_failed', now: MON_1230, channels: [down(hotline, MON_1230 - 25 * MIN), chat, app, email, help, bot], first: 'chat', avoid: ['hotline'], reasons: [['chat', 'Hotline has been down for 25 min'], ['hotline', 'Hotline has been down for 25 min']], summary: ['first check your network'] },
  { name: 'payment failed at night: chat and hotline closed, the app', need: 'payment_failed', now: MON_2230, channels: [hotline, chat, app, email], first: 'app', avoid: ['hotline', 'chat'], reasons: [['chat', 'opens tomorrow at 09:00'], ['hotline', 'opens tomorrow at 09:00'], ['app', 'Online chat is closed now and opens tomorrow at 09:00']] },
  { name: 'security at 03:00: the 24/7 hotline', need: 'account_security', now: TUE_0300, channels: [hotline247, hotline, chat, email, help, bot], first: 'hotline247', avoid: ['hotline', 'chat'], reasons: [['hotline247', 'staffed around the clock']], summary: ['never asks for your password or verification code'] },
  { name: 'security at 03:00 with app and 24/7 hotline: one of them first', need: 'account_security', now: TUE_0300, channels: [email, bot, hotline247, app], first: ['hotline247', 'app'], order: ['app', 'hotline247'] },
  { name: 'security, app down: the 24/7 hotline', need: 'account_security', now: TUE_0300, channels: [chat, down(app, TUE_0300 - 2 * HOUR), hotline247, email], first: 'hotline247', avoid: ['chat', 'app'], reasons: [['app', 'In-app support has been down for 2 h']] },
  { name: 'security at 03:00, nothing staffed: self-service, and when the hotline opens', need: 'account_security', now: TUE_0300, channels: [hotline, chat, email, help, bot], order: ['help', 'bot', 'email'], avoid: ['hotline', 'chat'], reasons: [['help', 'Hotline is closed now and opens at 09:00']] },
  { name: 'everything down over an hour: the regulator', need: 'general', now: MON_1230, channels: [down(hotline, MON_1230 - 2 * HOUR), down(chat, MON_1230 - 2 * HOUR), down(app, MON_1230 - 3 * HOUR), down(help, MON_1230 - 2 * HOUR), notices, reg], first: 'reg', avoid: ['hotline', 'chat', 'app', 'help'], reasons: [['reg', 'every channel of ExamplePay has been down for over an hour']], summary: ['Every channel of ExamplePay has been down for over an hour', 'try 12315 first', 'see Notices for official notices'], state: 'down' },
  { name: 'everything down for 30 min: no regulator yet', need: 'general', now: MON_1230, channels: [down(hotline, MON_1230 - 30 * MIN), down(chat, MON_1230 - 2 * HOUR), reg], suggestions: 0, avoid: ['hotline', 'chat'], absent: ['reg'], summary: ['No channel can be used right now'] },
  { name: 'everything down at night, regulator closed: when it opens', need: 'refund', now: MON_2230, channels: [down(app, MON_2230 - 2 * HOUR), down(email, MON_2230 - 5 * HOUR), reg], suggestions: 0, avoid: ['app', 'email', 'reg'], summary: ['No channel can be used right now', '12315 opens tomorrow at 09:00'] },
  { name: 'complaint: own written channels first, the regulator offered later', need: 'complaint', now: MON_1230, channels: [hotline, chat, email, form, reg, help], order: ['email', 'form', 'hotline', 'chat', 'reg'], reasons: [['email', 'leaves a written record'], ['reg', 'consumer-protection']], summary: ['keep the transaction number'] },
  { name: 'maintenance: avoided, with its end', need: 'refund', now: MON_1230, channels: [with_(chat, { state: 'maintenance', maintenanceEndsAt: local('2026-11-23 14:00') }), app], first: 'app', avoid: ['chat'], reasons: [['chat', 'Online chat is in announced maintenance, expected to end at 14:00']] },
  { name: 'report surge: the reported channel drops behind a healthy one', need: 'refund', now: MON_1230, channels: [with_(chat, { reportsSurge: true }), app], order: ['app', 'chat'], reasons: [['chat', 'many users are reporting it unreachable']] },
  { name: 'up beats degraded', need: 'refund', now: MON_1230, channels: [with_(chat, { state: 'degraded', latencyMs: 3000 }), app], order: ['app', 'chat'], reasons: [['chat', 'answering, but slowly (3.0 s)']] },
  { name: 'up beats degraded even with a poorer fit', need: 'refund', now: MON_1230, channels: [with_(chat, { state: 'degraded', latencyMs: 3000 }), down(app, MON_1230 - HOUR), hotline], order: ['hotline', 'chat'] },
  { name: 'slower than its own usual: behind', need: 'refund', now: MON_1230, channels: [with_(chat, { latencyMs: 2000, usualLatencyMs: 500 }), with_(app, { latencyMs: 600, usualLatencyMs: 500 })], order: ['app', 'chat'], reasons: [['chat', 'slower than its usual 0.5 s at this hour']] },
  { name: 'slow but usual for it: ahead of a fast one that is slow for itself', need: 'refund', now: MON_1230, channels: [with_(chat, { latencyMs: 2000, usualLatencyMs: 2000 }), with_(app, { latencyMs: 900, usualLatencyMs: 300 })], order: ['chat', 'app'], reasons: [['app', 'slower than its usual 0.3 s']] },
  { name: 'quiet hour by default: a staffed hotline ahead of the chatbot', need: 'payment_failed', now: MON_1230, channels: [bot, with_(hotline, { state: 'up', latencyMs: 800 })], order: ['hotline', 'bot'], reasons: [['hotline', 'this hour is usually quiet']] },
  { name: 'busy hour by default: the chatbot ahead of a staffed hotline', need: 'payment_failed', now: MON_0930, channels: [bot, with_(hotline, { state: 'up', latencyMs: 800 })], order: ['bot', 'hotline'], reasons: [['hotline', 'this hour is usually busy, expect a wait']] },
  { name: 'measured history: Monday noon busy for the chat, whatever the default says', need: 'refund', now: MON_1230, channels: [with_(chat, { history: slowMondayNoon(28) }), app], order: ['app', 'chat'], reasons: [['chat', 'this hour is usually busy']] },
  { name: 'history under 14 days: the default (quiet) is used', need: 'refund', now: MON_1230, channels: [with_(chat, { history: slowMondayNoon(10) }), app], order: ['chat', 'app'], reasons: [['chat', 'this hour is usually quiet']] },
  { name: 'closing in 15 minutes: behind', need: 'refund', now: MON_2045, channels: [chat, app], order: ['app', 'chat'], reasons: [['chat', 'closes at 21:00']] },
  { name: 'untestable hotline at night: closed, not suggested', need: 'complaint', now: MON_2230, channels: [hotline, email], first: 'email', avoid: ['hotline'], reasons: [['hotline', 'Hotline is closed now and opens tomorrow at 09:00']] },
  { name: 'notices tip when something is down', need: 'general', now: MON_1230, channels: [down(hotline, MON_1230 - 10 * MIN), help, notices], first: 'help', absent: ['notices'], summary: ['see Notices for official notices'] },
  { name: 'weekend: no busy or quiet claim', need: 'refund', now: SAT_1000, channels: [chat, app], first: 'chat', notInReason: [['chat', 'usually']] },
  {
    name: 'the example sentence, in English',
    need: 'general',
    now: MON_1230,
    channels: [down(channel('hotline', { name: 'Hotline', kind: 'hotline' }), MON_1230 - 25 * MIN), chat],
    firstReasonIs: 'Online chat is up and answering in 0.4 s; this hour is usually quiet; Hotline has been down for 25 min.',
  },
  {
    name: 'the example sentence, in Chinese',
    need: 'general',
    lang: 'zh-CN',
    now: MON_1230,
    channels: [down(channel('hotline', { name: '客服热线', kind: 'hotline' }), MON_1230 - 25 * MIN), with_(chat, { name: '在线客服' })],
    firstReasonIs: '在线客服正常，响应 0.4 秒；这个时段通常较空闲；客服热线已中断 25 分钟。',
  },
  { name: 'no channels at all', need: 'general', now: MON_1230, channels: [], suggestions: 0, avoid: [], summary: ['No channel can be used right now'], state: 'unknown' },
  { name: 'provider-wide maintenance', need: 'general', now: MON_1230, channels: [with_(app, { state: 'maintenance' }), with_(help, { state: 'maintenance' })], suggestions: 0, avoid: ['app', 'help'], state: 'maintenance', reasons: [['help', 'Help centre is in announced maintenance.']] },
];

describe('rankChannels', () => {
  it.each(rows)('$name', (row) => {
    const advice = rankChannels({ provider: { id: 'examplepay', name: 'ExamplePay', timezone: 'Asia/Shanghai' }, need: row.need, lang: row.lang ?? 'en', channels: row.channels }, row.now);
    const ids = advice.suggestions.map((s) => s.channel);
    const avoided = advice.avoid.map((a) => a.channel);
    const reasonOf = (id: string) => advice.suggestions.find((s) => s.channel === id)?.reason ?? advice.avoid.find((a) => a.channel === id)?.reason;

    // Always true.
    expect(advice.provider).toBe('examplepay');
    expect(advice.suggestions.map((s) => s.rank)).toEqual(ids.map((_, i) => i + 1));
    for (const s of advice.suggestions) expect(['up', 'degraded', 'unknown']).toContain(s.state);
    expect(ids).not.toContain('notices');
    expect(avoided).not.toContain('notices');
    expect(new Set([...ids, ...avoided]).size).toBe(ids.length + avoided.length);
    if (row.need !== 'complaint' && !row.summary?.some((t) => t.includes('over an hour'))) expect(ids).not.toContain('reg');
    expect(advice.summary.length).toBeGreaterThan(0);

    if (row.first !== undefined) expect([row.first].flat()).toContain(ids[0]);
    if (row.order) expect(ids.slice(0, row.order.length)).toEqual(row.order);
    if (row.avoid) expect([...avoided].sort()).toEqual([...row.avoid].sort());
    for (const id of row.absent ?? []) expect([...ids, ...avoided]).not.toContain(id);
    for (const [id, text] of row.reasons ?? []) expect(reasonOf(id)).toContain(text);
    for (const [id, text] of row.notInReason ?? []) expect(reasonOf(id)).not.toContain(text);
    if (row.firstReasonIs) expect(advice.suggestions[0]?.reason).toBe(row.firstReasonIs);
    for (const text of row.summary ?? []) expect(advice.summary).toContain(text);
    if (row.state) expect(advice.state).toBe(row.state);
    if (row.suggestions !== undefined) expect(advice.suggestions).toHaveLength(row.suggestions);
  });

  it('speaks Chinese throughout when asked', () => {
    const advice = rankChannels(
      { provider: { id: 'examplepay', name: 'ExamplePay', timezone: 'Asia/Shanghai' }, need: 'account_security', lang: 'zh-CN', channels: [hotline247, hotline, chat] },
      TUE_0300,
    );
    expect(advice.suggestions[0]?.reason).toBe('24h hotline 在服务时间内（无法自动检测）；24 小时服务；这个时段通常较空闲；Hotline 目前不在服务时间，今天 09:00 开放。');
    expect(advice.avoid.find((a) => a.channel === 'chat')?.reason).toBe('Online chat 目前不在服务时间，今天 09:00 开放。');
    expect(advice.summary).toContain('官方客服不会索要密码或验证码');
    expect(advice.summary.endsWith('。')).toBe(true);
  });
});
