import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA_ID, renderConfigJsonSchema } from '../../src/config/json-schema.ts';
import { CHANNEL_KINDS } from '../../src/domain/vocabulary.ts';

const committedPath = fileURLToPath(new URL('../../supportwatch.schema.json', import.meta.url));

describe('supportwatch.schema.json', () => {
  it('equals a fresh generation (run `npx tsx src/config/write-json-schema.ts` after a schema change)', () => {
    expect(readFileSync(committedPath, 'utf8')).toBe(renderConfigJsonSchema());
  });

  it('describes the input an editor sees: snake_case keys, defaults as written, strict objects', () => {
    const schema = JSON.parse(renderConfigJsonSchema());
    expect(schema.$id).toBe(CONFIG_SCHEMA_ID);
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.title).toBe('supportwatch configuration');
    expect(schema.additionalProperties).toBe(false);
    const channel = schema.properties.providers.items.properties.channels.items;
    expect(channel.properties.kind.enum).toEqual([...CHANNEL_KINDS]);
    const probe = channel.properties.probes.items.oneOf[0];
    expect(probe.properties.interval).toMatchObject({ type: 'string', default: '60s' });
    expect(probe.properties.failure_threshold).toMatchObject({ type: 'integer', default: 2, minimum: 1, maximum: 10 });
    expect(probe.required).toEqual(['type', 'url']);
    expect(probe.additionalProperties).toBe(false);
  });
});
