/**
 * The JSON Schema of `supportwatch.yaml`, generated from the zod schema so that editors
 * (yaml-language-server, VS Code) complete and check the file with the same rules as the loader.
 */
import { z } from 'zod';
import { configSchema } from './schema.ts';

/** Identifies the schema; a URN because the project publishes no schema URL. */
export const CONFIG_SCHEMA_ID = 'urn:supportwatch:config';

/**
 * Renders the JSON Schema text committed as `supportwatch.schema.json`. Draft 7, because that
 * is the draft every YAML editor plugin understands. Refinements (durations in range, unique
 * ids, …) cannot be expressed there; the loader still checks them.
 *
 * @example writeFileSync('supportwatch.schema.json', renderConfigJsonSchema())
 */
export function renderConfigJsonSchema(): string {
  const generated = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-7' });
  const { $schema, ...rest } = generated;
  const document = {
    $schema,
    $id: CONFIG_SCHEMA_ID,
    title: 'supportwatch configuration',
    description:
      'supportwatch.yaml: the providers whose customer-support channels are watched, their service hours and probes.',
    ...rest,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
