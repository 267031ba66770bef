import { describe, expect, it } from 'vitest';
import { parseCron, type CronSchedule } from '../../src/domain/cron.ts';
import { inMaintenance, maintenanceStatus, type MaintenanceWindow } from '../../src/domain/maintenance.ts';

const H = 3_600_000;
const t = (iso: string) => Date.parse(iso);
const cron = (expression: string): CronSchedule => {
  const parsed = parseCron(expression);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
};
const recurring = (expression: string, durationMs: number): MaintenanceWindow => ({ kind: 'recurring', schedule: cron(expression), durationMs });
const once = (start: string, end: string): MaintenanceWindow => ({ kind: 'once', startsAt: t(start), endsAt: t(end) });

describe('maintenanceStatus', () => {
  it.each([
    // Sunday 02:00–04:00 in Shanghai (UTC+8) is Saturday 18:00–20:00 UTC.
    ['before the window', [recurring('0 2 * * sun', 2 * H)], 'Asia/Shanghai', '2026-11-21T17:59:00Z', null, '2026-11-21T18:00:00.000Z'],
    ['at its start', [recurring('0 2 * * sun', 2 * H)], 'Asia/Shanghai', '2026-11-21T18:00:00Z', '2026-11-21T18:00:00.000Z', '2026-11-28T18:00:00.000Z'],
    ['inside', [recurring('0 2 * * sun', 2 * H)], 'Asia/Shanghai', '2026-11-21T19:59:00Z', '2026-11-21T18:00:00.000Z', '2026-11-28T18:00:00.000Z'],
    ['at its end (exclusive)', [recurring('0 2 * * sun', 2 * H)], 'Asia/Shanghai', '2026-11-21T20:00:00Z', null, '2026-11-28T18:00:00.000Z'],
    // A window that crosses midnight: Friday 23:00 for 3 h is still active Saturday 01:30.
    ['crossing midnight', [recurring('0 23 * * fri', 3 * H)], 'Europe/Berlin', '2026-11-21T00:30:00Z', '2026-11-20T22:00:00.000Z', '2026-11-27T22:00:00.000Z'],
    // Wall clock is kept across DST: Sunday 02:00 New York is 07:00Z in winter, 06:00Z in summer.
    ['New York winter', [recurring('0 2 * * sun', H)], 'America/New_York', '2026-11-08T07:30:00Z', '2026-11-08T07:00:00.000Z', '2026-11-15T07:00:00.000Z'],
    ['New York summer', [recurring('0 2 * * sun', H)], 'America/New_York', '2026-10-25T06:30:00Z', '2026-10-25T06:00:00.000Z', '2026-11-01T07:00:00.000Z'],
    ['one-off inside', [once('2026-11-23T18:00:00Z', '2026-11-23T22:00:00Z')], 'UTC', '2026-11-23T19:00:00Z', '2026-11-23T18:00:00.000Z', null],
    ['one-off ahead', [once('2026-11-23T18:00:00Z', '2026-11-23T22:00:00Z')], 'UTC', '2026-11-23T10:00:00Z', null, '2026-11-23T18:00:00.000Z'],
    ['one-off past', [once('2026-11-23T18:00:00Z', '2026-11-23T22:00:00Z')], 'UTC', '2026-11-24T10:00:00Z', null, null],
    ['one-off beyond the 14-day horizon', [once('2027-01-23T18:00:00Z', '2027-01-23T22:00:00Z')], 'UTC', '2026-11-24T10:00:00Z', null, null],
    ['no windows', [], 'UTC', '2026-11-24T10:00:00Z', null, null],
    // Overlapping: the active one is the one ending last; next is the earliest start.
    [
      'overlapping windows',
      [once('2026-11-23T18:00:00Z', '2026-11-23T20:00:00Z'), once('2026-11-23T19:00:00Z', '2026-11-23T23:00:00Z'), once('2026-11-25T01:00:00Z', '2026-11-25T02:00:00Z')],
      'UTC',
      '2026-11-23T19:30:00Z',
      '2026-11-23T19:00:00.000Z',
      '2026-11-25T01:00:00.000Z',
    ],
  ] as const)('%s', (_name, windows, zone, at, activeStart, nextStart) => {
    const status = maintenanceStatus(windows, zone, t(at));
    expect(status.active ? new Date(status.active.startsAt).toISOString() : null).toBe(activeStart);
    expect(status.next ? new Date(status.next.startsAt).toISOString() : null).toBe(nextStart);
  });

  it('gives the end of a recurring window from its duration', () => {
    const { active } = maintenanceStatus([recurring('0 2 * * sun', 2 * H)], 'Asia/Shanghai', t('2026-11-21T19:00:00Z'));
    expect(active).toEqual({ startsAt: t('2026-11-21T18:00:00Z'), endsAt: t('2026-11-21T20:00:00Z') });
  });

  it('inMaintenance agrees with maintenanceStatus', () => {
    const windows = [recurring('*/30 * * * *', 10 * 60_000)];
    for (let m = 0; m < 120; m += 5) {
      const at = t('2026-11-23T00:00:00Z') + m * 60_000;
      expect(inMaintenance(windows, 'Asia/Kolkata', at)).toBe(m % 30 < 10);
    }
  });
});
