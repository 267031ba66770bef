/**
 * Announcement sources that attack the reader, beyond test/notices/fetch.test.ts (gzip bomb,
 * endless body, redirect loop, ftp redirect, GBK): compression and entity bombs, slow and
 * oversized answers, documents built to exhaust a parser. Each ends as a recorded error (or a
 * bounded read) within the deadline, and the server's connection is closed.
 */
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchAndParse, type FeedSource } from '../../src/notices/fetch-and-parse.ts';
import { uniqueIds } from '../../src/notices/identity.ts';
import { FEED_MAX_BYTES, type FeedFormat } from '../../src/notices/types.ts';
import { allClosed, SOCKET_SLACK_BYTES, startHostileServer, writeForever, type HostileServer, type ScriptContext } from './hostile-server.ts';

const MiB = 1024 * 1024;
const NOW = Date.parse('2026-11-23T04:00:00Z');

let servers: HostileServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

const head = (headers: Record<string, string>, status = '200 OK'): string =>
  `HTTP/1.1 ${status}\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;

const answer = (headers: Record<string, string>, body: Buffer | string = '', status = '200 OK') => ({ socket }: ScriptContext) => {
  const data = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  socket.end(Buffer.concat([Buffer.from(head({ 'content-length': String(data.length), ...headers }, status), 'latin1'), data]));
};

const rss = (items: string) => `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>${items}</channel></rss>`;

/** The classic "billion laughs": ten levels of ten references, 10^9 "lol"s if expanded. */
const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 ${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('\n ')}
]>
<rss version="2.0"><channel><title>t</title><item><title>&lol9;</title><description>&lol9;</description></item></channel></rss>`;

const brotliBomb = zlib.brotliCompressSync(Buffer.alloc(64 * MiB, 32), { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } });

/** A document just under the 2 MiB cap made of `unit` repeated. */
const fill = (prefix: string, unit: string, suffix: string) => prefix + unit.repeat(Math.floor((FEED_MAX_BYTES - 4096 - prefix.length - suffix.length) / Buffer.byteLength(unit))) + suffix;

interface Case {
  name: string;
  script: (ctx: ScriptContext) => void;
  format: FeedFormat;
  /** `ok` for a document read (bounded, whatever it holds), else the stage and class of the error. */
  expected: { ok: true; maxNotices?: number } | { ok: false; stage: 'fetch' | 'parse'; errorClass: string; message?: RegExp };
}

const CASES: Case[] = [
  { name: 'a brotli bomb', script: answer({ 'content-type': 'application/rss+xml', 'content-encoding': 'br' }, brotliBomb), format: 'rss', expected: { ok: false, stage: 'fetch', errorClass: 'body_too_large' } },
  {
    name: 'slowloris body',
    script: ({ socket, every }) => {
      socket.write(head({ 'content-type': 'application/rss+xml' }));
      every(50, () => socket.write('<'));
    },
    format: 'rss',
    expected: { ok: false, stage: 'fetch', errorClass: 'timeout' },
  },
  {
    name: 'slowloris headers',
    script: ({ socket, every }) => {
      socket.write('HTTP/1.1 200 OK\r\nx-slow: ');
      every(50, () => socket.write('a'));
    },
    format: 'rss',
    expected: { ok: false, stage: 'fetch', errorClass: 'timeout' },
  },
  { name: '1 MiB of headers', script: answer({ 'content-type': 'application/rss+xml', 'x-pad': 'a'.repeat(MiB) }, rss('')), format: 'rss', expected: { ok: false, stage: 'fetch', errorClass: 'other' } },
  { name: 'a redirect to file:', script: answer({ location: 'file:///etc/passwd' }, '', '302 Found'), format: 'rss', expected: { ok: false, stage: 'fetch', errorClass: 'redirects', message: /non-HTTP/ } },
  { name: 'a redirect to javascript:', script: answer({ location: 'javascript:alert(1)' }, '', '301 Moved Permanently'), format: 'auto', expected: { ok: false, stage: 'fetch', errorClass: 'redirects', message: /non-HTTP/ } },
  { name: 'HTML served for a Statuspage source', script: answer({ 'content-type': 'application/json' }, '<html><body>Maintenance</body></html>'), format: 'statuspage', expected: { ok: false, stage: 'parse', errorClass: 'other' } },
  { name: 'JSON served for an RSS source', script: answer({ 'content-type': 'application/rss+xml' }, '{"items":[]}'), format: 'rss', expected: { ok: false, stage: 'parse', errorClass: 'other' } },
  { name: 'an image served for an auto source', script: answer({ 'content-type': 'image/png' }, Buffer.from([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10, 0, 0, 0, 13])), format: 'auto', expected: { ok: false, stage: 'parse', errorClass: 'other' } },
  {
    name: 'invalid UTF-8 inside an RSS item',
    script: answer({ 'content-type': 'application/rss+xml' }, Buffer.concat([Buffer.from('<?xml version="1.0"?><rss version="2.0"><channel><item><title>Hotline '), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(' down</title><guid>1</guid></item></channel></rss>')])),
    format: 'rss',
    expected: { ok: true, maxNotices: 1 },
  },
  { name: 'an XML entity bomb (billion laughs)', script: answer({ 'content-type': 'application/rss+xml' }, BILLION_LAUGHS), format: 'rss', expected: { ok: true, maxNotices: 1 } },
  { name: 'XML nested 200,000 deep', script: answer({ 'content-type': 'application/rss+xml' }, rss(`${'<a>'.repeat(200_000)}${'</a>'.repeat(200_000)}`)), format: 'rss', expected: { ok: false, stage: 'parse', errorClass: 'other', message: /nested tags/ } },
  { name: 'JSON nested 500,000 deep', script: answer({ 'content-type': 'application/json' }, `{"items":${'['.repeat(500_000)}${']'.repeat(500_000)}}`), format: 'jsonfeed', expected: { ok: false, stage: 'parse', errorClass: 'other' } },
  {
    name: 'HTML nested 100,000 deep (parse5 is quadratic in depth)',
    script: answer({ 'content-type': 'text/html' }, `<html><body><ul class="n">${'<div>'.repeat(100_000)}<li><a href="/x">Hotline down</a></li>${'</div>'.repeat(100_000)}</ul></body></html>`),
    format: 'html',
    expected: { ok: false, stage: 'parse', errorClass: 'other', message: /nests elements more than 1000 deep/ },
  },
  {
    name: 'an RSS body of HTML nested 200,000 deep',
    script: answer({ 'content-type': 'application/rss+xml' }, rss(`<item><title>Hotline</title><description><![CDATA[${'<b>'.repeat(200_000)}down]]></description></item>`)),
    format: 'rss',
    expected: { ok: true, maxNotices: 1 },
  },
  { name: '2 MiB of tiny RSS items', script: answer({ 'content-type': 'application/rss+xml' }, fill(rss('').replace('</channel></rss>', ''), '<item><title>a</title></item>', '</channel></rss>')), format: 'rss', expected: { ok: true, maxNotices: 500 } },
  { name: '2 MiB of tiny HTML items', script: answer({ 'content-type': 'text/html' }, fill('<ul class="n">', '<li><a>a</a></li>', '</ul>')), format: 'html', expected: { ok: true, maxNotices: 200 } },
  { name: '2 MiB of one title', script: answer({ 'content-type': 'application/rss+xml' }, fill(rss('<item><title>').replace('</channel></rss>', ''), '停', '</title></item></channel></rss>')), format: 'rss', expected: { ok: true, maxNotices: 1 } },
];

describe('fetchAndParse against hostile sources', () => {
  it.each(CASES)('$name', async ({ script, format, expected }) => {
    const server = await startHostileServer(script);
    servers.push(server);
    const source: FeedSource = { url: `${server.url}/feed`, format, selectors: format === 'html' ? { item: '.n li', title: 'a', link: 'a@href', date: null, body: null } : null, timeoutMs: 1500 };
    const started = Date.now();
    const result = await fetchAndParse(source, { timezone: 'Asia/Shanghai', now: NOW });
    if (expected.ok) {
      expect(result.ok).toBe(true);
      if (result.ok) {
        expect(result.notices.length).toBeLessThanOrEqual(expected.maxNotices ?? Infinity);
        // Stored text is bounded whatever the document holds.
        for (const n of result.notices) expect(n.title.length + (n.body?.length ?? 0)).toBeLessThanOrEqual(300 + 4000);
      }
    } else {
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error).toMatchObject({ stage: expected.stage, errorClass: expected.errorClass });
        if (expected.message) expect(result.error.message).toMatch(expected.message);
        expect(result.error.message.length).toBeLessThanOrEqual(300);
      }
    }
    // Loose, and only against hanging or a super-linear parser.
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(await allClosed(server)).toBe(true);
  });

  it('an endless body: the reader hangs up at 2 MiB, not at the deadline', async () => {
    const server = await startHostileServer(({ socket }) => {
      socket.write(head({ 'content-type': 'application/rss+xml' }));
      writeForever(socket, Buffer.alloc(64 * 1024, 'a'));
    });
    servers.push(server);
    const result = await fetchAndParse({ url: `${server.url}/`, format: 'rss', selectors: null, timeoutMs: 10_000 }, { timezone: 'UTC', now: NOW });
    expect(result).toMatchObject({ ok: false, error: { errorClass: 'body_too_large' } });
    expect(await allClosed(server)).toBe(true);
    expect(server.bytesSent).toBeLessThan(FEED_MAX_BYTES + SOCKET_SLACK_BYTES);
  });

  it('gives 20,000 identical items distinct ids in linear time (it was quadratic: minutes of blocked event loop)', () => {
    const same = Array.from({ length: 20_000 }, () => ({ id: 'hash:abc', title: 'a', publishedAt: null }));
    const ids = uniqueIds(same).map((n) => n.id);
    expect(new Set(ids).size).toBe(20_000);
    expect(ids.slice(0, 3)).toEqual(['hash:abc', 'hash:abc~2', 'hash:abc~3']);
  });
});
