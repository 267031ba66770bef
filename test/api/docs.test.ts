/**
 * `/api/docs`: a self-contained page (no outside URL anywhere), a strict CSP, and a script
 * that really renders the document: run here in node:vm over a tiny stand-in DOM, fed the
 * app's own /api/v1/openapi.json with a hostile summary added, which must arrive as text.
 */
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { silentLogger } from '../../src/log.ts';
import { openSqlite, type SqliteHandle } from '../../src/store/sqlite.ts';

let handle: SqliteHandle;
let app: ReturnType<typeof createApp>;
beforeAll(() => {
  handle = openSqlite(':memory:');
  app = createApp({ database: handle, log: silentLogger, now: Date.now, version: 'test' });
});
afterAll(() => handle.close());

/** Just enough DOM for the docs script: elements keep attributes, children and text. */
class FakeElement {
  attributes: Record<string, string> = {};
  children: (FakeElement | string)[] = [];
  value = '';
  placeholder = '';
  listeners: Record<string, (e: { preventDefault(): void }) => void> = {};
  constructor(readonly tagName: string) {}
  set textContent(text: string) {
    this.children = text === '' ? [] : [text];
  }
  get textContent(): string {
    return this.children.map((c) => (typeof c === 'string' ? c : c.textContent)).join('');
  }
  setAttribute(name: string, value: string) {
    this.attributes[name] = value;
  }
  append(...nodes: (FakeElement | string)[]) {
    this.children.push(...nodes);
  }
  addEventListener(type: string, fn: (e: { preventDefault(): void }) => void) {
    this.listeners[type] = fn;
  }
  all(tag: string): FakeElement[] {
    return this.children.flatMap((c) => (typeof c === 'string' ? [] : [...(c.tagName === tag ? [c] : []), ...c.all(tag)]));
  }
}

describe('/api/docs', () => {
  it('serves a page, a script and a style sheet from this server only', async () => {
    for (const [path, type] of [
      ['/api/docs', 'text/html'],
      ['/api/docs/docs.js', 'text/javascript'],
      ['/api/docs/docs.css', 'text/css'],
    ] as const) {
      const res = await app.request(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain(type);
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(await res.text()).not.toMatch(/https?:\/\//);
    }
  });

  it('renders every operation, with the document’s text as text', async () => {
    const script = await (await app.request('/api/docs/docs.js')).text();
    const doc = (await (await app.request('/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, { summary?: string }>> };
    const hostile = '<img src=x onerror=alert(1)>';
    doc.paths['/api/v1/health']!.get!.summary = hostile;
    const root = new FakeElement('MAIN');
    const fetched: string[] = [];
    const context = {
      document: { getElementById: (id: string) => (id === 'docs' ? root : null), createElement: (tag: string) => new FakeElement(tag.toUpperCase()) },
      fetch: async (url: string) => {
        fetched.push(url);
        return { json: async () => doc, text: async () => '{"status":"ok"}', status: 200, statusText: 'OK', headers: { get: () => 'application/json' } };
      },
      URLSearchParams,
    };
    runInNewContext(script, context);
    await new Promise((done) => setTimeout(done, 20));
    expect(fetched).toEqual(['/api/v1/openapi.json']);
    const ops = root.all('DETAILS');
    const count = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).length, 0);
    expect(ops).toHaveLength(count);
    const health = ops.find((op) => op.attributes.id === 'get-/api/v1/health')!;
    expect(health.textContent).toContain(hostile); // as text: there is no way to parse HTML here
    expect(root.all('IMG')).toHaveLength(0);

    // "Try it" on a GET calls the path with the typed-in parameters.
    const provider = ops.find((op) => op.attributes.id === 'get-/api/v1/providers/{id}')!;
    const input = provider.all('INPUT')[0]!;
    input.value = 'a b';
    provider.all('FORM')[0]!.listeners.submit!({ preventDefault() {} });
    expect(fetched.at(-1)).toBe('/api/v1/providers/a%20b');
  });
});
