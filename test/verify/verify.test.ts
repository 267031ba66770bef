import { describe, expect, it } from 'vitest';
import { buildContactIndex, contactIndexOf } from '../../src/verify/contact-index.ts';
import { contactItems, contactKind } from '../../src/verify/contact.ts';
import { verifyContact, type Verdict } from '../../src/verify/verify.ts';
import type { LookalikeReason } from '../../src/verify/messages.ts';
import { CATALOG } from './fixtures.ts';

const index = buildContactIndex(CATALOG);

type Row = [contact: string, verdict: Verdict, match?: string, reason?: LookalikeReason];

/** `match` is `provider/channel` for official, `provider` (the one imitated) for lookalike. */
const rows: Row[] = [
  // Chinese numbers: 400, short codes, every way of writing them.
  ['+86 400 888 8888', 'official', 'examplepay/ep-hotline'],
  ['400-888-8888', 'official', 'examplepay/ep-hotline'],
  ['4008888888', 'official', 'examplepay/ep-hotline'],
  ['0086 400 888 8888', 'official', 'examplepay/ep-hotline'],
  ['86-400-888-8888', 'official', 'examplepay/ep-hotline'],
  ['(400) 888-8888', 'official', 'examplepay/ep-hotline'],
  ['４００８８８８８８８', 'official', 'examplepay/ep-hotline'],
  ['tel:+864008888888', 'official', 'examplepay/ep-hotline'],
  ['95188', 'official', 'examplepay/ep-hotline'],
  ['+86 95188', 'official', 'examplepay/ep-hotline'],
  ['12315', 'official', 'examplepay/ep-12315'],
  ['+95188', 'lookalike', 'examplepay', 'other_country'],
  ['+1 400 888 8888', 'lookalike', 'examplepay', 'other_country'],
  ['+86 400 888 8889', 'lookalike', 'examplepay', 'one_digit'],
  ['400 888 8898', 'lookalike', 'examplepay', 'one_digit'],
  ['951880', 'lookalike', 'examplepay', 'extra_digits'],
  ['+86 21 5432 1234', 'not_official'],
  ['13800138000', 'not_official'],
  // International numbers.
  ['+1 (800) 555-0199', 'official', 'globex/gx-hotline'],
  ['800.555.0199', 'official', 'globex/gx-hotline'],
  ['1-800-555-0199', 'official', 'globex/gx-hotline'],
  ['+1 800 555 0198', 'lookalike', 'globex', 'one_digit'],
  ['+44 800 555 0199', 'lookalike', 'globex', 'other_country'],
  ['020 7946 0958', 'official', 'brightbank/bb-hotline'],
  ['+44 20 7946 0958', 'official', 'brightbank/bb-hotline'],
  ['2888 8888', 'official', 'octo/octo-hotline'],
  ['+852 2888 8888', 'official', 'octo/octo-hotline'],
  ['+1 23', 'not_official'],
  // Web addresses.
  ['https://help.examplepay.com/chat', 'official', 'examplepay/ep-chat'],
  ['examplepay.com', 'official', 'examplepay/ep-chat'],
  ['HTTPS://PAY.EXAMPLEPAY.COM/', 'official', 'examplepay/ep-chat'],
  ['https://examplepay.com./refund', 'official', 'examplepay/ep-chat'],
  ['https://examplepay.zendesk.com/hc/en-us', 'official', 'examplepay/ep-form'],
  ['https://www.brightbank.co.uk/support/contact', 'official', 'brightbank/bb-web'],
  ['http://examp1epay.com/login', 'lookalike', 'examplepay', 'confusable'],
  ['https://exarnplepay.com', 'lookalike', 'examplepay', 'confusable'],
  ['https://exampelpay.com', 'lookalike', 'examplepay', 'typo'],
  ['examplepay-support.com', 'lookalike', 'examplepay', 'contains_brand'],
  ['https://examplepay.com.secure-login.top/', 'lookalike', 'examplepay', 'contains_brand'],
  ['https://example-pay.help/', 'lookalike', 'examplepay', 'typo'],
  ['https://examplepay-refund.help/', 'lookalike', 'examplepay', 'contains_brand'],
  ['examplepay.net', 'lookalike', 'examplepay', 'same_name'],
  ['https://exаmplepay.com', 'lookalike', 'examplepay', 'punycode'],
  ['https://xn--exmplepay-1yh.com', 'lookalike', 'examplepay', 'punycode'],
  ['https://exämplepay.com/', 'lookalike', 'examplepay', 'punycode'],
  ['brightbank.com', 'lookalike', 'brightbank', 'same_name'],
  ['https://globexwallet.co', 'lookalike', 'globex', 'same_name'],
  ['https://examplepay.com@evil.top/', 'not_official'],
  ['https://scam.zendesk.com/hc', 'not_official'],
  ['https://www.example.org', 'not_official'],
  ['https://octopus-energy.com', 'not_official'],
  // E-mail.
  ['support@examplepay.com', 'official', 'examplepay/ep-mail'],
  ['Refund@ExamplePay.com', 'official', 'examplepay/ep-chat'],
  ['mailto:support@examplepay.com?subject=help', 'official', 'examplepay/ep-mail'],
  ['care@globexwallet.com', 'official', 'globex/gx-mail'],
  ['examplepay.help@gmail.com', 'lookalike', 'examplepay', 'free_mail'],
  ['support@examp1epay.com', 'lookalike', 'examplepay', 'confusable'],
  ['someone@gmail.com', 'not_official'],
  // Handles.
  ['@examplepay', 'official', 'examplepay/ep-weibo'],
  ['weibo:@ExamplePay', 'official', 'examplepay/ep-weibo'],
  ['微博：ExamplePay', 'official', 'examplepay/ep-weibo'],
  ['https://weibo.com/u/examplepay', 'official', 'examplepay/ep-weibo'],
  ['微信公众号：ExamplePay官方', 'official', 'examplepay/ep-wechat'],
  ['@GlobexWallet', 'official', 'globex/gx-x'],
  ['https://x.com/GlobexWallet', 'official', 'globex/gx-x'],
  ['twitter:@globexwallet', 'official', 'globex/gx-x'],
  ['https://weibo.com/GlobexWallet', 'lookalike', 'globex', 'other_platform'],
  ['https://x.com/examplepay', 'lookalike', 'examplepay', 'other_platform'],
  ['https://github.com/examplepay', 'lookalike', 'examplepay', 'other_platform'],
  ['@examplepay_kefu', 'lookalike', 'examplepay', 'contains_brand'],
  ['ExamplePay官方客服', 'lookalike', 'examplepay', 'typo'],
  ['@ExamplePay客服中心', 'lookalike', 'examplepay', 'contains_brand'],
  ['@G1obexWallet', 'lookalike', 'globex', 'confusable'],
  ['https://weibo.com/scammer', 'not_official'],
  ['hello world', 'not_official'],
];

describe('verifyContact', () => {
  it(`has at least 40 cases (${rows.length})`, () => {
    expect(rows.length).toBeGreaterThanOrEqual(40);
  });

  it.each(rows)('%s → %s %s %s', (contact, verdict, match, reason) => {
    const result = verifyContact(index, contact, 'en');
    expect(result.verdict).toBe(verdict);
    expect(result.explanation.length).toBeGreaterThan(0);
    if (verdict === 'official') {
      const [provider, channel] = match!.split('/');
      expect(result.matches).toContainEqual({ provider, channel });
      expect(result.explanation).not.toContain('never asks');
    } else {
      expect(result.explanation).toContain('never asks for your password or verification code');
    }
    if (verdict === 'lookalike') {
      expect(result.reason).toBe(reason);
      expect(result.matches.length).toBeGreaterThan(0);
      expect(result.matches.every((m) => m.provider === match)).toBe(true);
    }
    if (verdict === 'not_official') expect(result.matches).toEqual([]);
  });

  it('normalises what it checked', () => {
    expect(verifyContact(index, '400-888-8888', 'en').normalized).toBe('+864008888888');
    expect(verifyContact(index, 'HTTPS://Pay.ExamplePay.com./x', 'en').normalized).toBe('pay.examplepay.com');
    expect(verifyContact(index, 'mailto:Support@ExamplePay.com', 'en').normalized).toBe('support@examplepay.com');
    expect(verifyContact(index, '微博：@ExamplePay', 'en').normalized).toBe('weibo:examplepay');
    expect(verifyContact(index, '+1 23', 'en').normalized).toBeNull();
  });

  it('explains in English and Chinese', () => {
    expect(verifyContact(index, '400-888-8888', 'en').explanation).toBe('+86 400 888 8888 is an official number of ExamplePay (Hotline).');
    expect(verifyContact(index, '400-888-8888', 'zh-CN').explanation).toBe('+86 400 888 8888 是 ExamplePay（Hotline）的官方号码。');
    expect(verifyContact(index, 'https://pay.examplepay.com', 'en').explanation).toBe(
      'pay.examplepay.com is under examplepay.com, an official domain of ExamplePay (Online chat, E-mail).',
    );
    expect(verifyContact(index, 'http://examp1epay.com/login', 'en').explanation).toBe(
      'examp1epay.com is not an official web address: it looks like examplepay.com of ExamplePay (it swaps look-alike characters (0/o, 1/l, rn/m)) and may be fake support. Official support never asks for your password or verification code.',
    );
    expect(verifyContact(index, 'http://examp1epay.com/login', 'zh-CN').explanation).toBe(
      'examp1epay.com 不是官方网址：它与 ExamplePay 的 examplepay.com 相似（用形近字符冒充（如 0/o、1/l、rn/m）），可能是冒充的客服。官方客服不会索要密码或验证码。',
    );
    expect(verifyContact(index, 'https://exаmplepay.com', 'en').explanation).toContain('exаmplepay.com is not an official web address');
    expect(verifyContact(index, 'someone@gmail.com', 'zh-CN').explanation).toBe('someone@gmail.com 不在我们收录的任何服务商的官方邮箱之列。官方客服不会索要密码或验证码。');
  });
});

describe('the contact index', () => {
  it('reads every contact of the fixture catalog', () => {
    expect(index.problems).toEqual([]);
    expect([...index.phones.keys()].sort()).toEqual(['+18005550199', '+442079460958', '+85228888888', '+8612315', '+864008888888', '+8695188']);
  });

  it('reports a national number it cannot place in a country', () => {
    const bad = buildContactIndex({ providers: [{ id: 'x', name: 'X', locale: 'en', channels: [{ id: 'x-h', kind: 'hotline', name: 'H', contact: '400 888 8888' }] }] });
    expect(bad.problems).toEqual(['x-h: cannot read "400 888 8888" as a phone number (no country: set the provider\'s country)']);
  });

  it('an explicit country wins over the locale', () => {
    const us = buildContactIndex({ providers: [{ id: 'x', name: 'X', locale: 'zh-CN', country: 'US', channels: [{ id: 'x-h', kind: 'hotline', name: 'H', contact: '800 555 0100' }] }] });
    expect([...us.phones.keys()]).toEqual(['+18005550100']);
  });

  it('is built once per catalog object', () => {
    expect(contactIndexOf(CATALOG)).toBe(contactIndexOf(CATALOG));
    expect(contactIndexOf({ ...CATALOG })).not.toBe(contactIndexOf(CATALOG));
  });

  it('never treats a shared platform as an official domain', () => {
    expect(index.domains.has('weibo.com')).toBe(false);
    expect(index.domains.has('zendesk.com')).toBe(false);
    expect(index.domains.has('examplepay.zendesk.com')).toBe(true);
  });
});

describe('contactKind and contactItems', () => {
  it.each([
    ['+86 400 888 8888', 'phone'],
    ['95188', 'phone'],
    ['tel:95188', 'phone'],
    ['support@examplepay.com', 'email'],
    ['mailto:support@examplepay.com', 'email'],
    ['https://examplepay.com', 'url'],
    ['www.examplepay.com', 'url'],
    ['examplepay-support.com', 'url'],
    ['@examplepay', 'handle'],
    ['weibo:examplepay', 'handle'],
    ['ExamplePay官方', 'handle'],
  ] as const)('%s is a %s', (text, kind) => {
    expect(contactKind(text)).toBe(kind);
  });

  it.each([
    ['400-888-8888 / 95188（24小时）', 'hotline', ['400-888-8888', '95188']],
    ['客服热线：95188', 'hotline', ['95188']],
    ['Hotline 400 888 8888 or +86 571 2688 8888', 'hotline', ['400 888 8888', '+86 571 2688 8888']],
    ['(021) 5432 1234', 'hotline', ['(021) 5432 1234']],
    ['support@examplepay.com, refund@examplepay.com', 'email', ['support@examplepay.com', 'refund@examplepay.com']],
    ['https://help.examplepay.com/a/b', 'help_center', ['https://help.examplepay.com/a/b']],
    ['微博、微信', 'social', ['微博', '微信']],
  ] as const)('%s', (field, kind, items) => {
    expect(contactItems(field, kind)).toEqual(items);
  });
});
