import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.ts';
import { buildDemoConfig, DEMO_PROVIDER_ID, DEMO_TIMEZONE, hoursAround } from '../../src/demo/config.ts';
import { isOpen, openingStatus } from '../../src/domain/service-hours.ts';

const BASE = 'http://127.0.0.1:45678';

describe('hoursAround', () => {
  it.each([
    // UTC instant, zone, offset, length → range (Asia/Shanghai is UTC+8 all year)
    ['2026-03-02T06:30:00Z', 'Asia/Shanghai', -2, 12, '12:00-24:00'],
    ['2026-03-02T12:30:00Z', 'Asia/Shanghai', -2, 12, '18:00-06:00'],
    ['2026-03-02T17:10:00Z', 'Asia/Shanghai', -2, 12, '23:00-11:00'],
    ['2026-03-02T16:00:00Z', 'Asia/Shanghai', -2, 12, '22:00-10:00'],
    ['2026-03-02T06:30:00Z', 'Asia/Shanghai', 3, 8, '17:00-01:00'],
    ['2026-03-02T23:59:00Z', 'Asia/Shanghai', 3, 8, '10:00-18:00'],
    ['2026-03-02T13:00:00Z', 'Asia/Shanghai', 3, 8, '00:00-08:00'],
    ['2026-07-01T12:00:00Z', 'Europe/Berlin', 0, 1, '14:00-15:00'],
  ])('at %s in %s, offset %i h for %i h → %s', (instant, zone, offset, length, expected) => {
    expect(hoursAround(Date.parse(instant), zone, offset, length)).toBe(expected);
  });

  it.each([0, 24, 1.5])('refuses a length of %s hours', (length) => {
    expect(() => hoursAround(0, 'UTC', 0, length)).toThrow(RangeError);
  });
});

describe('buildDemoConfig', () => {
  const now = Date.parse('2026-11-23T10:00:00Z');
  const catalog = parseConfig(buildDemoConfig({ baseUrl: BASE, now }).yaml, 'demo');
  const provider = catalog.providers[0]!;
  const channel = (id: string) => provider.channels.find((c) => c.id === id)!;

  it('is a valid config for one provider, DemoPay, in Asia/Shanghai', () => {
    expect(catalog.providers).toHaveLength(1);
    expect(provider).toMatchObject({ id: DEMO_PROVIDER_ID, name: 'DemoPay', timezone: DEMO_TIMEZONE, locale: 'zh-CN' });
  });

  it.each([
    ['demopay-hotline', 'hotline', `${BASE}/hotline/status`],
    ['demopay-chat', 'live_chat', `${BASE}/chat/health`],
    ['demopay-form', 'web_form', `${BASE}/forms/complaint`],
    ['demopay-help', 'help_center', `${BASE}/help`],
    ['demopay-email', 'email', null],
    ['demopay-notices', 'announcements', `${BASE}/notices`],
  ])('%s is a %s channel probing %s every 10 s', (id, kind, url) => {
    const ch = channel(id);
    expect(ch.kind).toBe(kind);
    expect(ch.probes.map((p) => (p.type === 'http' || p.type === 'feed' ? p.url : p.type))).toEqual(url === null ? [] : [url]);
    for (const probe of ch.probes) expect(probe.intervalMs).toBe(10_000);
  });

  it('judges the hotline by its status page and the chat by its latency', () => {
    const [hotline] = channel('demopay-hotline').probes.filter((p) => p.type === 'http');
    expect(hotline).toMatchObject({ failureThreshold: 2, successThreshold: 1 });
    expect(hotline!.expect).toMatchObject({ status: [200], contains: 'lines open' });
    const [chat] = channel('demopay-chat').probes.filter((p) => p.type === 'http');
    expect(chat!.expect).toMatchObject({ status: [200], contains: '"status":"ok"', maxLatencyMs: 2_000 });
    expect(chat!.timeoutMs).toBeGreaterThan(2_500); // the simulator's slow answer must be slow, not a timeout
  });

  // Whatever hour the demo starts, the chat is open and the form closed for well over the script.
  it.each(Array.from({ length: 24 }, (_, hour) => hour))('started at %i:45 Shanghai time: chat open, form closed', (hour) => {
    const start = Date.parse(`2026-11-23T00:45:00+08:00`) + hour * 3_600_000;
    const built = parseConfig(buildDemoConfig({ baseUrl: BASE, now: start }).yaml, 'demo');
    const [chat, form] = ['demopay-chat', 'demopay-form'].map((id) => built.providers[0]!.channels.find((c) => c.id === id)!);
    for (const at of [start, start + 30 * 60_000]) {
      expect(isOpen(chat!.hours, DEMO_TIMEZONE, at)).toBe(true);
      expect(isOpen(form!.hours, DEMO_TIMEZONE, at)).toBe(false);
    }
    expect(openingStatus(form!.hours, DEMO_TIMEZONE, start).opensAt).toBeGreaterThan(start + 2 * 3_600_000);
  });
});
