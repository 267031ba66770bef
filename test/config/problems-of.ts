import type { z } from 'zod';
import { configErrorMap, formatPath, toSchemaProblems } from '../../src/config/issues.ts';

/** What the loader would report for `input`, as [path, message] pairs (no file, no line). */
export function problemsOf(schema: z.ZodType, input: unknown): Array<[string, string]> {
  const result = schema.safeParse(input, { error: configErrorMap });
  if (result.success) throw new Error('expected the input to be refused');
  return toSchemaProblems(result.error.issues, input).map((problem) => [formatPath(problem.path), problem.message]);
}
