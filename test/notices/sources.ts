/**
 * Announcement sources for the collector, store and end-to-end tests: a local server whose
 * documents a test can swap (a feed is edited, a Statuspage incident resolves), and the
 * ExamplePay catalog with a Statuspage, an RSS and a Chinese HTML notice list.
 */
import type { Catalog, FeedProbeSpec, FeedSelectors } from '../../src/domain/catalog.ts';
import { makeCatalog, makeChannel, makeProbe, makeProvider, probeCommon } from '../support/catalog.ts';
import { startHttpServer, type LocalServer } from '../support/local-server.ts';
import { fixture, ZH_SELECTORS } from './fixtures.ts';

/** A local server answering each path with the document set for it (404 otherwise). */
export interface SourceServer extends LocalServer {
  /** Serves `body` at `path` from now on. */
  set(path: string, body: string, contentType: string): void;
  /** Serves the fixture `name` at `path`. */
  serve(path: string, name: string): void;
}

const TYPES: Record<string, string> = {
  json: 'application/json',
  xml: 'application/rss+xml; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

export async function startSourceServer(): Promise<SourceServer> {
  const documents = new Map<string, { body: string; type: string }>();
  const server = await startHttpServer((req, res) => {
    const doc = documents.get(req.url ?? '');
    if (doc === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': doc.type }).end(doc.body);
  });
  return {
    ...server,
    set: (path, body, type) => void documents.set(path, { body, type }),
    serve: (path, name) => void documents.set(path, { body: fixture(name), type: TYPES[name.split('.').pop()!] ?? 'text/plain' }),
  };
}

/** A `feed` probe of `channelId` at `index`. */
export function feedProbe(channelId: string, index: number, url: string, format: FeedProbeSpec['format'], selectors: FeedSelectors | null = null): FeedProbeSpec {
  return { ...probeCommon(`${channelId}#${index}`), intervalMs: 300_000, timeoutMs: 5_000, type: 'feed', format, url, selectors };
}

/** The paths the ExamplePay sources are served at. */
export const PATHS = { statuspage: '/api/v2/summary.json', rss: '/notice/rss.xml', html: '/notice/' } as const;

/**
 * ExamplePay in Shanghai: a hotline (with an HTTP probe at `hotlineUrl`, or none), a live chat
 * without probes, a help centre, and an announcements channel reading the three sources.
 */
export function examplePayCatalog(base: string, options: { hotlineUrl?: string } = {}): Catalog {
  const hotlineProbes = options.hotlineUrl === undefined ? [] : [makeProbe('examplepay-hotline', { url: options.hotlineUrl, intervalMs: 50 })];
  return makeCatalog([
    makeProvider(
      'examplepay',
      [
        makeChannel('examplepay-hotline', { kind: 'hotline', name: 'Customer Service Hotline', keywords: ['客服热线', 'hotline', '95017'], probes: hotlineProbes }),
        makeChannel('examplepay-chat', { kind: 'live_chat', name: 'Live Chat', keywords: ['在线客服', 'live chat'], probes: [] }),
        makeChannel('examplepay-help', { kind: 'help_center', name: 'Help Center', probes: [] }),
        makeChannel('examplepay-news', {
          kind: 'announcements',
          name: '服务公告',
          probes: [
            feedProbe('examplepay-news', 0, base + PATHS.statuspage, 'statuspage'),
            feedProbe('examplepay-news', 1, base + PATHS.rss, 'rss'),
            feedProbe('examplepay-news', 2, base + PATHS.html, 'html', ZH_SELECTORS),
          ],
        }),
      ],
      { name: 'ExamplePay', timezone: 'Asia/Shanghai', locale: 'zh-CN' },
    ),
  ]);
}

/** The ExamplePay feed probes by format. */
export function examplePayFeeds(catalog: Catalog): Record<'statuspage' | 'rss' | 'html', FeedProbeSpec> {
  const probes = catalog.providers[0]!.channels.find((c) => c.id === 'examplepay-news')!.probes as FeedProbeSpec[];
  return { statuspage: probes[0]!, rss: probes[1]!, html: probes[2]! };
}
