import { describe, expect, it } from 'vitest';
import { cronMatchesDay, parseCron, type CronSchedule } from '../../src/domain/cron.ts';

function schedule(expression: string): CronSchedule {
  const parsed = parseCron(expression);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

describe('parseCron', () => {
  it.each([
    ['0 2 * * sun', [0], [2]],
    ['*/15 * * * *', [0, 15, 30, 45], Array.from({ length: 24 }, (_, i) => i)],
    ['5,35 1-3 * * *', [5, 35], [1, 2, 3]],
    ['0 22-23/1 * * mon-fri', [0], [22, 23]],
    ['30 0/6 * * *', [30], [0, 6, 12, 18]],
  ])('%s → minutes %j hours %j', (expression, minutes, hours) => {
    const s = schedule(expression);
    expect(s.minutes).toEqual(minutes);
    expect(s.hours).toEqual(hours);
  });

  it.each([
    ['0 2 * *', 'expected 5 cron fields'],
    ['60 2 * * *', 'bad minute "60"'],
    ['0 24 * * *', 'bad hour "24"'],
    ['0 2 32 * *', 'bad day of month "32"'],
    ['0 2 * 13 *', 'bad month "13"'],
    ['0 2 * * funday', 'bad day of week "funday"'],
    ['0 5-2 * * *', 'bad range in hour "5-2"'],
    ['*/0 * * * *', 'bad step in minute "*/0"'],
    ['0 2 * * @', 'bad day of week "@"'],
  ])('rejects %s (%s)', (expression, message) => {
    expect(parseCron(expression)).toContain(message);
  });

  it.each([
    // expression, month, day of month, weekday, matches
    ['0 2 * * sun', 11, 22, 0, true],
    ['0 2 * * sun', 11, 23, 1, false],
    ['0 2 * * 7', 11, 22, 0, true], // 7 is Sunday too
    ['0 2 1 * *', 11, 1, 0, true],
    ['0 2 1 * *', 11, 2, 1, false],
    ['0 2 1 * mon', 11, 2, 1, true], // both day fields restricted: either matches
    ['0 2 1 * mon', 11, 1, 0, true],
    ['0 2 1 * mon', 11, 3, 2, false],
    ['0 2 * dec *', 11, 3, 2, false],
    ['0 2 * dec *', 12, 3, 4, true],
  ])('%s on month %i day %i weekday %i → %s', (expression, month, day, weekday, matches) => {
    expect(cronMatchesDay(schedule(expression), month, day, weekday)).toBe(matches);
  });
});
