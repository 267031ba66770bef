/**
 * Finds the line of a path (`providers[0].channels[2].url`) in a parsed YAML document, so
 * every problem can say where to look.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair, type YAMLMap } from 'yaml';
import type { ProblemAnchor } from './issues.ts';

/** Maps a path to a 1-based line, or `null` when the document has no content at all. */
export type LineLocator = (path: readonly PropertyKey[], anchor?: ProblemAnchor) => number | null;

/**
 * Builds a locator for `doc`. A path that exists gives its value's line (for a key whose value
 * is a block on the following lines, the key's line); with `anchor: 'key'` the key's own line.
 * A path that does not exist gives the line of the deepest part that does.
 *
 * @example createLineLocator(doc, lineCounter)(['providers', 0, 'timezone']) // 5
 */
export function createLineLocator(doc: Document, lineCounter: LineCounter): LineLocator {
  const lineOf = (node: Node | null | undefined): number | null => {
    const offset = node?.range?.[0];
    return offset === undefined ? null : lineCounter.linePos(offset).line;
  };

  // Each mapping's pairs by key, built on first use: a file with thousands of problems in one
  // mapping would otherwise scan that mapping once per problem.
  const pairsByKey = new WeakMap<YAMLMap, Map<string, Pair>>();
  const pairOf = (map: YAMLMap, segment: PropertyKey): Pair | undefined => {
    let index = pairsByKey.get(map);
    if (index === undefined) {
      index = new Map();
      for (const item of map.items) {
        // The first of equal keys wins, as `find` would give it.
        if (isScalar(item.key) && !index.has(String(item.key.value))) index.set(String(item.key.value), item as Pair);
      }
      pairsByKey.set(map, index);
    }
    return index.get(String(segment));
  };

  return (path, anchor = 'value') => {
    let node = resolve(doc, doc.contents);
    let line = lineOf(node) ?? (doc.contents === null ? 1 : null);
    for (const [i, segment] of path.entries()) {
      const isLast = i === path.length - 1;
      if (isMap(node)) {
        const pair = pairOf(node as YAMLMap, segment);
        if (!pair) return line;
        const keyLine = lineOf(pair.key as Node);
        if (isLast && anchor === 'key') return keyLine ?? line;
        node = resolve(doc, pair.value as Node | null);
        // A collection value starts on the next line; the reader looks for its key.
        line = (isScalar(node) ? lineOf(node) : null) ?? keyLine ?? line;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment] as Node | undefined;
        if (item === undefined) return line;
        node = resolve(doc, item);
        line = lineOf(item) ?? line;
      } else {
        return line;
      }
    }
    return line;
  };
}

function resolve(doc: Document, node: Node | null | undefined): Node | null {
  if (isAlias(node)) return (node.resolve(doc) as Node | undefined) ?? null;
  return node ?? null;
}
