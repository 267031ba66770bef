/**
 * The endpoints other issues are building (advice, best time, notices, reports), answered in
 * the shapes their issues and route files document (src/api/routes/channels/best-time.ts,
 * reports.ts, reports-post.ts), in front of the real app. The dashboard's rendering of them
 * is tested through this; everything else goes to the real app unchanged. The texts carry
 * markup on purpose: it must come out as text.
 */
import { Hono } from 'hono';

const MIN = 60_000;

/** What the stub endpoints were asked, for assertions. */
export interface UpcomingLog {
  adviceNeeds: string[];
  reports: unknown[];
}

/** The real app's `fetch` with the upcoming endpoints in front of it. */
export function withUpcomingEndpoints(real: { fetch: (req: Request) => Response | Promise<Response> }, log: UpcomingLog): Hono {
  const app = new Hono();
  const now = Date.now();

  app.get('/api/v1/openapi.json', async () => {
    const doc = (await (await real.fetch(new Request('http://local/api/v1/openapi.json'))).json()) as { paths: Record<string, unknown> };
    doc.paths['/api/v1/providers/{id}/advice'] = { get: {} };
    doc.paths['/api/v1/channels/{id}/best-time'] = { get: {} };
    doc.paths['/api/v1/notices'] = { get: {} };
    doc.paths['/api/v1/channels/{id}/reports'] = { get: {}, post: {} };
    return Response.json(doc);
  });

  app.get('/api/v1/providers/:id/advice', (c) => {
    const need = c.req.query('need') ?? 'general';
    log.adviceNeeds.push(need);
    const first = need === 'account_security' ? 'acme-app' : 'acme-chat';
    return c.json({
      provider: c.req.param('id'),
      state: 'degraded',
      summary: 'E-mail is down; the others answer.',
      suggestions: [
        { channel: first, rank: 1, state: 'up', reason: 'Open now and answering quickly <script>window.injected = true</script>' },
        { channel: 'acme-help', rank: 2, state: 'degraded', reason: 'Slow, but open.' },
      ],
      avoid: [{ channel: 'acme-mail', reason: 'Down for 25 minutes.' }],
    });
  });

  app.get('/api/v1/channels/:id/best-time', (c) =>
    c.json({
      basis: 'measured',
      days: 28,
      channel: c.req.param('id'),
      timezone: 'Asia/Shanghai',
      windows: [
        { start: new Date(now + 60 * MIN).toISOString(), end: new Date(now + 120 * MIN).toISOString(), median_latency_ms: 120, availability: 1, level: null },
        { start: new Date(now + 180 * MIN).toISOString(), end: new Date(now + 240 * MIN).toISOString(), median_latency_ms: 180, availability: 0.99, level: null },
      ],
      evidence: [],
    }),
  );

  app.get('/api/v1/notices', (c) =>
    c.json({
      notices: [
        { id: 1, provider: 'acme', channels: ['acme-mail'], kind: 'outage', title: 'Mail delays <b>today</b>', url: 'https://status.acme.example/1', published_at: new Date(now - 30 * MIN).toISOString(), starts_at: new Date(now - 30 * MIN).toISOString(), ends_at: null, active: true },
        { id: 2, provider: 'acme', channels: ['acme-chat'], kind: 'resolved', title: 'Chat restored', url: 'javascript:window.injected=true', published_at: new Date(now - 1380 * MIN).toISOString(), starts_at: null, ends_at: null, active: false },
      ],
    }),
  );

  app.post('/api/v1/channels/:id/reports', async (c) => {
    const body = await c.req.json<{ problem: string }>();
    const channel = c.req.param('id');
    const counted = !log.reports.some((r) => JSON.stringify(r) === JSON.stringify({ channel, ...body }));
    log.reports.push({ channel, ...body });
    const again = new Date(Date.now() + 15 * MIN).toISOString();
    return c.json({ channel, problem: body.problem, counted, counted_again_at: again, detail: counted ? 'Thank you: your report is counted.' : 'Thank you. You already reported this channel.' }, 202);
  });
  app.get('/api/v1/channels/:id/reports', (c) =>
    c.json({
      channel: c.req.param('id'),
      window: '24h',
      from: new Date(now - 23 * 60 * MIN).toISOString(),
      total: 3,
      reporters: 2,
      by_problem: { no_answer: 2, long_wait: 1, error: 0, disconnected: 0, other: 0 },
      by_hour: [],
      surge: { state: 'surge', reporters: 2, threshold: 5, usual: 0.5 },
    }),
  );

  app.all('*', (c) => real.fetch(c.req.raw));
  return app;
}
