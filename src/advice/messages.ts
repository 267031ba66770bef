import { tidyZh } from './format.ts';
import type { Lang } from './lang.ts';

/**
 * Every sentence piece advice can say, in each language: one entry per message, each a
 * function of its own parameters, so a missing translation or parameter is a type error.
 * Pieces are clauses; `sentence` joins them.
 */

type Name = { name: string };
type Template<P> = Record<Lang, (p: P) => string>;

function table<T extends Record<string, Template<never>>>(t: T): T {
  return t;
}

export const ADVICE_MESSAGES = table({
  // What a suggested channel is doing now.
  up_answering: {
    en: (p: Name & { latency: string }) => `${p.name} is up and answering in ${p.latency}`,
    'zh-CN': (p: Name & { latency: string }) => `${p.name} 正常，响应 ${p.latency}`,
  },
  up: { en: (p: Name) => `${p.name} is up`, 'zh-CN': (p: Name) => `${p.name} 正常` },
  degraded: {
    en: (p: Name & { latency: string }) => `${p.name} is answering, but slowly (${p.latency})`,
    'zh-CN': (p: Name & { latency: string }) => `${p.name} 可用，但响应较慢（${p.latency}）`,
  },
  degraded_plain: { en: (p: Name) => `${p.name} is answering, but slowly`, 'zh-CN': (p: Name) => `${p.name} 可用，但响应较慢` },
  unknown_open: {
    en: (p: Name) => `${p.name} is open now (it cannot be tested automatically)`,
    'zh-CN': (p: Name) => `${p.name} 在服务时间内（无法自动检测）`,
  },
  // Extra clauses.
  slower_than_usual: {
    en: (p: { usual: string }) => `slower than its usual ${p.usual} at this hour`,
    'zh-CN': (p: { usual: string }) => `比这个时段平时的 ${p.usual} 慢`,
  },
  busy_hour: { en: () => 'this hour is usually busy, expect a wait', 'zh-CN': () => '这个时段通常较忙，可能需要排队' },
  quiet_hour: { en: () => 'this hour is usually quiet', 'zh-CN': () => '这个时段通常较空闲' },
  closes_soon: { en: (p: { when: string }) => `closes ${p.when}`, 'zh-CN': (p: { when: string }) => `${p.when} 停止服务` },
  surge: {
    en: () => 'many users are reporting it unreachable right now',
    'zh-CN': () => '大量用户反映暂时无法接通',
  },
  self_service: {
    en: () => 'self-service answers the common questions without a queue',
    'zh-CN': () => '自助服务可解决常见问题，无需排队',
  },
  always_staffed: { en: () => 'staffed around the clock', 'zh-CN': () => '24 小时服务' },
  in_app_security: {
    en: () => 'in the app you can lock your account at once',
    'zh-CN': () => '可在 App 内立即冻结账户',
  },
  written_record: { en: () => 'leaves a written record of your complaint', 'zh-CN': () => '可留下书面记录，便于投诉' },
  regulator_complaint: {
    en: () => 'an outside consumer-protection channel, for when the provider does not resolve your complaint',
    'zh-CN': () => '外部消费者投诉渠道，平台未能解决时使用',
  },
  regulator_all_down: {
    en: (p: { provider: string }) => `every channel of ${p.provider} has been down for over an hour`,
    'zh-CN': (p: { provider: string }) => `${p.provider} 的所有渠道已中断超过 1 小时`,
  },
  // Why a channel is to be avoided now.
  down_for: {
    en: (p: Name & { duration: string }) => `${p.name} has been down for ${p.duration}`,
    'zh-CN': (p: Name & { duration: string }) => `${p.name} 已中断 ${p.duration}`,
  },
  down: { en: (p: Name) => `${p.name} is down`, 'zh-CN': (p: Name) => `${p.name} 目前无法使用` },
  closed_until: {
    en: (p: Name & { when: string }) => `${p.name} is closed now and opens ${p.when}`,
    'zh-CN': (p: Name & { when: string }) => `${p.name} 目前不在服务时间，${p.when} 开放`,
  },
  closed: { en: (p: Name) => `${p.name} is closed now`, 'zh-CN': (p: Name) => `${p.name} 目前不在服务时间` },
  maintenance_until: {
    en: (p: Name & { when: string }) => `${p.name} is in announced maintenance, expected to end ${p.when}`,
    'zh-CN': (p: Name & { when: string }) => `${p.name} 正在进行公告的维护，预计 ${p.when} 结束`,
  },
  maintenance: { en: (p: Name) => `${p.name} is in announced maintenance`, 'zh-CN': (p: Name) => `${p.name} 正在进行公告的维护` },
  // The provider-level summary.
  summary_usable: {
    en: (p: { usable: number; total: number; first: string }) => `${p.usable} of ${p.total} channels can be used now; try ${p.first} first`,
    'zh-CN': (p: { usable: number; total: number; first: string }) => `现在 ${p.total} 个渠道中有 ${p.usable} 个可用，建议先试 ${p.first}`,
  },
  summary_none: { en: () => 'No channel can be used right now', 'zh-CN': () => '目前没有可用的渠道' },
  summary_next_open: {
    en: (p: Name & { when: string }) => `${p.name} opens ${p.when}`,
    'zh-CN': (p: Name & { when: string }) => `${p.name} ${p.when} 开放`,
  },
  summary_all_down: {
    en: (p: { provider: string }) => `Every channel of ${p.provider} has been down for over an hour`,
    'zh-CN': (p: { provider: string }) => `${p.provider} 的所有渠道已中断超过 1 小时`,
  },
  tip_notices: {
    en: (p: Name) => `see ${p.name} for official notices`,
    'zh-CN': (p: Name) => `请留意 ${p.name} 的官方公告`,
  },
  tip_security: {
    en: () => 'official support never asks for your password or verification code',
    'zh-CN': () => '官方客服不会索要密码或验证码',
  },
  tip_payment: {
    en: () => 'first check your network, your balance and the transaction record',
    'zh-CN': () => '请先检查网络、余额和交易记录',
  },
  tip_complaint: {
    en: () => 'keep the transaction number, screenshots and chat records as evidence',
    'zh-CN': () => '请保留交易编号、截图和聊天记录作为证据',
  },
});

export type AdviceMessageId = keyof typeof ADVICE_MESSAGES;
type ParamsOf<K extends AdviceMessageId> = Parameters<(typeof ADVICE_MESSAGES)[K]['en']>[0];

/**
 * One clause in one language.
 *
 * @example say('en', 'down_for', { name: 'Hotline', duration: '25 min' }) // 'Hotline has been down for 25 min'
 */
export function say<K extends AdviceMessageId>(lang: Lang, id: K, ...params: ParamsOf<K> extends undefined ? [] : [ParamsOf<K>]): string {
  const template = ADVICE_MESSAGES[id][lang] as (p: unknown) => string;
  return template(params[0]);
}

/**
 * Clauses as one sentence: `A; b; c.` in English (first letter capitalised), `A；b；c。` in
 * Chinese (spacing tidied).
 *
 * @example sentence('en', ['Online chat is up', 'hotline has been down for 25 min']) // 'Online chat is up; hotline has been down for 25 min.'
 */
export function sentence(lang: Lang, clauses: readonly string[]): string {
  const parts = clauses.filter((c) => c.trim() !== '');
  if (parts.length === 0) return '';
  if (lang === 'zh-CN') return tidyZh(`${parts.join('；')}。`);
  const text = parts.join('; ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}
