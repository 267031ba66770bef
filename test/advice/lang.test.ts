import { describe, expect, it } from 'vitest';
import { formatDuration, formatLatency, formatWhen, tidyZh } from '../../src/advice/format.ts';
import { chooseLang, langOfTag, parseAcceptLanguage } from '../../src/advice/lang.ts';
import { say, sentence } from '../../src/advice/messages.ts';
import { local } from './fixtures.ts';

describe('chooseLang', () => {
  it.each([
    [{ lang: 'zh-CN' }, 'zh-CN'],
    [{ lang: 'zh' }, 'zh-CN'],
    [{ lang: 'zh-Hant-TW' }, 'zh-CN'],
    [{ lang: 'en-GB' }, 'en'],
    [{ lang: 'fr', acceptLanguage: 'zh-CN,zh;q=0.9' }, 'zh-CN'],
    [{ lang: 'en', acceptLanguage: 'zh-CN' }, 'en'],
    [{ acceptLanguage: 'fr;q=1, zh-CN;q=0.8, en;q=0.5' }, 'zh-CN'],
    [{ acceptLanguage: 'en;q=0.5, zh;q=0.9' }, 'zh-CN'],
    [{ acceptLanguage: 'zh;q=0, en' }, 'en'],
    [{ acceptLanguage: '*' }, 'en'],
    [{ acceptLanguage: 'de', fallback: 'zh-CN' }, 'zh-CN'],
    [{}, 'en'],
    [{ lang: '', acceptLanguage: '' }, 'en'],
  ] as const)('%j → %s', (from, lang) => {
    expect(chooseLang(from)).toBe(lang);
  });

  it('parses Accept-Language by quality, keeping order among equals', () => {
    expect(parseAcceptLanguage('de, en;q=0.8, fr;q=0.8, zh;q=0.9, *;q=0.1')).toEqual(['de', 'zh', 'en', 'fr']);
    expect(langOfTag('ja')).toBeNull();
  });
});

describe('formatting', () => {
  it.each([
    [45, '45 ms', '45 毫秒'],
    [420, '0.4 s', '0.4 秒'],
    [1234, '1.2 s', '1.2 秒'],
    [12_400, '12 s', '12 秒'],
  ])('latency %i', (ms, en, zh) => {
    expect(formatLatency(ms, 'en')).toBe(en);
    expect(formatLatency(ms, 'zh-CN')).toBe(zh);
  });

  it.each([
    [30_000, 'under a minute', '不到 1 分钟'],
    [25 * 60_000, '25 min', '25 分钟'],
    [2 * 3_600_000, '2 h', '2 小时'],
    [2 * 3_600_000 + 5 * 60_000, '2 h 5 min', '2 小时 5 分钟'],
    [3 * 86_400_000 + 4 * 3_600_000, '3 d 4 h', '3 天 4 小时'],
  ])('duration %i', (ms, en, zh) => {
    expect(formatDuration(ms, 'en')).toBe(en);
    expect(formatDuration(ms, 'zh-CN')).toBe(zh);
  });

  it.each([
    ['2026-11-23 21:00', 'at 21:00', '今天 21:00'],
    ['2026-11-24 09:00', 'tomorrow at 09:00', '明天 09:00'],
    ['2026-11-27 09:00', 'on Fri at 09:00', '周五 09:00'],
    ['2026-12-10 09:00', 'on 2026-12-10 at 09:00', '2026-12-10 09:00'],
  ])('when %s', (at, en, zh) => {
    const now = local('2026-11-23 20:00');
    expect(formatWhen(local(at), now, 'Asia/Shanghai', 'en')).toBe(en);
    expect(formatWhen(local(at), now, 'Asia/Shanghai', 'zh-CN')).toBe(zh);
  });

  it('tidies Chinese spacing around Latin names', () => {
    expect(tidyZh(' 在线客服 正常；Hotline 已中断  25 分钟 。')).toBe('在线客服正常；Hotline 已中断 25 分钟。');
  });

  it('joins clauses into one sentence per language', () => {
    const en = [say('en', 'up', { name: 'Online chat' }), say('en', 'quiet_hour')];
    expect(sentence('en', en)).toBe('Online chat is up; this hour is usually quiet.');
    const zh = [say('zh-CN', 'up', { name: '在线客服' }), say('zh-CN', 'quiet_hour')];
    expect(sentence('zh-CN', zh)).toBe('在线客服正常；这个时段通常较空闲。');
    expect(sentence('en', [])).toBe('');
  });
});
