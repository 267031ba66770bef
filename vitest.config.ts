import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vitest/config';
import { ensureDashboard } from './src/web/build.ts';

/** The Worker bundles `supportwatch.yaml` as text (wrangler's Text rule); Vite needs the same. */
const yamlAsText: Plugin = {
  name: 'yaml-as-text',
  transform(code, id) {
    return id.endsWith('.yaml') ? { code: `export default ${JSON.stringify(code)};`, map: null } : undefined;
  },
};

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
          exclude: ['test/worker/**', '**/node_modules/**'],
          // Probe and end-to-end tests run real servers on 127.0.0.1; give them room on a 2-core machine.
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        // The Workers build in workerd: the store contract on D1 and the Worker end to end.
        plugins: [
          yamlAsText,
          cloudflareTest(async () => ({
            // wrangler.toml serves web/dist as the Worker's assets: build it first on a clean clone.
            ...(await ensureDashboard().then(() => ({}))),
            main: './src/worker.ts',
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                TEST_MIGRATIONS: await readD1Migrations(fileURLToPath(new URL('./db/migrations', import.meta.url))),
                SUPPORTWATCH_ADMIN_KEY: 'test-admin-key-0123456789',
              },
            },
          })),
        ],
        // As wrangler.toml's [alias]: Node's HTTP client has no place in workerd.
        resolve: { alias: { undici: fileURLToPath(new URL('./src/worker/undici-stub.ts', import.meta.url)) } },
        test: {
          name: 'workers',
          include: ['test/worker/**/*.test.ts'],
          globalSetup: ['./test/worker/global-setup.ts'],
          setupFiles: ['./test/worker/apply-migrations.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
