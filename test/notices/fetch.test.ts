/**
 * Fetching and parsing against a real local server: every format served as a site would
 * (compressed, redirected), and every way a source can misbehave ending as a recorded error.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchAndParse, type FeedSource } from '../../src/notices/fetch-and-parse.ts';
import { declaredCharset, fetchSource } from '../../src/notices/fetch-source.ts';
import { FEED_MAX_BYTES, type FeedFormat } from '../../src/notices/types.ts';
import { closedPort, startHttpServer, type LocalServer } from '../support/local-server.ts';
import { fixture, NOW, ZH_SELECTORS } from './fixtures.ts';

const MiB = 1024 * 1024;
const bomb = zlib.gzipSync(Buffer.alloc(64 * MiB));

function send(res: ServerResponse, type: string, body: string | Buffer, encoding?: 'gzip' | 'br' | 'deflate'): void {
  const data = typeof body === 'string' ? Buffer.from(body) : body;
  const encoded = encoding === 'gzip' ? zlib.gzipSync(data) : encoding === 'br' ? zlib.brotliCompressSync(data) : encoding === 'deflate' ? zlib.deflateSync(data) : data;
  res.writeHead(200, { 'content-type': type, ...(encoding ? { 'content-encoding': encoding } : {}) }).end(encoded);
}

/** Writes until the client goes away. */
function writeForever(res: ServerResponse): void {
  const chunk = Buffer.alloc(64 * 1024, 'a');
  const pump = (): void => {
    while (!res.destroyed && res.write(chunk)) {
      // fill until the socket pushes back
    }
    if (!res.destroyed) res.once('drain', pump);
  };
  res.writeHead(200, { 'content-type': 'application/rss+xml' });
  pump();
}

let server: LocalServer;
const seen: Array<{ path: string; accept: string | undefined; encoding: string | undefined }> = [];

const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
  '/api/v2/summary.json': (_q, res) => send(res, 'application/json; charset=utf-8', fixture('statuspage-summary.json'), 'gzip'),
  '/notice/rss.xml': (_q, res) => send(res, 'application/rss+xml; charset=utf-8', fixture('rss-v1.xml'), 'br'),
  '/history.atom': (_q, res) => send(res, 'application/atom+xml', fixture('atom-v1.xml'), 'deflate'),
  '/feed.json': (_q, res) => send(res, 'application/feed+json', fixture('feed.json')),
  '/notice/': (_q, res) => send(res, 'text/html; charset=utf-8', fixture('zh-notices.html')),
  '/moved': (_q, res) => res.writeHead(301, { location: '/notice/' }).end(),
  '/invalid.xml': (_q, res) => send(res, 'application/rss+xml', fixture('invalid.xml')),
  // 64 MiB of zeros, 64 KiB on the wire.
  '/bomb': (_q, res) => res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' }).end(bomb),
  '/endless': (_q, res) => writeForever(res),
  '/big': (_q, res) => res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(3 * MiB) }).end(Buffer.alloc(3 * MiB, 32)),
  '/loop-a': (_q, res) => res.writeHead(302, { location: '/loop-b' }).end(),
  '/loop-b': (_q, res) => res.writeHead(302, { location: `${server.url}/loop-a` }).end(),
  '/to-ftp': (_q, res) => res.writeHead(302, { location: 'ftp://example.com/feed.xml' }).end(),
  '/hang': () => {},
  '/error': (_q, res) => res.writeHead(503, { 'content-type': 'text/html' }).end('<h1>Service Unavailable</h1>'),
  '/gbk': (_q, res) => send(res, 'text/html; charset=GBK', '<html><body><ul class="notices"></ul></body></html>'),
  '/gb-meta': (_q, res) => send(res, 'text/html', '<html><head><meta charset="gb2312"></head><body></body></html>'),
  '/bom': (_q, res) => send(res, 'application/json', `\uFEFF${fixture('feed.json')}`),
};

beforeAll(async () => {
  server = await startHttpServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    seen.push({ path, accept: req.headers.accept, encoding: req.headers['accept-encoding'] });
    const chain = /^\/chain\/(\d+)$/.exec(path);
    if (chain) {
      res.writeHead(302, { location: `/chain/${Number(chain[1]) + 1}` }).end();
      return;
    }
    const route = routes[path];
    if (route) route(req, res);
    else res.writeHead(404).end('not found');
  });
});

afterAll(async () => {
  await server.close();
});

function source(path: string, format: FeedFormat = 'auto', overrides: Partial<FeedSource> = {}): FeedSource {
  return { url: `${server.url}${path}`, format, selectors: null, timeoutMs: 5_000, ...overrides };
}

const read = (s: FeedSource) => fetchAndParse(s, { timezone: 'Asia/Shanghai', now: NOW });

describe('fetchAndParse: each format from a local server', () => {
  it.each<[string, FeedFormat, string, number]>([
    ['/api/v2/summary.json', 'statuspage', 'statuspage', 3],
    ['/api/v2/summary.json', 'auto', 'statuspage', 3],
    ['/notice/rss.xml', 'rss', 'rss', 3],
    ['/notice/rss.xml', 'auto', 'rss', 3],
    ['/history.atom', 'atom', 'atom', 2],
    ['/history.atom', 'auto', 'atom', 2],
    ['/feed.json', 'jsonfeed', 'jsonfeed', 2],
    ['/bom', 'auto', 'jsonfeed', 2],
  ])('%s as %s', async (path, format, detected, count) => {
    const result = await read(source(path, format));
    expect(result).toMatchObject({ ok: true, format: detected, httpStatus: 200 });
    expect(result.ok && result.notices).toHaveLength(count);
  });

  it('reads the Chinese notice list after a redirect, resolving links against the final URL', async () => {
    const result = await read(source('/moved', 'html', { selectors: ZH_SELECTORS }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.notices.map((n) => n.kind)).toEqual(['maintenance', 'outage', 'resolved', 'info', 'outage']);
    expect(result.notices[0]!.url).toBe(`${server.url}/notice/1001.html`);
  });

  it('asks for the format it expects, and for compressed bodies', async () => {
    seen.length = 0;
    await read(source('/api/v2/summary.json', 'statuspage'));
    await read(source('/notice/rss.xml', 'rss'));
    expect(seen.map((s) => s.accept?.split(',')[0])).toEqual(['application/json', 'application/rss+xml']);
    expect(seen.every((s) => s.encoding === 'gzip, deflate, br')).toBe(true);
  });
});

describe('fetchAndParse: a misbehaving source ends as a recorded error', () => {
  it.each<[string, string, FeedFormat, Partial<FeedSource>, { stage: string; errorClass: string; message: RegExp; httpStatus: number | null }]>([
    ['gzip bomb', '/bomb', 'rss', {}, { stage: 'fetch', errorClass: 'body_too_large', message: /larger than the 2 MiB limit/, httpStatus: 200 }],
    ['endless body', '/endless', 'rss', {}, { stage: 'fetch', errorClass: 'body_too_large', message: /larger than the 2 MiB limit/, httpStatus: 200 }],
    ['declared too large', '/big', 'statuspage', {}, { stage: 'fetch', errorClass: 'body_too_large', message: /3145728 bytes is larger than the 2 MiB limit/, httpStatus: 200 }],
    ['redirect loop', '/loop-a', 'rss', {}, { stage: 'fetch', errorClass: 'redirects', message: /redirect loop/, httpStatus: 302 }],
    ['too many redirects', '/chain/0', 'rss', {}, { stage: 'fetch', errorClass: 'redirects', message: /more than 5 redirects/, httpStatus: 302 }],
    ['redirect to ftp', '/to-ftp', 'rss', {}, { stage: 'fetch', errorClass: 'redirects', message: /non-HTTP address/, httpStatus: 302 }],
    ['invalid XML', '/invalid.xml', 'rss', {}, { stage: 'parse', errorClass: 'other', message: /^not well-formed XML/, httpStatus: 200 }],
    ['HTTP 503', '/error', 'rss', {}, { stage: 'fetch', errorClass: 'http_status', message: /answered HTTP 503$/, httpStatus: 503 }],
    ['hanging server', '/hang', 'rss', { timeoutMs: 300 }, { stage: 'fetch', errorClass: 'timeout', message: /within 300 ms/, httpStatus: null }],
    ['GBK page', '/gbk', 'html', { selectors: ZH_SELECTORS }, { stage: 'fetch', errorClass: 'other', message: /encoded as gbk; only UTF-8/, httpStatus: 200 }],
    ['gb2312 meta', '/gb-meta', 'auto', {}, { stage: 'fetch', errorClass: 'other', message: /encoded as gb2312/, httpStatus: 200 }],
    ['HTML without selectors', '/notice/', 'auto', {}, { stage: 'parse', errorClass: 'other', message: /needs selectors/, httpStatus: 200 }],
  ])('%s', async (_name, path, format, overrides, error) => {
    const result = await read(source(path, format, overrides));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ ...error, message: expect.stringMatching(error.message) });
    expect(result.error.message.length).toBeLessThanOrEqual(300);
  });

  it('refuses anything but http(s) before connecting', async () => {
    for (const url of ['file:///etc/passwd', 'ftp://example.com/feed', 'not a url']) {
      const result = await fetchSource(url);
      expect(result).toMatchObject({ ok: false, error: { stage: 'fetch', errorClass: 'other' } });
    }
  });

  it('classifies a refused connection like the other probes', async () => {
    const port = await closedPort();
    const result = await read({ url: `http://127.0.0.1:${port}/feed`, format: 'rss', selectors: null, timeoutMs: 2_000 });
    expect(result).toMatchObject({ ok: false, error: { stage: 'fetch', errorClass: 'connect', httpStatus: null } });
  });

  it('never allows more than 10 s or 2 MiB, whatever is asked', async () => {
    const result = await fetchSource(`${server.url}/endless`, { maxBytes: 100 * MiB, timeoutMs: 60_000 });
    expect(result).toMatchObject({ ok: false, error: { errorClass: 'body_too_large' } });
    expect(FEED_MAX_BYTES).toBe(2 * MiB);
  });
});

describe('declaredCharset', () => {
  it.each<[string, string, string | null]>([
    ['text/html; charset=UTF-8', '', 'utf-8'],
    ['text/html; charset="gbk"', '', 'gbk'],
    ['application/xml', '<?xml version="1.0" encoding="GB2312"?><rss/>', 'gb2312'],
    ['text/html', '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"></head>', 'gbk'],
    ['text/html', '<html><head><meta charset="utf-8"></head>', 'utf-8'],
    ['application/json', '{"a":1}', null],
  ])('%s %s → %s', (type, text, expected) => {
    expect(declaredCharset(type, text)).toBe(expected);
  });
});
