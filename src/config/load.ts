/**
 * Reads `supportwatch.yaml` into a `Catalog`, or throws one `ConfigError` that lists every
 * problem as `file:line path: message`. YAML faults stop before validation (there is no
 * reliable data to validate); schema faults are all reported together.
 */
import { internCatalog } from '../domain/intern-catalog.ts';
import { compactCatalog } from './compact.ts';
import { readFileSync } from 'node:fs';
import { LineCounter, isScalar, parseDocument, visit, type Document, type YAMLError } from 'yaml';
import type { Catalog } from '../domain/catalog.ts';
import { ConfigError, type ConfigProblem } from './errors.ts';
import { configErrorMap, formatPath, toSchemaProblems } from './issues.ts';
import { EXTENSION_KEY_PATTERN, configSchema } from './schema.ts';
import { createLineLocator } from './yaml-lines.ts';

/**
 * Parses and validates config text. `file` is only used to name the file in problems.
 *
 * @example parseConfig(readFileSync('supportwatch.yaml', 'utf8'), 'supportwatch.yaml')
 * @throws ConfigError when the text is not valid YAML or not a valid config.
 */
export function parseConfig(text: string, file: string): Catalog {
  try {
    return parseConfigText(text, file);
  } catch (error) {
    // Where the stack runs out depends on how deep the caller already was: one answer instead.
    if (!isStackOverflow(error)) throw error;
    throw tooDeep(file);
  }
}

function parseConfigText(text: string, file: string): Catalog {
  const lineCounter = new LineCounter();
  // `<<` merge keys let several channels share one hours block; YAML 1.2 leaves them out by default.
  // Duplicate keys are found by `duplicateKeys` below: the library's own check compares every
  // pair of keys in a mapping, minutes of CPU for a mapping of 60,000 keys.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false, merge: true });
  const duplicates = duplicateKeys(doc, file, lineCounter);
  if (doc.errors.some(isStackOverflow)) throw tooDeep(file);
  if (doc.errors.length > 0 || duplicates.length > 0) {
    // One slip often trips several parser rules on the same line; the first says it best.
    const problems = [...doc.errors.map((error) => yamlProblem(error, text, file, lineCounter)), ...duplicates];
    const lines = new Set<number | null>();
    throw new ConfigError(sortByLine(problems.filter((p) => !lines.has(p.line) && lines.add(p.line))));
  }

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // Only aliases make toJS throw (an undefined anchor, or an alias bomb).
    let line: number | null = null;
    visit(doc, {
      Alias(_, alias) {
        if (alias.resolve(doc) === undefined && alias.range) {
          line = lineCounter.linePos(alias.range[0]).line;
          return visit.BREAK;
        }
        return undefined;
      },
    });
    throw new ConfigError([{ file, line, path: '', message: `YAML: ${(error as Error).message}` }]);
  }
  if (data === null || data === undefined) {
    throw new ConfigError([{ file, line: 1, path: '', message: 'the file is empty; expected a mapping with a providers list' }]);
  }

  const result = configSchema.safeParse(withoutExtensionKeys(data), { error: configErrorMap });
  if (result.success) return internCatalog(compactCatalog(result.data));

  const locate = createLineLocator(doc, lineCounter);
  const problems = toSchemaProblems(result.error.issues, data).map((problem): ConfigProblem => {
    const firstLine = problem.firstPath ? locate(problem.firstPath) : null;
    return {
      file,
      line: locate(problem.path, problem.anchor),
      path: formatPath(problem.path),
      message: firstLine === null ? problem.message : `${problem.message} (first at line ${firstLine})`,
    };
  });
  throw new ConfigError(sortByLine(problems));
}

/**
 * Reads and parses a config file.
 *
 * @example const catalog = loadConfigFile('supportwatch.yaml');
 * @throws ConfigError when the file cannot be read or is invalid; the problem names the path.
 */
export function loadConfigFile(path: string): Catalog {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = READ_ERRORS[code ?? ''] ?? (error as Error).message;
    throw new ConfigError([{ file: path, line: null, path: '', message: `cannot read the config file (${reason})` }]);
  }
  return parseConfig(text, path);
}

const READ_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'it is a directory',
};

function yamlProblem(error: YAMLError, text: string, file: string, lineCounter: LineCounter): ConfigProblem {
  const line = lineCounter.linePos(error.pos[0]).line;
  let message = error.message.split('\n')[0] ?? error.message;
  if (error.code === 'DUPLICATE_KEY') {
    const key = /^\s*("[^"]*"|'[^']*'|[^:#]+?)\s*:/.exec(text.slice(error.pos[0]))?.[1];
    if (key !== undefined) message = `duplicate key ${key.startsWith('"') ? key : JSON.stringify(key.replace(/^'|'$/g, ''))}`;
  } else if (error.code === 'MULTIPLE_DOCS') {
    message = 'a second document starts here (---); the config is one document';
  }
  return { file, line, path: '', message: `YAML: ${message}` };
}

/** The YAML library records a stack overflow as an error of the document; JS throws a RangeError. */
function isStackOverflow(error: unknown): boolean {
  return error instanceof Error && /Maximum call stack size exceeded/.test(error.message);
}

function tooDeep(file: string): ConfigError {
  return new ConfigError([{ file, line: null, path: '', message: 'YAML: the document nests too deeply to read' }]);
}

/**
 * `YAML: duplicate key "kind"` at each key that repeats one before it in the same mapping, in one
 * pass with a set per mapping. Keys compare by type and value, as the YAML library compares
 * them; merge keys (`<<`) may repeat.
 */
function duplicateKeys(doc: Document, file: string, lineCounter: LineCounter): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        if (!isScalar(pair.key) || pair.key.value === '<<') continue;
        const id = `${typeof pair.key.value}:${String(pair.key.value)}`;
        if (!seen.has(id)) {
          seen.add(id);
          continue;
        }
        const line = pair.key.range ? lineCounter.linePos(pair.key.range[0]).line : null;
        problems.push({ file, line, path: '', message: `YAML: duplicate key ${JSON.stringify(String(pair.key.value))}` });
      }
    },
  });
  return problems;
}

/** Drops top-level `x-…` keys: they only hold anchors that the rest of the file refers to. */
function withoutExtensionKeys(data: unknown): unknown {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return data;
  return Object.fromEntries(Object.entries(data).filter(([key]) => !EXTENSION_KEY_PATTERN.test(key)));
}

function sortByLine(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems
    .filter((problem) => {
      const id = `${problem.line}\u0000${problem.path}\u0000${problem.message}`;
      return seen.has(id) ? false : (seen.add(id), true);
    })
    .sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
}
