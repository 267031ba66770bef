import { describe, expect, it } from 'vitest';
import { channelSchema, parseConfig, providerSchema } from '../../src/config/index.ts';
import type { Catalog } from '../../src/domain/catalog.ts';
import { problemsOf } from './problems-of.ts';

describe('defaults', () => {
  const minimal = [
    'providers:',
    '  - id: examplepay',
    '    name: ExamplePay',
    '    timezone: Asia/Shanghai',
    '    channels:',
    '      - id: examplepay-chat',
    '        kind: live_chat',
    '        name: Chat',
    '        probes:',
    '          - type: http',
    '            url: https://example.com/chat',
  ].join('\n');

  it('fills in every default and normalises the names', () => {
    const expected: Catalog = {
      retention: { checksMs: 14 * 86_400_000, rollupsMs: 400 * 86_400_000 },
      probing: { maxConcurrent: 4096, maxPerHost: 64 },
      providers: [
        {
          id: 'examplepay',
          name: 'ExamplePay',
          timezone: 'Asia/Shanghai',
          locale: 'en',
          maintenance: [],
          channels: [
            {
              id: 'examplepay-chat',
              providerId: 'examplepay',
              kind: 'live_chat',
              name: 'Chat',
              contact: null,
              hours: { kind: 'always' },
              maintenance: [],
              languages: [],
              keywords: [],
              probes: [
                {
                  key: 'examplepay-chat#0',
                  channelId: 'examplepay-chat',
                  index: 0,
                  type: 'http',
                  url: 'https://example.com/chat',
                  method: 'GET',
                  headers: {},
                  body: null,
                  expect: {
                    status: Array.from({ length: 100 }, (_, i) => 200 + i),
                    contains: null,
                    notContains: null,
                    maxLatencyMs: null,
                  },
                  intervalMs: 60_000,
                  timeoutMs: 10_000,
                  maxBodyBytes: 1024 * 1024,
                  maxRedirects: 5,
                  insecure: false,
                  failureThreshold: 2,
                  successThreshold: 1,
                  retry: 0,
                  retryDelayMs: 5_000,
                  conditions: [],
                },
              ],
            },
          ],
        },
      ],
    };
    expect(parseConfig(minimal, 'x.yaml')).toEqual(expected);
  });

  it('keeps what is written and maps it to catalog names', () => {
    const text = `${minimal}
            method: POST
            headers: { content-type: application/json }
            body: '{"q":1}'
            interval: 2m
            timeout: 30s
            expect: { status: [200, 204], contains: online, not_contains: busy, max_latency: 1500ms }
            max_body: 512KB
            follow_redirects: false
            insecure: true
            failure_threshold: 3
            success_threshold: 2
          - type: http
            url: http://example.org/second
retention:
  checks: 30d
`;
    const catalog = parseConfig(text, 'x.yaml');
    expect(catalog.retention.checksMs).toBe(30 * 86_400_000);
    const [first, second] = catalog.providers[0]?.channels[0]?.probes ?? [];
    expect(first).toMatchObject({
      key: 'examplepay-chat#0',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"q":1}',
      intervalMs: 120_000,
      timeoutMs: 30_000,
      expect: { status: [200, 204], contains: 'online', notContains: 'busy', maxLatencyMs: 1500 },
      maxBodyBytes: 512 * 1024,
      maxRedirects: 0,
      insecure: true,
      failureThreshold: 3,
      successThreshold: 2,
    });
    expect(second).toMatchObject({ key: 'examplepay-chat#1', index: 1, channelId: 'examplepay-chat' });
  });
});

describe('schemas for reuse', () => {
  it('parses a provider on its own, giving its channels the provider id', () => {
    const provider = providerSchema.parse({
      id: 'demowallet',
      name: 'DemoWallet',
      timezone: 'Europe/Berlin',
      locale: 'de-DE',
      channels: [{ id: 'demowallet-mail', kind: 'email', name: 'E-Mail', languages: ['de', 'en'] }],
    });
    expect(provider.channels[0]).toMatchObject({ id: 'demowallet-mail', providerId: 'demowallet', languages: ['de', 'en'] });
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['an upper-case id', { id: 'Chat' }, 'id', 'expected a channel id of 1 to 64 characters from a-z, 0-9 and -'],
    ['an id over 64 characters', { id: 'a'.repeat(65) }, 'id', 'expected a channel id of 1 to 64 characters from a-z, 0-9 and -'],
    ['an empty name', { name: '' }, 'name', 'must not be empty'],
    ['a bad language tag', { languages: ['en', 'not a tag'] }, 'languages[1]', '"not a tag" is not a BCP 47 language tag (e.g. en, zh-CN)'],
    ['a number as contact', { contact: 5 }, 'contact', 'expected text, got the number 5'],
    [
      'contains with HEAD',
      { probes: [{ type: 'http', url: 'https://example.com/', method: 'HEAD', expect: { contains: 'ok' } }] },
      'probes[0].expect.contains',
      'a HEAD response has no body to search',
    ],
    [
      'max_latency not below timeout',
      { probes: [{ type: 'http', url: 'https://example.com/', timeout: '5s', expect: { max_latency: '5s' } }] },
      'probes[0].expect.max_latency',
      'must be shorter than timeout (5s ≥ 5s)',
    ],
    [
      'a header name with a space',
      { probes: [{ type: 'http', url: 'https://example.com/', headers: { 'x key': 'v' } }] },
      'probes[0].headers["x key"]',
      'expected an HTTP header name',
    ],
  ])('channelSchema refuses %s', (_, change, path, message) => {
    expect(problemsOf(channelSchema, { id: 'c', kind: 'email', name: 'E', ...change })).toEqual([[path, message]]);
  });
});

describe('maintenance and retries', () => {
  it('reads one-off windows in the provider zone, recurring ones as cron, and retry settings', () => {
    const catalog = parseConfig(
      `providers:
  - id: examplepay
    name: ExamplePay
    timezone: Asia/Shanghai
    maintenance:
      - { cron: "0 2 * * sun", duration: 2h }
    channels:
      - id: examplepay-chat
        kind: live_chat
        name: Chat
        maintenance:
          - { start: "2026-11-23 02:00", end: "2026-11-23 06:00" }
        probes:
          - type: http
            url: https://example.com/chat
            retry: 1
            retry_delay: 2s
`,
      'm.yaml',
    );
    const provider = catalog.providers[0]!;
    expect(provider.maintenance).toMatchObject([{ kind: 'recurring', durationMs: 7_200_000, schedule: { expression: '0 2 * * sun', hours: [2], minutes: [0] } }]);
    // 02:00-06:00 in Shanghai is 18:00-22:00 UTC the day before.
    expect(provider.channels[0]!.maintenance).toEqual([
      { kind: 'once', startsAt: Date.parse('2026-11-22T18:00:00Z'), endsAt: Date.parse('2026-11-22T22:00:00Z') },
    ]);
    expect(provider.channels[0]!.probes[0]).toMatchObject({ retry: 1, retryDelayMs: 2000 });
  });
});

describe('probe kinds below HTTP', () => {
  it('parses tcp, dns, smtp and tls probes with their defaults', () => {
    const catalog = parseConfig(
      `providers:
  - id: examplepay
    name: ExamplePay
    timezone: Asia/Shanghai
    channels:
      - id: examplepay-mail
        kind: email
        name: Mail
        probes:
          - { type: tcp, host: chat.example.com, port: 443, tls: true }
          - { type: dns, name: example.com, record: MX, resolver: "1.1.1.1:53", expect: { contains: mx.example.com } }
          - { type: dns, name: example.com, resolver: "[::1]:5353" }
          - { type: smtp, host: mx.example.com, starttls: true }
          - { type: smtp, domain: example.com, port: 587 }
          - { type: tls, host: help.example.com, warn_days: 21 }
`,
      'kinds.yaml',
    );
    const probes = catalog.providers[0]!.channels[0]!.probes;
    expect(probes.map((p) => p.key)).toEqual([0, 1, 2, 3, 4, 5].map((i) => `examplepay-mail#${i}`));
    expect(probes[0]).toMatchObject({ type: 'tcp', host: 'chat.example.com', port: 443, tls: true, insecure: false, intervalMs: 60_000, retry: 0 });
    expect(probes[1]).toMatchObject({ type: 'dns', name: 'example.com', record: 'MX', resolver: { host: '1.1.1.1', port: 53 }, contains: 'mx.example.com' });
    expect(probes[2]).toMatchObject({ type: 'dns', record: 'A', resolver: { host: '::1', port: 5353 }, contains: null });
    expect(probes[3]).toMatchObject({ type: 'smtp', host: 'mx.example.com', domain: null, port: 25, starttls: true, helo: 'supportwatch.invalid' });
    expect(probes[4]).toMatchObject({ type: 'smtp', host: null, domain: 'example.com', port: 587, starttls: false });
    expect(probes[5]).toMatchObject({ type: 'tls', host: 'help.example.com', port: 443, servername: null, warnDays: 21 });
  });
});

describe('a config using every probe kind and every hour form', () => {
  it('loads', async () => {
    const { loadConfigFile } = await import('../../src/config/index.ts');
    const catalog = loadConfigFile(new URL('./good/every-kind.yaml', import.meta.url).pathname);
    const channels = catalog.providers[0]!.channels;
    const probes = channels.flatMap((c) => c.probes);
    expect(new Set(probes.map((p) => p.type))).toEqual(new Set(['http', 'tcp', 'dns', 'smtp', 'tls', 'feed']));
    expect(new Set(probes.filter((p) => p.type === 'dns').map((p) => p.type === 'dns' && p.record))).toEqual(new Set(['A', 'AAAA', 'MX', 'TXT', 'CNAME']));
    expect(channels.map((c) => c.hours.kind)).toEqual(['always', 'weekly', 'weekly', 'weekly', 'always']);
    expect(channels[0]!.keywords).toEqual(['客服热线', 'hotline', '95017']);
    const mail = channels[1]!.hours;
    expect(mail.kind === 'weekly' && mail.exceptions).toEqual({ '2026-10-01': [], '2026-12-24': [{ start: 540, end: 720 }] });
    const chat = channels[2]!.hours;
    // "22:00-02:00" crosses midnight: it ends at 26:00 of the day it starts on.
    expect(chat.kind === 'weekly' && chat.ranges.some((r) => r.start === 1320 && r.end === 1560)).toBe(true);
  });
});

describe('probing caps', () => {
  it('reads max_concurrent and max_per_host', () => {
    const catalog = parseConfig(
      'probing: { max_concurrent: 500, max_per_host: 16 }\nproviders:\n  - id: p\n    name: P\n    timezone: UTC\n    channels:\n      - { id: p-mail, kind: email, name: Mail }\n',
      'caps.yaml',
    );
    expect(catalog.probing).toEqual({ maxConcurrent: 500, maxPerHost: 16 });
  });
});

describe('feed probes', () => {
  const config = (probes: string, kind = 'announcements') =>
    [
      'providers:',
      '  - id: examplepay',
      '    name: ExamplePay',
      '    timezone: Asia/Shanghai',
      '    channels:',
      '      - id: examplepay-news',
      `        kind: ${kind}`,
      '        name: News',
      '        probes:',
      probes,
    ].join('\n');

  it('fills in the defaults: format auto, every 5 minutes, 10 s timeout, no selectors', () => {
    const catalog = parseConfig(config('          - { type: feed, url: "https://status.example.com/api/v2/summary.json" }'), 'x.yaml');
    expect(catalog.providers[0]!.channels[0]!.probes[0]).toEqual({
      key: 'examplepay-news#0',
      channelId: 'examplepay-news',
      index: 0,
      type: 'feed',
      format: 'auto',
      url: 'https://status.example.com/api/v2/summary.json',
      selectors: null,
      intervalMs: 300_000,
      timeoutMs: 10_000,
      failureThreshold: 2,
      successThreshold: 1,
      retry: 0,
      retryDelayMs: 5_000,
    });
  });

  it('keeps the selectors of an HTML list, the ones not given as null', () => {
    const catalog = parseConfig(
      config('          - { type: feed, format: html, url: "https://example.com/notice/", interval: 2m, selectors: { item: "ul.notices li", title: "a", date: "time@datetime" } }'),
      'x.yaml',
    );
    expect(catalog.providers[0]!.channels[0]!.probes[0]).toMatchObject({
      format: 'html',
      intervalMs: 120_000,
      selectors: { item: 'ul.notices li', title: 'a', link: null, date: 'time@datetime', body: null },
    });
  });

  it('accepts selectors with auto, for when the answer turns out to be HTML', () => {
    const catalog = parseConfig(config('          - { type: feed, url: "https://example.com/n/", selectors: { item: li, title: a } }'), 'x.yaml');
    expect(catalog.providers[0]!.channels[0]!.probes[0]).toMatchObject({ format: 'auto', selectors: { item: 'li', title: 'a' } });
  });

  it('allows an announcements channel without probes', () => {
    expect(parseConfig(config('          []').replace('probes:\n          []', 'probes: []'), 'x.yaml').providers[0]!.channels[0]!.probes).toEqual([]);
  });
});
