/**
 * Turns zod issues into plain, friendly problems with a path: the part of error reporting
 * that needs no YAML, so a future write API can reuse it with the same schemas.
 */
import type { z } from 'zod';

/** Where a problem points: at a value (the default) or at a key (an unknown key, a bad key). */
export type ProblemAnchor = 'value' | 'key';

/** One problem found by the schema, before it is given a file and line. */
export interface SchemaProblem {
  path: PropertyKey[];
  message: string;
  anchor: ProblemAnchor;
  /** For a duplicate: the path of the first occurrence, so the loader can name its line. */
  firstPath?: PropertyKey[];
}

/**
 * Error map for `safeParse(data, { error: configErrorMap })`: plain words for zod's generic
 * messages. Messages set on the schemas themselves win over these.
 */
export const configErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${describeExpected(issue.expected)}, got ${describeInput(issue.input)}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `expected ${JSON.stringify(issue.values[0])}`
        : `expected one of ${issue.values.map(String).join(', ')}`;
    case 'too_small':
      return describeBound('at least', issue.origin, issue.minimum, issue.inclusive !== false);
    case 'too_big':
      return describeBound('at most', issue.origin, issue.maximum, issue.inclusive !== false);
    case 'unrecognized_keys':
      return issue.keys.map((key) => `unknown key "${key}"`).join(', ');
    default:
      return undefined;
  }
};

/**
 * Flattens zod issues into problems, reading `data` (the parsed input) to tell a missing key
 * from a wrong value, and diving into union branches so the message names the real fault.
 */
export function toSchemaProblems(issues: readonly z.core.$ZodIssue[], data: unknown): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  for (const issue of issues) collect(issue, [], data, problems);
  return problems;
}

function collect(issue: z.core.$ZodIssue, prefix: PropertyKey[], data: unknown, out: SchemaProblem[]): void {
  const path = [...prefix, ...issue.path];
  switch (issue.code) {
    case 'unrecognized_keys':
      for (const key of issue.keys) out.push({ path: [...path, key], message: `unknown key "${key}"`, anchor: 'key' });
      return;
    case 'invalid_key':
      // The key schema's own message says what a key should look like; zod's says only "invalid".
      out.push({ path, message: issue.issues[0]?.message ?? issue.message, anchor: 'key' });
      return;
    case 'invalid_union': {
      if (issue.discriminator !== undefined && 'options' in issue && issue.options) {
        // zod points a failed discriminator at the discriminator key itself.
        if (valueAt(data, path) === undefined) out.push(missingKey(path));
        else out.push({ path, message: `expected one of ${issue.options.map(String).join(', ')}`, anchor: 'value' });
        return;
      }
      // The branches whose shape matched (their faults lie deeper) say what is really wrong.
      const matched = issue.errors.filter((branch) => branch.length > 0 && !branch.some(isShapeMismatch));
      const [only] = matched;
      if (matched.length === 1 && only) {
        for (const inner of only) collect(inner, path, data, out);
        return;
      }
      out.push({ path, message: issue.message, anchor: 'value' });
      return;
    }
    case 'invalid_type':
      if (path.length > 0 && valueAt(data, path) === undefined && isPlainObject(valueAt(data, path.slice(0, -1)))) {
        out.push(missingKey(path));
        return;
      }
      out.push({ path, message: issue.message, anchor: 'value' });
      return;
    case 'custom': {
      const firstPath = issue.params?.['firstPath'];
      out.push({ path, message: issue.message, anchor: 'value', ...(Array.isArray(firstPath) ? { firstPath } : {}) });
      return;
    }
    default:
      out.push({ path, message: issue.message, anchor: 'value' });
  }
}

/** A missing key is reported on its parent, which is where it would have to be written. */
function missingKey(path: PropertyKey[]): SchemaProblem {
  return { path: path.slice(0, -1), message: `missing required key "${String(path.at(-1))}"`, anchor: 'value' };
}

/** True when a union branch failed because the value is not of that branch's type at all. */
function isShapeMismatch(issue: z.core.$ZodIssue): boolean {
  return issue.path.length === 0 && (issue.code === 'invalid_type' || issue.code === 'invalid_value');
}

/**
 * Writes a path the way a reader finds it in the file: `providers[0].channels[2].hours.mon-fri`.
 * The root is an empty string.
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z0-9_-]+$/.test(String(segment))) text += `${text === '' ? '' : '.'}${String(segment)}`;
    else text += `[${JSON.stringify(String(segment))}]`;
  }
  return text;
}

/** The value at `path` in plain parsed data, or `undefined` when the path does not exist. */
export function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current = data;
  for (const segment of path) {
    if (Array.isArray(current) && typeof segment === 'number') current = current[segment];
    else if (isPlainObject(current) && Object.hasOwn(current, segment)) current = current[String(segment)];
    else return undefined;
  }
  return current;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeExpected(expected: string): string {
  const words: Record<string, string> = {
    object: 'a mapping',
    array: 'a list',
    string: 'text',
    number: 'a number',
    int: 'a whole number',
    boolean: 'true or false',
    record: 'a mapping',
  };
  return words[expected] ?? expected;
}

function describeInput(input: unknown): string {
  if (input === null || input === undefined) return 'an empty value';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'a mapping';
  if (typeof input === 'string') return `text ${JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input)}`;
  return `${typeof input === 'boolean' ? 'the boolean' : 'the number'} ${String(input)}`;
}

function describeBound(word: string, origin: string, bound: number | bigint, inclusive: boolean): string {
  const n = Number(bound);
  if (origin === 'array' || origin === 'set') return `expected ${word} ${n} item${n === 1 ? '' : 's'}`;
  if (origin === 'string') return n === 1 && word === 'at least' ? 'must not be empty' : `must be ${word} ${n} characters`;
  if (inclusive) return `must be ${word} ${n}`;
  return `must be ${word === 'at least' ? 'greater' : 'less'} than ${n}`;
}
