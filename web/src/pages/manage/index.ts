/**
 * `/manage`, the manager console: behind the admin key, every provider and, for the chosen
 * one, its channels with uptime over 24 h / 7 d / 30 d / 90 d and report counts, the incidents
 * timeline and the notice log; for the chosen channel, latency, heatmap, checks and reports.
 * The choice lives in the URL fragment (`#p=acme&c=acme-chat`), so it survives a reload.
 */
import { getJson, hasOperation, inBatches, NotAvailable, seg } from '../../api/client.ts';
import type { Incident, Provider, ProviderPage, ProviderSummary, ReportCounts, Uptime } from '../../api/types.ts';
import type { MountedPage, PageContext } from '../../context.ts';
import { h, replace } from '../../dom.ts';
import { formatter, type Formatter } from '../../format.ts';
import { poll } from '../../poll.ts';
import { noticesOf, NOTICES_OPERATION } from '../provider/notices.ts';
import { channelDetail, reportCount, REPORTS_OPERATION } from './channel.ts';
import { checkKey, keyForm, storedKey, storeKey } from './key.ts';
import { channelsTable, incidentsTimeline, noticeLog, providersTable, type ChannelFigures } from './tables.ts';

/** 7-day uptime and report counts are one request per channel: ask every five minutes, not every refresh. */
const FIGURES_TTL_MS = 5 * 60_000;

export function mountManage(root: HTMLElement, ctx: PageContext): MountedPage {
  const { t } = ctx;
  ctx.title(t.manage.title);
  let current: MountedPage | undefined;
  let destroyed = false;

  const gate = () => {
    current?.destroy();
    current = undefined;
    replace(root, h('h1', {}, t.manage.title), keyForm(ctx, (key) => open(key)));
    root.querySelector('input')?.focus();
    document.documentElement.dataset.ready = 'manage-key';
  };
  const open = (key: string) => {
    if (destroyed) return;
    current = mountConsole(root, ctx, key, () => {
      storeKey(null);
      gate();
    });
  };

  const key = storedKey();
  if (key) {
    replace(root, h('h1', {}, t.manage.title), h('p', { class: 'note' }, t.loading));
    void checkKey(key).then(
      (verdict) => {
        if (verdict === 'accepted') open(key);
        else {
          storeKey(null);
          gate();
        }
      },
      () => gate(),
    );
  } else gate();

  return {
    destroy() {
      destroyed = true;
      current?.destroy();
    },
  };
}

function readFragment(): { p: string | null; c: string | null } {
  const params = new URLSearchParams(location.hash.slice(1));
  return { p: params.get('p'), c: params.get('c') };
}

function writeFragment(p: string | null, c: string | null): void {
  const params = new URLSearchParams();
  if (p) params.set('p', p);
  if (c) params.set('c', c);
  history.replaceState(null, '', `${location.pathname}${location.search}#${params}`);
}

/**
 * Redraws `box` keeping keyboard focus on the same row's button: a refresh must not throw
 * a keyboard user back to the top of the page.
 */
function keepFocus(box: HTMLElement, draw: () => void): void {
  const focused = document.activeElement instanceof HTMLElement && box.contains(document.activeElement) ? document.activeElement.dataset.pick : undefined;
  draw();
  if (focused) box.querySelector<HTMLElement>(`[data-pick="${CSS.escape(focused)}"]`)?.focus();
}

function mountConsole(root: HTMLElement, ctx: PageContext, key: string, signOut: () => void): MountedPage {
  const { t } = ctx;
  const opts = { key };
  const providersBox = h('div', {}, h('p', { class: 'note' }, t.loading));
  const providerHeading = h('h2', {});
  const channelsBox = h('div', {});
  const timelineBox = h('div', {});
  const noticesBox = h('div', {});
  const providerSection = h(
    'section',
    { class: 'panel provider-detail', attrs: { hidden: true } },
    providerHeading,
    h('p', { class: 'meta muted' }),
    h('h3', {}, t.manage.channels),
    channelsBox,
    h('h3', {}, t.manage.timeline),
    timelineBox,
    h('h3', {}, t.manage.noticeLog),
    noticesBox,
  );
  const detail = channelDetail(ctx, key);
  const signOutButton = h('button', { attrs: { type: 'button' } }, t.manage.signOut);
  replace(
    root,
    h('div', { class: 'title-row' }, h('h1', {}, t.manage.title), signOutButton),
    h('section', { class: 'panel' }, h('h2', {}, t.manage.providers), providersBox),
    providerSection,
    detail.el,
  );

  let { p: selectedProvider, c: selectedChannel } = readFragment();
  let provider: Provider | undefined;
  let fmt: Formatter | undefined;
  const figures = new Map<string, ChannelFigures & { at: number }>();
  let providers: ProviderSummary[] = [];

  const nameOf = (id: string) => provider?.channels.find((c) => c.id === id)?.name ?? id;

  const drawProviders = () => keepFocus(providersBox, () => replace(providersBox, providersTable(providers, selectedProvider, ctx, pickProvider)));
  const drawChannels = () => {
    if (provider && fmt) {
      const [p, f] = [provider, fmt];
      keepFocus(channelsBox, () => replace(channelsBox, channelsTable(p.channels, figures, selectedChannel, f, ctx, pickChannel)));
    }
  };

  const loadFigures = async (p: Provider) => {
    const due = p.channels.filter((c) => Date.now() - (figures.get(c.id)?.at ?? 0) > FIGURES_TTL_MS);
    if (due.length === 0) return;
    const reportsAvailable = await hasOperation(REPORTS_OPERATION);
    await inBatches(due, 4, async (ch) => {
      const id = seg(ch.id);
      const [uptime, reports] = await Promise.all([
        getJson<Uptime>(`/api/v1/channels/${id}/uptime?window=7d`, opts).then((u) => u.uptime, () => null),
        reportsAvailable ? getJson<ReportCounts>(`/api/v1/channels/${id}/reports?window=24h`, opts).then(reportCount, () => null) : Promise.resolve(null),
      ]);
      figures.set(ch.id, { uptime7d: uptime, reports24h: reports, at: Date.now() });
    });
    drawChannels();
  };

  const loadProvider = async () => {
    if (!selectedProvider) return;
    let p: Provider;
    try {
      p = await getJson<Provider>(`/api/v1/providers/${seg(selectedProvider)}`, opts);
    } catch (err) {
      if (err instanceof NotAvailable) {
        selectedProvider = selectedChannel = null;
        writeFragment(null, null);
        providerSection.hidden = true;
        detail.el.hidden = true;
      }
      return;
    }
    if (provider?.id !== p.id) figures.clear();
    provider = p;
    fmt = formatter(ctx.lang, p.timezone);
    providerSection.hidden = false;
    providerHeading.textContent = p.name;
    providerSection.querySelector('.meta')!.textContent = t.timesIn(fmt.zone());
    drawChannels();
    const f = fmt;
    await Promise.all([
      loadFigures(p),
      getJson<{ incidents: Incident[] }>(`/api/v1/incidents?provider=${seg(p.id)}&limit=200`, opts).then(
        (r) => replace(timelineBox, incidentsTimeline(r.incidents, nameOf, f, ctx)),
        () => {},
      ),
      (async () => {
        if (!(await hasOperation(NOTICES_OPERATION))) return replace(noticesBox, noticeLog(null, nameOf, f, ctx));
        try {
          replace(noticesBox, noticeLog(noticesOf(await getJson<unknown>(`/api/v1/notices?provider=${seg(p.id)}`, opts)), nameOf, f, ctx));
        } catch (err) {
          if (err instanceof NotAvailable) replace(noticesBox, noticeLog(null, nameOf, f, ctx));
        }
      })(),
      (async () => {
        const channel = p.channels.find((c) => c.id === selectedChannel) ?? p.channels[0];
        if (!channel) return;
        selectedChannel = channel.id;
        drawChannels();
        await detail.show(channel, f);
      })(),
    ]);
    document.documentElement.dataset.ready = 'manage';
  };

  const refresh = async () => {
    const all: ProviderSummary[] = [];
    let after: string | null = null;
    do {
      const page: ProviderPage = await getJson<ProviderPage>(`/api/v1/providers?limit=500${after ? `&after=${seg(after)}` : ''}`, opts);
      all.push(...page.providers);
      after = page.next;
    } while (after);
    providers = all;
    selectedProvider ??= providers[0]?.id ?? null;
    drawProviders();
    await loadProvider();
  };

  function pickProvider(id: string) {
    selectedProvider = id;
    selectedChannel = null;
    writeFragment(id, null);
    drawProviders();
    void loadProvider();
  }

  function pickChannel(id: string) {
    selectedChannel = id;
    writeFragment(selectedProvider, id);
    drawChannels();
    const channel = provider?.channels.find((c) => c.id === id);
    if (channel && fmt) void detail.show(channel, fmt).then(() => detail.el.scrollIntoView({ block: 'start' }));
  }

  const poller = poll(refresh, ctx.refreshMs);
  signOutButton.addEventListener('click', () => {
    poller.stop();
    signOut();
  });
  return {
    destroy() {
      poller.stop();
      detail.destroy();
    },
  };
}
