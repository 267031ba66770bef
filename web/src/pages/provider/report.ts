/** "I couldn't reach them": a user's report that a channel did not work for them. */
import { ApiFailure, hasOperation, postJson, seg } from '../../api/client.ts';
import { REPORT_PROBLEMS, type ReportReceipt } from '../../api/types.ts';
import type { PageContext } from '../../context.ts';
import { h, uid } from '../../dom.ts';

/** The report operation, as the OpenAPI document names it. */
export const REPORT_OPERATION = 'POST /api/v1/channels/{id}/reports';

/** A report button for one channel, opening a short "what happened?" choice. */
export function reportControl(channelId: string, { t }: PageContext): HTMLElement {
  const formId = uid('report');
  const button = h('button', { class: 'report-button', attrs: { type: 'button', 'aria-expanded': 'false', 'aria-controls': formId } }, t.report.button);
  const status = h('p', { class: 'report-status', attrs: { role: 'status' } });
  const name = uid('problem');
  const choices = REPORT_PROBLEMS.map((problem, i) => {
    const input = h('input', { attrs: { type: 'radio', name, value: problem } });
    if (i === 0) input.checked = true;
    return h('label', { class: 'choice' }, input, ' ', t.report.problems[problem] ?? problem);
  });
  const send = h('button', { class: 'primary', attrs: { type: 'submit' } }, t.report.send);
  const cancel = h('button', { attrs: { type: 'button' } }, t.report.cancel);
  const form = h('form', { class: 'report-form', id: formId, attrs: { hidden: true } }, h('fieldset', {}, h('legend', {}, t.report.legend), ...choices), h('div', { class: 'actions' }, send, cancel));

  const close = () => {
    form.hidden = true;
    button.setAttribute('aria-expanded', 'false');
  };
  button.addEventListener('click', async () => {
    if (!(await hasOperation(REPORT_OPERATION))) {
      status.textContent = t.report.unavailable;
      return;
    }
    status.textContent = '';
    form.hidden = !form.hidden;
    button.setAttribute('aria-expanded', String(!form.hidden));
    if (!form.hidden) form.querySelector<HTMLInputElement>('input:checked')?.focus();
  });
  cancel.addEventListener('click', () => {
    close();
    button.focus();
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const problem = new FormData(form).get(name);
    send.disabled = true;
    try {
      const receipt = await postJson<ReportReceipt>(`/api/v1/channels/${seg(channelId)}/reports`, { problem });
      // A repeat within 15 minutes is stored but not counted again: say so, kindly.
      status.textContent = receipt?.counted === false ? t.report.limited : t.report.thanks;
      close();
      button.focus();
    } catch (err) {
      status.textContent = err instanceof ApiFailure && err.status === 429 ? t.report.limited : t.report.failed;
    } finally {
      send.disabled = false;
    }
  });
  return h('div', { class: 'report' }, button, form, status);
}
