/**
 * A tokenizer for the dates and times people write in notices, in Chinese and English:
 * `2026年11月23日`, `Nov 23, 2026`, `凌晨2点`, `2:00 AM`, `至`, `to`, `次日`, `UTC+8`, `北京时间`,
 * `expected to last up to 2 hours`. `windows.ts` reads windows from the tokens; `parse-date.ts`
 * reads single dates. Pure.
 */

/** A zone written in the text: a fixed offset, an IANA zone, or `CST` (China or US Central). */
export type ZoneSpec = { kind: 'offset'; minutes: number } | { kind: 'iana'; zone: string } | { kind: 'cst' };

/** Chinese day periods and am/pm; they shift an hour into the 24-hour clock. */
export type Period = 'early' | 'morning' | 'noon' | 'afternoon' | 'evening' | 'am' | 'pm';

/** What a token is, without where. */
export type TokenBody =
  | { t: 'date'; year: number | null; month: number; day: number }
  | { t: 'time'; hour: number; minute: number; period: Period | null }
  | { t: 'sep' }
  | { t: 'nextday' }
  | { t: 'zone'; zone: ZoneSpec }
  | { t: 'duration'; ms: number }
  | { t: 'label'; which: 'start' | 'end' | 'hours' };

/** A token and its place in the normalised text. */
export type Token = TokenBody & { start: number; end: number };

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};
const MONTH = '(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)';
const ZH_PERIOD = '(凌晨|清晨|早上|早晨|上午|中午|午间|下午|傍晚|晚上|晚间|夜间|夜里|深夜|半夜)';
const MERIDIEM = '(am|pm|a\\.m\\.|p\\.m\\.)(?![a-z])';

const PERIODS: Record<string, Period> = {
  凌晨: 'early', 清晨: 'early', 半夜: 'early', 早上: 'morning', 早晨: 'morning', 上午: 'morning',
  中午: 'noon', 午间: 'noon', 下午: 'afternoon', 傍晚: 'evening', 晚上: 'evening', 晚间: 'evening',
  夜间: 'evening', 夜里: 'evening', 深夜: 'evening', am: 'am', 'a.m.': 'am', pm: 'pm', 'p.m.': 'pm',
};

/** Abbreviations with one meaning; `ET`/`PT` follow daylight saving, `EST`/`PDT` do not. */
const NAMED_ZONES: Record<string, ZoneSpec> = {
  UTC: { kind: 'offset', minutes: 0 }, GMT: { kind: 'offset', minutes: 0 }, UT: { kind: 'offset', minutes: 0 },
  ET: { kind: 'iana', zone: 'America/New_York' }, EST: { kind: 'offset', minutes: -300 }, EDT: { kind: 'offset', minutes: -240 },
  CT: { kind: 'iana', zone: 'America/Chicago' }, CDT: { kind: 'offset', minutes: -300 },
  MT: { kind: 'iana', zone: 'America/Denver' }, MST: { kind: 'offset', minutes: -420 }, MDT: { kind: 'offset', minutes: -360 },
  PT: { kind: 'iana', zone: 'America/Los_Angeles' }, PST: { kind: 'offset', minutes: -480 }, PDT: { kind: 'offset', minutes: -420 },
  CET: { kind: 'offset', minutes: 60 }, CEST: { kind: 'offset', minutes: 120 }, BST: { kind: 'offset', minutes: 60 },
  JST: { kind: 'offset', minutes: 540 }, KST: { kind: 'offset', minutes: 540 }, HKT: { kind: 'offset', minutes: 480 },
  SGT: { kind: 'offset', minutes: 480 }, AEST: { kind: 'offset', minutes: 600 }, AEDT: { kind: 'offset', minutes: 660 },
  CST: { kind: 'cst' },
};

type Make = (m: RegExpExecArray) => TokenBody[] | null;

const SPACES = /\s+/y;

/** Tried in order at each position; the first that matches wins. All sticky and case-insensitive. */
const MATCHERS: Array<[RegExp, Make]> = [
  // ISO 8601 date-time, with or without offset: one date, one time, maybe a zone.
  [/(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?/iy, (m) => [
    { t: 'date', year: num(m[1]), month: num(m[2]), day: num(m[3]) },
    { t: 'time', hour: num(m[4]), minute: num(m[5]), period: null },
    ...(m[6] ? [{ t: 'zone' as const, zone: offsetZone(m[6]) }] : []),
  ]],
  [/(?<!\d)(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)\s*[日号]?/iy, (m) => [{ t: 'date', year: num(m[1]), month: num(m[2]), day: num(m[3]) }]],
  [/(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]/iy, (m) => [{ t: 'date', year: null, month: num(m[1]), day: num(m[2]) }]],
  [new RegExp(`\\b${MONTH}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?(?!\\d)(?:,?\\s+(\\d{4})(?![\\d:]))?`, 'iy'), (m) =>
    m[1] === 'may' ? null : [{ t: 'date', year: m[3] ? num(m[3]) : null, month: monthOf(m[1]), day: num(m[2]) }]],
  [new RegExp(`(?<!\\d)(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH}\\b\\.?(?:,?\\s+(\\d{4})(?![\\d:]))?`, 'iy'), (m) =>
    [{ t: 'date', year: m[3] ? num(m[3]) : null, month: monthOf(m[2]), day: num(m[1]) }]],
  // 02:00, 2:00 PM, 凌晨2点, 2点30分, 两点半 (numerals are already digits here), 2时.
  [new RegExp(`(?:${ZH_PERIOD}\\s*)?(?<![\\d.:])(\\d{1,2})(?::(\\d{2})(?::\\d{2})?(?!\\d)|\\s*[点时](?:\\s*(\\d{1,2})\\s*分|(半)|整)?)(?:\\s*${MERIDIEM})?`, 'iy'), (m) =>
    [{ t: 'time', hour: num(m[2]), minute: m[5] ? 30 : num(m[3] ?? m[4] ?? '0'), period: periodOf(m[6] ?? m[1]) }]],
  [new RegExp(`(?<![\\d.:])(\\d{1,2})\\s*${MERIDIEM}`, 'iy'), (m) => [{ t: 'time', hour: num(m[1]), minute: 0, period: periodOf(m[2]) }]],
  // "2 – 6 AM": a bare hour is a time only when a range to an am/pm time follows.
  [new RegExp(`(?<![\\d.:])(\\d{1,2})(?=\\s*[-–—~]\\s*\\d{1,2}(?::\\d{2})?\\s*${MERIDIEM})`, 'iy'), (m) => [{ t: 'time', hour: num(m[1]), minute: 0, period: null }]],
  [/\b(noon|midnight)\b|(正午|午夜)/iy, (m) => [{ t: 'time', hour: /noon|正午/i.test(m[0]) ? 12 : 0, minute: 0, period: null }]],
  [/\b(?:start(?:ing)?\s*(?:date|time)?\s*[:：])|开始时间\s*[:：]?/iy, () => [{ t: 'label', which: 'start' }]],
  [/\b(?:end(?:ing)?\s*(?:date|time)?\s*[:：])|结束时间\s*[:：]?/iy, () => [{ t: 'label', which: 'end' }]],
  [/(?:服务时间|工作时间|营业时间|服务时段|人工服务时间|\b(?:service|opening|business|office|support)\s+hours\b)\s*[:：]?/iy, () => [{ t: 'label', which: 'hours' }]],
  [/次日|第二天|翌日|隔天|\bnext day\b|\bthe following day\b|\(\+1\)/iy, () => [{ t: 'nextday' }]],
  [/北京时间|中国标准时间/iy, () => [{ t: 'zone', zone: { kind: 'offset', minutes: 480 } }]],
  [/\b(?:UTC|GMT)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?(?!\d)/iy, (m) =>
    [{ t: 'zone', zone: { kind: 'offset', minutes: (m[1] === '-' ? -1 : 1) * (num(m[2]) * 60 + num(m[3] ?? '0')) } }]],
  [/\b(UTC|GMT|UT|E[SD]?T|C[SD]?T|M[SD]?T|P[SD]?T|CES?T|BST|JST|KST|HKT|SGT|AE[SD]T)\b/y, (m) => {
    const zone = NAMED_ZONES[m[1]!];
    return zone ? [{ t: 'zone', zone }] : null;
  }],
  [/(?:(?:and\s+)?(?:is\s+)?(?:expected\s+to\s+)?(?:last(?:ing|s)?|take|takes|for\s+a\s+duration\s+of|for)\s+(?:up\s+to\s+|about\s+|approximately\s+|around\s+|roughly\s+)?)(\d+(?:\.\d+)?)\s*(hours?|hrs?|minutes?|mins?)\b/iy, (m) =>
    [{ t: 'duration', ms: Number(m[1]) * (/^h/i.test(m[2]!) ? 3_600_000 : 60_000) }]],
  [/(?:持续|历时|耗时|时长)\s*(?:约|大约|预计)?\s*(\d+(?:\.\d+)?)\s*个?\s*(小时|分钟)/iy, (m) =>
    [{ t: 'duration', ms: Number(m[1]) * (m[2] === '小时' ? 3_600_000 : 60_000) }]],
  [/\s*(?:[-–—~至到]|\b(?:to|until|till|through|thru|and)\b)\s*/iy, () => [{ t: 'sep' }]],
];

/**
 * The tokens of `text`, in order. The text is first NFKC-normalised (full-width digits and
 * colons become ASCII) and Chinese numerals before 点/时/月/日 become digits; positions refer
 * to that normalised text, which is returned too.
 *
 * @example tokenize('11月23日凌晨2点至6点').tokens.map((t) => t.t) // → ['date', 'time', 'sep', 'time']
 */
export function tokenize(input: string): { text: string; tokens: Token[] } {
  const text = normalise(input);
  const tokens: Token[] = [];
  let i = 0;
  outer: while (i < text.length) {
    for (const [regex, make] of MATCHERS) {
      regex.lastIndex = i;
      const m = regex.exec(text);
      if (m === null || m[0].length === 0) continue;
      const made = make(m);
      if (made === null) continue;
      for (const part of made) tokens.push({ ...part, start: i, end: i + m[0].length });
      i += m[0].length;
      continue outer;
    }
    // Only `sep` may start with spaces, and from anywhere in a run of spaces it sees the same
    // text after them: when it fails at the run's start it fails all along, so the run is
    // skipped. Stepping one space at a time made a megabyte of spaces cost minutes.
    SPACES.lastIndex = i;
    i += SPACES.exec(text)?.[0].length ?? 1;
  }
  return { text, tokens };
}

const FILLER_WORDS =
  /\b(?:at|on|the|of|from|starting|beginning|ending|finishing|between|approximately|approx|about|around|in|by|local time|time)\b|\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b\.?|(?:周|星期|礼拜)[一二三四五六日天七]|[从自于在起的]|开始|期间/gi;

/**
 * Whether the text between two tokens only joins them (spaces, commas, brackets, `at`,
 * `from`, weekdays, 于, 起 …), so that they belong to one date-time or one range.
 */
export function isFiller(gap: string): boolean {
  return gap.replace(FILLER_WORDS, '').replace(/[\s,，、()（）[\]【】:：]/g, '') === '';
}

/** Whether `gap` ends a sentence, so a date before it does not carry over to a time after it. */
export function endsSentence(gap: string): boolean {
  return /[.。!！?？;；\n]/.test(gap);
}

/** Whether words right before or after a time say it is a start ("from", "starting", 起, 开始). */
export function hasStartCue(before: string, after: string): boolean {
  return /\b(?:from|starting|beginning|commencing|begins?|starts?)\b[^.。;；\n]{0,12}$|[从自于]\s*$|将于/i.test(before) || /^\s*(?:起|开始)/.test(after);
}

/** `'+08:00'`, `'-0500'`, `'Z'` → offset zone. */
function offsetZone(text: string): ZoneSpec {
  if (/^z$/i.test(text)) return { kind: 'offset', minutes: 0 };
  const sign = text.startsWith('-') ? -1 : 1;
  const digits = text.replace(/[^0-9]/g, '');
  return { kind: 'offset', minutes: sign * (num(digits.slice(0, 2)) * 60 + num(digits.slice(2, 4) || '0')) };
}

function periodOf(word: string | undefined): Period | null {
  return word === undefined ? null : (PERIODS[word.toLowerCase()] ?? PERIODS[word] ?? null);
}

function monthOf(word: string | undefined): number {
  return MONTHS[(word ?? '').slice(0, 3).toLowerCase()] ?? 0;
}

function num(text: string | undefined): number {
  return Number(text ?? 'NaN');
}

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 十一 → 11, 二十三 → 23, 两 → 2. */
function chineseNumber(text: string): number {
  const [tens, ones] = text.includes('十') ? text.split('十') : ['', text];
  const t = tens === undefined ? 0 : text.includes('十') ? (tens === '' ? 1 : (CN_DIGITS[tens] ?? 0)) : 0;
  const o = ones === undefined || ones === '' ? 0 : (CN_DIGITS[ones] ?? 0);
  return t * 10 + o;
}

function normalise(input: string): string {
  return input
    .normalize('NFKC')
    .replace(/([零〇一二两三四五六七八九十]{1,3})(?=\s*[点时月日号])/g, (m) => String(chineseNumber(m)))
    .replace(/(\d)\s*点\s*([零〇一二两三四五六七八九十]{1,3})\s*分/g, (_m, h: string, mm: string) => `${h}点${chineseNumber(mm)}分`);
}
