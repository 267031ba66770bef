/**
 * Builds the dashboard (web/) with Vite when its output is missing or older than its source,
 * so `npm ci && npm start` on a fresh clone serves it. Vite is a dev dependency: it is
 * imported only when a build is needed, so a deployment with a prebuilt web/dist never loads it.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The dashboard's source folder (holds index.html, vite.config.ts and src/). */
export const WEB_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../web');

/** Where `npm run build:web` and `npm start` put the built dashboard. */
export const WEB_DIST = join(WEB_ROOT, 'dist');

/** Newest modification time (ms) of a file or of any file under a folder; 0 when absent. */
function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/**
 * Is the built dashboard missing, or older than any of its sources (web/src, index.html,
 * vite.config.ts)?
 *
 * @example if (dashboardIsStale()) await buildDashboard();
 */
export function dashboardIsStale(webRoot = WEB_ROOT, outDir = join(webRoot, 'dist')): boolean {
  const built = join(outDir, 'index.html');
  if (!existsSync(built)) return true;
  const sources = ['src', 'index.html', 'vite.config.ts'].map((p) => newestMtime(join(webRoot, p)));
  return Math.max(...sources) > statSync(built).mtimeMs;
}

/**
 * Builds the dashboard into `outDir` (default web/dist) with web/vite.config.ts; returns `outDir`.
 * Tests build into a temporary folder so they never race a developer's web/dist.
 */
export async function buildDashboard(options: { outDir?: string; quiet?: boolean } = {}): Promise<string> {
  const outDir = options.outDir ?? WEB_DIST;
  const { build } = await import('vite');
  await build({
    configFile: join(WEB_ROOT, 'vite.config.ts'),
    logLevel: options.quiet ? 'error' : 'warn',
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}

/**
 * The built dashboard's folder, building it first when it is missing or stale.
 *
 * @example const root = await ensureDashboard((msg) => log.info(msg));
 */
export async function ensureDashboard(note: (message: string) => void = () => {}): Promise<string> {
  if (!dashboardIsStale()) return WEB_DIST;
  note('building the dashboard (web/ → web/dist)');
  return buildDashboard();
}
