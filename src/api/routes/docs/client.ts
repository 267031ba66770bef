/**
 * The interactive docs' browser script. It runs in the page, not on the server: the server
 * sends `(${docsClient})()` as /api/docs/docs.js, so this function must be self-contained
 * (no imports, no outer names). Everything from the document goes in through `textContent`
 * or attribute setters, never through HTML, so a hostile description cannot script the page.
 */
export function docsClient(): void {
  type Schema = { type?: string | string[]; enum?: unknown[]; default?: unknown; example?: unknown };
  type Param = { name: string; in: string; required?: boolean; description?: string; schema?: Schema; example?: unknown };
  type Operation = { summary?: string; description?: string; tags?: string[]; parameters?: Param[]; security?: unknown[]; responses?: Record<string, { description?: string }> };
  type Doc = { info?: { title?: string; version?: string; description?: string }; paths?: Record<string, Record<string, Operation>> };

  // The few DOM members used, typed here: the server's TypeScript program has no DOM library.
  interface El {
    textContent: string | null;
    value: string;
    placeholder: string;
    readonly tagName: string;
    setAttribute(name: string, value: string): void;
    append(...nodes: (El | string)[]): void;
    addEventListener(type: string, listener: (event: { preventDefault(): void }) => void): void;
  }
  const document = (globalThis as unknown as { document: { getElementById(id: string): El | null; createElement(tag: string): El } }).document;

  const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
  const root = document.getElementById('docs')!;
  const el = (tag: string, props: Record<string, string> = {}, ...children: (El | string)[]): El => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(props)) node.setAttribute(k, v);
    for (const child of children) node.append(child);
    return node;
  };

  function operationView(method: string, path: string, op: Operation, index: number): El {
    const params = op.parameters ?? [];
    const inputs = new Map<Param, El>();
    const form = el('form', { class: 'try' });
    for (const p of params) {
      if (p.in !== 'path' && p.in !== 'query') continue;
      const id = `p${index}-${p.in}-${p.name}`;
      let input: El;
      if (p.schema?.enum) {
        input = el('select', { id });
        if (!p.required) input.append(el('option', { value: '' }, '—'));
        for (const v of p.schema.enum) input.append(el('option', { value: String(v) }, String(v)));
      } else {
        input = el('input', { id, type: 'text' });
        const hint = p.example ?? p.schema?.example ?? p.schema?.default;
        if (hint !== undefined) input.placeholder = String(hint);
        if (p.in === 'path' && p.example !== undefined) input.value = String(p.example);
      }
      inputs.set(p, input);
      const label = el('label', { for: id }, el('code', {}, p.name), ` (${p.in}${p.required ? ', required' : ''})`);
      form.append(el('div', { class: 'param' }, label, input, p.description ? el('small', {}, p.description) : ''));
    }
    const out = el('pre', { class: 'out', 'aria-live': 'polite' });
    const status = el('p', { class: 'status' });
    if (method === 'get') {
      const button = el('button', { type: 'submit' }, 'Try it');
      form.append(button);
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        let url = path;
        const query = new URLSearchParams();
        for (const [p, input] of inputs) {
          const value = input.value || (input.tagName === 'INPUT' ? input.placeholder : '');
          if (p.in === 'path') url = url.replace(`{${p.name}}`, encodeURIComponent(value));
          else if (input.value !== '') query.set(p.name, input.value);
        }
        const full = query.size > 0 ? `${url}?${query}` : url;
        status.textContent = `GET ${full} …`;
        out.textContent = '';
        fetch(full, { headers: { accept: 'application/json' } }).then(
          async (res) => {
            status.textContent = `GET ${full} → ${res.status} ${res.statusText} (${res.headers.get('content-type') ?? 'no body'})`;
            const text = await res.text();
            try {
              out.textContent = JSON.stringify(JSON.parse(text), null, 2);
            } catch {
              out.textContent = text;
            }
          },
          (err: unknown) => {
            status.textContent = `GET ${full} failed: ${String(err)}`;
          },
        );
      });
    } else {
      form.append(el('p', { class: 'note' }, op.security ? 'Needs an API key (Authorization: Bearer …); try it with curl.' : 'Try it with curl.'));
    }
    const responses = el('ul', { class: 'responses' });
    for (const [code, r] of Object.entries(op.responses ?? {})) responses.append(el('li', {}, el('code', {}, code), ` ${r.description ?? ''}`));
    const summary = el('summary', {}, el('span', { class: `method ${method}` }, method.toUpperCase()), ' ', el('code', {}, path), ' ', op.summary ?? '');
    return el('details', { class: 'op', id: `${method}-${path}` }, summary, op.description ? el('p', {}, op.description) : '', form, status, out, el('h4', {}, 'Responses'), responses);
  }

  function render(doc: Doc): void {
    root.textContent = '';
    root.append(el('h1', {}, `${doc.info?.title ?? 'API'} ${doc.info?.version ?? ''}`), el('p', {}, doc.info?.description ?? ''));
    root.append(el('p', {}, 'The machine-readable document: ', el('a', { href: '/api/v1/openapi.json' }, '/api/v1/openapi.json')));
    const byTag = new Map<string, El[]>();
    let index = 0;
    for (const [path, item] of Object.entries(doc.paths ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
      for (const method of METHODS) {
        const op = item[method];
        if (!op) continue;
        const tag = op.tags?.[0] ?? 'other';
        if (!byTag.has(tag)) byTag.set(tag, []);
        byTag.get(tag)!.push(operationView(method, path, op, index++));
      }
    }
    for (const [tag, ops] of [...byTag].sort(([a], [b]) => a.localeCompare(b))) root.append(el('section', {}, el('h2', {}, tag), ...ops));
  }

  fetch('/api/v1/openapi.json').then(
    async (res) => render((await res.json()) as Doc),
    (err: unknown) => {
      root.textContent = `Could not load /api/v1/openapi.json: ${String(err)}`;
    },
  );
}
