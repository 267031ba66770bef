/**
 * The Prometheus text exposition format (version 0.0.4), written by hand for the few
 * families the app itself serves: the app also runs where prom-client (a Node library) does
 * not, and a gauge or a histogram is a handful of lines.
 */

/** The media type of the text format. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export interface Sample {
  /** Suffix of the family's name (`_bucket`, `_sum`, `_count`), if any. */
  suffix?: string;
  labels?: Readonly<Record<string, string>>;
  value: number;
}

/** One metric family: its `# HELP`, `# TYPE` and samples. */
export interface Family {
  name: string;
  help: string;
  type: 'gauge' | 'counter' | 'histogram';
  samples: readonly Sample[];
}

/**
 * The families as exposition text, each ending in a newline.
 *
 * @example formatFamilies([{ name: 'x_up', help: 'Up.', type: 'gauge', samples: [{ labels: { id: 'a"b' }, value: 1 }] }])
 * // '# HELP x_up Up.\n# TYPE x_up gauge\nx_up{id="a\\"b"} 1\n'
 */
export function formatFamilies(families: readonly Family[]): string {
  let text = '';
  for (const family of families) {
    text += `# HELP ${family.name} ${escapeHelp(family.help)}\n# TYPE ${family.name} ${family.type}\n`;
    for (const sample of family.samples) text += `${family.name}${sample.suffix ?? ''}${formatLabels(sample.labels)} ${formatValue(sample.value)}\n`;
  }
  return text;
}

function formatLabels(labels: Readonly<Record<string, string>> | undefined): string {
  if (labels === undefined) return '';
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return parts.length === 0 ? '' : `{${parts.join(',')}}`;
}

/** Numbers as Prometheus writes them: `+Inf`, `-Inf`, `NaN`, else JavaScript's shortest form. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function escapeHelp(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}
