/**
 * Renders the value a condition saw, briefly: results are stored with every check and shown
 * on the dashboard, so a 5 MB JSON document must become a few dozen characters, cheaply.
 */
import { MAX_ACTUAL_LENGTH } from './types.ts';

/** How to render. */
export interface RenderOptions {
  /** Most characters, the quotes and `…` included. Default 80. */
  max?: number;
  /** Show runs of whitespace as one space (for the start of a page). */
  collapseSpace?: boolean;
  /** Texts shown as `[redacted]` wherever they occur, before anything is cut. */
  secrets?: readonly string[];
}

/** What a secret is shown as. */
export const REDACTED = '[redacted]';

/**
 * A JSON value in at most `max` characters: `"busy"`, `503`, `null`, `{"a":1,"b":[1,2]}`,
 * or a prefix ending in `…`. Stops walking as soon as the budget is spent, so its cost does
 * not grow with the size of the value.
 *
 * @example
 * renderValue({ state: 'open', items: [1, 2, 3] }) // → '{"state":"open","items":[1,2,3]}'
 */
export function renderValue(value: unknown, options: RenderOptions = {}): string {
  const max = options.max ?? MAX_ACTUAL_LENGTH;
  if (typeof value === 'string') return renderText(value, options);
  const out: Output = { text: '', limit: max + 1, secrets: options.secrets ?? [] };
  write(value, out);
  return out.text.length <= max ? out.text : `${out.text.slice(0, max - 1)}…`;
}

/**
 * Text in double quotes, escaped, in at most `max` characters: `"busy"`, `"Welcome to our…"`.
 * Secrets are replaced before the text is cut, so that not even the start of one shows.
 */
export function renderText(text: string, options: RenderOptions = {}): string {
  const max = options.max ?? MAX_ACTUAL_LENGTH;
  const collapseSpace = options.collapseSpace ?? false;
  const secrets = (options.secrets ?? []).filter((s) => s !== '');
  // Only the start can be shown; looking further would cost time on a 10 MB body of spaces.
  // The head is long enough that any secret starting in the shown part ends inside it.
  const room = 4 * max + secrets.reduce((n, s) => Math.max(n, s.length), 0);
  const cut = text.length > room;
  let head = cut ? text.slice(0, room) : text;
  for (const secret of secrets) head = head.split(secret).join(REDACTED);
  let inner = '';
  let lastWasSpace = false;
  for (const ch of head) {
    const space = collapseSpace && /\s/.test(ch);
    if (space && lastWasSpace) continue;
    lastWasSpace = space;
    const escaped = JSON.stringify(space ? ' ' : ch).slice(1, -1);
    if (inner.length + escaped.length > max - 2) return `"${cutForEllipsis(inner, max - 3)}…"`;
    inner += escaped;
  }
  return cut ? `"${cutForEllipsis(inner, max - 3)}…"` : `"${inner}"`;
}

/** Shortens escaped text to `room` characters without ending inside an escape sequence. */
function cutForEllipsis(inner: string, room: number): string {
  let cut = inner.slice(0, room);
  const lastSlash = cut.lastIndexOf('\\');
  // An escape is at most 6 characters (\uXXXX); one that starts near the end may be cut.
  if (lastSlash >= 0 && lastSlash >= cut.length - 6) {
    let run = 0;
    for (let i = lastSlash; i >= 0 && cut[i] === '\\'; i--) run++;
    const escapeLength = cut[lastSlash + 1] === 'u' ? 6 : 2;
    if (run % 2 === 1 && lastSlash + escapeLength > cut.length) cut = cut.slice(0, lastSlash);
  }
  return cut;
}

interface Output {
  text: string;
  /** Stop writing once the text is this long. */
  limit: number;
  secrets: readonly string[];
}

function write(value: unknown, out: Output): void {
  if (out.text.length >= out.limit) return;
  if (value === null || typeof value === 'boolean' || typeof value === 'number') {
    out.text += String(value);
  } else if (typeof value === 'string') {
    out.text += renderText(value, { max: Math.max(2, out.limit - out.text.length), secrets: out.secrets });
  } else if (Array.isArray(value)) {
    out.text += '[';
    for (let i = 0; i < value.length && out.text.length < out.limit; i++) {
      if (i > 0) out.text += ',';
      write(value[i], out);
    }
    out.text += ']';
  } else if (typeof value === 'object') {
    out.text += '{';
    let first = true;
    for (const key in value) {
      if (out.text.length >= out.limit) break;
      if (!Object.hasOwn(value, key)) continue;
      if (!first) out.text += ',';
      first = false;
      out.text += `${renderText(key, { max: Math.max(2, out.limit - out.text.length), secrets: out.secrets })}:`;
      write((value as Record<string, unknown>)[key], out);
    }
    out.text += '}';
  } else {
    // Not a JSON value (undefined, a function): callers never pass one, but say so if they do.
    out.text += `(${typeof value})`;
  }
}
