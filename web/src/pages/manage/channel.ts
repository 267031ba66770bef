/** One channel in the manager console: latency chart with a range selector, heatmap, checks, reports. */
import { getJson, hasOperation, NotAvailable, seg } from '../../api/client.ts';
import type { Channel, Check, Heatmap, Latency, ReportCounts } from '../../api/types.ts';
import { heatmapView } from '../../charts/heatmap.ts';
import { latencyChart } from '../../charts/latency.ts';
import type { PageContext } from '../../context.ts';
import { h, replace, uid } from '../../dom.ts';
import type { Formatter } from '../../format.ts';
import { checkLog } from './tables.ts';

const RANGES = [
  { window: '24h', step: '1h' },
  { window: '7d', step: '1h' },
  { window: '30d', step: '1d' },
] as const;

export const REPORTS_OPERATION = 'GET /api/v1/channels/{id}/reports';

/** The counted reports of a reports answer; null when it has none. */
export function reportCount(body: Partial<ReportCounts> | null): number | null {
  return typeof body?.total === 'number' ? body.total : null;
}

export interface ChannelDetail {
  el: HTMLElement;
  /** Loads (or reloads) everything for `channel`. */
  show(channel: Channel, fmt: Formatter): Promise<void>;
  destroy(): void;
}

export function channelDetail(ctx: PageContext, key: string): ChannelDetail {
  const { t } = ctx;
  const rangeId = uid('range');
  const range = h('select', { id: rangeId }, ...RANGES.map((r) => h('option', { attrs: { value: r.window } }, t.manage.ranges[r.window] ?? r.window)));
  const heading = h('h2', {});
  const latencyHeading = h('h3', {});
  const chart = latencyChart(ctx);
  const heat = heatmapView(ctx);
  const checksHeading = h('h3', {});
  const checks = h('div', {}, h('p', { class: 'note' }, t.loading));
  const reports = h('div', {}, h('p', { class: 'note' }, t.loading));
  const el = h(
    'section',
    { class: 'channel-detail panel', attrs: { hidden: true } },
    heading,
    latencyHeading,
    h('div', { class: 'field' }, h('label', { attrs: { for: rangeId } }, t.manage.range), range),
    chart.el,
    h('h3', {}, t.manage.heatmap),
    heat.el,
    h('h3', {}, t.manage.reports),
    reports,
    checksHeading,
    checks,
  );
  let current: { channel: Channel; fmt: Formatter } | undefined;
  const opts = { key };

  const loadLatency = async () => {
    if (!current) return;
    const r = RANGES.find((x) => x.window === range.value) ?? RANGES[0];
    try {
      const latency = await getJson<Latency>(`/api/v1/channels/${seg(current.channel.id)}/latency?window=${r.window}&step=${r.step}`, opts);
      await chart.set(latency, current.channel.name, t.manage.ranges[r.window] ?? r.window, current.fmt);
    } catch {
      // Keep the last chart; the next refresh tries again.
    }
  };

  range.addEventListener('change', () => void loadLatency());

  return {
    el,
    async show(channel, fmt) {
      current = { channel, fmt };
      el.hidden = false;
      heading.textContent = t.manage.details(channel.name);
      latencyHeading.textContent = t.manage.latency(channel.name);
      checksHeading.textContent = t.manage.checkLog(channel.name);
      const id = seg(channel.id);
      await Promise.all([
        loadLatency(),
        getJson<Heatmap>(`/api/v1/channels/${id}/heatmap?days=28`, opts).then(
          (map) => heat.set(map, fmt),
          () => {},
        ),
        getJson<{ checks: Check[] }>(`/api/v1/channels/${id}/checks?limit=30`, opts).then(
          (r) => replace(checks, checkLog(r.checks, fmt, ctx)),
          () => replace(checks, h('p', { class: 'note' }, t.loadFailed)),
        ),
        (async () => {
          if (!(await hasOperation(REPORTS_OPERATION))) return replace(reports, h('p', { class: 'note' }, t.notAvailable));
          try {
            const body = await getJson<ReportCounts>(`/api/v1/channels/${id}/reports?window=24h`, opts);
            const count = reportCount(body);
            const problems = Object.entries(body.by_problem ?? {}).filter(([, n]) => n > 0);
            replace(
              reports,
              h('p', {}, count === null ? t.none : t.manage.reportCount(count)),
              problems.length > 0 ? h('ul', { class: 'list' }, ...problems.map(([problem, n]) => h('li', {}, `${t.report.problems[problem] ?? problem}: ${n}`))) : null,
              body.surge?.state === 'surge' ? h('p', { class: 'stale' }, t.manage.surge) : null,
            );
          } catch (err) {
            replace(reports, h('p', { class: 'note' }, err instanceof NotAvailable ? t.notAvailable : t.loadFailed));
          }
        })(),
      ]);
    },
    destroy() {
      chart.destroy();
    },
  };
}
