/**
 * Builds the dashboard (index.html + src/) into web/dist, which the Hono app serves at `/`,
 * `/p/:provider`, `/manage` and `/assets/*`. `npm run dev:web` serves it with the API proxied to
 * a running `npm start`.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  publicDir: false,
  appType: 'spa',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Inline assets would need `data:` beyond images under the page's CSP; keep files.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8787' },
  },
});
