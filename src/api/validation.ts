import type { Hook } from '@hono/zod-openapi';
import { ApiError, fieldProblems } from './errors.ts';

/**
 * The zod-openapi hook every route uses: invalid input becomes one `bad_request` problem
 * listing each bad field, thrown into the single error handler.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const validationHook: Hook<any, any, any, any> = (result) => {
  if (result.success) return;
  const problems = fieldProblems(result.error.issues, result.target);
  const detail = problems.map((p) => `${p.path}: ${p.message}`).join('; ');
  throw new ApiError(400, 'bad_request', detail, problems);
};
