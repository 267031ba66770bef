import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { postManualNotice, type ManualNotice, type ManualNoticeInput, type NoticeAlertStatements } from '../../../catalog-admin/manual-notices.ts';
import type { LinkedNotice } from '../../../notices/effects.ts';
import type { RouteDeps } from '../../deps.ts';
import { ApiError, ProblemSchema } from '../../errors.ts';
import { authProblemResponses, bearerSecurity, requireScope } from '../../middleware/require-scope/index.ts';
import { IdParam, Instant, NoticeSchema } from '../../schemas.ts';
import { iso, noticeView } from '../../views.ts';
import { keyName } from '../providers/create.ts';

/** What the manual-notice routes need. */
export interface ManualNoticeDeps extends Pick<RouteDeps, 'database' | 'now' | 'catalog'> {
  adminKey?: string | undefined;
  /** Told of each write, so announced maintenance counts for the monitor at once. */
  noticeWritten?: (notice: LinkedNotice & { providerPk: number }) => Promise<void>;
  /** Alert events for each change, written with it (Node, with alerting). */
  noticeAlerts?: NoticeAlertStatements | undefined;
}

const WindowInput = z
  .strictObject({ starts_at: z.iso.datetime({ offset: true }).optional(), ends_at: z.iso.datetime({ offset: true }).optional() })
  .refine((w) => w.starts_at === undefined || w.ends_at === undefined || Date.parse(w.ends_at) > Date.parse(w.starts_at), { message: 'ends_at must be after starts_at', path: ['ends_at'] })
  .openapi({ description: 'The window it states (maintenance: when; outage: since when).' });

/** The fields of a manual notice, as posted; a PATCH takes any of them (null clears url, window and channels). */
export const ManualNoticeFields = {
  kind: z.enum(['outage', 'maintenance', 'info']),
  title: z.string().trim().min(1).max(300),
  body: z.string().max(4000),
  url: z.url({ protocol: /^https?$/ }),
  window: WindowInput,
  channels: z.array(IdParam).min(1).max(50).openapi({ description: 'Channel ids of the provider; leave out (or null) for the whole provider.' }),
};

export const ManualNoticeSchema = z
  .object({ notice: NoticeSchema, updates: z.array(z.object({ at: Instant, kind: z.string(), body: z.string(), by: z.string() })) })
  .openapi('ManualNotice');

/** The stated window as stored. */
export function windowOf(window: z.infer<typeof WindowInput> | null | undefined): ManualNoticeInput['window'] {
  if (!window || (window.starts_at === undefined && window.ends_at === undefined)) return null;
  return { startsAt: window.starts_at === undefined ? null : Date.parse(window.starts_at), endsAt: window.ends_at === undefined ? null : Date.parse(window.ends_at) };
}

/** 400 unless every channel id is a channel of the provider. */
export async function checkChannels(deps: ManualNoticeDeps, providerPk: number, ids: readonly string[] | null | undefined): Promise<void> {
  if (!ids) return;
  const own = new Set(((await deps.catalog()).channelsByProvider.get(providerPk) ?? []).map((c) => c.id));
  const problems = ids.flatMap((id, i) => (own.has(id) ? [] : [{ path: `json.channels.${i}`, message: `no channel "${id}" in this provider` }]));
  if (problems.length > 0) throw new ApiError(400, 'bad_request', problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
}

/** The answer of every manual-notice route; the collector hears of the write first. */
export async function answer(deps: ManualNoticeDeps, written: ManualNotice) {
  const { notice } = written;
  await deps.noticeWritten?.({ ...notice, providerPk: notice.providerPk });
  return { notice: noticeView(notice, deps.now()), updates: written.updates.map((u) => ({ ...u, at: iso(u.at)! })) };
}

/**
 * Mounts `POST /api/v1/providers/{id}/notices` (scope write): posts a status report of the
 * provider's own, stored with the notices of its feeds (source `manual`).
 */
export function registerCreateNotice(app: OpenAPIHono, deps: ManualNoticeDeps): void {
  const route = createRoute({
    method: 'post',
    path: '/api/v1/providers/{id}/notices',
    tags: ['notices'],
    summary: 'Post a manual notice (a status report) for a provider (scope write)',
    security: bearerSecurity,
    middleware: [requireScope('write', deps)] as const,
    request: {
      params: z.object({ id: IdParam }),
      body: {
        required: true,
        content: {
          'application/json': {
            schema: z.strictObject({
              ...ManualNoticeFields,
              body: ManualNoticeFields.body.default(''),
              url: ManualNoticeFields.url.optional(),
              window: ManualNoticeFields.window.optional(),
              channels: ManualNoticeFields.channels.nullable().optional(),
            }),
          },
        },
      },
    },
    responses: {
      201: { description: 'Posted; in effect until resolved (or its window ends).', content: { 'application/json': { schema: ManualNoticeSchema } } },
      400: { description: 'Invalid body, or a channel not of this provider', content: { 'application/problem+json': { schema: ProblemSchema } } },
      ...authProblemResponses,
      404: { description: 'No such provider', content: { 'application/problem+json': { schema: ProblemSchema } } },
    },
  });
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const provider = (await deps.catalog()).providerById.get(id);
    if (!provider) throw new ApiError(404, 'not_found', `No provider "${id}"`);
    await checkChannels(deps, provider.pk, body.channels);
    const input: ManualNoticeInput = { kind: body.kind, title: body.title, body: body.body, url: body.url ?? null, window: windowOf(body.window), channels: body.channels ?? null };
    const written = await postManualNotice(deps.database, { providerPk: provider.pk, input, by: keyName(c), now: deps.now(), alerts: deps.noticeAlerts });
    return c.json(await answer(deps, written), 201, { location: `/api/v1/notices/${written.notice.id}` });
  });
}
