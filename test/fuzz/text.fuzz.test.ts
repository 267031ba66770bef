/**
 * The text readers under random and adversarial input: the notice classifier, window and date
 * readers, markup-to-text, the document parsers, and the phone / URL / e-mail / handle
 * normalisers and contact verification. Properties: never throw, deterministic, bounded
 * output; and each ends at once on 1 MB of what makes a regex backtrack (long runs of digits,
 * separators, CJK, dots, `@`s): a super-linear pattern would not finish within the test's time.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/notices/classify.ts';
import { parseDocument } from '../../src/notices/detect-format.ts';
import { parseDate } from '../../src/notices/parse-date.ts';
import { MAX_BODY_LENGTH, toOneLine, toPlainText } from '../../src/notices/plain-text.ts';
import { FEED_FORMATS, NOTICE_KINDS, type FeedFormat } from '../../src/notices/types.ts';
import { extractWindow } from '../../src/notices/windows.ts';
import { buildContactIndex } from '../../src/verify/contact-index.ts';
import { contactKind } from '../../src/verify/contact.ts';
import { normalizeHandle } from '../../src/verify/handle.ts';
import { normalizePhone } from '../../src/verify/phone.ts';
import { verifyContact } from '../../src/verify/verify.ts';
import { normalizeEmail, normalizeUrl } from '../../src/verify/web.ts';
import { CATALOG } from '../verify/fixtures.ts';

const NOW = Date.parse('2026-11-23T04:00:00Z');
const ZONES = ['Asia/Shanghai', 'UTC', 'America/New_York', 'Europe/Berlin'] as const;

/** Words and signs notices are made of, in both languages, glued at random with junk. */
const WORDS = [
  '维护', '系统升级', '故障', '已恢复', '暂停服务', '客服热线', '2026年11月23日', '11月23日', '02:00', '至', '06:00', '凌晨', '上午', '下午', '（北京时间）', '—', '-', '~', '到',
  'maintenance', 'scheduled', 'outage', 'resolved', 'degraded', 'Nov 23', '2026-11-23', '2:00 AM', '6:00 PM', 'GMT+8', 'UTC', 'CST', 'from', 'to', 'until', 'between', 'and', '–',
  ' ', '\n', ',', '.', ':', '/', '12', '2026', '99:99', '24:00', '0', '٣', '𝟚', '\u202e', '\u0000', '<b>', '</b>', '&amp;', '<script>x</script>', '<!--', '-->', '<br>', '&#x0;',
];
const noticeText = fc.oneof(
  fc.array(fc.constantFrom(...WORDS), { maxLength: 30 }).map((w) => w.join('')),
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

/** 1 MB of what makes regexes backtrack: each repeats a unit that almost, but never quite, matches. */
const ADVERSARIAL: Array<[string, string]> = [
  ['digits', '1'.repeat(1_000_000)],
  ['digits and colons', '12:'.repeat(333_333)],
  ['digits and separators', '1 -'.repeat(333_333)],
  ['dates without an end', '2026年11月23日 '.repeat(80_000)],
  ['CJK', '停'.repeat(1_000_000)],
  ['CJK times', '凌晨02:00至'.repeat(100_000)],
  ['English times', '2:00 AM - '.repeat(100_000)],
  ['dots', '.'.repeat(1_000_000)],
  ['at signs', '@'.repeat(1_000_000)],
  ['a long host', `https://${'a.'.repeat(500_000)}com`],
  ['a long e-mail', `${'a'.repeat(500_000)}@${'b.'.repeat(250_000)}com`],
  ['plus signs and digits', '+8'.repeat(500_000)],
  ['spaces', ' '.repeat(1_000_000)],
  ['open tags', '<'.repeat(1_000_000)],
  ['unclosed tags', '<a '.repeat(333_333)],
  ['entities', '&amp'.repeat(250_000)],
  ['mixed', '维护 maintenance 02:00-06:00 (GMT+8) 客服热线 95017 '.repeat(20_000)],
];

describe('notice text', () => {
  it('classify, extractWindow and parseDate never throw, are deterministic and give a kind from the vocabulary', () => {
    fc.assert(
      fc.property(noticeText, noticeText, fc.constantFrom(...ZONES), fc.integer({ min: 0, max: 4_102_444_800_000 }), (title, body, timezone, reference) => {
        const kind = classify({ title, body });
        expect(classify({ title, body })).toEqual(kind);
        expect(NOTICE_KINDS).toContain(kind.kind);
        const window = extractWindow(`${title}\n${body}`, { timezone, reference });
        expect(extractWindow(`${title}\n${body}`, { timezone, reference })).toEqual(window);
        if (window !== null) {
          for (const at of [window.startsAt, window.endsAt]) if (at !== null) expect(Number.isFinite(at)).toBe(true);
          if (window.startsAt !== null && window.endsAt !== null) expect(window.endsAt).toBeGreaterThanOrEqual(window.startsAt);
        }
        const date = parseDate(title, { timezone, reference });
        expect(date === null || Number.isFinite(date)).toBe(true);
      }),
      { seed: 41, numRuns: 1500 },
    );
  });

  it('markup becomes bounded plain text without control or bidi characters', () => {
    fc.assert(
      fc.property(noticeText, (markup) => {
        const text = toPlainText(markup, MAX_BODY_LENGTH);
        expect(toPlainText(markup, MAX_BODY_LENGTH)).toBe(text);
        expect(text.length).toBeLessThanOrEqual(MAX_BODY_LENGTH);
        expect(text).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u202A-\u202E<]script/);
        expect(toOneLine(markup, 300)).not.toContain('\n');
      }),
      { seed: 42, numRuns: 800 },
    );
  });

  it.each(ADVERSARIAL)('each reader ends at once on 1 MB of %s', (_name, input) => {
    const ctx = { timezone: 'Asia/Shanghai', reference: NOW };
    classify({ title: input.slice(0, 300), body: input });
    extractWindow(input, ctx);
    parseDate(input, ctx);
    expect(toPlainText(input, MAX_BODY_LENGTH).length).toBeLessThanOrEqual(MAX_BODY_LENGTH);
  });
});

describe('document parsers', () => {
  const docs = fc.oneof(
    fc.jsonValue({ maxDepth: 4 }).map((v) => ({ text: JSON.stringify(v), mediaType: 'application/json' })),
    fc.jsonValue({ maxDepth: 3 }).map((v) => ({ text: JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', items: [v, { title: String(v) }] }), mediaType: 'application/feed+json' })),
    fc.jsonValue({ maxDepth: 3 }).map((v) => ({ text: JSON.stringify({ page: { id: 'x' }, incidents: [v], scheduled_maintenances: v, components: v }), mediaType: 'application/json' })),
    fc.array(fc.constantFrom('<rss version="2.0">', '<channel>', '<item>', '<title>', 'Hotline down', '</title>', '<guid>', '1', '</guid>', '</item>', '</channel>', '</rss>', '<![CDATA[<b>x</b>]]>', '&lt;', '<pubDate>', 'Mon, 23 Nov 2026 02:00:00 +0800', '</pubDate>', '<feed xmlns="http://www.w3.org/2005/Atom">', '<entry>', '</entry>', '</feed>'), { maxLength: 30 }).map((p) => ({ text: p.join(''), mediaType: 'application/rss+xml' })),
    fc.array(fc.constantFrom('<ul class="n">', '<li>', '<a href="/n/1">', '<a href="javascript:x">', '维护通知', '</a>', '<span class="d">', '2026-11-23', '</span>', '</li>', '</ul>', '<div>', '</div>', '<script>', '</script>'), { maxLength: 30 }).map((p) => ({ text: p.join(''), mediaType: 'text/html' })),
    fc.string({ maxLength: 300 }).map((text) => ({ text, mediaType: 'text/plain' })),
  );

  it('parseDocument never throws, is deterministic, and only keeps http(s) links', () => {
    fc.assert(
      fc.property(docs, fc.constantFrom<FeedFormat>(...FEED_FORMATS), ({ text, mediaType }, format) => {
        const ctx = { timezone: 'Asia/Shanghai', now: NOW, baseUrl: 'https://acme.example/notices/', selectors: { item: '.n li', title: 'a', link: 'a@href', date: '.d', body: null } };
        const doc = { text, mediaType, url: ctx.baseUrl };
        const outcome = parseDocument(doc, format, ctx);
        expect(parseDocument(doc, format, ctx)).toEqual(outcome);
        if (outcome.ok) {
          expect(new Set(outcome.notices.map((n) => n.id)).size).toBe(outcome.notices.length);
          for (const n of outcome.notices) {
            expect(NOTICE_KINDS).toContain(n.kind);
            if (n.url !== null) expect(n.url).toMatch(/^https?:\/\//);
            expect(n.title).not.toContain('<script');
          }
        } else {
          expect(outcome.error.message.length).toBeGreaterThan(0);
        }
      }),
      { seed: 43, numRuns: 600 },
    );
  });
});

describe('contact normalisers and verification', () => {
  const index = buildContactIndex(CATALOG);
  const contact = fc.oneof(
    fc.string({ maxLength: 80 }),
    fc.array(fc.constantFrom('+86', '400', '95017', ' ', '-', '(', ')', '0', '1', '８', 'tel:', 'https://', 'http://', 'www.', 'examplepay', 'еxamplepay', '.com', '.cn', '/', '@', 'support', 'xn--', '..', ':', '?', '#', '@GlobexWallet', 'mailto:', '\u200b', '\u202e'), { maxLength: 12 }).map((p) => p.join('')),
  );

  it('never throw, are deterministic, and an official verdict always names an official contact', () => {
    fc.assert(
      fc.property(contact, fc.constantFrom('CN', 'US', 'GB', undefined), fc.constantFrom('en', 'zh-CN') as fc.Arbitrary<'en' | 'zh-CN'>, (text, country, lang) => {
        for (const f of [() => normalizePhone(text, country), () => normalizeUrl(text), () => normalizeEmail(text), () => normalizeHandle(text), () => contactKind(text)]) {
          expect(f()).toEqual(f());
        }
        const result = verifyContact(index, text, lang);
        expect(verifyContact(index, text, lang)).toEqual(result);
        expect(['official', 'not_official', 'lookalike']).toContain(result.verdict);
      }),
      { seed: 44, numRuns: 1500 },
    );
  });

  it.each(ADVERSARIAL)('each ends at once on 1 MB of %s', (_name, input) => {
    normalizePhone(input, 'CN');
    normalizeUrl(input);
    normalizeEmail(input);
    normalizeHandle(input);
    contactKind(input);
    expect(['official', 'not_official', 'lookalike']).toContain(verifyContact(index, input, 'en').verdict);
  });
});
