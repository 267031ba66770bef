/** The write API's refusals, as the problems the API answers with. */
import { ApiError, type FieldProblem } from '../api/errors.ts';
import type { DefinitionProblem } from './definitions.ts';

/** The 409 for a change to an entry of the config file: it names the file as the place to change it. */
export function fromConfig(kind: 'provider' | 'channel', id: string): ApiError {
  return new ApiError(
    409,
    'conflict',
    `The ${kind} "${id}" comes from the config file (source: config), and the API does not change config entries: edit the config file (e.g. supportwatch.yaml) and restart.`,
  );
}

/** The parsed value, or the `bad_request` listing its problems. */
export function valid<T>(parsed: { ok: true; value: T } | { ok: false; problems: DefinitionProblem[] }): T {
  if (parsed.ok) return parsed.value;
  throw invalid(parsed.problems);
}

/** Problems of a body as one `bad_request`, each path under `json` like the other routes' body errors. */
export function invalid(problems: readonly DefinitionProblem[]): ApiError {
  const fields: FieldProblem[] = problems.map((p) => ({ path: p.path === '' ? 'json' : p.path.startsWith('[') ? `json${p.path}` : `json.${p.path}`, message: p.message }));
  return new ApiError(400, 'bad_request', fields.map((f) => `${f.path}: ${f.message}`).join('; '), fields);
}
