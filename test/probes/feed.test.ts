/**
 * The `feed` probe through the one probe interface the monitor uses: good when the source was
 * fetched and parsed, down with an error class when not.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedProbeSpec } from '../../src/domain/catalog.ts';
import { checkFeed } from '../../src/notices/feed-probe.ts';
import { runProbe } from '../../src/probes/index.ts';
import { probeCommon } from '../support/catalog.ts';
import { startHttpServer, type LocalServer } from '../support/local-server.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/notices/${name}`, import.meta.url), 'utf8');

let server: LocalServer;

beforeAll(async () => {
  server = await startHttpServer((req, res) => {
    if (req.url === '/summary.json') res.writeHead(200, { 'content-type': 'application/json' }).end(fixture('statuspage-summary.json'));
    else if (req.url === '/rss.xml') res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(fixture('rss-v1.xml'));
    else if (req.url === '/notices') res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body><p>No current notices.</p></body></html>');
    else if (req.url === '/broken.xml') res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(fixture('invalid.xml'));
    else res.writeHead(503).end('busy');
  });
});

afterAll(async () => {
  await server.close();
});

function feedSpec(path: string, overrides: Partial<FeedProbeSpec> = {}): FeedProbeSpec {
  return { ...probeCommon('examplepay-news#0'), type: 'feed', format: 'auto', url: `${server.url}${path}`, selectors: null, ...overrides };
}

describe('feed probe', () => {
  it('is up when the source was read, with the count of notices in the message', async () => {
    const result = await runProbe(feedSpec('/summary.json', { format: 'statuspage' }));
    expect(result).toMatchObject({ outcome: 'up', httpStatus: 200, errorClass: null, message: '3 notices (statuspage), 1 skipped' });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    expect(await runProbe(feedSpec('/rss.xml'))).toMatchObject({ outcome: 'up', message: '3 notices (rss)' });
  });

  it('is up on an empty notice list, saying the selector matched nothing', async () => {
    const selectors = { item: 'article.notice', title: 'h2', link: null, date: null, body: 'p' };
    expect(await runProbe(feedSpec('/notices', { format: 'html', selectors }))).toMatchObject({
      outcome: 'up',
      message: '0 notices (html), the item selector "article.notice" matched nothing',
    });
  });

  it('is down with class other when the document does not parse', async () => {
    const result = await runProbe(feedSpec('/broken.xml', { format: 'rss' }));
    expect(result).toMatchObject({ outcome: 'down', httpStatus: 200, errorClass: 'other' });
    expect(result.message).toMatch(/^could not read the source: not well-formed XML/);
  });

  it('is down with the HTTP error class when the source answers an error', async () => {
    expect(await runProbe(feedSpec('/gone.xml'))).toMatchObject({ outcome: 'down', httpStatus: 503, errorClass: 'http_status' });
  });

  it('hands the notices of the same read to whoever stores them', async () => {
    const now = Date.parse('2026-11-21T08:00:00Z');
    const { check, read } = await checkFeed(feedSpec('/rss.xml'), { timezone: 'Asia/Shanghai', now });
    expect(check).toMatchObject({ outcome: 'up', startedAt: now });
    expect(read.ok && read.notices.map((n) => n.id)).toEqual(['id:notice-2001', 'id:notice-2002', 'id:notice-2003']);
  });
});
