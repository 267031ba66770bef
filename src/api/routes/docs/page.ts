import type { Hono } from 'hono';
import { docsClient } from './client.ts';

/** The page: a shell the script fills from the OpenAPI document. No CDN: it works offline. */
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>supportwatch API</title>
<link rel="stylesheet" href="/api/docs/docs.css">
<script src="/api/docs/docs.js" defer></script>
</head>
<body>
<main id="docs"><p>Loading the API description…</p><noscript>This page needs JavaScript; the raw description is at <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</noscript></main>
</body>
</html>
`;

const CSS = `body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;color:#1b1f24;background:#fff}
h2{border-bottom:1px solid #ccd;margin-top:2rem;text-transform:capitalize}
.op{border:1px solid #dde;border-radius:6px;margin:.5rem 0;padding:.25rem .75rem}
.op summary{cursor:pointer;padding:.25rem 0}
.method{display:inline-block;min-width:4.5em;font:bold 12px monospace;text-align:center;border-radius:3px;padding:2px 4px;color:#fff;background:#555}
.method.get{background:#1f6feb}.method.post{background:#1a7f37}.method.put,.method.patch{background:#9a6700}.method.delete{background:#cf222e}
.param{margin:.4rem 0}.param label{display:block}.param input,.param select{font:inherit;padding:.2rem;min-width:18rem}
.param small{display:block;color:#555}
button{font:inherit;padding:.3rem 1rem;margin:.4rem 0}
.out{background:#f6f8fa;padding:.5rem;overflow:auto;max-height:30rem;white-space:pre-wrap}
.out:empty{display:none}.status{font-family:monospace}
@media (prefers-color-scheme:dark){body{background:#0d1117;color:#e6edf3}.out{background:#161b22}.op{border-color:#30363d}.param small{color:#9198a1}}
`;

// Bundlers that keep function names (esbuild's keepNames: tsx, wrangler) wrap inner functions
// in `__name(fn, "name")`; the shim makes that a no-op in the browser.
const SCRIPT = `"use strict";var __name=function(f){return f};(${docsClient.toString()})();\n`;

/** Only our own files, no inline code: the document's text cannot become script or style. */
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * Mounts the interactive API docs at `/api/docs`: a small self-contained page (no CDN; it
 * works on closed networks) that reads `/api/v1/openapi.json`, lists every route by tag and
 * lets you try the GET routes in place. Not part of the OpenAPI document itself.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function registerDocs(app: Hono<any, any, any>): void {
  const headers = (type: string) => ({ 'content-type': type, 'content-security-policy': CSP, 'cache-control': 'public, max-age=300' });
  app.get('/api/docs', (c) => c.body(PAGE, 200, headers('text/html; charset=utf-8')));
  app.get('/api/docs/docs.js', (c) => c.body(SCRIPT, 200, headers('text/javascript; charset=utf-8')));
  app.get('/api/docs/docs.css', (c) => c.body(CSS, 200, headers('text/css; charset=utf-8')));
}
