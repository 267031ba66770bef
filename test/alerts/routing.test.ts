/** The pure decisions of alerting, as tables: who gets an event, quiet hours, backoff, language. */
import { describe, expect, it } from 'vitest';
import { messageLang, planDeliveries, quietUntil, retryDelayMs, routeTakes, type RoutableEvent } from '../../src/alerts/routing.ts';
import type { AlertRoute } from '../../src/alerts/types.ts';
import { httpRoute } from './support/bed.ts';

const route = (overrides: Partial<AlertRoute> = {}): AlertRoute => ({ ...httpRoute('ops', 'webhook', 'https://hooks.example.com/x').route, ...overrides }) as AlertRoute;
const event = (overrides: Partial<RoutableEvent> = {}): RoutableEvent => ({
  kind: 'down',
  providerId: 'acme',
  channelId: 'acme-hotline',
  noticeChannels: null,
  timezone: 'Asia/Shanghai',
  locale: 'zh-CN',
  routeId: null,
  ...overrides,
});
const providerOf = (id: string) => (id.startsWith('acme-') ? 'acme' : id.startsWith('other-') ? 'other' : undefined);

describe('routeTakes', () => {
  it.each([
    { name: 'a subscribed kind', r: {}, e: {}, takes: true },
    { name: 'an unsubscribed kind', r: { events: ['recovered'] }, e: {}, takes: false },
    { name: 'a provider filter that matches', r: { providers: ['acme'] }, e: {}, takes: true },
    { name: 'a provider filter that does not', r: { providers: ['other'] }, e: {}, takes: false },
    { name: 'a channel filter that matches', r: { channels: ['acme-hotline'] }, e: {}, takes: true },
    { name: 'a channel filter that does not', r: { channels: ['acme-chat'] }, e: {}, takes: false },
    { name: 'a notice naming a filtered channel', r: { channels: ['acme-chat'] }, e: { kind: 'notice', channelId: null, noticeChannels: ['acme-chat'] }, takes: true },
    { name: 'a notice naming other channels', r: { channels: ['acme-chat'] }, e: { kind: 'notice', channelId: null, noticeChannels: ['acme-hotline'] }, takes: false },
    { name: "a whole-provider notice, filtered channel of that provider", r: { channels: ['acme-chat'] }, e: { kind: 'notice', channelId: null }, takes: true },
    { name: "a whole-provider notice, filtered channel of another provider", r: { channels: ['other-chat'] }, e: { kind: 'notice', channelId: null }, takes: false },
    { name: 'a reminder for this route, subscribed to down', r: {}, e: { kind: 'reminder', routeId: 'ops' }, takes: true },
    { name: 'a reminder for another route', r: {}, e: { kind: 'reminder', routeId: 'mail' }, takes: false },
    { name: 'a reminder for a route without down', r: { events: ['recovered'] }, e: { kind: 'reminder', routeId: 'ops' }, takes: false },
    { name: 'a test for this route, whatever it subscribes to', r: { events: ['notice'], providers: ['other'] }, e: { kind: 'test', routeId: 'ops', providerId: null, channelId: null }, takes: true },
    { name: 'a test for another route', r: {}, e: { kind: 'test', routeId: 'mail' }, takes: false },
  ] as const)('$name: $takes', ({ r, e, takes }) => {
    expect(routeTakes(route(r as Partial<AlertRoute>), event(e as Partial<RoutableEvent>), providerOf)).toBe(takes);
  });
});

describe('quietUntil (23:00–07:00 in Asia/Shanghai, UTC+8)', () => {
  const quiet = { quietHours: { start: 23 * 60, end: 31 * 60 }, timezone: null };
  it.each([
    { at: '2026-11-23T14:59:00Z', until: null, why: '22:59 local: not yet' },
    { at: '2026-11-23T15:00:00Z', until: '2026-11-23T23:00:00Z', why: '23:00 local: held until 07:00' },
    { at: '2026-11-23T18:30:00Z', until: '2026-11-23T23:00:00Z', why: '02:30 local, the range begun the day before' },
    { at: '2026-11-23T23:00:00Z', until: null, why: '07:00 local: over' },
    { at: '2026-11-24T04:00:00Z', until: null, why: 'noon' },
  ])('$why', ({ at, until }) => {
    expect(quietUntil(quiet, 'Asia/Shanghai', Date.parse(at))).toBe(until === null ? null : Date.parse(until));
  });

  it('reads the range in the route’s own zone when it has one', () => {
    expect(quietUntil({ ...quiet, timezone: 'UTC' }, 'Asia/Shanghai', Date.parse('2026-11-23T23:30:00Z'))).toBe(Date.parse('2026-11-24T07:00:00Z'));
  });

  it('is null without quiet hours', () => {
    expect(quietUntil({ quietHours: null, timezone: null }, 'UTC', 0)).toBeNull();
  });
});

describe('retryDelayMs: exponential backoff with full jitter', () => {
  const settings = { backoffMs: 30_000, maxBackoffMs: 600_000 };
  it.each([
    { attempt: 1, random: 0.5, ms: 15_000 },
    { attempt: 2, random: 0.5, ms: 30_000 },
    { attempt: 3, random: 0.999, ms: 119_880 },
    { attempt: 6, random: 0.5, ms: 300_000 },
    { attempt: 40, random: 0.5, ms: 300_000 },
    { attempt: 3, random: 0, ms: 0 },
  ])('attempt $attempt, random $random → $ms ms', ({ attempt, random, ms }) => {
    expect(retryDelayMs(attempt, settings, () => random)).toBe(ms);
  });
});

describe('messageLang', () => {
  it.each([
    { lang: null, locale: 'zh-CN', want: 'zh-CN' },
    { lang: null, locale: 'zh-Hant-TW', want: 'zh-CN' },
    { lang: null, locale: 'en-GB', want: 'en' },
    { lang: 'en', locale: 'zh-CN', want: 'en' },
    { lang: 'zh-CN', locale: 'en', want: 'zh-CN' },
  ] as const)('route $lang, provider $locale → $want', ({ lang, locale, want }) => {
    expect(messageLang({ lang }, locale)).toBe(want);
  });
});

describe('planDeliveries', () => {
  it('plans one delivery per route that takes the event, held for a route in quiet hours, never for a test', () => {
    const at = Date.parse('2026-11-23T16:00:00Z'); // 00:00 in Shanghai
    const routes = [route({ id: 'day' }), route({ id: 'night', quietHours: { start: 1380, end: 1860 } }), route({ id: 'chat', channels: ['acme-chat'] })];
    expect(planDeliveries(routes, event(), at, providerOf)).toEqual([
      { routeId: 'day', notifier: 'webhook', nextAttemptAt: at, heldUntil: null },
      { routeId: 'night', notifier: 'webhook', nextAttemptAt: Date.parse('2026-11-23T23:00:00Z'), heldUntil: Date.parse('2026-11-23T23:00:00Z') },
    ]);
    expect(planDeliveries(routes, event({ kind: 'test', routeId: 'night' }), at, providerOf)).toEqual([{ routeId: 'night', notifier: 'webhook', nextAttemptAt: at, heldUntil: null }]);
  });
});
