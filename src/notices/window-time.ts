/**
 * Placing written dates and times on the timeline: the year a date without one means, the
 * 24-hour clock of 凌晨2点 or 2 PM, and the instant of a local time in the written zone or the
 * provider's (DST-safe, via `zoned-time.ts`). Shared by window and date reading. Pure.
 */
import { dateToDayNumber, localParts, utcOffsetMs, zonedTimeToEpoch } from '../domain/zoned-time.ts';
import type { Period, Token, ZoneSpec } from './window-tokens.ts';

/** What the text does not say. */
export interface WindowContext {
  /** The provider's IANA zone. */
  timezone: string;
  /** Epoch ms of publication (or now): the year of a date without one, the date of a time without one. */
  reference: number;
}

type DateTok = Extract<Token, { t: 'date' }>;

/** An hour on the 24-hour clock (24 = the midnight that ends the day), or null when impossible. */
export function to24(hour: number, period: Period | null): number | null {
  if (!Number.isInteger(hour) || hour < 0 || hour > 24) return null;
  switch (period) {
    case null:
      return hour;
    case 'am':
    case 'early':
      return hour > 12 ? null : hour === 12 ? 0 : hour;
    case 'morning':
      return hour > 12 ? null : hour;
    case 'noon':
      return hour <= 2 ? hour + 12 : hour;
    case 'pm':
    case 'afternoon':
      return hour >= 12 ? hour : hour + 12;
    case 'evening':
      // 晚上12点 is the midnight that ends the evening.
      return hour === 12 ? 24 : hour > 12 ? hour : hour + 12;
  }
}

/** A calendar date. */
export interface Civil {
  year: number;
  month: number;
  day: number;
}

/** The written date, its year filled in, or the reference date when none was written. */
export function civilDate(date: DateTok | null, ctx: WindowContext, zone: ZoneSpec | null): Civil {
  const ref = referenceDate(ctx, zone);
  if (date === null) return ref;
  if (date.year !== null) return { year: date.year, month: date.month, day: date.day };
  // The year that puts the date nearest the reference: a notice of 28 Dec about "1月2日" means next year.
  const refDay = dateToDayNumber(iso(ref.year, ref.month, ref.day));
  let best: Civil = { year: ref.year, month: date.month, day: date.day };
  let bestDistance = Infinity;
  for (const year of [ref.year - 1, ref.year, ref.year + 1]) {
    const distance = Math.abs(dateToDayNumber(iso(year, date.month, date.day)) - refDay);
    if (distance < bestDistance) {
      best = { year, month: date.month, day: date.day };
      bestDistance = distance;
    }
  }
  return best;
}

/** The reference instant's local date where the times are written. */
function referenceDate(ctx: WindowContext, zone: ZoneSpec | null): Civil {
  const parts = zone?.kind === 'offset' ? localParts(ctx.reference + zone.minutes * 60_000, 'UTC') : localParts(ctx.reference, zoneName(zone, ctx));
  return { year: parts.year, month: parts.month, day: parts.day };
}

/** The instant of a local date and minute (may pass 1440) in the written zone or the provider's. */
export function toEpoch(date: Civil, minute: number, zone: ZoneSpec | null, ctx: WindowContext): number {
  const day = iso(date.year, date.month, date.day);
  if (zone?.kind === 'offset') return (dateToDayNumber(day) * 1440 + minute - zone.minutes) * 60_000;
  return zonedTimeToEpoch(day, minute, zoneName(zone, ctx));
}

/** The IANA zone of a written zone that is not a fixed offset; `CST` is China's for a provider at UTC+8, else US Central. */
function zoneName(zone: ZoneSpec | null, ctx: WindowContext): string {
  if (zone === null || zone.kind === 'offset') return ctx.timezone;
  if (zone.kind === 'iana') return zone.zone;
  return utcOffsetMs(ctx.reference, ctx.timezone) === 8 * 3_600_000 ? 'Asia/Shanghai' : 'America/Chicago';
}

function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
