import { tidyZh } from '../advice/format.ts';
import type { Lang } from '../advice/lang.ts';
import type { ContactKind } from './contact.ts';

/**
 * The explanations of a verification, in each language. Every one that is not `official`
 * ends with the warning the wallets themselves repeat: support never asks for passwords or codes.
 */

/** Why a contact is taken for an imitation of an official one. */
export const LOOKALIKE_REASONS = [
  'same_name',
  'punycode',
  'confusable',
  'typo',
  'contains_brand',
  'other_platform',
  'free_mail',
  'other_country',
  'extra_digits',
  'one_digit',
] as const;
export type LookalikeReason = (typeof LOOKALIKE_REASONS)[number];

const REASONS: Record<LookalikeReason, Record<Lang, string>> = {
  same_name: { en: 'the same name under another domain ending', 'zh-CN': '名称相同，但域名后缀不同' },
  punycode: { en: 'it uses look-alike letters from other alphabets (punycode)', 'zh-CN': '使用了其他文字中的形近字母（punycode 编码）' },
  confusable: { en: 'it swaps look-alike characters (0/o, 1/l, rn/m)', 'zh-CN': '用形近字符冒充（如 0/o、1/l、rn/m）' },
  typo: { en: 'it differs by a letter or two', 'zh-CN': '只差一两个字母' },
  contains_brand: { en: 'it puts the brand name into an unrelated name', 'zh-CN': '在无关的名称中使用了品牌名' },
  other_platform: { en: 'the same name, but not on the official platform', 'zh-CN': '名称相同，但不是官方平台上的账号' },
  free_mail: { en: 'it uses the brand name at a free mail service', 'zh-CN': '在免费邮箱中使用品牌名' },
  other_country: { en: 'the same digits with another country code', 'zh-CN': '号码数字相同，但国家或地区代码不同' },
  extra_digits: { en: 'the official number with extra digits around it', 'zh-CN': '在官方号码前后加了数字' },
  one_digit: { en: 'one digit differs from the official number', 'zh-CN': '与官方号码只差一位' },
};

const WHAT: Record<ContactKind, Record<Lang, string>> = {
  phone: { en: 'number', 'zh-CN': '号码' },
  url: { en: 'web address', 'zh-CN': '网址' },
  email: { en: 'e-mail address', 'zh-CN': '邮箱' },
  handle: { en: 'account', 'zh-CN': '账号' },
};

const TIP: Record<Lang, string> = {
  en: 'Official support never asks for your password or verification code.',
  'zh-CN': '官方客服不会索要密码或验证码。',
};

/** A provider and the names of its channels that matched. */
export interface Owner {
  provider: string;
  channels: string[];
}

function owners(list: readonly Owner[], lang: Lang): string {
  const zh = lang === 'zh-CN';
  return list
    .map((o) => (o.channels.length === 0 ? o.provider : zh ? `${o.provider}（${o.channels.join('、')}）` : `${o.provider} (${o.channels.join(', ')})`))
    .join(zh ? '；' : '; ');
}

function finish(lang: Lang, text: string): string {
  return lang === 'zh-CN' ? tidyZh(text) : text;
}

/**
 * `shown` is an official contact of the owners. `via` names the listed domain when the
 * contact is official because it is under it (`help.examplepay.com` under `examplepay.com`).
 */
export function officialText(lang: Lang, kind: ContactKind, shown: string, list: readonly Owner[], via?: string): string {
  const what = WHAT[kind][lang];
  if (lang === 'zh-CN') {
    return finish(lang, via ? `${shown} 属于 ${owners(list, lang)} 的官方域名 ${via}。` : `${shown} 是 ${owners(list, lang)} 的官方${what}。`);
  }
  return via ? `${shown} is under ${via}, an official domain of ${owners(list, lang)}.` : `${shown} is an official ${what} of ${owners(list, lang)}.`;
}

/** `shown` imitates `target`, an official contact of the owners (or, with a null target, their name). */
export function lookalikeText(lang: Lang, kind: ContactKind, shown: string, target: string | null, list: readonly Owner[], reason: LookalikeReason): string {
  const what = WHAT[kind][lang];
  const why = REASONS[reason][lang];
  if (lang === 'zh-CN') {
    const like = target === null ? `冒用了 ${owners(list, lang)} 的名称` : `与 ${owners(list, lang)} 的 ${target} 相似`;
    return finish(lang, `${shown} 不是官方${what}：它${like}（${why}），可能是冒充的客服。${TIP[lang]}`);
  }
  const like = target === null ? `uses the name of ${owners(list, lang)}` : `looks like ${target} of ${owners(list, lang)}`;
  return `${shown} is not an official ${what}: it ${like} (${why}) and may be fake support. ${TIP[lang]}`;
}

/** `shown` is in no provider's catalog. */
export function notOfficialText(lang: Lang, kind: ContactKind, shown: string): string {
  const what = WHAT[kind][lang];
  if (lang === 'zh-CN') return finish(lang, `${shown} 不在我们收录的任何服务商的官方${what}之列。${TIP[lang]}`);
  return `${shown} is not an official ${what} of any provider we watch. ${TIP[lang]}`;
}

/** The text could not be read as the kind it looked like. */
export function unreadableText(lang: Lang, kind: ContactKind, shown: string): string {
  const what = WHAT[kind][lang];
  if (lang === 'zh-CN') return finish(lang, `无法将 ${shown} 识别为有效的${what}，它不是任何官方联系方式。${TIP[lang]}`);
  return `${shown} could not be read as a valid ${what}; it is not an official contact. ${TIP[lang]}`;
}
