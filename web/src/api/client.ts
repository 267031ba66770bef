/**
 * The dashboard's only way to the server: the public JSON API under /api/v1. GETs revalidate
 * with the ETag the API sent last time (a 304 reuses the body); optional endpoints are asked
 * about in the OpenAPI document first, so a server without them gets no request at all (a 404
 * would be a console error in every browser).
 */

/** An endpoint this server does not have, or a resource it does not know (a 404). */
export class NotAvailable extends Error {
  override name = 'NotAvailable';
}

/** Any other error answer, with the problem's `code` when the body is problem+json. */
export class ApiFailure extends Error {
  override name = 'ApiFailure';
  constructor(
    readonly status: number,
    readonly code: string | null,
    detail: string,
  ) {
    super(detail);
  }
}

interface Remembered {
  etag: string;
  body: unknown;
}

const remembered = new Map<string, Remembered>();
/** Bodies kept for revalidation; enough for a 50-channel provider's polling set. */
const MAX_REMEMBERED = 400;

export interface RequestOptions {
  /** The manager's key, sent as `Authorization: Bearer`. */
  key?: string | null;
  signal?: AbortSignal;
}

function headersOf(options: RequestOptions, extra: Record<string, string> = {}): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json', ...extra };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  return headers;
}

async function failure(res: Response): Promise<Error> {
  let code: string | null = null;
  let detail = `HTTP ${res.status}`;
  try {
    const body = (await res.json()) as { code?: unknown; detail?: unknown };
    if (typeof body.code === 'string') code = body.code;
    if (typeof body.detail === 'string') detail = body.detail;
  } catch {
    // Not JSON: keep the status line.
  }
  return res.status === 404 ? new NotAvailable(detail) : new ApiFailure(res.status, code, detail);
}

/**
 * GETs `url` (under /api/v1) as JSON. Sends `If-None-Match` when an ETag is known, so an
 * unchanged answer costs a 304.
 */
export async function getJson<T>(url: string, options: RequestOptions = {}): Promise<T> {
  const known = remembered.get(url);
  const res = await fetch(url, {
    headers: headersOf(options, known ? { 'if-none-match': known.etag } : {}),
    // The ETag is ours to manage; the HTTP cache would hide the 304 from us.
    cache: 'no-store',
    signal: options.signal,
  });
  if (res.status === 304 && known) return known.body as T;
  if (!res.ok) throw await failure(res);
  const body = (await res.json()) as T;
  const etag = res.headers.get('etag');
  if (etag) {
    if (remembered.size >= MAX_REMEMBERED) remembered.delete(remembered.keys().next().value!);
    remembered.set(url, { etag, body });
  }
  return body;
}

/** POSTs JSON; resolves with the answer's JSON (or null for an empty body). */
export async function postJson<T>(url: string, body: unknown, options: RequestOptions = {}): Promise<T | null> {
  const res = await fetch(url, {
    method: 'POST',
    headers: headersOf(options, { 'content-type': 'application/json' }),
    body: JSON.stringify(body),
    signal: options.signal,
  });
  if (!res.ok) throw await failure(res);
  const text = await res.text();
  return text === '' ? null : (JSON.parse(text) as T);
}

/** A status-only request (the key check): resolves with the HTTP status. */
export async function statusOf(url: string, options: RequestOptions = {}): Promise<number> {
  const res = await fetch(url, { headers: headersOf(options), cache: 'no-store', signal: options.signal });
  await res.body?.cancel();
  return res.status;
}

let operations: Promise<Set<string>> | undefined;

/**
 * The `METHOD /path/{param}` operations of this server's OpenAPI document, asked once per
 * page. If the document cannot be read, no optional endpoint is assumed.
 */
export function operationsOfServer(): Promise<Set<string>> {
  operations ??= getJson<{ paths?: Record<string, Record<string, unknown>> }>('/api/v1/openapi.json').then(
    (doc) => {
      const found = new Set<string>();
      for (const [path, item] of Object.entries(doc.paths ?? {})) {
        for (const method of Object.keys(item)) found.add(`${method.toUpperCase()} ${path}`);
      }
      return found;
    },
    () => new Set<string>(),
  );
  return operations;
}

/**
 * Does this server have the operation (`'GET /api/v1/providers/{id}/advice'`)?
 *
 * @example if (await hasOperation('POST /api/v1/channels/{id}/reports')) showReportButton();
 */
export async function hasOperation(operation: string): Promise<boolean> {
  return (await operationsOfServer()).has(operation);
}

/** Runs `tasks` with at most `limit` at a time (a 50-channel page must not fire 50 requests at once). */
export async function inBatches<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** `encodeURIComponent` for path segments (ids are a-z0-9- already; this keeps it so). */
export const seg = encodeURIComponent;
