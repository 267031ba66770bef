import { describe, expect, it } from 'vitest';
import {
  NEVER,
  activeUntil,
  announcedSpan,
  appliesTo,
  channelAnnouncement,
  hasActiveOutage,
  inAnnouncedMaintenance,
  type LinkedNotice,
} from '../../src/notices/effects.ts';
import { OPEN_NOTICE_TTL_MS, isActive } from '../../src/notices/lifecycle.ts';

const NOW = Date.parse('2026-11-21T08:00:00Z');
const HOUR = 3_600_000;

function notice(overrides: Partial<LinkedNotice> = {}): LinkedNotice {
  return {
    id: 'id:n1',
    format: 'rss',
    kind: 'outage',
    topic: 'outage',
    title: '客服热线故障',
    body: '',
    url: null,
    publishedAt: NOW - HOUR,
    updatedAt: NOW - HOUR,
    resolvedAt: null,
    window: null,
    components: [],
    upstreamStatus: null,
    severity: null,
    firstSeenAt: NOW - HOUR,
    changedAt: NOW - HOUR,
    closedAt: null,
    channels: null,
    ...overrides,
  };
}

const hotline = { id: 'x-hotline', kind: 'hotline' as const };
const chat = { id: 'x-chat', kind: 'live_chat' as const };
const news = { id: 'x-news', kind: 'announcements' as const };
const window = { startsAt: NOW + HOUR, endsAt: NOW + 3 * HOUR };

describe('activeUntil', () => {
  it.each<[string, Partial<LinkedNotice>, number]>([
    ['an outage: a day after its last update', {}, NOW - HOUR + OPEN_NOTICE_TTL_MS],
    ['an outage updated later', { updatedAt: NOW }, NOW + OPEN_NOTICE_TTL_MS],
    ['an undated outage: a day after it was first read', { publishedAt: null, updatedAt: null, firstSeenAt: NOW }, NOW + OPEN_NOTICE_TTL_MS],
    ['an old outage first read now: a day after its date', { firstSeenAt: NOW, publishedAt: NOW - 48 * HOUR, updatedAt: NOW - 48 * HOUR }, NOW - 24 * HOUR],
    ['a closed outage: when it closed', { closedAt: NOW }, NOW],
    ['a Statuspage incident: never, until it closes', { format: 'statuspage' }, NEVER],
    ['a closed Statuspage incident', { format: 'statuspage', closedAt: NOW }, NOW],
    ['a maintenance window: its end', { kind: 'maintenance', window }, NOW + 3 * HOUR],
    ['a window completed early', { kind: 'maintenance', window, closedAt: NOW + 2 * HOUR }, NOW + 2 * HOUR],
    ['a start without an end: a day after the start', { kind: 'maintenance', window: { startsAt: NOW + 5 * HOUR, endsAt: null } }, NOW + 5 * HOUR + OPEN_NOTICE_TTL_MS],
  ])('%s', (_name, overrides, expected) => {
    expect(activeUntil(notice(overrides))).toBe(expected);
  });

  it.each([NOW - 2 * HOUR, NOW, NOW + 2 * HOUR, NOW + 30 * HOUR])('agrees with isActive at %i (with the start and kind rules)', (at) => {
    const cases: Partial<LinkedNotice>[] = [{}, { closedAt: NOW }, { format: 'statuspage' }, { kind: 'maintenance', window }, { kind: 'resolved', closedAt: NOW - HOUR }];
    for (const overrides of cases) {
      const n = notice(overrides);
      const sql = n.kind !== 'resolved' && activeUntil(n) > at && (n.window?.startsAt == null || n.window.startsAt <= at);
      expect(sql, JSON.stringify(overrides)).toBe(isActive(n, at));
    }
  });
});

describe('appliesTo', () => {
  it.each<[string, readonly string[] | null, { id: string; kind: 'hotline' | 'live_chat' | 'announcements' }, boolean]>([
    ['a notice for the whole provider, to the hotline', null, hotline, true],
    ['a notice for the whole provider, to the announcements channel it came from', null, news, false],
    ['a notice naming the hotline, to the hotline', ['x-hotline'], hotline, true],
    ['a notice naming the hotline, to the chat', ['x-hotline'], chat, false],
    ['a notice naming the announcements channel, to it', ['x-news'], news, true],
  ])('%s → %s', (_name, channels, channel, expected) => {
    expect(appliesTo({ channels }, channel)).toBe(expected);
  });
});

describe('announcedSpan', () => {
  it.each<[string, Partial<LinkedNotice>, { startsAt: number; endsAt: number } | null]>([
    ['a stated window', { kind: 'maintenance', window }, window],
    ['no window', { kind: 'maintenance' }, null],
    ['an outage with a window', { window }, null],
    ['a resolved maintenance', { kind: 'resolved', topic: 'maintenance', window, closedAt: NOW }, null],
    ['only an end: from its publication', { kind: 'maintenance', window: { startsAt: null, endsAt: NOW + HOUR } }, { startsAt: NOW - HOUR, endsAt: NOW + HOUR }],
    ['only a start, Statuspage: until it closes', { kind: 'maintenance', format: 'statuspage', window: { startsAt: NOW, endsAt: null } }, { startsAt: NOW, endsAt: NEVER }],
    ['a window that states nothing', { kind: 'maintenance', window: { startsAt: null, endsAt: null } }, null],
  ])('%s', (_name, overrides, expected) => {
    expect(announcedSpan(notice(overrides))).toEqual(expected);
  });
});

describe('channelAnnouncement', () => {
  const upgrade = notice({ id: 'm1', kind: 'maintenance', topic: 'maintenance', window, channels: ['x-hotline'] });
  const outage = notice({ id: 'o1', channels: ['x-chat'] });
  const everywhere = notice({ id: 'o2', publishedAt: NOW - 2 * HOUR, updatedAt: NOW - 2 * HOUR });
  const live = [upgrade, outage, everywhere];

  it('before the window: the outage of the whole provider, the maintenance announced for later', () => {
    const a = channelAnnouncement(live, hotline, NOW);
    expect(a).toMatchObject({ announced: 'outage', maintenance: null, nextMaintenance: window, outage: everywhere });
    expect(a.notices.map((n) => n.id)).toEqual(['m1', 'o2']);
  });

  it('inside the window: maintenance wins over the outage', () => {
    expect(channelAnnouncement(live, hotline, NOW + 2 * HOUR)).toMatchObject({ announced: 'maintenance', maintenance: window, maintenanceEndStated: true, nextMaintenance: null });
    expect(inAnnouncedMaintenance(live, hotline, NOW + 2 * HOUR)).toBe(true);
    expect(inAnnouncedMaintenance(live, chat, NOW + 2 * HOUR)).toBe(false);
  });

  it('after the window and a day on: nothing', () => {
    const a = channelAnnouncement(live, hotline, NOW + 30 * HOUR);
    expect(a).toMatchObject({ announced: null, maintenance: null, outage: null, notices: [] });
    expect(inAnnouncedMaintenance(live, hotline, NOW + 3 * HOUR)).toBe(false);
  });

  it('takes the earliest outage that applies', () => {
    expect(channelAnnouncement(live, chat, NOW).outage?.id).toBe('o2');
    expect(hasActiveOutage(live, chat, NOW)).toBe(true);
    expect(hasActiveOutage(live, news, NOW)).toBe(false);
  });

  it('marks a maintenance without a stated end as such', () => {
    const open = notice({ kind: 'maintenance', format: 'statuspage', window: { startsAt: NOW - HOUR, endsAt: null }, channels: ['x-chat'] });
    expect(channelAnnouncement([open], chat, NOW)).toMatchObject({ announced: 'maintenance', maintenanceEndStated: false, maintenance: { startsAt: NOW - HOUR, endsAt: NEVER } });
  });
});
