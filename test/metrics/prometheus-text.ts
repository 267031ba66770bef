/**
 * A strict reader of the Prometheus text exposition format (0.0.4), for tests: every line
 * must be a `# HELP`, a `# TYPE`, another comment, blank, or a sample of a declared family;
 * a family is declared once, before its samples; histogram buckets are cumulative and end
 * in `+Inf` equal to `_count`. Throws with the line on the first violation.
 */

export interface ParsedSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface ParsedFamily {
  name: string;
  type: string;
  help: string;
  samples: ParsedSample[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = `([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\\\\n]|\\\\[\\\\"n])*)"`;
const VALUE = '([-+]?(?:[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?|Inf)|NaN)';
const SAMPLE = new RegExp(`^(${NAME})(?:\\{((?:${LABEL})(?:,${LABEL})*,?)?\\})? ${VALUE}(?: -?[0-9]+)?$`);
const SUFFIXES: Record<string, string[]> = { histogram: ['_bucket', '_sum', '_count'], summary: ['', '_sum', '_count'] };

function unescape(value: string): string {
  return value.replace(/\\(\\|"|n)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

/** Parses `text`, or throws naming the offending line. */
export function parsePrometheusText(text: string): Map<string, ParsedFamily> {
  if (!text.endsWith('\n')) throw new Error('the text must end with a newline');
  const families = new Map<string, ParsedFamily>();
  const helps = new Map<string, string>();
  const lines = text.split('\n').slice(0, -1);
  lines.forEach((line, i) => {
    const fail = (why: string) => {
      throw new Error(`line ${i + 1}: ${why}: ${JSON.stringify(line)}`);
    };
    if (line.trim() === '') return;
    let m: RegExpExecArray | null;
    if ((m = new RegExp(`^# HELP (${NAME}) (.*)$`).exec(line))) {
      if (helps.has(m[1]!)) fail('HELP given twice');
      helps.set(m[1]!, m[2]!);
      return;
    }
    if ((m = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`).exec(line))) {
      if (families.has(m[1]!)) fail('TYPE given twice');
      families.set(m[1]!, { name: m[1]!, type: m[2]!, help: helps.get(m[1]!) ?? '', samples: [] });
      return;
    }
    if (line.startsWith('#')) {
      if (/^# (HELP|TYPE)\b/.test(line)) fail('malformed HELP or TYPE');
      return;
    }
    if (!(m = SAMPLE.exec(line))) fail('not a sample line');
    const name = m![1]!;
    const labels: Record<string, string> = {};
    if (m![2] !== undefined) {
      for (const [, key, value] of m![2].matchAll(new RegExp(LABEL, 'g'))) {
        if (key! in labels) fail(`label ${key} given twice`);
        labels[key!] = unescape(value!);
      }
    }
    const raw = m![m!.length - 1]!;
    const value = raw === 'NaN' ? NaN : raw.endsWith('Inf') ? (raw.startsWith('-') ? -Infinity : Infinity) : Number(raw);
    const family = [...families.values()].find((f) => (SUFFIXES[f.type] ?? ['']).some((s) => f.name + s === name));
    if (!family) fail('sample of an undeclared family');
    family!.samples.push({ name, labels, value });
  });
  for (const family of families.values()) if (family.type === 'histogram') checkHistogram(family);
  return families;
}

function checkHistogram(family: ParsedFamily): void {
  const series = new Map<string, ParsedSample[]>();
  for (const s of family.samples) {
    const { le: _le, ...rest } = s.labels;
    const key = JSON.stringify(rest);
    series.set(key, [...(series.get(key) ?? []), s]);
  }
  for (const [key, samples] of series) {
    const buckets = samples.filter((s) => s.name.endsWith('_bucket'));
    const count = samples.find((s) => s.name.endsWith('_count'));
    let last = -Infinity;
    let lastCount = 0;
    for (const b of buckets) {
      const le = b.labels.le === '+Inf' ? Infinity : Number(b.labels.le);
      if (!(le > last)) throw new Error(`${family.name}${key}: bucket bounds not increasing`);
      if (b.value < lastCount) throw new Error(`${family.name}${key}: buckets not cumulative`);
      last = le;
      lastCount = b.value;
    }
    if (last !== Infinity) throw new Error(`${family.name}${key}: no +Inf bucket`);
    if (!count || count.value !== lastCount) throw new Error(`${family.name}${key}: +Inf bucket differs from _count`);
  }
}

/** The value of the sample `name` whose labels include `labels`, or undefined. */
export function valueOf(families: Map<string, ParsedFamily>, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const family of families.values()) {
    const found = family.samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
    if (found) return found.value;
  }
  return undefined;
}
