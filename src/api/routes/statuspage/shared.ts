/**
 * What the Statuspage-compatible routes share: the path parameter, the 404 for an unknown
 * provider, and the provider page's address (the documents link to it).
 */
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { StatuspageSource } from '../../../statuspage/documents.ts';
import { loadStatuspageSource } from '../../../statuspage/load.ts';
import type { RouteDeps } from '../../deps.ts';
import { ApiError, ProblemSchema } from '../../errors.ts';
import { IdParam } from '../../schemas.ts';

/** Tag of every Statuspage-compatible route in the OpenAPI document. */
export const STATUSPAGE_TAG = 'statuspage';

export const ProviderParams = z.object({ provider: IdParam.openapi({ param: { name: 'provider', in: 'path' }, example: 'examplepay' }) });

/** The error responses every Statuspage-compatible route documents. */
export const problemResponses = {
  400: { description: 'Malformed provider id', content: { 'application/problem+json': { schema: ProblemSchema } } },
  404: { description: 'No such provider', content: { 'application/problem+json': { schema: ProblemSchema } } },
} as const;

/**
 * The provider's data for its documents, or a `not_found` problem. The page URL is the
 * dashboard's provider page on the host the client asked.
 */
export async function sourceFor(c: Context, deps: RouteDeps, provider: string, history: boolean): Promise<StatuspageSource> {
  const pageUrl = `${new URL(c.req.url).origin}/p/${provider}`;
  const source = await loadStatuspageSource(deps, provider, pageUrl, history);
  if (!source) throw new ApiError(404, 'not_found', `No provider "${provider}"`);
  return source;
}
