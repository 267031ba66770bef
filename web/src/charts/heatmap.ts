/**
 * The hour-of-week heatmap as a table: seven local weekdays by 24 local hours, each cell with
 * its figure in text and a shade, so the table is its own fallback for screen readers.
 */
import type { Heatmap, HeatmapCell } from '../api/types.ts';
import type { PageContext } from '../context.ts';
import { h, replace, uid } from '../dom.ts';
import type { Formatter } from '../format.ts';

export type HeatmapMetric = 'uptime' | 'latency';

/** The shade class of a cell: worse is darker; unmeasured is blank. */
function shade(cell: HeatmapCell, metric: HeatmapMetric, maxLatency: number): string {
  if (cell.measured_seconds === 0) return 'hm-none';
  if (metric === 'uptime') {
    const u = cell.uptime ?? 1;
    return u >= 0.999 ? 'hm-0' : u >= 0.99 ? 'hm-1' : u >= 0.95 ? 'hm-2' : u >= 0.8 ? 'hm-3' : 'hm-4';
  }
  if (cell.median_latency_ms === null || maxLatency === 0) return 'hm-none';
  return `hm-${Math.min(4, Math.floor((cell.median_latency_ms / maxLatency) * 5))}`;
}

function figure(cell: HeatmapCell, metric: HeatmapMetric): string {
  if (cell.measured_seconds === 0) return '·';
  if (metric === 'uptime') return cell.uptime === null ? '·' : String(Math.floor(cell.uptime * 1000) / 10);
  return cell.median_latency_ms === null ? '·' : String(Math.round(cell.median_latency_ms));
}

export interface HeatmapView {
  el: HTMLElement;
  set(map: Heatmap, fmt: Formatter): void;
}

export function heatmapView({ t, lang }: PageContext): HeatmapView {
  const selectId = uid('metric');
  const select = h('select', { id: selectId }, h('option', { attrs: { value: 'uptime' } }, t.manage.heatmapUptime), h('option', { attrs: { value: 'latency' } }, t.manage.heatmapLatency));
  const table = h('table', { class: 'heatmap' });
  const el = h('div', { class: 'heatmap-box' }, h('div', { class: 'field' }, h('label', { attrs: { for: selectId } }, t.manage.heatmapMetric), select), h('div', { class: 'scroll', attrs: { tabindex: 0, role: 'region', 'aria-label': t.manage.heatmap } }, table));
  let last: Heatmap | undefined;

  const draw = () => {
    if (!last) return;
    const metric = select.value as HeatmapMetric;
    const rows = last.cells;
    const maxLatency = Math.max(0, ...rows.flat().map((c) => c.median_latency_ms ?? 0));
    // Weeks start on Monday in both languages' usual calendars here.
    const order = [1, 2, 3, 4, 5, 6, 0];
    replace(
      table,
      h('caption', {}, `${t.manage.heatmap} · ${metric === 'uptime' ? t.manage.heatmapUptime : t.manage.heatmapLatency}`),
      h('thead', {}, h('tr', {}, h('th', { attrs: { scope: 'col' } }, t.manage.hour), ...Array.from({ length: 24 }, (_, hour) => h('th', { attrs: { scope: 'col' } }, String(hour).padStart(2, '0'))))),
      h(
        'tbody',
        {},
        ...order.map((day) =>
          h(
            'tr',
            {},
            h('th', { attrs: { scope: 'row' } }, t.manage.weekdays[day] ?? String(day)),
            ...(rows[day] ?? []).map((cell) => h('td', { class: shade(cell, metric, maxLatency), attrs: { title: `${t.manage.weekdays[day]} ${String(cell.hour).padStart(2, '0')}:00` } }, figure(cell, metric))),
          ),
        ),
      ),
    );
    table.lang = lang;
  };
  select.addEventListener('change', draw);
  return {
    el,
    set(map) {
      last = map;
      draw();
    },
  };
}
