import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { chooseLang } from '../../../advice/lang.ts';
import { CONTACT_KINDS } from '../../../verify/contact.ts';
import { buildContactIndex, contactIndexOf, type ContactIndex, type ContactSource } from '../../../verify/contact-index.ts';
import { LOOKALIKE_REASONS } from '../../../verify/messages.ts';
import { VERDICTS, verifyContact } from '../../../verify/verify.ts';
import type { CatalogView } from '../../catalog-view.ts';
import type { RouteDeps } from '../../deps.ts';
import { ProblemSchema } from '../../errors.ts';
import { rateLimit } from '../../middleware/rate-limit/index.ts';
import { LangQuery } from '../../schemas.ts';

/** Longest contact accepted: far above any number, address or handle, far below abuse. */
export const MAX_CONTACT_LENGTH = 256;
/**
 * Checks one address may ask for a minute, a tenth of the global limit: a person checks a
 * few numbers, while a script trying variants to find what passes as official asks thousands.
 */
export const VERIFY_PER_MINUTE = 60;

export const VerificationSchema = z
  .object({
    verdict: z.enum(VERDICTS).openapi({ description: '`official` only for contacts the catalog lists (a listed domain covers its subdomains).' }),
    kind: z.enum(CONTACT_KINDS),
    normalized: z.string().nullable().openapi({ description: 'The canonical form checked (E.164, host, address, platform:handle); null when unreadable.' }),
    matches: z
      .array(z.object({ provider: z.string(), channel: z.string().nullable() }))
      .openapi({ description: 'For official: the channels listing it. For lookalike: what it imitates (channel null = the provider name).' }),
    explanation: z.string(),
    reason: z.enum(LOOKALIKE_REASONS).optional().openapi({ description: 'Why it is a lookalike.' }),
  })
  .openapi('Verification');

export const verifyRoute = createRoute({
  method: 'get',
  path: '/api/v1/verify',
  tags: ['verify'],
  summary: 'Is this phone number, web address, e-mail address or handle an official support contact?',
  request: {
    query: z.object({
      contact: z
        .string()
        .trim()
        .min(1, 'expected a phone number, URL, e-mail address or handle')
        .max(MAX_CONTACT_LENGTH, `at most ${MAX_CONTACT_LENGTH} characters`)
        .openapi({ example: '+86 400 888 8888' }),
      lang: LangQuery,
    }),
  },
  responses: {
    200: { description: 'The verdict, what it matched and why.', content: { 'application/json': { schema: VerificationSchema } } },
    400: { description: 'Missing or malformed contact', content: { 'application/problem+json': { schema: ProblemSchema } } },
    429: { description: `More than ${VERIFY_PER_MINUTE} checks a minute from one address`, content: { 'application/problem+json': { schema: ProblemSchema } } },
  },
});

/**
 * What the route needs: the cached catalog view every route shares, or, when given, the
 * loaded config `Catalog` itself (`contacts`), which also carries each provider's optional
 * `country` (the database does not store it; without it the country comes from the
 * provider's international numbers or its locale).
 */
export type VerifyDeps = Pick<RouteDeps, 'catalog'> &
  Partial<Pick<RouteDeps, 'clientAddress' | 'now'>> & {
    contacts?: () => ContactSource | Promise<ContactSource>;
    /** Overrides `VERIFY_PER_MINUTE`. */
    verifyPerMinute?: number;
  };

const indexes = new WeakMap<CatalogView, ContactIndex>();

/**
 * The contact index of a catalog view, built once per view: the view cache hands out the
 * same object until the catalog version changes, so a new catalog means a new index.
 */
export function contactIndexOfView(view: CatalogView): ContactIndex {
  let index = indexes.get(view);
  if (!index) {
    const providers = view.providers.map((p) => ({ ...p, channels: view.channelsByProvider.get(p.pk) ?? [] }));
    indexes.set(view, (index = buildContactIndex({ providers })));
  }
  return index;
}

/** Mounts `GET /api/v1/verify`, limited to `VERIFY_PER_MINUTE` per client address on top of the global limit. */
export function registerVerify(app: OpenAPIHono, deps: VerifyDeps): void {
  const address = deps.clientAddress ?? (() => 'anonymous');
  app.use('/api/v1/verify', rateLimit({ limit: deps.verifyPerMinute ?? VERIFY_PER_MINUTE, keyOf: address, now: deps.now }));
  app.openapi(verifyRoute, async (c) => {
    const { contact, lang } = c.req.valid('query');
    const index = deps.contacts ? contactIndexOf(await deps.contacts()) : contactIndexOfView(await deps.catalog());
    const chosen = chooseLang({ lang, acceptLanguage: c.req.header('accept-language') });
    return c.json(verifyContact(index, contact, chosen), 200);
  });
}
