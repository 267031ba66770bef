import { cronMatchesDay, parseCron, type CronSchedule } from './cron.ts';
import { addDays, dateToDayNumber, localParts, weekdayOf, zonedTimeToEpoch } from './zoned-time.ts';

/**
 * An announced maintenance window: inside it a channel is `maintenance`, which never counts
 * as downtime and never opens an incident. One-off windows are stored as instants (the config
 * loader reads them in the provider's zone); recurring ones as a cron schedule on the
 * provider's wall clock plus a duration, so "every Sunday 02:00" stays 02:00 across DST.
 */
export type MaintenanceWindow =
  | { kind: 'once'; startsAt: number; endsAt: number }
  | { kind: 'recurring'; schedule: CronSchedule; durationMs: number };

export interface WindowSpan {
  startsAt: number;
  endsAt: number;
}

export interface MaintenanceStatus {
  /** The window in force now (the one ending last, if several overlap). */
  active: WindowSpan | null;
  /** The next window to start after now, within the horizon. */
  next: WindowSpan | null;
}

/** How far ahead `next` looks. */
export const MAINTENANCE_HORIZON_DAYS = 14;
const DAY_MS = 86_400_000;

/**
 * Which window, if any, is in force at `at`, and which comes next.
 *
 * @example
 * maintenanceStatus([{ kind: 'recurring', schedule: parseCron('0 2 * * sun'), durationMs: 2 * 3600e3 }],
 *   'Asia/Shanghai', Date.parse('2026-11-22T18:30:00Z')) // Sunday 02:30 local
 * // → { active: { startsAt: …18:00Z, endsAt: …20:00Z }, next: { startsAt: 2026-11-29T18:00Z, … } }
 */
export function maintenanceStatus(windows: readonly MaintenanceWindow[], timezone: string, at: number): MaintenanceStatus {
  let active: WindowSpan | null = null;
  let next: WindowSpan | null = null;
  const consider = (span: WindowSpan) => {
    if (span.startsAt <= at && at < span.endsAt) {
      if (!active || span.endsAt > active.endsAt) active = span;
    } else if (span.startsAt > at && span.startsAt <= at + MAINTENANCE_HORIZON_DAYS * DAY_MS) {
      if (!next || span.startsAt < next.startsAt) next = span;
    }
  };
  for (const w of windows) {
    if (w.kind === 'once') consider(w);
    else forEachOccurrence(w, timezone, at, consider);
  }
  return { active, next };
}

/** Whether `at` falls inside any of the windows. */
export function inMaintenance(windows: readonly MaintenanceWindow[], timezone: string, at: number): boolean {
  return windows.length > 0 && maintenanceStatus(windows, timezone, at).active !== null;
}

/**
 * Calls `visit` for every occurrence that could be active at `at` or be the next one: starts
 * from `at - duration` up to the first start after `at`.
 */
function forEachOccurrence(
  w: Extract<MaintenanceWindow, { kind: 'recurring' }>,
  timezone: string,
  at: number,
  visit: (span: WindowSpan) => void,
): void {
  const firstDate = localParts(at - w.durationMs, timezone).date;
  const days = Math.ceil(w.durationMs / DAY_MS) + MAINTENANCE_HORIZON_DAYS + 2;
  for (let i = 0; i < days; i++) {
    const date = addDays(firstDate, i);
    const [, month, day] = date.split('-').map(Number) as [number, number, number];
    if (!cronMatchesDay(w.schedule, month, day, weekdayOf(dateToDayNumber(date)))) continue;
    for (const hour of w.schedule.hours) {
      for (const minute of w.schedule.minutes) {
        const startsAt = zonedTimeToEpoch(date, hour * 60 + minute, timezone);
        if (startsAt + w.durationMs <= at) continue;
        visit({ startsAt, endsAt: startsAt + w.durationMs });
        if (startsAt > at) return; // the first start after `at` is the next one: done
      }
    }
  }
}

/** A window as stored in the database: the cron expression instead of its parsed sets. */
export type StoredWindow = { kind: 'once'; startsAt: number; endsAt: number } | { kind: 'recurring'; cron: string; durationMs: number };

export function toStoredWindows(windows: readonly MaintenanceWindow[]): StoredWindow[] {
  return windows.map((w) => (w.kind === 'once' ? w : { kind: 'recurring', cron: w.schedule.expression, durationMs: w.durationMs }));
}

/** Reads stored windows back; one that no longer parses is left out rather than failing a read. */
export function fromStoredWindows(stored: readonly StoredWindow[]): MaintenanceWindow[] {
  const windows: MaintenanceWindow[] = [];
  for (const w of stored) {
    if (w.kind === 'once') windows.push(w);
    else {
      const schedule = parseCron(w.cron);
      if (typeof schedule !== 'string') windows.push({ kind: 'recurring', schedule, durationMs: w.durationMs });
    }
  }
  return windows;
}
