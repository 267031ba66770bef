/** `/`: every watched provider with its overall state, a page at a time. */
import { getJson, seg } from '../api/client.ts';
import type { ProviderPage, ProviderSummary } from '../api/types.ts';
import type { MountedPage, PageContext } from '../context.ts';
import { h, replace } from '../dom.ts';
import { poll } from '../poll.ts';
import { STATE_ICONS, stateClass } from '../states.ts';

/** Providers asked per request; the rest come with "Show more". */
const PAGE_SIZE = 100;

export function mountHome(root: HTMLElement, ctx: PageContext): MountedPage {
  const { t } = ctx;
  ctx.title(t.home.title);
  const list = h('ul', { class: 'providers' });
  const status = h('p', { class: 'note', attrs: { role: 'status' } }, t.loading);
  const more = h('button', { class: 'more', attrs: { type: 'button', hidden: true } }, t.home.more);
  replace(root, h('h1', {}, t.home.title), h('p', { class: 'lead' }, t.home.intro), status, list, more);

  let pages = 1;
  let destroyed = false;
  const load = async () => {
    const shown: ProviderSummary[] = [];
    let after: string | null = null;
    let next: string | null = null;
    for (let i = 0; i < pages; i++) {
      const url = `/api/v1/providers?limit=${PAGE_SIZE}${after ? `&after=${seg(after)}` : ''}`;
      const page: ProviderPage = await getJson<ProviderPage>(url);
      shown.push(...page.providers);
      next = after = page.next;
      if (!next) break;
    }
    if (destroyed) return;
    replace(list, ...shown.map((p) => providerItem(p, ctx)));
    status.textContent = shown.length === 0 ? t.home.empty : '';
    more.hidden = next === null;
    document.documentElement.dataset.ready = 'home';
  };
  const poller = poll(() => load().catch(() => void (status.textContent = t.loadFailed)), ctx.refreshMs);
  more.addEventListener('click', () => {
    pages++;
    void poller.now();
  });
  return {
    destroy() {
      destroyed = true;
      poller.stop();
    },
  };
}

function providerItem(p: ProviderSummary, { t }: PageContext): HTMLElement {
  const link = h('a', { class: 'provider-link' }, h('span', { class: 'provider-name' }, p.name));
  link.href = `/p/${seg(p.id)}`;
  return h(
    'li',
    { class: `provider ${stateClass(p.state)}` },
    link,
    h('span', { class: 'badge' }, h('span', { class: 'icon', attrs: { 'aria-hidden': 'true' } }, STATE_ICONS[p.state]), ' ', t.providerStates[p.state]),
    h('span', { class: 'muted' }, t.home.channels(p.channels)),
  );
}
