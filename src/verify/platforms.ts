/**
 * Shared hosts where one address does not mean one owner: social networks (the account is
 * in the path), help-desk and site builders (the customer is a subdomain), free mail (anyone
 * can have an address). On these, a listed contact never makes its siblings official.
 * The lists are short on purpose: the platforms wallet users actually meet.
 */

/** A social network: what people call it, its hosts, and path segments that precede the account. */
export interface SocialPlatform {
  id: string;
  /** Names written before a handle (`weibo:`, `微博：`), lower case. */
  names: readonly string[];
  /** Hosts (and their subdomains) whose first path segment names an account. */
  hosts: readonly string[];
  /** Leading path segments to skip before the account (`/u/123`, `/company/acme`). */
  skip: readonly string[];
}

export const SOCIAL_PLATFORMS: readonly SocialPlatform[] = [
  { id: 'weibo', names: ['weibo', '微博', '新浪微博'], hosts: ['weibo.com', 'weibo.cn'], skip: ['u', 'n', 'p'] },
  { id: 'x', names: ['x', 'twitter', '推特'], hosts: ['x.com', 'twitter.com'], skip: [] },
  { id: 'wechat', names: ['wechat', 'weixin', '微信', '微信公众号', '公众号'], hosts: [], skip: [] },
  { id: 'douyin', names: ['douyin', '抖音'], hosts: ['douyin.com'], skip: ['user'] },
  { id: 'tiktok', names: ['tiktok'], hosts: ['tiktok.com'], skip: [] },
  { id: 'facebook', names: ['facebook', 'fb'], hosts: ['facebook.com', 'fb.com'], skip: ['pages'] },
  { id: 'instagram', names: ['instagram', 'ig'], hosts: ['instagram.com'], skip: [] },
  { id: 'youtube', names: ['youtube'], hosts: ['youtube.com'], skip: ['c', 'channel', 'user'] },
  { id: 'telegram', names: ['telegram', 'tg'], hosts: ['t.me', 'telegram.me'], skip: ['s'] },
  { id: 'linkedin', names: ['linkedin'], hosts: ['linkedin.com'], skip: ['company', 'in', 'school'] },
  { id: 'bilibili', names: ['bilibili', 'b站', '哔哩哔哩'], hosts: ['space.bilibili.com'], skip: [] },
  { id: 'xiaohongshu', names: ['xiaohongshu', '小红书', 'rednote'], hosts: ['xiaohongshu.com'], skip: ['user', 'profile'] },
  { id: 'zhihu', names: ['zhihu', '知乎'], hosts: ['zhihu.com'], skip: ['people', 'org'] },
  { id: 'github', names: ['github'], hosts: ['github.com'], skip: [] },
];

/** The platform a host belongs to (the host itself or a parent of it is listed). */
export function platformOfHost(host: string): SocialPlatform | undefined {
  return SOCIAL_PLATFORMS.find((p) => p.hosts.some((h) => host === h || host.endsWith(`.${h}`)));
}

/** The platform a written name refers to (`Weibo`, `微博`), if any. */
export function platformByName(name: string): SocialPlatform | undefined {
  const n = name.trim().toLowerCase();
  return SOCIAL_PLATFORMS.find((p) => p.names.includes(n));
}

/**
 * Domains whose subdomains belong to different customers and that the Public Suffix List
 * does not already split (it does for github.io, netlify.app and the like): help desks and
 * chat vendors support teams really use. `examplepay.zendesk.com` is ExamplePay's;
 * `scam.zendesk.com` is not. Longest first, so `my.salesforce.com` wins over `salesforce.com`.
 */
export const TENANT_SUFFIXES: readonly string[] = [
  'my.salesforce.com',
  'my.site.com',
  'force.com',
  'zendesk.com',
  'freshdesk.com',
  'zohodesk.com',
  'helpscoutdocs.com',
  'intercom.help',
  'atlassian.net',
  'statuspage.io',
  'gitbook.io',
  'readme.io',
  'notion.site',
  'feishu.cn',
  'larksuite.com',
  'udesk.cn',
  'sobot.com',
  'meiqia.com',
  'qiyukf.com',
  '53kf.com',
  'kf5.com',
  'salesforce.com',
].sort((a, b) => b.length - a.length);

/** The tenant suffix a host is under, if any. */
export function tenantSuffixOf(host: string): string | undefined {
  return TENANT_SUFFIXES.find((s) => host === s || host.endsWith(`.${s}`));
}

/** Mail services where anyone can open an address: only exactly listed addresses there are official. */
export const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'yahoo.com',
  'icloud.com',
  'me.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'mail.ru',
  'yandex.ru',
  'qq.com',
  'foxmail.com',
  '163.com',
  '126.com',
  'yeah.net',
  'sina.com',
  'sina.cn',
  'sohu.com',
  'aliyun.com',
  '139.com',
]);
