/**
 * The manager's API key: entered once, checked with `GET /api/v1/auth/check`, kept in
 * session storage (this tab only, gone when it closes). It is never logged nor put in a URL.
 */
import { hasOperation, statusOf } from '../../api/client.ts';
import type { PageContext } from '../../context.ts';
import { h, uid } from '../../dom.ts';

export const KEY_STORAGE_KEY = 'supportwatch.adminKey';
const AUTH_CHECK = 'GET /api/v1/auth/check';

export function storedKey(): string | null {
  try {
    return sessionStorage.getItem(KEY_STORAGE_KEY);
  } catch {
    return null;
  }
}

export function storeKey(key: string | null): void {
  try {
    if (key === null) sessionStorage.removeItem(KEY_STORAGE_KEY);
    else sessionStorage.setItem(KEY_STORAGE_KEY, key);
  } catch {
    // Storage disabled: the key lives as long as the page.
  }
}

export type KeyVerdict = 'accepted' | 'rejected' | 'unavailable';

/** Asks the server whether `key` is the admin key. */
export async function checkKey(key: string): Promise<KeyVerdict> {
  if (!(await hasOperation(AUTH_CHECK))) return 'unavailable';
  const status = await statusOf('/api/v1/auth/check', { key });
  return status === 204 ? 'accepted' : status === 401 ? 'rejected' : 'unavailable';
}

/** The key form; calls `onAccepted` with a key the server accepted. */
export function keyForm({ t }: PageContext, onAccepted: (key: string) => void): HTMLElement {
  const inputId = uid('key');
  const input = h('input', { id: inputId, attrs: { type: 'password', name: 'key', required: true, autocomplete: 'off', spellcheck: 'false' } });
  const message = h('p', { class: 'key-message', attrs: { role: 'alert' } });
  const submit = h('button', { class: 'primary', attrs: { type: 'submit' } }, t.manage.keySubmit);
  const form = h(
    'form',
    { class: 'key-form panel' },
    h('label', { attrs: { for: inputId } }, t.manage.keyLabel),
    h('div', { class: 'row' }, input, submit),
    h('p', { class: 'muted' }, t.manage.keyHint),
    message,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const key = input.value.trim();
    if (key === '') return;
    submit.disabled = true;
    message.textContent = '';
    try {
      const verdict = await checkKey(key);
      if (verdict === 'accepted') {
        storeKey(key);
        onAccepted(key);
        return;
      }
      message.textContent = verdict === 'rejected' ? t.manage.keyRejected : t.manage.keyUnavailable;
      input.select();
    } catch {
      message.textContent = t.loadFailed;
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
