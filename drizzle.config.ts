import { defineConfig } from 'drizzle-kit';

/** Migrations come only from `npm run db:generate`; an applied migration is never edited. */
export default defineConfig({
  dialect: 'sqlite',
  schema: './db/schema.ts',
  out: './db/migrations',
});
