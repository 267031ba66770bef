/**
 * `PUT /api/v1/admin/config` (Workers only): replaces the deployment's config with the YAML in
 * the body, validated by the same `parseConfig` as Node's start-up. An invalid file is a 400
 * naming every problem (`supportwatch.yaml:14 providers[0]…: …`) and changes nothing; a valid
 * one is stored in D1 and synced into the catalog at once. A Worker has no file to edit, so
 * this is how a deployment changes its providers without a redeploy.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { ApiError } from '../api/errors.ts';
import { authProblemResponses, bearerSecurity, requireScope } from '../api/middleware/require-scope/index.ts';
import { ConfigError, parseConfig } from '../config/index.ts';
import type { Database } from '../store/database.ts';
import { CONFIG_FILE_NAME, storeConfigText, syncConfigIfChanged } from './config.ts';

/** The largest config accepted (the app's body limit applies first). */
const MAX_CONFIG_BYTES = 60 * 1024;

export interface AdminConfigDeps {
  database: Database;
  adminKey?: string | undefined;
  now: () => number;
  /** Told after a new config was synced (the Worker forgets what it derived from the old one). */
  onChange?: () => void;
}

const AppliedSchema = z
  .object({ applied: z.boolean(), providers: z.number().int(), channels: z.number().int(), probes: z.number().int() })
  .openapi('ConfigApplied');

/** Mounts the route on `app`. */
export function registerAdminConfig(app: OpenAPIHono, deps: AdminConfigDeps): void {
  const route = createRoute({
    method: 'put',
    path: '/api/v1/admin/config',
    tags: ['admin'],
    summary: 'Replace the Worker deployment config (the same YAML as supportwatch.yaml)',
    security: bearerSecurity,
    middleware: [requireScope('admin', deps)] as const,
    responses: {
      200: { description: 'Stored and synced into the catalog.', content: { 'application/json': { schema: AppliedSchema } } },
      ...authProblemResponses,
    },
  });
  app.openapi(route, async (c) => {
    const text = await c.req.text();
    if (text.length > MAX_CONFIG_BYTES) throw new ApiError(413, 'payload_too_large', `The config is limited to ${MAX_CONFIG_BYTES} bytes`);
    let catalog;
    try {
      catalog = parseConfig(text, CONFIG_FILE_NAME);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      const errors = err.problems.map((p) => ({ path: `${p.file}${p.line === null ? '' : `:${p.line}`} ${p.path}`.trim(), message: p.message }));
      throw new ApiError(400, 'bad_request', 'The config is invalid', errors);
    }
    await storeConfigText(deps.database, text);
    await syncConfigIfChanged(deps.database, text, deps.now());
    deps.onChange?.();
    const channels = catalog.providers.flatMap((p) => p.channels);
    return c.json({ applied: true, providers: catalog.providers.length, channels: channels.length, probes: channels.reduce((n, ch) => n + ch.probes.length, 0) }, 200);
  });
}
