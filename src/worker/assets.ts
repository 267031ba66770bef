/**
 * The dashboard on Workers: the built files (`web/dist`) are the Worker's static assets, and
 * the app serves them through the `ASSETS` binding with the same headers as Node (a year of
 * caching for hashed files, `no-cache` and the CSP for the page).
 */
import type { Context, Next } from 'hono';
import { ASSET_CACHE, PAGE_CACHE, PAGE_CSP, type DashboardAssets } from '../web/assets.ts';

/** The part of the Workers assets binding used here. */
export interface AssetsBinding {
  fetch(request: Request | string): Promise<Response>;
}

/** Handlers serving the dashboard from the assets binding. */
export function workerDashboard(assets: AssetsBinding): DashboardAssets {
  return {
    page: async function dashboardPage(c: Context) {
      const res = await assets.fetch(new URL('/index.html', c.req.url).href);
      if (!res.ok) return c.text('The dashboard is not built: run `npm run build:web` before `wrangler deploy`.', 503);
      const page = new Response(res.body, res);
      page.headers.set('Cache-Control', PAGE_CACHE);
      page.headers.set('Content-Security-Policy', PAGE_CSP);
      return page;
    },
    assets: async function dashboardAsset(c: Context, next: Next) {
      const res = await assets.fetch(c.req.raw);
      if (res.status === 404) return next();
      const file = new Response(res.body, res);
      file.headers.set('Cache-Control', ASSET_CACHE);
      return file;
    },
  };
}
