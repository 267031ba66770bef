/**
 * Reads the window a notice states, in Chinese or English: `2026-11-23 02:00-06:00`,
 * `2026年11月23日 02:00至06:00`, `11月23日凌晨2点至6点`, `Nov 23, 2:00 AM – 6:00 AM (GMT+8)`,
 * `from 02:00 to 06:00 UTC`, `Start Date: … End Date: …`, `starting at 16:00 UTC, and is
 * expected to last up to 2 hours`. Times without a zone are read in the provider's zone; a
 * date without a year takes the year that puts it nearest the publication date; an end before
 * the start is on the next day. What the text does not say stays null. Pure.
 */
import type { NoticeWindow } from './types.ts';
import { endsSentence, hasStartCue, isFiller, tokenize, type Period, type Token, type ZoneSpec } from './window-tokens.ts';
import { civilDate, to24, toEpoch, type WindowContext } from './window-time.ts';

export type { WindowContext } from './window-time.ts';

type DateTok = Extract<Token, { t: 'date' }>;
type TimeTok = Extract<Token, { t: 'time' }>;

/** A date-time as written: the tokens it spans and what they say. */
interface Written {
  first: number;
  last: number;
  date: DateTok | null;
  time: TimeTok;
  /** Index of the time token. */
  timeAt: number;
  zone: ZoneSpec | null;
}

/** A window found in the text, before it is placed in time. */
type Candidate =
  | { kind: 'range'; at: number; start: Written; end: Written; nextDay: boolean }
  | { kind: 'days'; at: number; from: DateTok; to: DateTok }
  | { kind: 'duration'; at: number; start: Written; ms: number }
  | { kind: 'start'; at: number; start: Written };

/** Longest window believed; anything longer is a misreading (or not a window). */
const MAX_WINDOW_MS = 62 * 86_400_000;

/**
 * The first complete window the text states (start and end), else the first start it states
 * with a cue ("from", "starting", 起), else null.
 *
 * @example
 * extractWindow('2026年11月23日 02:00至06:00 系统升级', { timezone: 'Asia/Shanghai', reference: Date.parse('2026-11-20T00:00:00Z') })
 * // → { startsAt: Date.parse('2026-11-22T18:00:00Z'), endsAt: Date.parse('2026-11-22T22:00:00Z') }
 */
export function extractWindow(input: string, ctx: WindowContext): NoticeWindow | null {
  const { text, tokens } = tokenize(input);
  const reader = new Reader(text, tokens);
  let partial: NoticeWindow | null = null;
  for (const candidate of reader.candidates()) {
    const window = place(candidate, reader, ctx);
    if (window === null) continue;
    if (window.endsAt !== null) return window;
    partial ??= window;
  }
  return partial;
}

class Reader {
  constructor(
    readonly text: string,
    readonly tokens: Token[],
  ) {}

  /** Whether tokens `a` and `b` (indices, a < b) are joined only by filler. */
  joined(a: number, b: number): boolean {
    const x = this.tokens[a];
    const y = this.tokens[b];
    return x !== undefined && y !== undefined && isFiller(this.text.slice(x.end, y.start));
  }

  /** `[zone] [date] time [zone] [date]` from token `i`, each part joined to the next. */
  dateTime(i: number): Written | null {
    let k = i;
    let zone: ZoneSpec | null = null;
    let date: DateTok | null = null;
    const at = (n: number) => this.tokens[n];
    const z = at(k);
    if (z?.t === 'zone' && this.joined(k, k + 1)) {
      zone = z.zone;
      k++;
    }
    const d = at(k);
    if (d?.t === 'date' && this.joined(k, k + 1)) {
      date = d;
      k++;
    }
    const time = at(k);
    if (time?.t !== 'time') return null;
    let last = k;
    for (let n = k + 1; this.joined(last, n); n++) {
      const next = at(n);
      if (next?.t === 'zone' && zone === null) zone = next.zone;
      else if (next?.t === 'date' && date === null) date = next;
      else break;
      last = n;
    }
    return { first: i, last, date, time, timeAt: k, zone };
  }

  *candidates(): Generator<Candidate> {
    const { tokens } = this;
    const labelled = this.labelled();
    for (let i = 0; i < tokens.length; i++) {
      const tok = tokens[i]!;
      if (labelled !== null && labelled.at === tok.start) yield labelled;
      // Service hours ("服务时间：9:00-21:00") are not a window.
      const prev = tokens[i - 1];
      if (prev?.t === 'label' && prev.which === 'hours' && this.joined(i - 1, i)) continue;
      if (tok.t === 'date' && tokens[i + 1]?.t === 'sep' && tokens[i + 2]?.t === 'date' && this.joined(i, i + 1) && this.joined(i + 1, i + 2)) {
        if (!(tokens[i + 3]?.t === 'time' && this.joined(i + 2, i + 3))) yield { kind: 'days', at: tok.start, from: tok, to: tokens[i + 2] as DateTok };
      }
      const start = this.dateTime(i);
      if (start === null) continue;
      const range = this.rangeAfter(start);
      if (range !== null) {
        yield range;
        i = range.end.last;
        continue;
      }
      const duration = this.durationAfter(start);
      if (duration !== null) yield { kind: 'duration', at: tok.start, start, ms: duration };
      const timeStart = tokens[start.timeAt]!.start;
      const before = this.text.slice(Math.max(0, timeStart - 30), timeStart);
      const after = this.text.slice(tokens[start.last]!.end, tokens[start.last]!.end + 6);
      if (hasStartCue(before, after)) {
        const end = this.endCueAfter(start);
        yield end === null ? { kind: 'start', at: tok.start, start } : { kind: 'range', at: tok.start, start, end, nextDay: false };
      }
      i = start.last;
    }
  }

  /** `start sep [nextday] end`, all joined. */
  private rangeAfter(start: Written): Extract<Candidate, { kind: 'range' }> | null {
    let k = start.last + 1;
    if (this.tokens[k]?.t !== 'sep' || !this.joined(start.last, k)) return null;
    k++;
    const nextDay = this.tokens[k]?.t === 'nextday' && this.joined(k - 1, k);
    if (nextDay) k++;
    const end = this.joined(k - 1, k) ? this.dateTime(k) : null;
    if (end === null) return null;
    return { kind: 'range', at: this.tokens[start.first]!.start, start, end, nextDay };
  }

  /** "… and is expected to last up to 2 hours", later in the same sentence. */
  private durationAfter(start: Written): number | null {
    const from = this.tokens[start.last]!.end;
    for (let n = start.last + 1; n < this.tokens.length; n++) {
      const tok = this.tokens[n]!;
      if (tok.start - from > 100 || endsSentence(this.text.slice(from, tok.start))) return null;
      if (tok.t === 'duration') return tok.ms;
    }
    return null;
  }

  /** "…起暂停服务，预计06:00恢复", "… expected to be restored by 06:00": an end said later in the sentence. */
  private endCueAfter(start: Written): Written | null {
    const from = this.tokens[start.last]!.end;
    for (let n = start.last + 1; n < this.tokens.length; n++) {
      const tok = this.tokens[n]!;
      if (tok.start - from > 80 || /[。.!！?？;；\n]/.test(this.text.slice(from, tok.start))) return null;
      const end = tok.t === 'time' || tok.t === 'date' ? this.dateTime(n) : null;
      if (end === null) continue;
      const before = this.text.slice(Math.max(from, tok.start - 10), tok.start);
      const after = this.text.slice(this.tokens[end.last]!.end, this.tokens[end.last]!.end + 8);
      const promised = /预计/.test(before) && /^\s*(?:左右|前后)?\s*(?:恢复|结束|完成)/.test(after);
      if (promised || /\b(?:by|until|till)\s*$/i.test(before)) return end;
      n = end.last;
    }
    return null;
  }

  /** `Start Date: …` and `End Date: …` (开始时间 / 结束时间), the first of each. */
  private labelled(): Candidate | null {
    let start: Written | null = null;
    let end: Written | null = null;
    let at = 0;
    this.tokens.forEach((tok, i) => {
      if (tok.t !== 'label' || tok.which === 'hours' || !this.joined(i, i + 1)) return;
      const written = this.dateTime(i + 1);
      if (written === null) return;
      if (tok.which === 'start' && start === null) {
        start = written;
        at = tok.start;
      }
      if (tok.which === 'end' && end === null && start !== null) end = written;
    });
    return start === null || end === null ? null : { kind: 'range', at, start, end, nextDay: false };
  }

  /** The nearest date before token `i` in the same sentence, for a time written without one. */
  dateBefore(i: number): DateTok | null {
    const tok = this.tokens[i];
    for (let n = i - 1; n >= 0 && tok !== undefined; n--) {
      const prev = this.tokens[n]!;
      if (tok.start - prev.end > 80 || endsSentence(this.text.slice(prev.end, tok.start))) return null;
      if (prev.t === 'date') return prev;
    }
    return null;
  }
}

/** A candidate as instants, or null when it does not describe a real window. */
function place(c: Candidate, reader: Reader, ctx: WindowContext): NoticeWindow | null {
  try {
    if (c.kind === 'days') {
      const from = civilDate(c.from, ctx, null);
      const to = civilDate(c.to, ctx, null);
      return checked(toEpoch(from, 0, null, ctx), toEpoch(to, 1440, null, ctx));
    }
    const s = c.start;
    const zone = (c.kind === 'range' ? (c.end.zone ?? s.zone) : s.zone) ?? null;
    const startDate = civilDate(s.date ?? (c.kind === 'range' ? c.end.date : null) ?? reader.dateBefore(s.first) ?? null, ctx, zone);
    const e = c.kind === 'range' ? c.end : null;
    const startMinute = to24(s.time.hour, s.time.period ?? (e !== null ? inheritedStart(s.time, e.time) : null));
    if (startMinute === null) return null;
    const startsAt = toEpoch(startDate, startMinute * 60 + s.time.minute, zone, ctx);
    if (c.kind === 'start') return { startsAt, endsAt: null };
    if (c.kind === 'duration') return checked(startsAt, startsAt + c.ms);
    const end = c.end;
    const startTotal = startMinute * 60 + s.time.minute;
    let endHour = to24(end.time.hour, end.time.period);
    if (end.time.period === null && s.time.period !== null) {
      // 凌晨2点至6点: the end shares the start's period, unless that would put it before the start.
      const shared = to24(end.time.hour, s.time.period);
      if (shared !== null && shared * 60 + end.time.minute > startTotal) endHour = shared;
    }
    if (endHour === null) return null;
    let endMinute = endHour * 60 + end.time.minute;
    const endDate = end.date === null ? startDate : civilDate(end.date, ctx, zone);
    if (end.date === null && (c.nextDay || endMinute <= startTotal)) endMinute += 1440;
    return checked(startsAt, toEpoch(endDate, endMinute, zone, ctx));
  } catch {
    // A date that is not in the calendar (2月30日): no window rather than a wrong one.
    return null;
  }
}

/** "2 – 6 AM": a start without a period takes the end's, when that keeps it before the end. */
function inheritedStart(start: TimeTok, end: TimeTok): Period | null {
  if (end.period === null) return null;
  const shared = to24(start.hour, end.period);
  const endHour = to24(end.hour, end.period);
  return shared !== null && endHour !== null && shared * 60 + start.minute < endHour * 60 + end.minute ? end.period : null;
}

function checked(startsAt: number, endsAt: number): NoticeWindow | null {
  if (!Number.isFinite(startsAt) || !Number.isFinite(endsAt) || endsAt <= startsAt || endsAt - startsAt > MAX_WINDOW_MS) return null;
  return { startsAt, endsAt };
}
