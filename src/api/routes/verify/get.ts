import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { chooseLang } from '../../../advice/lang.ts';
import { CONTACT_KINDS } from '../../../verify/contact.ts';
import { buildContactIndex, contactIndexOf, type ContactIndex, type ContactSource } from '../../../verify/contact-index.ts';
import { LOOKALIKE_REASONS } from '../../../verify/messages.ts';
import { VERDICTS, verifyContact } from '../../../verify/verify.ts';
import type { CatalogView } from '../../catalog-view.ts';
import type { RouteDeps } from '../../deps.ts';
import { ProblemSchema } from '../../errors.ts';

/** Longest contact accepted: far above any number, address or handle, far below abuse. */
export const MAX_CONTACT_LENGTH = 256;

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
      lang: z
        .string()
        .regex(/^[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*$/, 'expected a language tag such as zh-CN or en')
        .optional()
        .openapi({ description: 'zh-CN or en; otherwise Accept-Language decides.', example: 'zh-CN' }),
    }),
  },
  responses: {
    200: { description: 'The verdict, what it matched and why.', content: { 'application/json': { schema: VerificationSchema } } },
    400: { description: 'Missing or malformed contact', content: { 'application/problem+json': { schema: ProblemSchema } } },
  },
});

/**
 * What the route needs: the cached catalog view every route shares, or, when given, the
 * loaded config `Catalog` itself (`contacts`), which also carries each provider's optional
 * `country` (the database does not store it; without it the country comes from the
 * provider's international numbers or its locale).
 */
export type VerifyDeps = Pick<RouteDeps, 'catalog'> & { contacts?: () => ContactSource | Promise<ContactSource> };

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

/** Mounts `GET /api/v1/verify`. */
export function registerVerify(app: OpenAPIHono, deps: VerifyDeps): void {
  app.openapi(verifyRoute, async (c) => {
    const { contact, lang } = c.req.valid('query');
    const index = deps.contacts ? contactIndexOf(await deps.contacts()) : contactIndexOfView(await deps.catalog());
    const chosen = chooseLang({ lang, acceptLanguage: c.req.header('accept-language') });
    return c.json(verifyContact(index, contact, chosen), 200);
  });
}
