import { HTTPException } from 'hono/http-exception';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from '@hono/zod-openapi';
import type { Logger } from '../log.ts';

/** Stable machine-readable error codes; clients switch on these, never on text. */
export const ERROR_CODES = [
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'conflict',
  'payload_too_large',
  'rate_limited',
  'internal',
  'unavailable',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** One invalid input, for `bad_request`. */
export interface FieldProblem {
  path: string;
  message: string;
}

/**
 * The one way code reports an HTTP error: throw it, and `handleError` turns it into an
 * `application/problem+json` response (RFC 9457) with a stable `code`.
 */
export class ApiError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly errors?: FieldProblem[],
    readonly headers?: Record<string, string>,
  ) {
    super(status, { message });
  }
}

/** RFC 9457 problem details, as every error response of the API is shaped. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.enum(ERROR_CODES),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    /** The request's `X-Request-Id`: quote it when reporting a problem; the server's logs carry it too. */
    requestId: z.string().optional(),
  })
  .openapi('Problem');
export type Problem = z.infer<typeof ProblemSchema>;

const TITLES: Record<ErrorCode, string> = {
  bad_request: 'Bad request',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  conflict: 'Conflict',
  payload_too_large: 'Payload too large',
  rate_limited: 'Too many requests',
  internal: 'Internal error',
  unavailable: 'Service unavailable',
};

function problemResponse(c: Context, status: ContentfulStatusCode, code: ErrorCode, detail: string, extra?: Partial<Problem>, headers?: Record<string, string>): Response {
  const requestId = c.get('requestId') as string | undefined;
  const body: Problem = { type: 'about:blank', title: TITLES[code], status, code, detail, ...extra, ...(requestId ? { requestId } : {}) };
  return c.body(JSON.stringify(body), status, { 'content-type': 'application/problem+json', ...headers });
}

/** Builds the app's error handler: known errors keep their status; anything else is logged and is a 500. */
export function handleError(log: Logger) {
  return function handleError(err: Error, c: Context): Response {
    if (err instanceof ApiError) {
      return problemResponse(c, err.status as ContentfulStatusCode, err.code, err.message, err.errors ? { errors: err.errors } : undefined, err.headers);
    }
    if (err instanceof HTTPException) {
      // Hono's own middleware (body limit, malformed JSON) throws these.
      const status = err.status as ContentfulStatusCode;
      const code: ErrorCode = status === 413 ? 'payload_too_large' : status === 429 ? 'rate_limited' : status < 500 ? 'bad_request' : 'internal';
      return problemResponse(c, status, code, err.message || TITLES[code]);
    }
    if (isStorageFault(err)) {
      // The database is locked by another process, full or read-only: the request may work in a moment.
      log.warn('storage unavailable for a request', { err, path: c.req.path, method: c.req.method });
      return problemResponse(c, 503, 'unavailable', 'The database is unavailable for a moment (locked, full or read-only); try again shortly.', undefined, { 'retry-after': '5' });
    }
    if (isClientAbort(err)) {
      // The client went away mid-body: nothing is wrong on our side, and nobody reads the answer.
      log.debug('request aborted by the client', { path: c.req.path, method: c.req.method });
      return problemResponse(c, 400, 'bad_request', 'The request body was cut short.');
    }
    log.error('unhandled error', { err, path: c.req.path, method: c.req.method, requestId: c.get('requestId') as string | undefined });
    return problemResponse(c, 500, 'internal', 'Something went wrong on our side; it has been logged.');
  };
}

/** SQLite result codes of a database that cannot be written or read right now, not of a bug. */
const STORAGE_FAULT = /^SQLITE_(BUSY|LOCKED|FULL|READONLY|IOERR|CANTOPEN)/;

/** Is `err` (or an error it wraps, as drizzle's query errors do) a storage fault? */
export function isStorageFault(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && STORAGE_FAULT.test(code)) return true;
  }
  return false;
}

/** Did the client cut its request short (Node's `aborted` / `ECONNRESET` while reading the body)? */
export function isClientAbort(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || e.message === 'aborted') return true;
  }
  return false;
}

/** The not-found handler: a problem+json 404 for every unknown path. */
export function notFound(c: Context): Response {
  return problemResponse(c, 404, 'not_found', `No route for ${c.req.method} ${c.req.path}`);
}

/** zod issues → field problems with dotted paths (`query.limit`). */
export function fieldProblems(issues: readonly { path: readonly PropertyKey[]; message: string }[], where: string): FieldProblem[] {
  return issues.map((i) => ({ path: [where, ...i.path.map(String)].join('.'), message: i.message }));
}
