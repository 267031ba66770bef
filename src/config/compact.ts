import type { Catalog, Channel, ProbeSpec, Provider } from '../domain/catalog.ts';

/**
 * Makes a parsed catalog small enough to keep for the whole run at 100,000 channels. The
 * YAML library hands out each scalar as a slice of the file's text, so one id kept alive
 * keeps the whole text (~300 bytes a channel); ids, URLs and keys built by concatenation
 * are ropes of several string objects. Every string of a provider, channel and probe is
 * made flat and internalized, which also makes equal ones one string (every `kind`,
 * `method`, `type`, time zone and locale). Objects keep their fields and values: the
 * result is equal to the input (`JSON.stringify` says so), only cheaper. Mutates and
 * returns `catalog`; run `internCatalog` after it to share equal parts.
 *
 * @example
 * const catalog = internCatalog(compactCatalog(configSchema.parse(data)));
 */
export function compactCatalog(catalog: Catalog): Catalog {
  for (const provider of catalog.providers) {
    flattenStrings(provider);
    for (const channel of provider.channels) {
      flattenStrings(channel);
      if (channel.keywords) channel.keywords = channel.keywords.map(flat);
      channel.languages = channel.languages.map(flat);
      for (const spec of channel.probes) flattenStrings(spec);
    }
  }
  return catalog;
}

/** The string fields of one entry, flat and internalized (nested objects are left to `internCatalog`). */
function flattenStrings(entry: Provider | Channel | ProbeSpec): void {
  const fields = entry as unknown as Record<string, unknown>;
  for (const name of Object.keys(fields)) {
    const value = fields[name];
    if (typeof value === 'string') fields[name] = flat(value);
  }
}

/**
 * A flat, internalized copy of `text`. A property name is always internalized (one string
 * per value in the engine's string table, which lets go of it once nothing refers to it), and
 * internalizing copies a slice or a rope into one flat string.
 */
function flat(text: string): string {
  for (const name in { [text]: 0 }) return name;
  return text;
}
