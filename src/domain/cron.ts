/**
 * Five-field cron expressions (`minute hour day-of-month month day-of-week`), as used for
 * recurring maintenance windows, evaluated on a provider's local wall clock.
 * Supports `*`, numbers, ranges `a-b`, lists `a,b`, steps `*\/n` and `a-b/n`, and day and
 * month names (`sun`, `jan`). As in Vixie cron, when both day fields are restricted a day
 * matches if either does.
 */

export interface CronSchedule {
  expression: string;
  minutes: readonly number[];
  hours: readonly number[];
  /** Day-of-month, month (1–12) and day-of-week (0 = Sunday) as membership tables. */
  daysOfMonth: ReadonlySet<number>;
  months: ReadonlySet<number>;
  daysOfWeek: ReadonlySet<number>;
  daysOfMonthRestricted: boolean;
  daysOfWeekRestricted: boolean;
}

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface FieldRule {
  name: string;
  min: number;
  max: number;
  names?: string[];
  /** Offset of names[0]: months are 1-based. */
  nameBase?: number;
}

const FIELDS: FieldRule[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTH_NAMES, nameBase: 1 },
  { name: 'day of week', min: 0, max: 7, names: DAY_NAMES, nameBase: 0 },
];

/**
 * Parses a cron expression; returns an error sentence instead of throwing, so the config
 * loader can report it with its line.
 *
 * @example parseCron('0 2 * * sun') // → { minutes: [0], hours: [2], daysOfWeek: {0}, … }
 */
export function parseCron(expression: string): CronSchedule | string {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) return `expected 5 cron fields (minute hour day month weekday), got ${parts.length}`;
  const sets: Set<number>[] = [];
  for (let i = 0; i < 5; i++) {
    const parsed = parseField(parts[i]!, FIELDS[i]!);
    if (typeof parsed === 'string') return parsed;
    sets.push(parsed);
  }
  const [minutes, hours, daysOfMonth, months, daysOfWeek] = sets as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];
  if (daysOfWeek.delete(7)) daysOfWeek.add(0); // 7 is Sunday too
  return {
    expression,
    minutes: [...minutes].sort((a, b) => a - b),
    hours: [...hours].sort((a, b) => a - b),
    daysOfMonth,
    months,
    daysOfWeek,
    daysOfMonthRestricted: parts[2] !== '*',
    daysOfWeekRestricted: parts[4] !== '*',
  };
}

function parseField(text: string, rule: FieldRule): Set<number> | string {
  const values = new Set<number>();
  for (const item of text.toLowerCase().split(',')) {
    const match = /^(\*|[a-z0-9]+(?:-[a-z0-9]+)?)(?:\/(\d+))?$/.exec(item);
    if (!match) return `bad ${rule.name} "${item}"`;
    const step = match[2] === undefined ? 1 : Number(match[2]);
    if (step < 1) return `bad step in ${rule.name} "${item}"`;
    let from = rule.min;
    let to = rule.max === 7 ? 6 : rule.max;
    if (match[1] !== '*') {
      const [a, b] = match[1]!.split('-');
      const start = valueOf(a!, rule);
      const end = b === undefined ? (match[2] === undefined ? start : to) : valueOf(b, rule);
      if (start === null || end === null) return `bad ${rule.name} "${item}" (expected ${rule.min}-${rule.max})`;
      if (end < start) return `bad range in ${rule.name} "${item}"`;
      from = start;
      to = end;
    }
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

function valueOf(token: string, rule: FieldRule): number | null {
  const named = rule.names?.indexOf(token) ?? -1;
  if (named >= 0) return named + (rule.nameBase ?? 0);
  if (!/^\d+$/.test(token)) return null;
  const n = Number(token);
  return n >= rule.min && n <= rule.max ? n : null;
}

/** Whether a local calendar day (month 1–12, weekday 0 = Sunday) is one the schedule runs on. */
export function cronMatchesDay(schedule: CronSchedule, month: number, dayOfMonth: number, weekday: number): boolean {
  if (!schedule.months.has(month)) return false;
  const dom = schedule.daysOfMonth.has(dayOfMonth);
  const dow = schedule.daysOfWeek.has(weekday);
  if (schedule.daysOfMonthRestricted && schedule.daysOfWeekRestricted) return dom || dow;
  return dom && dow;
}
