/**
 * A catalog of four wallets with the kinds of contacts they publish: a Chinese one (400 and
 * short-code numbers, a help desk on Zendesk, Weibo and WeChat accounts, the 12315 regulator
 * line), a US one with an explicit country, a UK one whose country comes from its
 * international number, and a Hong Kong one whose country comes from its locale.
 */
import type { Catalog } from '../../src/domain/catalog.ts';
import { makeCatalog, makeChannel, makeProvider } from '../support/catalog.ts';

export const CATALOG: Catalog = makeCatalog([
  makeProvider(
    'examplepay',
    [
      makeChannel('ep-hotline', { kind: 'hotline', name: 'Hotline', contact: '400-888-8888 / 95188（24小时）', probes: [] }),
      makeChannel('ep-chat', { kind: 'live_chat', name: 'Online chat', contact: 'https://help.examplepay.com/chat' }),
      makeChannel('ep-mail', { kind: 'email', name: 'E-mail', contact: 'support@examplepay.com' }),
      makeChannel('ep-weibo', { kind: 'social', name: 'Weibo', contact: 'https://weibo.com/examplepay' }),
      makeChannel('ep-wechat', { kind: 'social', name: 'WeChat', contact: '微信公众号：ExamplePay官方' }),
      makeChannel('ep-form', { kind: 'web_form', name: 'Web form', contact: 'https://examplepay.zendesk.com/hc/requests/new' }),
      makeChannel('ep-app', { kind: 'in_app', name: 'In-app support', contact: null }),
      makeChannel('ep-12315', { kind: 'regulator', name: '12315', contact: '消费者投诉热线 12315', probes: [] }),
    ],
    { name: 'ExamplePay', timezone: 'Asia/Shanghai', locale: 'zh-CN' },
  ),
  makeProvider(
    'globex',
    [
      makeChannel('gx-hotline', { kind: 'hotline', name: 'Hotline', contact: '(800) 555-0199', probes: [] }),
      makeChannel('gx-help', { kind: 'help_center', name: 'Help', contact: 'help.globexwallet.com' }),
      makeChannel('gx-mail', { kind: 'email', name: 'E-mail', contact: 'care@globexwallet.com' }),
      makeChannel('gx-x', { kind: 'social', name: 'X', contact: '@GlobexWallet' }),
    ],
    { name: 'Globex Wallet', timezone: 'America/New_York', locale: 'en', country: 'US' },
  ),
  makeProvider(
    'brightbank',
    [
      makeChannel('bb-hotline', { kind: 'hotline', name: 'Phone', contact: '+44 20 7946 0958', probes: [] }),
      makeChannel('bb-web', { kind: 'help_center', name: 'Support pages', contact: 'https://www.brightbank.co.uk/support' }),
    ],
    { name: 'Bright Bank', timezone: 'Europe/London', locale: 'en' },
  ),
  makeProvider(
    'octo',
    [makeChannel('octo-hotline', { kind: 'hotline', name: 'Hotline', contact: '2888 8888', probes: [] })],
    { name: 'Octo', timezone: 'Asia/Hong_Kong', locale: 'zh-HK' },
  ),
]);
