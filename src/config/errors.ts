/** The one error the config loader throws, listing every problem with its file and line. */

/** One thing wrong with a config file. `path` is `''` for the file as a whole. */
export interface ConfigProblem {
  file: string;
  /** 1-based; `null` when the problem has no place in the file (e.g. it cannot be read). */
  line: number | null;
  /** Where in the config, e.g. `providers[0].channels[2].probes[0].url`. */
  path: string;
  message: string;
}

/**
 * Thrown for a config file that cannot be read or is invalid. `message` holds one line per
 * problem, ready to print at start-up:
 * `supportwatch.yaml:14 providers[0].channels[2].probes[0].url: expected an http(s) URL`.
 */
export class ConfigError extends Error {
  readonly problems: ConfigProblem[];

  constructor(problems: ConfigProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/**
 * Writes a problem as one line: `file:line path: message`.
 *
 * @example formatProblem({ file: 'a.yaml', line: 3, path: 'providers', message: 'expected a list' })
 * // 'a.yaml:3 providers: expected a list'
 */
export function formatProblem(problem: ConfigProblem): string {
  const place = problem.line === null ? `${problem.file}:` : `${problem.file}:${problem.line}`;
  return `${place} ${problem.path === '' ? '' : `${problem.path}: `}${problem.message}`;
}
