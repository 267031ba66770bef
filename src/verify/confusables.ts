/**
 * Text comparison for lookalike detection: a "skeleton" that maps characters people confuse
 * onto one form (in the spirit of Unicode TR 39, cut down to what fake support sites use),
 * and a bounded edit distance.
 */

/** Letters from other scripts, and digits, that pass for Latin letters in a domain or handle. */
const SINGLE: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'l',
  i: 'l',
  '|': 'l',
  '5': 's',
  // Cyrillic
  а: 'a',
  в: 'b',
  е: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  і: 'l',
  ї: 'l',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  һ: 'h',
  ӏ: 'l',
  ԛ: 'q',
  ԝ: 'w',
  ɡ: 'g',
  // Greek
  α: 'a',
  β: 'b',
  ε: 'e',
  ι: 'l',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  // Latin extensions that survive accent stripping
  ı: 'l',
  ł: 'l',
  ø: 'o',
  đ: 'd',
};

/** Letter pairs that read as one letter at a glance. Applied after `SINGLE`, until nothing changes. */
const PAIRS: readonly [string, string][] = [
  ['rn', 'm'],
  ['vv', 'w'],
  ['cl', 'd'],
];

/**
 * The form under which lookalikes compare equal: NFKC (full-width forms), lower case,
 * accents removed, confusable letters and digits mapped, `rn`→`m`, `vv`→`w`, `cl`→`d`.
 * Idempotent: `skeleton(skeleton(x)) === skeleton(x)`.
 *
 * @example skeleton('exarnp1epay') === skeleton('examplepay') // true
 */
export function skeleton(text: string): string {
  const folded = text.normalize('NFKC').toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
  let out = '';
  for (const ch of folded) out += SINGLE[ch] ?? ch;
  for (let changed = true; changed; ) {
    changed = false;
    for (const [from, to] of PAIRS) {
      if (out.includes(from)) {
        out = out.split(from).join(to);
        changed = true;
      }
    }
  }
  return out;
}

/** Stands for "more than any bound asked for" in the banded table. */
const FAR = 1 << 29;

/** Rows reused across calls: lookalike checks run this thousands of times per request. */
let rows: Int32Array[] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** Code points of a string, as numbers (surrogate pairs joined). */
function codePoints(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) out.push(ch.codePointAt(0)!);
  return out;
}

/**
 * Edit distance with adjacent transpositions (optimal string alignment), giving up above
 * `max`: returns `max + 1` as soon as the distance is known to exceed it.
 *
 * @example editDistance('examplepay', 'exmaplepay', 2) // 1
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  const s = codePoints(a);
  const t = codePoints(b);
  if (Math.abs(s.length - t.length) > max) return max + 1;
  if (rows[0]!.length <= t.length) rows = [0, 1, 2].map(() => new Int32Array(t.length * 2 + 1));
  let prevPrev = rows[0]!;
  let prev = rows[1]!;
  let row = rows[2]!;
  for (let j = 0; j <= t.length; j++) prev[j] = Math.min(j, FAR);
  // Only cells within `max` of the diagonal can stay within `max`; the rest are FAR.
  const band = Math.min(max, t.length + s.length);
  for (let i = 1; i <= s.length; i++) {
    const lo = Math.max(1, i - band);
    const hi = Math.min(t.length, i + band);
    row[lo - 1] = lo === 1 ? i : FAR;
    if (hi < t.length) row[hi + 1] = FAR;
    let best = lo === 1 ? i : FAR;
    for (let j = lo; j <= hi; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d = Math.min(d, prevPrev[j - 2]! + 1);
      row[j] = d;
      if (d < best) best = d;
    }
    if (best > max) return max + 1;
    [prevPrev, prev, row] = [prev, row, prevPrev];
  }
  return Math.min(prev[t.length]!, max + 1);
}

/** Edits a name of this length may differ by and still pass for it: 1 up to 7 characters, 2 from 8. */
export function allowedEdits(name: string): number {
  const length = [...name].length;
  return length >= 8 ? 2 : length >= 4 ? 1 : 0;
}

/** A brand this long may be glued to other words (`examplepaysupport`); a shorter one must stand alone. */
export const GLUED_BRAND_MIN = 6;

/** Text cut into tokens on `.`, `-`, `_` and spaces, kept joined with the token boundaries. */
export interface Tokens {
  joined: string;
  bounds: ReadonlySet<number>;
}

/** Tokenises once, so many brands can be looked for in the same text cheaply. */
export function tokenize(text: string): Tokens {
  const tokens = text.split(/[.\-_\s]+/).filter((t) => t !== '');
  const bounds = new Set<number>([0]);
  let at = 0;
  for (const t of tokens) bounds.add((at += t.length));
  return { joined: tokens.join(''), bounds };
}

/**
 * Does `brand` occur in `text` as its own tokens (`examplepay-support`, `example-pay.top`),
 * or, when at least `GLUED_BRAND_MIN` long, starting or ending at a token boundary
 * (`secureexamplepay`, `examplepay官方客服`)? Tokens are split on `.`, `-`, `_` and spaces.
 * So `octopus` does not carry the brand `octo`, nor `pharmacmeds` the brand `acme`.
 */
export function containsAtBoundary(text: string | Tokens, brand: string): boolean {
  if (brand === '') return false;
  const { joined, bounds } = typeof text === 'string' ? tokenize(text) : text;
  const glued = [...brand].length >= GLUED_BRAND_MIN;
  for (let i = joined.indexOf(brand); i >= 0; i = joined.indexOf(brand, i + 1)) {
    const starts = bounds.has(i);
    const ends = bounds.has(i + brand.length);
    if ((starts && ends) || (glued && (starts || ends))) return true;
  }
  return false;
}

/** Visual weight of a name: CJK characters count double, so two Chinese characters weigh like four letters. */
export function nameWeight(name: string): number {
  let w = 0;
  for (const ch of name) w += /[\u2e80-\u9fff\uf900-\ufaff]/.test(ch) ? 2 : 1;
  return w;
}
