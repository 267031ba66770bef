/**
 * The `cloudflare:test` surface the Workers tests use, typed by hand (see
 * src/worker/cloudflare-modules.d.ts for why not `@cloudflare/vitest-pool-workers/types`).
 */
declare module 'cloudflare:test' {
  import type { D1Binding } from '../../src/store/d1.ts';
  export interface D1Migration {
    name: string;
    queries: string[];
  }
  export const env: {
    DB: D1Binding;
    TEST_MIGRATIONS: D1Migration[];
    SUPPORTWATCH_ADMIN_KEY: string;
    [key: string]: unknown;
  };
  export const SELF: { fetch(input: string | Request, init?: RequestInit): Promise<Response> };
  export function applyD1Migrations(db: D1Binding, migrations: D1Migration[], table?: string): Promise<void>;
  export function createScheduledController(options?: { scheduledTime?: number | Date; cron?: string }): { scheduledTime: number; cron: string; noRetry(): void };
  export function createExecutionContext(): { waitUntil(promise: Promise<unknown>): void; passThroughOnException(): void };
  export function waitOnExecutionContext(ctx: unknown): Promise<void>;
}
