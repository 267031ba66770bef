/**
 * What stored notices do to channels: until when a notice is in effect, which channels it
 * applies to, the maintenance span it announces, and what a channel shows because of them.
 * Pure: the API views, the provider list and the monitor's window cache all ask here, so they
 * never disagree.
 */
import type { WindowSpan } from '../domain/maintenance.ts';
import type { ChannelKind } from '../domain/vocabulary.ts';
import { OPEN_NOTICE_TTL_MS, isActive, isUpcoming, type NoticeRecord } from './lifecycle.ts';

/** "No end known yet" as a time (the largest a Date can hold): a Statuspage item stays in effect until it closes. */
export const NEVER = 8_640_000_000_000_000;

/** A notice with the channels it was linked to (channel ids; null = the whole provider). */
export type LinkedNotice = NoticeRecord & { channels: readonly string[] | null };

/** What the effects need to know of a channel. */
export interface ChannelScope {
  id: string;
  kind: ChannelKind;
}

/**
 * When a notice stops being in effect (`isActive` is false from then on, whatever else):
 * when it closed, its window's stated end, else a day after its last update or, undated, its
 * first reading (Statuspage items excepted: they stay until the page closes them). Stored, so
 * "in effect now" is an index range.
 *
 * @example activeUntil({ window: { startsAt: t0, endsAt: t1 }, closedAt: null, … }) // → t1
 */
export function activeUntil(notice: NoticeRecord): number {
  const window = notice.window;
  let until: number;
  if (window !== null && window.endsAt !== null) until = window.endsAt;
  else if (notice.format === 'statuspage') until = NEVER;
  else {
    const dated = Math.max(notice.updatedAt ?? -Infinity, notice.publishedAt ?? -Infinity, window?.startsAt ?? -Infinity);
    until = (Number.isFinite(dated) ? dated : notice.firstSeenAt) + OPEN_NOTICE_TTL_MS;
  }
  return notice.closedAt === null ? until : Math.min(until, notice.closedAt);
}

/**
 * Whether a notice applies to a channel: it names the channel, or it names none (the whole
 * provider) and the channel is not an announcement source itself (a notice about the hotline
 * says nothing about the page it was published on).
 *
 * @example appliesTo({ channels: null }, { id: 'x-hotline', kind: 'hotline' }) // → true
 */
export function appliesTo(notice: { channels: readonly string[] | null }, channel: ChannelScope): boolean {
  return notice.channels === null ? coveredByWholeProvider(channel.kind) : notice.channels.includes(channel.id);
}

/** Whether a notice that names no channel applies to a channel of this kind: every kind but `announcements`. */
export function coveredByWholeProvider(kind: ChannelKind): boolean {
  return kind !== 'announcements';
}

/**
 * The maintenance a notice announces, as a span: a `maintenance` notice that states a start
 * or an end. An unknown start is when it was announced; an unknown end is `activeUntil`
 * (closed, a day on, or never for Statuspage), so the span is exactly when `isActive` holds.
 *
 * @example announcedSpan(hotlineUpgrade) // → { startsAt: 2026-11-22T18:00Z, endsAt: 2026-11-22T22:00Z }
 */
export function announcedSpan(notice: NoticeRecord): WindowSpan | null {
  if (notice.kind !== 'maintenance' || notice.window === null) return null;
  const { startsAt, endsAt } = notice.window;
  if (startsAt === null && endsAt === null) return null;
  return { startsAt: startsAt ?? Math.min(notice.publishedAt ?? notice.firstSeenAt, notice.firstSeenAt), endsAt: activeUntil(notice) };
}

/** What the provider announces about a channel now. */
export interface ChannelAnnouncement<N extends LinkedNotice> {
  /** Announced maintenance in force (the span ending last), or null. */
  maintenance: WindowSpan | null;
  /** Whether that span's end was stated (and can be shown as the window's end). */
  maintenanceEndStated: boolean;
  /** The next announced maintenance with a stated window, starting after `now`. */
  nextMaintenance: WindowSpan | null;
  /** The earliest active outage notice that applies, or null. */
  outage: N | null;
  /** `maintenance` while announced maintenance is in force, else `outage` while an outage notice is, else null. */
  announced: 'maintenance' | 'outage' | null;
  /** The notices that apply: in effect now, or maintenance announced for later. */
  notices: N[];
}

/**
 * What a channel's notices say now. `live` are the provider's notices that may be in effect
 * now or later (see `listLiveNotices`); the rest are filtered here.
 *
 * @example channelAnnouncement(live, { id: 'x-hotline', kind: 'hotline' }, now).announced // → 'maintenance'
 */
export function channelAnnouncement<N extends LinkedNotice>(live: readonly N[], channel: ChannelScope, now: number): ChannelAnnouncement<N> {
  const result: ChannelAnnouncement<N> = { maintenance: null, maintenanceEndStated: false, nextMaintenance: null, outage: null, announced: null, notices: [] };
  for (const notice of live) {
    if (!appliesTo(notice, channel)) continue;
    const active = isActive(notice, now);
    if (!active && !isUpcoming(notice, now)) continue;
    result.notices.push(notice);
    const span = announcedSpan(notice);
    if (span !== null && active && (result.maintenance === null || span.endsAt > result.maintenance.endsAt)) {
      result.maintenance = span;
      result.maintenanceEndStated = notice.window?.endsAt !== null;
    } else if (span !== null && !active && notice.window?.endsAt != null && span.startsAt > now) {
      if (result.nextMaintenance === null || span.startsAt < result.nextMaintenance.startsAt) result.nextMaintenance = span;
    }
    if (active && notice.kind === 'outage' && (result.outage === null || noticeTime(notice) < noticeTime(result.outage))) result.outage = notice;
  }
  result.announced = result.maintenance !== null ? 'maintenance' : result.outage !== null ? 'outage' : null;
  return result;
}

/**
 * Whether announced maintenance is in force for a channel now: the cheap yes/no of
 * `channelAnnouncement`, for lists of many channels.
 */
export function inAnnouncedMaintenance(live: readonly LinkedNotice[], channel: ChannelScope, now: number): boolean {
  for (const notice of live) {
    const span = announcedSpan(notice);
    if (span !== null && span.startsAt <= now && now < span.endsAt && appliesTo(notice, channel)) return true;
  }
  return false;
}

/** Whether an outage notice that applies to the channel is in effect now. */
export function hasActiveOutage(live: readonly LinkedNotice[], channel: ChannelScope, now: number): boolean {
  return live.some((notice) => notice.kind === 'outage' && appliesTo(notice, channel) && isActive(notice, now));
}

/** When a notice was made public, as far as we know. */
export function noticeTime(notice: NoticeRecord): number {
  return notice.publishedAt ?? notice.firstSeenAt;
}
