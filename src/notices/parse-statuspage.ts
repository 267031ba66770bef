/**
 * Atlassian Statuspage v2 JSON: `summary.json` (components, unresolved incidents, upcoming and
 * active maintenances), and also `incidents.json`, `scheduled-maintenances.json`,
 * `status.json`. Shapes are checked with zod; an item that does not fit is skipped and
 * counted, a document that does not fit is an error.
 */
import { z } from 'zod';
import { buildNotice, type RawNotice } from './build-notice.ts';
import { parseDate } from './parse-date.ts';
import { statuspageHint } from './statuspage-status.ts';
import { parseError, type NoticeParser, type NoticeSeverity, type ParseContext, type ParsedNotice, type SourceDocument } from './types.ts';

const when = z.string().nullish();

const componentSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  status: z.string().nullish(),
  description: z.string().nullish(),
  updated_at: when,
  group: z.boolean().nullish(),
});

const updateSchema = z.object({
  status: z.string().nullish(),
  body: z.string().nullish(),
  created_at: when,
  display_at: when,
  affected_components: z.array(z.object({ name: z.string().nullish() })).nullish(),
});

const incidentSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  status: z.string(),
  impact: z.string().nullish(),
  created_at: when,
  updated_at: when,
  started_at: when,
  resolved_at: when,
  shortlink: z.string().nullish(),
  incident_updates: z.array(updateSchema).nullish(),
  components: z.array(z.object({ name: z.string() })).nullish(),
  scheduled_for: when,
  scheduled_until: when,
});

const documentSchema = z.object({
  page: z.object({ id: z.string(), name: z.string().nullish(), url: z.string().nullish() }),
  components: z.array(z.unknown()).optional(),
  incidents: z.array(z.unknown()).optional(),
  scheduled_maintenances: z.array(z.unknown()).optional(),
  status: z.object({ indicator: z.string().nullish(), description: z.string().nullish() }).optional(),
});

type Incident = z.infer<typeof incidentSchema>;
type Component = z.infer<typeof componentSchema>;

const COMPONENT_PROBLEMS: Record<string, { kind: 'outage' | 'maintenance'; severity: NoticeSeverity | null; words: string }> = {
  degraded_performance: { kind: 'outage', severity: 'minor', words: 'degraded performance' },
  partial_outage: { kind: 'outage', severity: 'major', words: 'partial outage' },
  major_outage: { kind: 'outage', severity: 'critical', words: 'major outage' },
  under_maintenance: { kind: 'maintenance', severity: null, words: 'under maintenance' },
};

/** Statuspage JSON, recognised by its `page` object and one of its lists. */
export const statuspageParser: NoticeParser = {
  format: 'statuspage',
  canHandle(doc: SourceDocument): boolean {
    const head = doc.text.slice(0, 4096);
    return /^\s*\{/.test(head) && head.includes('"page"') && /"(?:incidents|scheduled_maintenances|components|status)"/.test(doc.text);
  },
  parse(doc, ctx) {
    let json: unknown;
    try {
      json = JSON.parse(doc.text);
    } catch (error) {
      return parseError(`not valid JSON: ${(error as Error).message.slice(0, 120)}`);
    }
    const parsed = documentSchema.safeParse(json);
    if (!parsed.success) return parseError(`not a Statuspage document: ${describeIssue(parsed.error.issues[0])}`);
    const { page, components = [], incidents = [], scheduled_maintenances: maintenances = [] } = parsed.data;
    const base = (page.url ?? '').replace(/\/+$/, '');
    let skipped = 0;
    const valid = <T>(schema: z.ZodType<T>, items: unknown[]): T[] =>
      items.flatMap((item) => {
        const result = schema.safeParse(item);
        if (!result.success) skipped++;
        return result.success ? [result.data] : [];
      });
    const raws: RawNotice[] = [
      ...valid(incidentSchema, incidents).map((i) => fromIncident(i, 'incident', base, ctx)),
      ...valid(incidentSchema, maintenances).map((m) => fromIncident(m, 'maintenance', base, ctx)),
    ];
    // A component can be down without an incident; say so, unless an open notice names it already.
    const named = new Set(raws.filter((r) => r.hint?.kind !== 'resolved').flatMap((r) => r.components ?? []));
    for (const component of valid(componentSchema, components)) {
      if (!named.has(component.name)) raws.push(...fromComponent(component, ctx));
    }
    const notices = raws.map((raw) => buildNotice(raw, ctx)).filter((n): n is ParsedNotice => n !== null);
    const listsAllOpen = parsed.data.incidents !== undefined && parsed.data.scheduled_maintenances !== undefined && parsed.data.components !== undefined;
    return { ok: true, format: 'statuspage', notices, skipped, listsAllOpen };
  },
};

function fromIncident(item: Incident, family: 'incident' | 'maintenance', base: string, ctx: ParseContext): RawNotice {
  const at = (text: string | null | undefined) => parseDate(text, { timezone: ctx.timezone, reference: ctx.now });
  const updates = [...(item.incident_updates ?? [])].sort((a, b) => (at(b.display_at ?? b.created_at) ?? 0) - (at(a.display_at ?? a.created_at) ?? 0));
  const body = updates
    .filter((u) => (u.body ?? '').trim() !== '')
    .map((u) => `${label(u.status)}${u.body!.trim()}`)
    .join('\n');
  const components = [
    ...(item.components ?? []).map((c) => c.name),
    ...updates.flatMap((u) => (u.affected_components ?? []).map((c) => c.name ?? '')),
  ].filter((name) => name !== '');
  const resolvedAt = at(item.resolved_at);
  const window =
    family === 'maintenance'
      ? { startsAt: at(item.scheduled_for), endsAt: at(item.scheduled_until) }
      : { startsAt: at(item.started_at ?? item.created_at), endsAt: resolvedAt };
  return {
    format: 'statuspage',
    upstreamId: item.id,
    url: item.shortlink ?? (base === '' ? null : `${base}/incidents/${item.id}`),
    titleMarkup: item.name,
    bodyMarkup: body,
    publishedAt: at(item.created_at),
    updatedAt: at(item.updated_at),
    resolvedAt,
    hint: statuspageHint(item.status, family),
    window: window.startsAt === null && window.endsAt === null ? null : window,
    components,
    upstreamStatus: item.status,
    severity: severityOf(item.impact),
  };
}

function fromComponent(component: Component, ctx: ParseContext): RawNotice[] {
  const problem = COMPONENT_PROBLEMS[component.status ?? ''];
  if (problem === undefined || component.group === true) return [];
  const updatedAt = parseDate(component.updated_at, { timezone: ctx.timezone, reference: ctx.now });
  return [
    {
      format: 'statuspage',
      upstreamId: `component:${component.id}`,
      url: null,
      titleMarkup: `${component.name}: ${problem.words}`,
      bodyMarkup: component.description ?? '',
        publishedAt: updatedAt,
      updatedAt,
      hint: { kind: problem.kind, topic: problem.kind },
      window: { startsAt: updatedAt, endsAt: null },
      components: [component.name],
      upstreamStatus: component.status ?? null,
      severity: problem.severity,
    },
  ];
}

/** `in_progress` → `In progress - `, as Statuspage renders it. */
function label(status: string | null | undefined): string {
  if (!status) return '';
  const words = status.replace(/_/g, ' ');
  return `${words.charAt(0).toUpperCase()}${words.slice(1)} - `;
}

function severityOf(impact: string | null | undefined): NoticeSeverity | null {
  return impact === 'minor' || impact === 'major' || impact === 'critical' ? impact : null;
}

function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (issue === undefined) return 'unexpected shape';
  const path = issue.path.length === 0 ? 'the document' : issue.path.join('.');
  return `${path}: ${issue.message}`.slice(0, 160);
}
