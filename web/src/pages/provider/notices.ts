/** The official notices (in force and recent) and the incidents of one provider. */
import type { Channel, Incident, Notice } from '../../api/types.ts';
import type { PageContext } from '../../context.ts';
import { externalLink, h, replace } from '../../dom.ts';
import type { Formatter } from '../../format.ts';

/** The notices operation, as the OpenAPI document names it. */
export const NOTICES_OPERATION = 'GET /api/v1/notices';

/** Notices from the API's answer, whichever of the two likely shapes it has. */
export function noticesOf(body: unknown): Notice[] {
  if (Array.isArray(body)) return body as Notice[];
  const list = (body as { notices?: unknown } | null)?.notices;
  return Array.isArray(list) ? (list as Notice[]) : [];
}

/** The window a notice states, flat or nested. */
export function windowOf(notice: Notice): { start: string | null; end: string | null } {
  return { start: notice.window?.starts_at ?? notice.starts_at ?? null, end: notice.window?.ends_at ?? notice.ends_at ?? null };
}

/** Is the notice in force now: the API's word when it gives one, else its window. */
export function isActive(notice: Notice, now: number): boolean {
  if (typeof notice.active === 'boolean') return notice.active;
  if (notice.kind === 'resolved' || notice.kind === 'info') return false;
  const { start, end } = windowOf(notice);
  return (start ? Date.parse(start) : -Infinity) <= now && now < (end ? Date.parse(end) : Infinity);
}

/** The channels a notice names (none for a notice about the whole provider). */
export function channelsOf(notice: Notice): string[] {
  return notice.channels ?? (notice.channel ? [notice.channel] : []);
}

/**
 * The notice to show on a channel's card: its own in force (as the provider answer lists it),
 * else one in force from the notices list that names it or the whole provider (the API's rule:
 * a notice naming no channel applies to every kind but announcements).
 */
export function noticeForChannel(channel: Channel, list: readonly Notice[], now: number): Notice | null {
  const own = channel.notices?.find((n) => isActive(n, now));
  if (own) return own;
  const applies = (n: Notice) => (n.channels === null || (n.channels === undefined && !n.channel) ? channel.kind !== 'announcements' : channelsOf(n).includes(channel.id));
  return list.find((n) => isActive(n, now) && applies(n)) ?? null;
}

function noticeItem(n: Notice, fmt: Formatter, { t }: PageContext): HTMLElement {
  const kind = t.notices.kinds[n.kind ?? 'info'] ?? n.kind ?? '';
  const { start, end } = windowOf(n);
  const window = start || end ? fmt.range(start, end) : fmt.time(n.published_at);
  return h('li', { class: `notice kind-${(n.kind ?? 'info').replace(/[^a-z_]/g, '')}` }, h('span', { class: 'tag' }, kind), ' ', externalLink(n.title ?? kind, n.url), ' ', h('span', { class: 'muted' }, window));
}

export interface ListSection {
  el: HTMLElement;
}

export interface NoticesSection extends ListSection {
  /** Shows the notices; null when this server has no notices API. */
  set(notices: Notice[] | null, fmt: Formatter): void;
}

export function noticesSection(ctx: PageContext): NoticesSection {
  const { t } = ctx;
  const body = h('div', {}, h('p', { class: 'note' }, t.loading));
  const el = h('section', { class: 'notices panel' }, h('h2', {}, t.notices.title), body);
  return {
    el,
    set(notices, fmt) {
      if (notices === null) return replace(body, h('p', { class: 'note' }, t.notAvailable));
      if (notices.length === 0) return replace(body, h('p', { class: 'note' }, t.notices.none));
      const now = Date.now();
      const active = notices.filter((n) => isActive(n, now));
      const recent = notices.filter((n) => !isActive(n, now)).slice(0, 10);
      replace(
        body,
        active.length > 0 ? h('h3', {}, t.notices.active) : null,
        active.length > 0 ? h('ul', { class: 'list' }, ...active.map((n) => noticeItem(n, fmt, ctx))) : null,
        recent.length > 0 ? h('h3', {}, t.notices.recent) : null,
        recent.length > 0 ? h('ul', { class: 'list' }, ...recent.map((n) => noticeItem(n, fmt, ctx))) : null,
      );
    },
  };
}

export interface IncidentsSection extends ListSection {
  set(incidents: Incident[], fmt: Formatter, nameOf: (channel: string) => string): void;
}

export function incidentsSection(ctx: PageContext): IncidentsSection {
  const { t } = ctx;
  const body = h('div', {}, h('p', { class: 'note' }, t.loading));
  const el = h('section', { class: 'incidents panel' }, h('h2', {}, t.incidents.title), body);
  return {
    el,
    set(incidents, fmt, nameOf) {
      if (incidents.length === 0) return replace(body, h('p', { class: 'note' }, t.incidents.none));
      replace(
        body,
        h(
          'ul',
          { class: 'list' },
          ...incidents.map((i) => {
            const span = fmt.span(i.duration_s) + (i.ended_at ? '' : `, ${t.incidents.ongoing}`);
            return h(
              'li',
              { class: i.ended_at ? 'incident' : 'incident open' },
              t.incidents.line(nameOf(i.channel), fmt.time(i.started_at), span),
              i.cause ? h('span', { class: 'muted' }, ` · ${t.incidents.cause}: ${t.errorClasses[i.cause.class] ?? i.cause.class}`) : null,
            );
          }),
        ),
      );
    },
  };
}
