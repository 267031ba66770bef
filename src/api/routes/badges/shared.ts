/** What the badge routes share: the path parameter, the look options, the SVG response. */
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { BADGE_STYLES, SVG_MEDIA_TYPE } from '../../../badges/badge.ts';
import { ProblemSchema } from '../../errors.ts';
import { IdParam } from '../../schemas.ts';

/** Tag of the badge routes in the OpenAPI document. */
export const BADGES_TAG = 'badges';

export const BadgeParams = z.object({ id: IdParam.openapi({ param: { name: 'id', in: 'path' }, example: 'examplepay-hotline' }) });

/** `label` and `style`, as shields takes them. */
export const badgeLook = {
  label: z.string().min(1).max(64).optional().openapi({ description: 'Text of the left half (default: the channel or provider name).' }),
  style: z.enum(BADGE_STYLES).default('flat'),
};

/** The responses every badge route documents. */
export const badgeResponses = {
  200: { description: 'The badge.', content: { 'image/svg+xml': { schema: z.string() } } },
  400: { description: 'Bad id or query', content: { 'application/problem+json': { schema: ProblemSchema } } },
  404: { description: 'No such channel or provider', content: { 'application/problem+json': { schema: ProblemSchema } } },
} as const;

/**
 * An SVG response. Cached for a minute: READMEs embed badges through image proxies, and a
 * state older than a check interval says little more than a fresh one.
 */
export function svgResponse(c: Context, svg: string): Response {
  return c.body(svg, 200, { 'content-type': SVG_MEDIA_TYPE, 'cache-control': 'public, max-age=60' });
}
