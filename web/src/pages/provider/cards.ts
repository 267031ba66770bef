/**
 * A card per channel: its state in words, icon and colour, since when, hours and whether it
 * is open now, the last check, latency, uptime, an official notice in force, its 90-day bars,
 * and the report button. Cards update in place, so focus and an open report form survive a refresh.
 */
import type { Channel, Notice } from '../../api/types.ts';
import { dayBars, type DayBars } from '../../charts/day-bars.ts';
import type { PageContext } from '../../context.ts';
import { externalLink, h, replace, uid } from '../../dom.ts';
import type { Formatter } from '../../format.ts';
import { STATE_ICONS, stateClass } from '../../states.ts';
import { reportControl } from './report.ts';

export interface ChannelCard {
  el: HTMLElement;
  bars: DayBars;
  update(channel: Channel, fmt: Formatter, notice: Notice | null): void;
}

/** The state reasons the API gives in English, in the page's language. */
function reasonText(reason: string | null, { t }: PageContext): string | null {
  if (!reason) return null;
  if (reason.startsWith('no probe')) return t.reasons.noProbe;
  if (reason.startsWith('not enough checks')) return t.reasons.tooFew;
  if (reason === 'no check yet') return t.reasons.noCheck;
  // closed / maintenance reasons are said by the hours and maintenance lines.
  if (reason.startsWith('outside service hours') || reason.startsWith('inside an announced')) return null;
  return reason;
}

function contactNode(contact: string): HTMLElement {
  const text = contact.trim();
  if (/^https?:\/\//i.test(text)) return externalLink(text, text);
  const link = h('a', {}, text);
  if (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(text)) link.href = `mailto:${text}`;
  else if (/^\+?[\d\s\-().]{5,20}$/.test(text)) link.href = `tel:${text.replace(/[^\d+]/g, '')}`;
  else return h('span', {}, text);
  return link;
}

function hoursText(ch: Channel, fmt: Formatter, { t }: PageContext): string {
  if (ch.open_now) return ch.closes_at ? t.card.closes(fmt.time(ch.closes_at)) : t.card.openAlways;
  return ch.opens_at ? t.card.opens(fmt.time(ch.opens_at)) : t.card.closedNow;
}

function lastCheckText(ch: Channel, fmt: Formatter, { t }: PageContext): string {
  const last = ch.last_check;
  if (!last) return t.card.notChecked;
  let text = `${fmt.time(last.at)} · ${t.card.outcome[last.outcome] ?? last.outcome}`;
  if (last.error) text += `: ${t.errorClasses[last.error.class] ?? last.error.class}`;
  if (last.error?.class === 'http_status' && last.http_status !== null) text += ` (HTTP ${last.http_status})`;
  return text;
}

function fact(label: string, ...value: (Node | string)[]): HTMLElement {
  return h('div', { class: 'fact' }, h('dt', {}, label), h('dd', {}, ...value));
}

/** A card for `channel`; call `update` with each refresh. */
export function channelCard(channel: Channel, ctx: PageContext): ChannelCard {
  const { t } = ctx;
  const titleId = uid('card');
  const top = h('div', { class: 'card-top' });
  const bars = dayBars(channel.name, ctx);
  const el = h('article', { class: 'card', id: `channel-${channel.id}`, attrs: { 'aria-labelledby': titleId }, dataset: { channel: channel.id } }, top, bars.el, reportControl(channel.id, ctx));
  let shown = '';

  return {
    el,
    bars,
    update(ch, fmt, notice) {
      // Most refreshes change nothing: skip the DOM work. The "ago" span changes once a minute,
      // but not while someone is on the card's links (a rebuild would take their focus away).
      const data = JSON.stringify([ch, notice, fmt.lang]);
      const key = `${data}|${Math.floor(Date.now() / 60_000)}`;
      if (key === shown || (shown.startsWith(`${data}|`) && top.contains(document.activeElement))) return;
      shown = key;
      el.className = `card ${stateClass(ch.state)}`;
      el.dataset.state = ch.state;
      const facts = h('dl', { class: 'facts' });
      facts.append(fact(t.card.hours, hoursText(ch, fmt, ctx)));
      if (ch.maintenance) {
        const m = ch.maintenance;
        facts.append(fact(t.notices.kinds.maintenance ?? 'Maintenance', m.active ? t.card.maintenanceUntil(fmt.time(m.ends_at)) : t.card.maintenancePlanned(fmt.range(m.starts_at, m.ends_at))));
      }
      facts.append(fact(t.card.lastCheck, lastCheckText(ch, fmt, ctx)));
      const answered = ch.last_check && ch.last_check.outcome !== 'down';
      facts.append(fact(t.card.latency, answered ? fmt.ms(ch.last_check!.latency_ms) : t.none));
      facts.append(fact(t.card.uptime, t.card.uptimeLine(fmt.percent(ch.uptime_24h), fmt.percent(ch.uptime_30d), fmt.percent(ch.uptime_90d))));
      if (ch.contact) facts.append(fact(t.card.contact, contactNode(ch.contact)));
      if (notice) {
        const title = notice.title ?? t.notices.kinds[notice.kind ?? 'info'] ?? '';
        facts.append(h('div', { class: 'fact notice-fact' }, h('dt', {}, t.card.notice), h('dd', {}, externalLink(title, notice.url))));
      }
      const reason = reasonText(ch.state_reason, ctx);
      replace(
        top,
        h('header', { class: 'card-head' }, h('h3', { id: titleId }, ch.name), h('span', { class: 'kind' }, t.kinds[ch.kind] ?? ch.kind)),
        h(
          'p',
          { class: 'state-line' },
          h('span', { class: 'badge' }, h('span', { class: 'icon', attrs: { 'aria-hidden': 'true' } }, STATE_ICONS[ch.state]), ' ', h('strong', { class: 'state-word' }, t.states[ch.state])),
          ch.since ? h('span', { class: 'since' }, ' ', t.card.since(fmt.time(ch.since), fmt.ago(ch.since))) : null,
        ),
        reason ? h('p', { class: 'reason' }, reason) : null,
        facts,
      );
    },
  };
}
