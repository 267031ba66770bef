/**
 * Serves the dashboard's built files (web/dist) from Node. Node only: `createApp` takes the
 * handlers as an optional dependency, so a Workers build never imports this file.
 */
import { serveStatic } from '@hono/node-server/serve-static';
import type { Context, MiddlewareHandler, Next } from 'hono';

/** The dashboard as `createApp` mounts it. */
export interface DashboardAssets {
  /** The single-page app's `index.html`, for `/`, `/p/:provider` and `/manage`. */
  page: MiddlewareHandler;
  /** `/assets/*`: Vite's content-hashed files. */
  assets: MiddlewareHandler;
}

/** Hashed names change with their content, so a year of caching is safe. */
export const ASSET_CACHE = 'public, max-age=31536000, immutable';
/** The page names the hashed files, so it must be revalidated every time. */
export const PAGE_CACHE = 'no-cache';

/**
 * What the page may load: its own scripts, styles and API, nothing inline, nothing from
 * elsewhere. Upstream text is rendered as text, and this is the second line behind that.
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Handlers serving a built dashboard from `root` (an absolute path to `web/dist`).
 *
 * @example
 * const app = createApp({ ...deps, dashboard: dashboardAssets(resolve('web/dist')) });
 */
export function dashboardAssets(root: string): DashboardAssets {
  const page = serveStatic({ root, path: 'index.html' });
  const assets = serveStatic({ root });
  // Headers go on the found file's response itself: a 404 must not be cached for a year.
  return {
    page: async function dashboardPage(c: Context) {
      const res = await page(c, async () => {});
      // Not built (or deleted under a running server): say how to fix it, not a bare 404.
      if (!res) return c.text('The dashboard is not built: run `npm run build:web`, or `npm start`, which builds it.', 503);
      res.headers.set('Cache-Control', PAGE_CACHE);
      res.headers.set('Content-Security-Policy', PAGE_CSP);
      return res;
    },
    assets: async function dashboardAsset(c: Context, next: Next) {
      const res = await assets(c, next);
      // Not found, `res` is whatever `next` gave (the not-found answer already in `c.res`).
      if (res instanceof Response) res.headers.set('Cache-Control', ASSET_CACHE);
      return res;
    },
  };
}
