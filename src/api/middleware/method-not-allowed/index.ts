import type { Hono, MiddlewareHandler } from 'hono';
import { methodNotAllowed } from 'hono/method-not-allowed';
import { ApiError } from '../../errors.ts';

/**
 * Turns "no route" into 405 `method_not_allowed` (problem+json, with `Allow`) when the path
 * exists for other methods: `DELETE /api/v1/providers` is a wrong method, not a wrong URL.
 * Uses Hono's own matcher over `app.routes`, so routes added later are covered.
 *
 * @example app.use('*', methodNotAllowedProblem(app))
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function methodNotAllowedProblem(app: Hono<any, any, any>): MiddlewareHandler {
  const inner = methodNotAllowed({
    app,
    onMethodNotAllowed: (c, methods) => {
      throw new ApiError(405, 'method_not_allowed', `${c.req.method} is not allowed on ${c.req.path}; use ${methods.join(', ')}`, undefined, {
        allow: methods.join(', '),
      });
    },
  });
  return async function methodNotAllowedProblem(c, next) {
    return inner(c, next);
  };
}
