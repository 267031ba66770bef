/**
 * "What to try now": the advice API's first suggestion with its reason, for the need chosen
 * in the selector, what to avoid, and the next quiet time of the suggested channel.
 */
import { getJson, hasOperation, NotAvailable, seg } from '../../api/client.ts';
import { NEEDS, type Advice, type BestTime, type Channel, type Need } from '../../api/types.ts';
import type { PageContext } from '../../context.ts';
import { h, replace, uid } from '../../dom.ts';
import type { Formatter } from '../../format.ts';
import { STATE_ICONS, stateClass } from '../../states.ts';

const ADVICE = 'GET /api/v1/providers/{id}/advice';
const BEST_TIME = 'GET /api/v1/channels/{id}/best-time';
/** Quiet times move slowly: ask again after this long, not every refresh. */
const BEST_TIME_TTL_MS = 10 * 60_000;
/** Staffed kinds, where a quiet hour matters, for when there is no suggestion to follow. */
const STAFFED = new Set(['hotline', 'live_chat', 'in_app']);

export interface AdviceSection {
  el: HTMLElement;
  /** Asks again (with the channels now shown, for names). */
  refresh(channels: readonly Channel[], fmt: Formatter): Promise<void>;
}

export function adviceSection(providerId: string, ctx: PageContext): AdviceSection {
  const { t } = ctx;
  const selectId = uid('need');
  const select = h('select', { id: selectId });
  for (const need of NEEDS) select.append(h('option', { attrs: { value: need } }, t.advice.needs[need] ?? need));
  const answer = h('div', { class: 'advice-answer', attrs: { 'aria-live': 'polite' } }, h('p', { class: 'note' }, t.loading));
  const quiet = h('div', { class: 'quiet', attrs: { 'aria-live': 'polite' } });
  const el = h(
    'section',
    { class: 'advice panel', attrs: { 'aria-labelledby': `${selectId}-h` } },
    h('h2', { id: `${selectId}-h` }, t.advice.title),
    h('div', { class: 'field' }, h('label', { attrs: { for: selectId } }, t.advice.need), select),
    answer,
    h('h3', {}, t.advice.quiet),
    quiet,
  );

  let last: { channels: readonly Channel[]; fmt: Formatter } | undefined;
  let bestFor: { channel: string; at: number } | undefined;

  const nameOf = (id: string) => last?.channels.find((c) => c.id === id)?.name ?? id;

  const showQuiet = async (target: Channel | undefined, fmt: Formatter) => {
    if (!target) return replace(quiet, h('p', { class: 'note' }, t.advice.quietNone));
    if (bestFor && bestFor.channel === target.id && Date.now() - bestFor.at < BEST_TIME_TTL_MS) return;
    if (!(await hasOperation(BEST_TIME))) {
      bestFor = { channel: target.id, at: Date.now() };
      return replace(quiet, h('p', { class: 'note' }, t.notAvailable));
    }
    try {
      const best = await getJson<BestTime>(`/api/v1/channels/${seg(target.id)}/best-time`);
      bestFor = { channel: target.id, at: Date.now() };
      // The windows are the channel's best ones, soonest first: the next quiet time is the first.
      const next = best.windows[0];
      if (!next) return replace(quiet, h('p', { class: 'note' }, t.advice.quietNone));
      replace(
        quiet,
        h('p', { class: 'quiet-window' }, t.advice.quietWindow(target.name, fmt.range(next.start, next.end))),
        h('p', { class: 'muted' }, best.basis === 'measured' && best.days ? t.advice.basisMeasured(best.days) : t.advice.basisDefault),
      );
    } catch (err) {
      replace(quiet, h('p', { class: 'note' }, err instanceof NotAvailable ? t.notAvailable : t.loadFailed));
    }
  };

  const refresh = async (channels: readonly Channel[], fmt: Formatter) => {
    last = { channels, fmt };
    const fallback = channels.find((c) => STAFFED.has(c.kind));
    if (!(await hasOperation(ADVICE))) {
      if (answer.dataset.key !== 'none') {
        answer.dataset.key = 'none';
        replace(answer, h('p', { class: 'note' }, t.notAvailable));
      }
      return showQuiet(fallback, fmt);
    }
    try {
      const need = select.value as Need;
      const advice = await getJson<Advice>(`/api/v1/providers/${seg(providerId)}/advice?need=${seg(need)}&lang=${seg(ctx.lang)}`);
      const top = [...advice.suggestions].sort((a, b) => a.rank - b.rank)[0];
      const parts: Node[] = [];
      if (advice.summary) parts.push(h('p', { class: 'summary' }, advice.summary));
      if (top) {
        parts.push(
          h(
            'p',
            { class: `suggestion ${stateClass(top.state)}` },
            h('span', { class: 'label' }, `${t.advice.tryFirst}: `),
            h('strong', {}, nameOf(top.channel)),
            ' ',
            h('span', { class: 'badge' }, h('span', { class: 'icon', attrs: { 'aria-hidden': 'true' } }, STATE_ICONS[top.state]), ' ', t.states[top.state]),
          ),
          h('p', { class: 'reason' }, top.reason),
        );
      } else parts.push(h('p', { class: 'note' }, t.advice.nothing));
      if (advice.avoid.length > 0) {
        parts.push(h('p', { class: 'label' }, t.advice.avoid), h('ul', { class: 'avoid' }, ...advice.avoid.slice(0, 3).map((a) => h('li', {}, h('strong', {}, nameOf(a.channel)), ': ', a.reason))));
      }
      // A live region: replaced only when the advice changed, so a refresh is not read out.
      const shownKey = JSON.stringify([advice, last.channels.map((c) => c.name)]);
      if (answer.dataset.key !== shownKey) {
        answer.dataset.key = shownKey;
        replace(answer, ...parts);
      }
      await showQuiet(channels.find((c) => c.id === top?.channel) ?? fallback, fmt);
    } catch (err) {
      delete answer.dataset.key;
      replace(answer, h('p', { class: 'note' }, err instanceof NotAvailable ? t.notAvailable : t.loadFailed));
    }
  };

  select.addEventListener('change', () => {
    if (last) void refresh(last.channels, last.fmt);
  });
  return { el, refresh };
}
