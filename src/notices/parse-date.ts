/**
 * Reads the date of a feed item or a notice-list entry: RFC 822 (`Fri, 21 Nov 2025 05:07:49
 * +0000`), ISO 8601, `2026-11-20 10:00`, `2026年11月20日`, `Nov 20, 2026`, `11-20`. A date
 * without a zone is read in the provider's zone, never in the machine's (which `Date.parse`
 * would use). Pure.
 */
import { tokenize } from './window-tokens.ts';
import { civilDate, to24, toEpoch, type WindowContext } from './window-time.ts';

/** A zone at the end of an RFC 822 / ISO string, which `Date.parse` reads correctly. */
const EXPLICIT_ZONE = /(?:[+-]\d{2}:?\d{2}|\b(?:GMT|UTC|UT|Z|[ECMP][SD]T)|\dZ)\s*$/i;

/**
 * The instant a date string means, or null when it cannot be read.
 *
 * @example parseDate('2026-11-20 10:00', { timezone: 'Asia/Shanghai', reference: now }) // → Date.parse('2026-11-20T02:00:00Z')
 * @example parseDate('Fri, 21 Nov 2025 05:07:49 +0000', ctx) // → Date.parse('2025-11-21T05:07:49Z')
 */
export function parseDate(input: string | null | undefined, ctx: WindowContext): number | null {
  const text = (input ?? '').trim();
  if (text === '' || text.length > 100) return null;
  if (EXPLICIT_ZONE.test(text)) {
    const at = Date.parse(text);
    if (Number.isFinite(at)) return at;
  }
  const short = /^(\d{1,2})[-/.](\d{1,2})$/.exec(text);
  if (short) return dayStart({ t: 'date', year: null, month: Number(short[1]), day: Number(short[2]) }, ctx);
  return fromTokens(text, ctx);
}

/** `date [time] [zone]` (in either order of date and time), and nothing else but filler. */
function fromTokens(text: string, ctx: WindowContext): number | null {
  const { text: normal, tokens } = tokenize(text);
  const date = tokens.find((t) => t.t === 'date');
  const time = tokens.find((t) => t.t === 'time');
  const zone = tokens.find((t) => t.t === 'zone');
  if (date?.t !== 'date' || tokens.some((t) => t.t !== 'date' && t.t !== 'time' && t.t !== 'zone')) return null;
  if (tokens.filter((t) => t.t === 'date').length > 1) return null;
  // Whatever is left once the tokens are cut out must be punctuation or weekday-like filler.
  let rest = normal;
  for (const t of [...tokens].reverse()) rest = rest.slice(0, t.start) + ' ' + rest.slice(t.end);
  if (/[0-9]/.test(rest) || rest.replace(/[^\p{L}]/gu, '').length > 12) return null;
  try {
    const spec = zone?.t === 'zone' ? zone.zone : null;
    const day = civilDate(date, ctx, spec);
    if (time?.t !== 'time') return toEpoch(day, 0, spec, ctx);
    const hour = to24(time.hour, time.period);
    if (hour === null || time.minute > 59) return null;
    return toEpoch(day, hour * 60 + time.minute, spec, ctx);
  } catch {
    return null;
  }
}

function dayStart(date: { t: 'date'; year: null; month: number; day: number }, ctx: WindowContext): number | null {
  if (date.month < 1 || date.month > 12 || date.day < 1 || date.day > 31) return null;
  try {
    return toEpoch(civilDate({ ...date, start: 0, end: 0 }, ctx, null), 0, null, ctx);
  } catch {
    return null;
  }
}
