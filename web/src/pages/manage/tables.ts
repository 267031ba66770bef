/** The manager console's tables: providers, channels with uptime, incidents, notices, checks. */
import type { Channel, Check, Incident, Notice, ProviderSummary } from '../../api/types.ts';
import type { PageContext } from '../../context.ts';
import { externalLink, h, type Child } from '../../dom.ts';
import type { Formatter } from '../../format.ts';
import { STATE_ICONS, stateClass } from '../../states.ts';
import { channelsOf, windowOf } from '../provider/notices.ts';

function windowText(n: Notice, fmt: Formatter, { t }: PageContext): string {
  const { start, end } = windowOf(n);
  return start || end ? `${fmt.dateTime(start)}–${fmt.dateTime(end)}` : t.none;
}

const DAY_MS = 86_400_000;

function th(text: string): HTMLElement {
  return h('th', { attrs: { scope: 'col' } }, text);
}

/** A state as icon and word, in its colours. */
export function stateBadge(state: Channel['state'], { t }: PageContext, words: Record<Channel['state'], string> = t.states): HTMLElement {
  return h('span', { class: `badge ${stateClass(state)}` }, h('span', { class: 'icon', attrs: { 'aria-hidden': 'true' } }, STATE_ICONS[state]), ' ', words[state]);
}

function table(caption: string | null, head: string[], rows: HTMLElement[]): HTMLElement {
  return h('div', { class: 'scroll' }, h('table', { class: 'data' }, caption ? h('caption', {}, caption) : null, h('thead', {}, h('tr', {}, ...head.map(th))), h('tbody', {}, ...rows)));
}

export function providersTable(providers: ProviderSummary[], selected: string | null, ctx: PageContext, onPick: (id: string) => void): HTMLElement {
  const { t } = ctx;
  return table(
    null,
    [t.manage.provider, t.manage.col.state, t.manage.channels],
    providers.map((p) => {
      const pick = h('button', { class: 'linkish', attrs: { type: 'button', 'aria-pressed': p.id === selected ? 'true' : 'false' }, dataset: { pick: `p:${p.id}` }, on: { click: () => onPick(p.id) } }, p.name);
      return h('tr', { class: p.id === selected ? 'selected' : '' }, h('th', { attrs: { scope: 'row' } }, pick), h('td', {}, stateBadge(p.state, ctx, t.providerStates)), h('td', {}, p.channels));
    }),
  );
}

export interface ChannelFigures {
  uptime7d?: number | null;
  reports24h?: number | null;
}

export function channelsTable(channels: Channel[], figures: Map<string, ChannelFigures>, selected: string | null, fmt: Formatter, ctx: PageContext, onPick: (id: string) => void): HTMLElement {
  const { t } = ctx;
  const c = t.manage.col;
  return table(
    t.manage.uptimeCaption,
    [c.channel, c.kind, c.state, c.u24h, c.u7d, c.u30d, c.u90d, c.latency, c.reports],
    channels.map((ch) => {
      const f = figures.get(ch.id) ?? {};
      const pick = h('button', { class: 'linkish', attrs: { type: 'button', 'aria-pressed': ch.id === selected ? 'true' : 'false', 'aria-label': t.manage.details(ch.name) }, dataset: { pick: `c:${ch.id}` } }, ch.name);
      pick.addEventListener('click', () => onPick(ch.id));
      const answered = ch.last_check && ch.last_check.outcome !== 'down';
      return h(
        'tr',
        { class: ch.id === selected ? 'selected' : '', dataset: { channel: ch.id } },
        h('th', { attrs: { scope: 'row' } }, pick),
        h('td', {}, t.kinds[ch.kind] ?? ch.kind),
        h('td', {}, stateBadge(ch.state, ctx)),
        h('td', { class: 'num' }, fmt.percent(ch.uptime_24h)),
        h('td', { class: 'num' }, f.uptime7d === undefined ? '…' : fmt.percent(f.uptime7d)),
        h('td', { class: 'num' }, fmt.percent(ch.uptime_30d)),
        h('td', { class: 'num' }, fmt.percent(ch.uptime_90d)),
        h('td', { class: 'num' }, answered ? fmt.ms(ch.last_check!.latency_ms) : t.none),
        h('td', { class: 'num' }, f.reports24h === undefined ? '…' : f.reports24h === null ? t.none : f.reports24h),
      );
    }),
  );
}

/**
 * Incidents of the last 30 days: a lane per channel with a bar per incident (placed and sized
 * by time), then the same incidents as a table with durations and causes.
 */
export function incidentsTimeline(incidents: Incident[], nameOf: (id: string) => string, fmt: Formatter, ctx: PageContext): HTMLElement {
  const { t } = ctx;
  const now = Date.now();
  const from = now - 30 * DAY_MS;
  const recent = incidents.filter((i) => (i.ended_at ? Date.parse(i.ended_at) : now) >= from);
  if (recent.length === 0) return h('p', { class: 'note' }, t.incidents.none);
  const lanes = new Map<string, Incident[]>();
  for (const i of recent) lanes.set(i.channel, [...(lanes.get(i.channel) ?? []), i]);
  const timeline = h(
    'div',
    { class: 'timeline', attrs: { role: 'img', 'aria-label': t.manage.timelineLabel } },
    ...[...lanes].map(([channel, list]) => {
      const track = h('div', { class: 'track' });
      for (const i of list) {
        const start = Math.max(from, Date.parse(i.started_at));
        const end = i.ended_at ? Date.parse(i.ended_at) : now;
        const bar = h('span', { class: i.ended_at ? 'span' : 'span open', attrs: { title: `${fmt.dateTime(i.started_at)} · ${fmt.span(i.duration_s)}` } });
        bar.style.left = `${((start - from) / (now - from)) * 100}%`;
        bar.style.width = `${Math.max(0.4, ((end - start) / (now - from)) * 100)}%`;
        track.append(bar);
      }
      return h('div', { class: 'lane' }, h('span', { class: 'lane-name' }, nameOf(channel)), track);
    }),
  );
  const c = t.manage.col;
  const rows = recent.map((i) =>
    h(
      'tr',
      {},
      h('th', { attrs: { scope: 'row' } }, nameOf(i.channel)),
      h('td', {}, fmt.dateTime(i.started_at)),
      h('td', {}, i.ended_at ? fmt.dateTime(i.ended_at) : t.incidents.ongoing),
      h('td', { class: 'num' }, fmt.span(i.duration_s)),
      h('td', {}, i.cause ? `${t.errorClasses[i.cause.class] ?? i.cause.class}${i.cause.message ? ` (${i.cause.message})` : ''}` : t.none),
    ),
  );
  return h('div', {}, timeline, table(null, [c.channel, c.started, c.ended, c.duration, c.cause], rows));
}

export function noticeLog(notices: Notice[] | null, nameOf: (id: string) => string, fmt: Formatter, ctx: PageContext): HTMLElement {
  const { t } = ctx;
  if (notices === null) return h('p', { class: 'note' }, t.notAvailable);
  if (notices.length === 0) return h('p', { class: 'note' }, t.notices.none);
  const c = t.manage.col;
  return table(
    null,
    [c.time, c.kindNotice, c.title, c.window, c.channel],
    notices.map((n) =>
      h(
        'tr',
        {},
        h('td', {}, fmt.dateTime(n.published_at)),
        h('td', {}, t.notices.kinds[n.kind ?? 'info'] ?? n.kind ?? ''),
        h('td', {}, externalLink(n.title ?? '', n.url)),
        h('td', {}, windowText(n, fmt, ctx)),
        h('td', {}, channelsOf(n).map(nameOf).join(', ') || t.none),
      ),
    ),
  );
}

export function checkLog(checks: Check[], fmt: Formatter, ctx: PageContext): HTMLElement {
  const { t } = ctx;
  const c = t.manage.col;
  const outcomes: Record<string, 'up' | 'degraded' | 'down'> = { up: 'up', degraded: 'degraded', down: 'down' };
  return table(
    null,
    [c.time, c.probe, c.outcome, c.latency, c.http, c.error, c.conditions],
    checks.map((k) => {
      const conditions: Child[] = (k.conditions ?? []).map((cond) => h('div', { class: cond.ok ? 'cond ok' : 'cond failed' }, cond.ok ? '✓ ' : '✕ ', h('code', {}, cond.expression)));
      return h(
        'tr',
        {},
        h('td', {}, fmt.dateTime(k.at)),
        h('td', {}, k.probe),
        h('td', {}, stateBadge(outcomes[k.outcome] ?? 'unknown', ctx)),
        h('td', { class: 'num' }, fmt.ms(k.latency_ms)),
        h('td', { class: 'num' }, k.http_status ?? t.none),
        h('td', {}, k.error ? `${k.error.class}${k.error.message ? `: ${k.error.message}` : ''}` : t.none),
        h('td', {}, ...(conditions.length > 0 ? conditions : [t.none])),
      );
    }),
  );
}
