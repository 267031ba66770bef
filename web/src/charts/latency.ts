/**
 * A channel's latency percentiles (p50, p95, p99) over time, with chart.js. chart.js is loaded
 * only here (the manager console), so the customer page stays small. Lines differ by dash as
 * well as colour; the canvas is labelled and the same points are a table on demand.
 */
import type { Latency } from '../api/types.ts';
import type { PageContext } from '../context.ts';
import { h, replace } from '../dom.ts';
import type { Formatter } from '../format.ts';

type ChartModule = typeof import('chart.js');
type ChartInstance = import('chart.js').Chart<'line', { x: number; y: number | null }[]>;

let chartModule: Promise<ChartModule> | undefined;

/** chart.js with only what a line chart needs registered. */
function loadChart(): Promise<ChartModule> {
  chartModule ??= import('chart.js').then((m) => {
    m.Chart.register(m.LineController, m.LineElement, m.PointElement, m.LinearScale, m.Legend, m.Tooltip);
    return m;
  });
  return chartModule;
}

const SERIES = [
  { key: 'p50', colour: '#0969da', dash: [] as number[] },
  { key: 'p95', colour: '#9a6700', dash: [6, 4] },
  { key: 'p99', colour: '#cf222e', dash: [2, 3] },
] as const;

export interface LatencyChart {
  el: HTMLElement;
  set(latency: Latency, name: string, rangeLabel: string, fmt: Formatter): Promise<void>;
  destroy(): void;
}

export function latencyChart({ t }: PageContext): LatencyChart {
  const canvas = h('canvas', { attrs: { role: 'img' } });
  const empty = h('p', { class: 'note', attrs: { hidden: true } }, t.manage.noLatency);
  const table = h('table', { class: 'data' });
  const el = h('figure', { class: 'latency' }, h('div', { class: 'chart-box' }, canvas), empty, h('details', { class: 'fallback' }, h('summary', {}, t.manage.latencyTable), table));
  let chart: ChartInstance | undefined;

  return {
    el,
    async set(latency, name, rangeLabel, fmt) {
      canvas.setAttribute('aria-label', t.manage.latencyLabel(name, rangeLabel));
      const points = latency.points;
      empty.hidden = points.some((p) => p.count > 0);
      replace(
        table,
        h('thead', {}, h('tr', {}, ...[t.manage.col.time, 'n', 'p50', 'p95', 'p99'].map((c) => h('th', { attrs: { scope: 'col' } }, c)))),
        h('tbody', {}, ...points.filter((p) => p.count > 0).map((p) => h('tr', {}, h('th', { attrs: { scope: 'row' } }, fmt.dateTime(p.at)), h('td', {}, p.count), h('td', {}, fmt.ms(p.p50)), h('td', {}, fmt.ms(p.p95)), h('td', {}, fmt.ms(p.p99))))),
      );
      const { Chart } = await loadChart();
      const datasets = SERIES.map((s) => ({
        label: s.key,
        data: points.map((p) => ({ x: Date.parse(p.at), y: p[s.key] })),
        borderColor: s.colour,
        backgroundColor: s.colour,
        borderDash: [...s.dash],
        borderWidth: 2,
        pointRadius: points.length > 60 ? 0 : 2,
        spanGaps: false,
      }));
      if (chart) {
        chart.data.datasets = datasets;
        chart.update();
        return;
      }
      chart = new Chart(canvas, {
        type: 'line',
        data: { datasets },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          parsing: false,
          normalized: true,
          interaction: { mode: 'nearest', axis: 'x', intersect: false },
          scales: {
            x: { type: 'linear', ticks: { maxTicksLimit: 6, callback: (v) => fmt.time(Number(v)) } },
            y: { type: 'linear', beginAtZero: true, title: { display: true, text: 'ms' } },
          },
          plugins: {
            legend: { labels: { usePointStyle: false } },
            tooltip: { callbacks: { title: (items) => fmt.dateTime(items[0]?.parsed.x ?? 0) } },
          },
        },
      });
    },
    destroy() {
      chart?.destroy();
      chart = undefined;
    },
  };
}
