import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compactCatalog } from '../../src/config/compact.ts';
import { parseConfig } from '../../src/config/index.ts';
import { makeCatalog, makeChannel, makeProbe, makeProvider } from '../support/catalog.ts';

const file = (path: string) => readFileSync(fileURLToPath(new URL(path, import.meta.url)), 'utf8');

describe('compactCatalog', () => {
  it.each([
    ['the shipped config', '../../supportwatch.yaml'],
    ['every channel and probe kind', './good/every-kind.yaml'],
  ])('leaves %s equal to what the schema gave', (_, path) => {
    const catalog = parseConfig(file(path), 'config.yaml');
    const before = JSON.stringify(catalog);
    expect(JSON.stringify(compactCatalog(catalog))).toBe(before);
  });

  it.each([
    ['an empty string', ''],
    ['digits, which are array indexes as property names', '95017'],
    ['__proto__', '__proto__'],
    ['a rope', ['http://127.0.0.1:1/', 'x'.repeat(40), '?q=1'].join('')],
    ['a slice', 'prefix-acme-hotline-suffix'.slice(7, 19)],
    ['non-ASCII', '客服热线 hotline'],
  ])('keeps %s as it is', (_, text) => {
    const channel = makeChannel('acme-a', { name: text, contact: text, keywords: [text], languages: [text], probes: [makeProbe('acme-a', { url: `http://127.0.0.1:1/${text}` })] });
    const catalog = compactCatalog(makeCatalog([makeProvider('acme', [channel])]));
    const compacted = catalog.providers[0]!.channels[0]!;
    expect(compacted.name).toBe(text);
    expect(compacted.contact).toBe(text);
    expect(compacted.keywords).toEqual([text]);
    expect(compacted.languages).toEqual([text]);
    expect(compacted.probes[0]).toMatchObject({ url: `http://127.0.0.1:1/${text}` });
  });

  it('keeps a channel without keywords without them', () => {
    const catalog = compactCatalog(makeCatalog([makeProvider('acme', [makeChannel('acme-a')])]));
    expect(catalog.providers[0]!.channels[0]!.keywords).toBeUndefined();
  });
});
