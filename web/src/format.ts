/**
 * Times, spans and figures as the dashboard shows them: always in the provider's time zone
 * (the zone is named on the page), in the page's language. Pure apart from `Intl`.
 */
import { messagesOf, type Lang } from './i18n/index.ts';

const DAY_MS = 86_400_000;
const formats = new Map<string, Intl.DateTimeFormat>();

/** Building a DateTimeFormat is slow; a 50-channel page asks for the same few hundreds of times. */
function dtf(lang: Lang, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}|${timeZone}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) formats.set(key, (format = new Intl.DateTimeFormat(lang, { timeZone, ...options })));
  return format;
}

const HM: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
const YMD: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit' };

/** A time as its instant, or null when absent or unreadable. */
function instant(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const ms = typeof value === 'number' ? value : Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/** Formats for one page: a language, the provider's zone and a clock. */
export interface Formatter {
  readonly lang: Lang;
  readonly timeZone: string;
  /** `09:00` today, `Tue 09:00` within a week, `11/22 09:00` otherwise; '–' when absent. */
  time(value: string | number | null | undefined): string;
  /** A window: `Sun 02:00–04:00`, the end's day named only when it differs from the start's; `09:00–…` when open-ended. */
  range(from: string | number | null | undefined, to: string | number | null | undefined): string;
  /** Date and time, always with the date: `2026/11/22 09:00`. */
  dateTime(value: string | number | null | undefined): string;
  /** The zone with its offset now: `Asia/Shanghai (GMT+8)`. */
  zone(): string;
  /** A span of seconds: `2 h 5 min`, `45 s`, `3 d 4 h`. */
  span(seconds: number): string;
  /** How long ago `value` was: `2 h 5 min ago`. */
  ago(value: string | number | null | undefined): string;
  /** A 0–1 fraction as a percentage, never rounded up to 100 %: `99.95%`; '–' for null. */
  percent(fraction: number | null | undefined): string;
  /** Milliseconds: `1,234 ms`; '–' for null. */
  ms(value: number | null | undefined): string;
}

/**
 * A formatter for `lang` in `timeZone`.
 *
 * @example formatter('en', 'Asia/Shanghai').time('2026-11-23T01:00:00Z') // '09:00' (on that day)
 */
export function formatter(lang: Lang, timeZone: string, now: () => number = Date.now): Formatter {
  const t = messagesOf(lang);
  const localDate = (ms: number) => dtf(lang, timeZone, YMD).format(ms);
  const join = lang === 'zh-CN' ? '' : ' ';
  const numbers = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  const percents = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 2 });

  const span = (seconds: number): string => {
    const s = Math.max(0, Math.round(seconds));
    if (s < 60) return t.duration.s(s);
    const m = Math.floor(s / 60);
    if (m < 60) return t.duration.min(m);
    const h = Math.floor(m / 60);
    if (h < 24) return m % 60 === 0 ? t.duration.h(h) : [t.duration.h(h), t.duration.min(m % 60)].join(join);
    const d = Math.floor(h / 24);
    return h % 24 === 0 ? t.duration.d(d) : [t.duration.d(d), t.duration.h(h % 24)].join(join);
  };

  const time = (value: string | number | null | undefined): string => {
    const ms = instant(value);
    if (ms === null) return t.none;
    const clock = dtf(lang, timeZone, HM).format(ms);
    const today = now();
    if (localDate(ms) === localDate(today)) return clock;
    if (Math.abs(ms - today) < 6 * DAY_MS) return `${dtf(lang, timeZone, { weekday: 'short' }).format(ms)} ${clock}`;
    return `${dtf(lang, timeZone, { month: '2-digit', day: '2-digit' }).format(ms)} ${clock}`;
  };

  return {
    lang,
    timeZone,
    time,
    range(from, to) {
      const a = instant(from);
      const b = instant(to);
      // An open end (an outage notice with no end yet) reads as "09:00–…".
      if (a === null || b === null) return a === null && b === null ? t.none : `${a === null ? '…' : time(a)}–${b === null ? '…' : time(b)}`;
      return `${time(a)}–${localDate(a) === localDate(b) ? dtf(lang, timeZone, HM).format(b) : time(b)}`;
    },
    dateTime(value) {
      const ms = instant(value);
      return ms === null ? t.none : dtf(lang, timeZone, { ...YMD, ...HM }).format(ms);
    },
    zone() {
      const offset = dtf(lang, timeZone, { timeZoneName: 'shortOffset' })
        .formatToParts(now())
        .find((p) => p.type === 'timeZoneName')?.value;
      return offset ? `${timeZone} (${offset})` : timeZone;
    },
    span,
    ago(value) {
      const ms = instant(value);
      return ms === null ? t.none : t.ago(span((now() - ms) / 1000));
    },
    percent(fraction) {
      if (fraction === null || fraction === undefined) return t.none;
      // 99.996 % shown as 100 % would hide real downtime: truncate, never round up.
      return percents.format(Math.floor(fraction * 10_000) / 10_000);
    },
    ms(value) {
      return value === null || value === undefined ? t.none : `${numbers.format(value)} ms`;
    },
  };
}
