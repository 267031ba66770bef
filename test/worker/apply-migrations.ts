/** Applies the drizzle-kit migrations (the same folder Node applies) to the test D1 database. */
import { applyD1Migrations, env } from 'cloudflare:test';

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
