/**
 * `/p/:provider`, the customer page: one headline answer, a card per channel, what to try
 * now, notices, incidents, the contact checker and the safety line. Polls the API every
 * refresh period; cards update in place.
 */
import { getJson, hasOperation, inBatches, NotAvailable, seg } from '../../api/client.ts';
import type { Channel, Daily, Incident, Notice, Provider } from '../../api/types.ts';
import type { MountedPage, PageContext } from '../../context.ts';
import { h, replace } from '../../dom.ts';
import { formatter, type Formatter } from '../../format.ts';
import { headlineOf } from '../../headline.ts';
import { poll } from '../../poll.ts';
import { STATE_ICONS, stateClass } from '../../states.ts';
import { adviceSection } from './advice.ts';
import { channelCard, type ChannelCard } from './cards.ts';
import { checkerSection } from './checker.ts';
import { incidentsSection, noticeForChannel, noticesOf, noticesSection, NOTICES_OPERATION } from './notices.ts';

const DAILY = 'GET /api/v1/channels/{id}/daily';
/** Daily bars change once a day; asking every ten minutes keeps today's bar honest. */
const DAILY_TTL_MS = 10 * 60_000;

function headlineText(p: Provider, fmt: Formatter, { t }: PageContext): string {
  const hl = headlineOf(p);
  switch (hl.kind) {
    case 'closed':
      return t.headline.closed(hl.opensAt ? fmt.time(hl.opensAt) : null);
    case 'maintenance':
      return t.headline.maintenance(hl.until ? fmt.time(hl.until) : null);
    default:
      return t.headline[hl.kind];
  }
}

export function mountProvider(root: HTMLElement, id: string, ctx: PageContext): MountedPage {
  const { t } = ctx;
  const title = h('h1', {}, id);
  const headline = h('p', { class: 'headline', attrs: { 'aria-live': 'polite' } }, t.loading);
  const meta = h('p', { class: 'meta muted' });
  const stale = h('p', { class: 'stale', attrs: { role: 'status' } });
  const advice = adviceSection(id, ctx);
  const grid = h('div', { class: 'cards' });
  const notices = noticesSection(ctx);
  const incidents = incidentsSection(ctx);
  replace(
    root,
    title,
    headline,
    meta,
    stale,
    advice.el,
    // Official notices first: "check the announcements before retrying" is the first advice.
    notices.el,
    h('section', { class: 'channels', attrs: { 'aria-labelledby': 'channels-h' } }, h('h2', { id: 'channels-h' }, t.card.channels), grid),
    incidents.el,
    checkerSection(ctx),
  );

  const cards = new Map<string, ChannelCard>();
  const dailyAt = new Map<string, number>();
  let provider: Provider | undefined;
  let fmt: Formatter | undefined;
  let noticeList: Notice[] = [];
  let destroyed = false;
  let lastGood = 0;

  const nameOf = (channel: string) => provider?.channels.find((c) => c.id === channel)?.name ?? channel;
  const noticeFor = (ch: Channel): Notice | null => noticeForChannel(ch, noticeList, Date.now());

  const renderCards = (p: Provider, f: Formatter) => {
    const ids = p.channels.map((c) => c.id).join(',');
    if ([...cards.keys()].join(',') !== ids) {
      // First render, or the catalog changed: build the cards anew.
      cards.clear();
      for (const ch of p.channels) cards.set(ch.id, channelCard(ch, ctx));
      replace(grid, ...[...cards.values()].map((c) => c.el));
      watchBars();
    }
    for (const ch of p.channels) cards.get(ch.id)!.update(ch, f, noticeFor(ch));
  };

  // Bars are asked for when their card comes near the screen: a phone on a 50-channel page
  // need not load 50 histories it may never scroll to.
  let observer: IntersectionObserver | undefined;
  const visible = new Set<string>();
  const loadBars = async (ids: string[]) => {
    const due = ids.filter((cid) => Date.now() - (dailyAt.get(cid) ?? 0) > DAILY_TTL_MS);
    if (due.length === 0 || !fmt) return;
    for (const cid of due) dailyAt.set(cid, Date.now());
    if (!(await hasOperation(DAILY))) {
      for (const cid of due) cards.get(cid)?.bars.set(null, null, fmt);
      return;
    }
    await inBatches(due, 4, async (cid) => {
      try {
        const daily = await getJson<Daily>(`/api/v1/channels/${seg(cid)}/daily?days=90`);
        const ch = provider?.channels.find((c) => c.id === cid);
        if (!destroyed && fmt) cards.get(cid)?.bars.set(daily, ch?.uptime_90d ?? null, fmt);
      } catch (err) {
        if (err instanceof NotAvailable && fmt) cards.get(cid)?.bars.set(null, null, fmt);
        else dailyAt.delete(cid);
      }
    });
  };
  const watchBars = () => {
    observer?.disconnect();
    visible.clear();
    if (typeof IntersectionObserver === 'undefined') return void loadBars([...cards.keys()]);
    observer = new IntersectionObserver(
      (entries) => {
        const shown: string[] = [];
        for (const e of entries) {
          const cid = (e.target as HTMLElement).dataset.channel!;
          if (e.isIntersecting) {
            visible.add(cid);
            shown.push(cid);
          } else visible.delete(cid);
        }
        void loadBars(shown);
      },
      { rootMargin: '300px 0px' },
    );
    for (const card of cards.values()) observer.observe(card.el);
  };

  const refreshExtras = async (p: Provider, f: Formatter) => {
    const noticesTask = (async () => {
      if (!(await hasOperation(NOTICES_OPERATION))) return notices.set(null, f);
      try {
        noticeList = noticesOf(await getJson<unknown>(`/api/v1/notices?provider=${seg(p.id)}`));
        notices.set(noticeList, f);
        for (const ch of p.channels) cards.get(ch.id)?.update(ch, f, noticeFor(ch));
      } catch (err) {
        if (err instanceof NotAvailable) notices.set(null, f);
      }
    })();
    const incidentsTask = getJson<{ incidents: Incident[] }>(`/api/v1/incidents?provider=${seg(p.id)}&limit=20`).then(
      (r) => incidents.set(r.incidents, f, nameOf),
      () => {},
    );
    await Promise.all([noticesTask, incidentsTask, advice.refresh(p.channels, f), loadBars([...visible])]);
  };

  const refresh = async () => {
    let p: Provider;
    try {
      p = await getJson<Provider>(`/api/v1/providers/${seg(id)}`);
    } catch (err) {
      if (err instanceof NotAvailable) {
        replace(root, h('h1', {}, t.noSuchProvider), h('p', {}, h('a', { attrs: { href: '/' } }, t.allProviders)));
        poller.stop();
        return;
      }
      if (fmt && lastGood) stale.textContent = t.stale(fmt.time(lastGood));
      else if (!provider) headline.textContent = t.loadFailed;
      throw err;
    }
    if (destroyed) return;
    const first = provider === undefined;
    provider = p;
    fmt = formatter(ctx.lang, p.timezone);
    lastGood = Date.now();
    stale.textContent = '';
    ctx.title(p.name);
    title.textContent = p.name;
    const hl = headlineOf(p);
    const words = headlineText(p, fmt, ctx);
    // The headline is a live region: touch it only when it changes, or it is read out every refresh.
    if (headline.dataset.words !== words || headline.dataset.state !== hl.state) {
      headline.className = `headline ${stateClass(hl.state)}`;
      Object.assign(headline.dataset, { kind: hl.kind, state: hl.state, words });
      replace(headline, h('span', { class: 'icon', attrs: { 'aria-hidden': 'true' } }, STATE_ICONS[hl.state]), ' ', words);
    }
    replace(meta, t.timesIn(fmt.zone()), ' ', t.updated(fmt.time(lastGood)));
    renderCards(p, fmt);
    if (first) {
      performance.mark('supportwatch:first-render');
      document.documentElement.dataset.ready = 'provider';
    }
    await refreshExtras(p, fmt);
  };

  const poller = poll(refresh, ctx.refreshMs);
  return {
    destroy() {
      destroyed = true;
      poller.stop();
      observer?.disconnect();
    },
  };
}
