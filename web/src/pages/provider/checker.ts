/**
 * "Is this number or link official?": asks the verify API about a contact someone was given.
 * Scammers pose as support; the answer and its explanation are shown as text.
 */
import { ApiFailure, getJson, hasOperation, NotAvailable, seg } from '../../api/client.ts';
import type { Verification } from '../../api/types.ts';
import type { PageContext } from '../../context.ts';
import { h, replace, uid } from '../../dom.ts';

const VERIFY = 'GET /api/v1/verify';
const ICONS: Record<string, string> = { official: '✓', not_official: '✕', lookalike: '⚠' };

export function checkerSection(ctx: PageContext): HTMLElement {
  const { t } = ctx;
  const inputId = uid('contact');
  const input = h('input', {
    id: inputId,
    attrs: { type: 'text', name: 'contact', required: true, maxlength: 256, autocomplete: 'off', spellcheck: 'false', placeholder: t.checker.placeholder },
  });
  const button = h('button', { class: 'primary', attrs: { type: 'submit' } }, t.checker.button);
  const result = h('div', { class: 'verdict', attrs: { role: 'status' } });
  const form = h('form', { class: 'checker-form' }, h('label', { attrs: { for: inputId } }, t.checker.label), h('div', { class: 'row' }, input, button));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const contact = input.value.trim();
    if (contact === '') return;
    button.disabled = true;
    try {
      if (!(await hasOperation(VERIFY))) throw new NotAvailable();
      const v = await getJson<Verification>(`/api/v1/verify?contact=${seg(contact)}&lang=${seg(ctx.lang)}`);
      result.className = `verdict v-${v.verdict}`;
      replace(
        result,
        h('p', { class: 'verdict-word' }, h('span', { class: 'icon', attrs: { 'aria-hidden': 'true' } }, ICONS[v.verdict] ?? '?'), ' ', h('strong', {}, t.checker.verdicts[v.verdict] ?? v.verdict)),
        h('p', {}, v.explanation),
      );
    } catch (err) {
      result.className = 'verdict';
      replace(result, h('p', { class: 'note' }, err instanceof NotAvailable ? t.notAvailable : err instanceof ApiFailure && err.status === 400 ? err.message : t.checker.failed));
    } finally {
      button.disabled = false;
    }
  });
  return h('section', { class: 'checker panel' }, h('h2', {}, t.checker.title), form, result, h('p', { class: 'safety' }, h('span', { class: 'icon', attrs: { 'aria-hidden': 'true' } }, '⚠'), ' ', t.safety));
}
