/** Every kind of message in both languages, on the provider's clock. */
import { describe, expect, it } from 'vitest';
import { renderAlert, span, type AlertFacts } from '../../src/alerts/messages.ts';

const t0 = Date.parse('2026-11-23T06:05:00Z'); // 14:05 in Shanghai
const base: AlertFacts = {
  eventId: 'incident:7:down',
  deliveryId: 1,
  kind: 'down',
  at: t0,
  provider: { id: 'examplepay', name: 'ExamplePay', timezone: 'Asia/Shanghai', locale: 'zh-CN' },
  channel: { id: 'examplepay-hotline', name: 'Hotline', kind: 'hotline' },
  incident: { id: 7, startedAt: t0, endedAt: null, causeClass: 'timeout', causeMessage: 'no answer within 10 s' },
  data: {},
};

describe('renderAlert', () => {
  it.each([
    { kind: 'down', facts: {}, en: ['[DOWN] ExamplePay Hotline is down', 'Hotline of ExamplePay has been down since 2026-11-23 14:05 (Asia/Shanghai).\nCause: timeout – no answer within 10 s'], zh: '【故障】ExamplePay「Hotline」无法访问' },
    {
      kind: 'recovered',
      facts: { at: t0 + 3_900_000, incident: { ...base.incident!, endedAt: t0 + 3_900_000 } },
      en: ['[RECOVERED] ExamplePay Hotline is back', 'Hotline of ExamplePay answers again at 2026-11-23 15:10 (Asia/Shanghai), after 1 h 5 min down (since 2026-11-23 14:05 (Asia/Shanghai)).'],
      zh: '【已恢复】ExamplePay「Hotline」已恢复',
    },
    { kind: 'reminder', facts: { at: t0 + 1_800_000 }, en: ['[STILL DOWN] ExamplePay Hotline is still down', expect.stringContaining('down for 30 min')], zh: '【仍在故障】ExamplePay「Hotline」仍无法访问' },
    { kind: 'degraded', facts: { incident: null }, en: ['[DEGRADED] ExamplePay Hotline is slow', expect.stringContaining('slower than allowed')], zh: '【响应缓慢】ExamplePay「Hotline」响应缓慢' },
    { kind: 'cert_expiring', facts: { incident: null, data: { expires_at: t0 + 5 * 86_400_000, probe: 'examplepay-hotline#1' } }, en: ['[CERTIFICATE] ExamplePay Hotline: certificate expires 2026-11-28 14:05 (Asia/Shanghai)', expect.stringContaining('in 5 days')], zh: '【证书将过期】ExamplePay「Hotline」的证书将于 2026-11-28 14:05 (Asia/Shanghai) 过期' },
    { kind: 'report_surge', facts: { incident: null, data: { reporters: 9, threshold: 5 } }, en: ['[REPORTS] Users cannot reach ExamplePay Hotline', expect.stringContaining('9 people reported')], zh: '【用户反馈激增】ExamplePay「Hotline」' },
    {
      kind: 'notice',
      facts: { channel: null, incident: null, data: { change: 'published', topic: 'maintenance', title: '系统维护通知', url: 'https://example.com/n/1', window_start: t0, window_end: t0 + 7_200_000 } },
      en: ['[NOTICE] ExamplePay announced maintenance: 系统维护通知', 'Window: 2026-11-23 14:05 (Asia/Shanghai) to 2026-11-23 16:05 (Asia/Shanghai)\nhttps://example.com/n/1'],
      zh: '【公告】ExamplePay发布维护公告：系统维护通知',
    },
    { kind: 'notice', facts: { channel: null, incident: null, data: { change: 'resolved', topic: 'outage', title: 'Payments delayed' } }, en: ['[NOTICE] ExamplePay: outage resolved: Payments delayed', ''], zh: '【公告】ExamplePay故障已结束：Payments delayed' },
    { kind: 'test', facts: { provider: null, channel: null, incident: null, data: { route: 'ops' } }, en: ['[TEST] supportwatch test message', 'This is a test of alert route "ops". If you read this, alerts reach you.'], zh: '【测试】supportwatch 测试消息' },
  ] as const)('$kind', ({ kind, facts, en, zh }) => {
    const f = { ...base, kind, ...facts } as AlertFacts;
    const english = renderAlert(f, 'en');
    expect([english.title, english.text]).toEqual(en);
    expect(renderAlert(f, 'zh-CN').title).toBe(zh);
  });

  it('marks severity for notifiers that colour messages', () => {
    expect(renderAlert(base, 'en').severity).toBe('critical');
    expect(renderAlert({ ...base, kind: 'notice', data: { change: 'resolved' } }, 'en').severity).toBe('resolved');
  });
});

describe('span', () => {
  it.each([
    { ms: 42_000, en: '42 s', zh: '42秒' },
    { ms: 300_000, en: '5 min', zh: '5分钟' },
    { ms: 3_900_000, en: '1 h 5 min', zh: '1小时5分钟' },
    { ms: 90_000_000, en: '1 d 1 h', zh: '1天1小时' },
  ])('$ms ms', ({ ms, en, zh }) => {
    expect(span(ms, 'en')).toBe(en);
    expect(span(ms, 'zh-CN')).toBe(zh);
  });
});
