/** Which language the dashboard starts in, and that both languages say everything. */
import { describe, expect, it } from 'vitest';
import { en } from '../../web/src/i18n/en.ts';
import { langOfTag, messagesOf, pickLang } from '../../web/src/i18n/index.ts';
import { zhCN } from '../../web/src/i18n/zh-CN.ts';

describe('pickLang', () => {
  it.each([
    ['a remembered choice wins', 'en', ['zh-CN'], 'en'],
    ['else the first browser language we speak', null, ['fr-FR', 'zh-TW', 'en'], 'zh-CN'],
    ['English browsers', null, ['en-US', 'en'], 'en'],
    ['nothing we speak: English', null, ['fr-FR', 'de'], 'en'],
    ['a remembered value we do not know is ignored', 'fr', ['zh-CN'], 'zh-CN'],
  ] as const)('%s', (_name, remembered, browser, lang) => {
    expect(pickLang(remembered, browser)).toBe(lang);
  });

  it('maps any zh or en tag', () => {
    expect(langOfTag('zh-Hans-CN')).toBe('zh-CN');
    expect(langOfTag('EN_gb')).toBe('en');
    expect(langOfTag('ja')).toBeNull();
  });
});

/** Every leaf of a message table, as `path → value`. */
function leaves(table: unknown, path = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (table !== null && typeof table === 'object') {
    for (const [key, value] of Object.entries(table)) for (const [p, v] of leaves(value, `${path}.${key}`)) out.set(p, v);
  } else out.set(path, table);
  return out;
}

describe('message tables', () => {
  it('have the same keys in both languages', () => {
    expect([...leaves(zhCN).keys()].sort()).toEqual([...leaves(en).keys()].sort());
  });

  it('say something in Chinese for every string (no English left behind)', () => {
    const english = leaves(en);
    const untranslated = [...leaves(zhCN)].filter(([path, value]) => typeof value === 'string' && value === english.get(path) && !/^[\s\d–·a-zA-Z0-9%()]{0,4}$/.test(value));
    expect(untranslated).toEqual([]);
    expect(messagesOf('zh-CN').headline.closed('09:00')).toContain('09:00');
  });
});
