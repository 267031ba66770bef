/**
 * Writes `supportwatch.schema.json` at the repository root from the zod schema.
 * Run after changing `src/config/schema.ts`: `npx tsx src/config/write-json-schema.ts`
 * (a test fails while the committed file is out of date).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderConfigJsonSchema } from './json-schema.ts';

const target = fileURLToPath(new URL('../../supportwatch.schema.json', import.meta.url));
writeFileSync(target, renderConfigJsonSchema());
console.log(`wrote ${target}`);
