import { localParts } from '../domain/zoned-time.ts';
import type { Lang } from './lang.ts';

/**
 * Numbers, durations and local times as short human text in each language. Times are read
 * in the provider's zone: "opens at 09:00" means 09:00 where the support team sits.
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

const WEEKDAY_NAMES: Record<Lang, readonly string[]> = {
  en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
  'zh-CN': ['周日', '周一', '周二', '周三', '周四', '周五', '周六'],
};

/**
 * A latency people can read at a glance: `0.4 s`, `85 ms`, `12 s` (`0.4 秒` …).
 *
 * @example formatLatency(420, 'en') // '0.4 s'
 */
export function formatLatency(ms: number, lang: Lang): string {
  const sec = lang === 'en' ? 's' : '秒';
  if (ms < 100) return `${Math.max(0, Math.round(ms))} ${lang === 'en' ? 'ms' : '毫秒'}`;
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} ${sec}`;
  return `${Math.round(ms / 1000)} ${sec}`;
}

/**
 * A span rounded down to what matters: `25 min`, `2 h 5 min`, `3 d 4 h` (`25 分钟` …).
 *
 * @example formatDuration(25 * 60_000, 'en') // '25 min'
 */
export function formatDuration(ms: number, lang: Lang): string {
  const zh = lang === 'zh-CN';
  if (ms < MINUTE_MS) return zh ? '不到 1 分钟' : 'under a minute';
  const unit = (n: number, en: string, cn: string) => (zh ? `${n} ${cn}` : `${n} ${en}`);
  if (ms < HOUR_MS) return unit(Math.floor(ms / MINUTE_MS), 'min', '分钟');
  if (ms < DAY_MS) {
    const h = Math.floor(ms / HOUR_MS);
    const m = Math.floor((ms % HOUR_MS) / MINUTE_MS);
    return m === 0 ? unit(h, 'h', '小时') : `${unit(h, 'h', '小时')} ${unit(m, 'min', '分钟')}`;
  }
  const d = Math.floor(ms / DAY_MS);
  const h = Math.floor((ms % DAY_MS) / HOUR_MS);
  return h === 0 ? unit(d, 'd', '天') : `${unit(d, 'd', '天')} ${unit(h, 'h', '小时')}`;
}

/** `HH:MM` on the local clock of `timezone`. */
export function clockTime(at: number, timezone: string): string {
  const { minute } = localParts(at, timezone);
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/**
 * When something happens, relative to `now` on the provider's calendar: `at 09:00`,
 * `tomorrow at 09:00`, `on Mon at 09:00` (`今天 09:00`, `明天 09:00`, `周一 09:00`).
 *
 * @example formatWhen(Date.parse('2026-11-24T01:00:00Z'), Date.parse('2026-11-23T15:00:00Z'), 'Asia/Shanghai', 'en') // 'tomorrow at 09:00'
 */
export function formatWhen(at: number, now: number, timezone: string, lang: Lang): string {
  const then = localParts(at, timezone);
  const today = localParts(now, timezone);
  const time = clockTime(at, timezone);
  const dayDiff = Math.round((Date.UTC(then.year, then.month - 1, then.day) - Date.UTC(today.year, today.month - 1, today.day)) / DAY_MS);
  const zh = lang === 'zh-CN';
  if (dayDiff === 0) return zh ? `今天 ${time}` : `at ${time}`;
  if (dayDiff === 1) return zh ? `明天 ${time}` : `tomorrow at ${time}`;
  const day = WEEKDAY_NAMES[lang][then.weekday]!;
  if (dayDiff > 1 && dayDiff < 7) return zh ? `${day} ${time}` : `on ${day} at ${time}`;
  return zh ? `${then.date} ${time}` : `on ${then.date} at ${time}`;
}

const CJK = '\\u2e80-\\u9fff\\uf900-\\ufaff';
const CJK_PUNCT = '\\u3000-\\u303f\\uff00-\\uffef';

/**
 * Spacing of mixed Chinese text, so templates can put spaces round every placeholder: one
 * space between Chinese and Latin text, none between Chinese characters, none next to
 * full-width punctuation.
 *
 * @example tidyZh(' 在线客服 正常；Hotline 已中断 ') // '在线客服正常；Hotline 已中断'
 */
export function tidyZh(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(new RegExp(`(?<=[${CJK}]) (?=[${CJK}])`, 'g'), '')
    .replace(new RegExp(` (?=[${CJK_PUNCT}])|(?<=[${CJK_PUNCT}]) `, 'g'), '')
    .trim();
}
