/**
 * A channel's 90 daily bars, drawn on one canvas (a 50-channel page would choke on 50 chart
 * objects or 4,500 focusable elements). Pointer and keyboard (arrow keys, Home, End) both
 * show a day's tooltip; the canvas is labelled, and the same days are a table on demand.
 */
import type { Daily, DailyEntry } from '../api/types.ts';
import type { PageContext } from '../context.ts';
import { h, replace, uid } from '../dom.ts';
import type { Formatter } from '../format.ts';

/** Bar colours; each day's words are in its tooltip and the table, never colour alone. */
const COLOURS = {
  none: '#d0d7de',
  closed: '#e6e9ed',
  maintenance: '#54aeff',
  up: '#2da44e',
  degraded: '#d4a72c',
  down: '#cf222e',
};

/** A day's colour: what happened matters more than the rounded percentage. */
export function dayColour(day: DailyEntry): string {
  if (day.worst_state === null) return COLOURS.none;
  if (day.worst_state === 'down' || (day.uptime !== null && day.uptime < 0.99)) return COLOURS.down;
  if (day.worst_state === 'degraded' || (day.uptime !== null && day.uptime < 0.999)) return COLOURS.degraded;
  if (day.uptime === null) return day.worst_state === 'maintenance' ? COLOURS.maintenance : COLOURS.closed;
  return COLOURS.up;
}

export interface DayBars {
  el: HTMLElement;
  /** Shows these days (null: not available on this server). */
  set(daily: Daily | null, overall: number | null, fmt: Formatter): void;
}

/** Bars for the channel `name`; empty until `set`. */
export function dayBars(name: string, { t }: PageContext): DayBars {
  const canvas = h('canvas', { class: 'bars-canvas', attrs: { role: 'img', tabindex: 0, height: 34 } });
  const tipId = uid('tip');
  const tip = h('div', { class: 'tip', id: tipId, attrs: { role: 'status', hidden: true } });
  const table = h('table', { class: 'data' });
  const details = h('details', { class: 'fallback' }, h('summary', {}, t.bars.table), table);
  const el = h(
    'figure',
    { class: 'bars' },
    h('div', { class: 'bars-area' }, canvas, tip),
    h('figcaption', { class: 'bars-axis', attrs: { 'aria-hidden': 'true' } }, h('span', {}, t.bars.start), h('span', {}, t.bars.today)),
    details,
  );
  canvas.setAttribute('aria-describedby', tipId);

  let days: DailyEntry[] = [];
  let fmt: Formatter | undefined;
  let selected = -1;

  const describe = (day: DailyEntry) => `${t.bars.day(day.date, day.uptime === null ? t.bars.noData : fmt!.percent(day.uptime), t.bars.incidents(day.incidents))}`;

  const draw = () => {
    const dpr = window.devicePixelRatio || 1;
    const width = canvas.clientWidth;
    if (width === 0) return;
    const height = 34;
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
    const g = canvas.getContext('2d');
    if (!g) return;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, width, height);
    const n = Math.max(days.length, 1);
    const slot = width / n;
    const gap = slot > 4 ? 1 : 0;
    days.forEach((day, i) => {
      g.fillStyle = dayColour(day);
      g.fillRect(i * slot, 0, Math.max(1, slot - gap), height - 6);
    });
    if (selected >= 0) {
      g.fillStyle = '#1f2328';
      g.fillRect(selected * slot, height - 4, Math.max(2, slot - gap), 4);
    }
  };

  const show = (index: number, follow: boolean) => {
    if (days.length === 0 || !fmt) return;
    selected = Math.min(days.length - 1, Math.max(0, index));
    const day = days[selected]!;
    tip.textContent = describe(day);
    tip.hidden = false;
    const slot = canvas.clientWidth / days.length;
    const centre = (selected + 0.5) * slot;
    tip.style.left = `${Math.min(Math.max(centre, 70), Math.max(70, canvas.clientWidth - 70))}px`;
    tip.dataset.follow = String(follow);
    draw();
  };
  const hide = () => {
    tip.hidden = true;
    selected = -1;
    draw();
  };

  canvas.addEventListener('pointermove', (e) => {
    if (days.length === 0) return;
    const box = canvas.getBoundingClientRect();
    show(Math.floor(((e.clientX - box.left) / box.width) * days.length), true);
  });
  canvas.addEventListener('pointerleave', () => {
    if (document.activeElement !== canvas) hide();
  });
  canvas.addEventListener('focus', () => show(selected >= 0 ? selected : days.length - 1, false));
  canvas.addEventListener('blur', hide);
  canvas.addEventListener('keydown', (e) => {
    const moves: Record<string, number> = { ArrowLeft: selected - 1, ArrowRight: selected + 1, Home: 0, End: days.length - 1 };
    if (e.key in moves) {
      e.preventDefault();
      show(moves[e.key]!, false);
    } else if (e.key === 'Escape') hide();
  });
  if (typeof ResizeObserver !== 'undefined') new ResizeObserver(() => draw()).observe(canvas);

  // The 90-row table is built when opened: 50 cards × 90 rows up front would slow the first render.
  details.addEventListener('toggle', () => {
    if (!details.open || !fmt) return;
    replace(
      table,
      h('thead', {}, h('tr', {}, h('th', { attrs: { scope: 'col' } }, t.bars.date), h('th', { attrs: { scope: 'col' } }, t.bars.uptime), h('th', { attrs: { scope: 'col' } }, t.bars.incidentsCol), h('th', { attrs: { scope: 'col' } }, t.bars.worst))),
      h(
        'tbody',
        {},
        ...days.map((d) =>
          h('tr', {}, h('th', { attrs: { scope: 'row' } }, d.date), h('td', {}, d.uptime === null ? t.bars.noData : fmt!.percent(d.uptime)), h('td', {}, d.incidents), h('td', {}, d.worst_state ? t.states[d.worst_state] : t.bars.noData)),
        ),
      ),
    );
  });

  return {
    el,
    set(daily, overall, formatter) {
      fmt = formatter;
      if (daily === null) {
        replace(el, h('p', { class: 'note' }, t.notAvailable));
        return;
      }
      days = daily.days;
      canvas.setAttribute('aria-label', t.bars.label(name, formatter.percent(overall)));
      if (details.open) details.dispatchEvent(new Event('toggle'));
      if (selected >= 0) show(selected, tip.dataset.follow === 'true');
      else draw();
    },
  };
}
