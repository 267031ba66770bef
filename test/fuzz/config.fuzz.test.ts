/**
 * The config loader under random input: random YAML documents, random mutations of the good
 * configs (test/config/good), and a few large or adversarial texts. Whatever the text, the
 * loader returns a catalog or throws one ConfigError whose every problem names the file, a path
 * and a line inside the text (null only for a problem with no place); never another exception.
 * The same text always gives the same answer; and whatever loads survives the export
 * (GET /api/v1/export.yaml): export → load gives the same catalog, and the same bytes again.
 * Fixed seeds: a failure reproduces.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { exportCatalogYaml } from '../../src/catalog-admin/export-yaml.ts';
import { ConfigError, parseConfig } from '../../src/config/index.ts';

const GOOD_DIR = join(import.meta.dirname, '../config/good');
const GOOD = readdirSync(GOOD_DIR)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => readFileSync(join(GOOD_DIR, f), 'utf8'));
const FILE = 'fuzz.yaml';

/** What loading gave, as plain data: the catalog, or the problems. */
function outcome(text: string): { ok: true; catalog: string } | { ok: false; problems: ConfigError['problems'] } {
  try {
    return { ok: true, catalog: JSON.stringify(parseConfig(text, FILE)) };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw new Error(`not a ConfigError: ${String(err)}`, { cause: err });
    return { ok: false, problems: err.problems };
  }
}

/** Loads `text` and checks the loader's promises; returns the outcome for further checks. */
function load(text: string): ReturnType<typeof outcome> {
  const result = outcome(text);
  if (!result.ok) {
    const lines = text.split(/\r\n|\r|\n/).length;
    expect(result.problems.length).toBeGreaterThan(0);
    for (const p of result.problems) {
      expect(p.file).toBe(FILE);
      expect(typeof p.path).toBe('string');
      expect(typeof p.message).toBe('string');
      expect(p.message.length).toBeGreaterThan(0);
      if (p.line !== null) {
        expect(Number.isInteger(p.line)).toBe(true);
        expect(p.line).toBeGreaterThanOrEqual(1);
        expect(p.line).toBeLessThanOrEqual(lines + 1);
      }
    }
  }
  return result;
}

/** Loading twice gives the same answer; what loads round-trips through the export. */
function loadTwice(text: string): void {
  const result = load(text);
  expect(result).toEqual(outcome(text));
  if (result.ok) roundTrip(text, result.catalog);
}

/** export → load gives the same catalog (as plain data), and exporting that gives the same text. */
function roundTrip(text: string, catalogJson: string): void {
  const exported = exportCatalogYaml(parseConfig(text, FILE));
  const again = parseConfig(exported, 'export.yaml');
  expect(JSON.stringify(again)).toBe(catalogJson);
  expect(exportCatalogYaml(again)).toBe(exported);
}

/** Small edits a person (or a bad merge) makes: drop, repeat or swap a line, insert or delete characters. */
const mutation = fc.oneof(
  fc.record({ op: fc.constant('drop-line' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('repeat-line' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('swap-lines' as const), at: fc.nat(), to: fc.nat() }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(':', '- ', '  ', '\t', '{', '}', '[', ']', '&a ', '*a', '<<: *a', '!!binary ', '"', "'", '#', '\n', '~', '? ', '|', '>', 'null', '-1', '1e309', '0x', '%', '@', '`', '\u0000', '\uFEFF', '停', '…') }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(text: string, m: Mutation): string {
  const lines = text.split('\n');
  const line = (n: number) => n % lines.length;
  switch (m.op) {
    case 'drop-line':
      lines.splice(line(m.at), 1);
      return lines.join('\n');
    case 'repeat-line':
      lines.splice(line(m.at), 0, lines[line(m.at)]!);
      return lines.join('\n');
    case 'swap-lines': {
      const [a, b] = [line(m.at), line(m.to)];
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      return lines.join('\n');
    }
    case 'insert': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'delete': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + text.slice(at + m.length);
    }
    case 'truncate':
      return text.slice(0, m.at % (text.length + 1));
  }
}

describe('parseConfig never throws anything but a ConfigError', () => {
  it('on random mutations of the good configs', () => {
    fc.assert(
      fc.property(fc.nat({ max: GOOD.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (which, edits) => {
        loadTwice(edits.reduce(mutate, GOOD[which]!));
      }),
      { seed: 20261123, numRuns: 300 },
    );
  });

  it('on random YAML documents', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
        loadTwice(stringify(value));
        loadTwice(stringify({ providers: value }));
        loadTwice(stringify({ providers: [{ id: 'p', name: 'P', timezone: 'UTC', channels: value }] }));
      }),
      { seed: 11, numRuns: 150 },
    );
  });

  it('round-trips names, contacts, keywords and probe texts that YAML reads specially', () => {
    const tricky = fc.oneof(
      fc.constantFrom('yes', 'No', 'null', '~', '0x10', '0o7', '1e3', '.inf', '- a', ': b', 'a: b', '#c', 'a #c', '"', "'", ' lead', 'trail ', 'a\nb', '@x', '*a', '&a', '!tag', '%', '`', '{', '}', '[', ']', '|', '>', '---', '...', '\t', '停 服', '\u2028', '<<', '2026-11-23', '12:30', '+86 400 000 0000'),
      fc.string({ minLength: 1, maxLength: 20 }),
    );
    fc.assert(
      fc.property(tricky, tricky, tricky, fc.array(tricky, { maxLength: 3 }), tricky, (providerName, channelName, contact, keywords, secret) => {
        const config = {
          providers: [
            {
              id: 'p1',
              name: providerName,
              timezone: 'Asia/Shanghai',
              channels: [
                { id: 'c1', kind: 'hotline', name: channelName, contact, keywords, probes: [{ type: 'http', url: 'https://help.example.com/a?b=c', headers: { 'x-token': secret }, expect: { contains: secret } }] },
                { id: 'c2', kind: 'announcements', name: 'News', probes: [{ type: 'feed', format: 'html', url: 'https://help.example.com/n', selectors: { item: 'ul li', title: 'a', link: 'a@href' } }] },
              ],
            },
          ],
        };
        loadTwice(stringify(config));
      }),
      { seed: 13, numRuns: 200 },
    );
  });

  it('on random text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => loadTwice(text)),
      { seed: 12, numRuns: 300 },
    );
  });

  it.each<[string, () => string]>([
    ['an alias bomb', () => `a: &a ["x","x","x","x","x","x","x","x","x"]\n${Array.from({ length: 12 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`).join('\n')}\nproviders: []\n`],
    ['1 MB of nested flow sequences', () => `providers: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`],
    ['1 MB of one scalar', () => `providers:\n  - id: ${'a'.repeat(1_000_000)}\n`],
    ['1 MB of comments', () => `${'# comment\n'.repeat(100_000)}providers: []\n`],
    ['1 MB of keys', () => `providers: []\n${Array.from({ length: 60_000 }, (_, i) => `k${i}: v`).join('\n')}\n`],
    ['a deep block mapping', () => Array.from({ length: 2_000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')],
    ['4,000 channels in one provider', () => `providers:\n  - id: p\n    name: P\n    timezone: UTC\n    channels:\n${Array.from({ length: 4_000 }, (_, i) => `      - { id: c-${i}, kind: help_center, name: C, probes: [{ type: http, url: "https://c${i}.example/" }] }`).join('\n')}\n`],
  ])('on %s', (_name, make) => {
    loadTwice(make());
  });
});
