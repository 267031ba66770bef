/**
 * The HTTP probe against hostile upstreams (raw sockets on 127.0.0.1), for what
 * test/probes/http.test.ts does not already cover (gzip bomb, endless body, redirect loop,
 * `file:` redirect, self-signed and expired certificates): every case ends as a recorded check
 * with an error class within its deadline, the probe hangs up (no connection left open), and
 * what the server managed to send stays near the body cap.
 */
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { HttpExpectations, HttpProbeSpec } from '../../src/domain/catalog.ts';
import { parseCondition, type Condition } from '../../src/domain/conditions/index.ts';
import { MAX_CODINGS } from '../../src/probes/http-body.ts';
import { runHttpProbe } from '../../src/probes/http.ts';
import { probeCommon } from '../support/catalog.ts';
import { allClosed, SOCKET_SLACK_BYTES, startHostileServer, writeForever, type HostileServer, type ScriptContext } from './hostile-server.ts';

const MiB = 1024 * 1024;
const CAP = MiB;
const TIMEOUT_MS = 1500;

type Overrides = Partial<Omit<HttpProbeSpec, 'expect'>> & { expect?: Partial<HttpExpectations> };

function spec(url: string, overrides: Overrides = {}): HttpProbeSpec {
  const { expect: expectations, ...rest } = overrides;
  return {
    ...probeCommon('hostile#0'),
    type: 'http',
    url,
    method: 'GET',
    headers: {},
    body: null,
    maxBodyBytes: CAP,
    maxRedirects: 5,
    insecure: false,
    conditions: [],
    timeoutMs: TIMEOUT_MS,
    ...rest,
    expect: { status: [200], contains: null, notContains: null, maxLatencyMs: null, ...expectations },
  };
}

function condition(source: string): Condition {
  const parsed = parseCondition(source);
  if ('message' in parsed && !('left' in parsed)) throw new Error(`bad condition ${source}`);
  return parsed as Condition;
}

const head = (headers: Record<string, string> = {}, status = '200 OK'): string =>
  `HTTP/1.1 ${status}\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;

/** One complete response, then the server closes. */
const answer = (headers: Record<string, string>, body: Buffer | string = '', status = '200 OK') => ({ socket }: ScriptContext) => {
  const data = typeof body === 'string' ? Buffer.from(body, 'latin1') : body;
  socket.end(Buffer.concat([Buffer.from(head({ 'content-length': String(data.length), ...headers }, status), 'latin1'), data]));
};

const zeros = Buffer.alloc(64 * MiB);
const brotliBomb = zlib.brotliCompressSync(zeros, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } });
const deflateBomb = zlib.deflateSync(zeros);
const PAGE = 'Our hotline is open.';

function gzipTimes(text: string, times: number): Buffer {
  let data = Buffer.from(text);
  for (let i = 0; i < times; i++) data = zlib.gzipSync(data);
  return data;
}

let servers: HostileServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function serve(script: (ctx: ScriptContext) => void): Promise<HostileServer> {
  const server = await startHostileServer(script);
  servers.push(server);
  return server;
}

interface Case {
  name: string;
  script: (ctx: ScriptContext) => void;
  overrides?: Overrides;
  outcome?: 'up' | 'down';
  errorClass: string | null;
  status: number | null;
  message?: RegExp;
}

const CASES: Case[] = [
  { name: 'a brotli bomb (64 MiB of zeros)', script: answer({ 'content-encoding': 'br' }, brotliBomb), overrides: { expect: { contains: 'never' } }, errorClass: 'body_too_large', status: 200 },
  { name: 'a brotli bomb, no keywords', script: answer({ 'content-encoding': 'br' }, brotliBomb), errorClass: 'body_too_large', status: 200 },
  { name: 'a deflate bomb', script: answer({ 'content-encoding': 'deflate' }, deflateBomb), overrides: { expect: { contains: 'never' } }, errorClass: 'body_too_large', status: 200 },
  {
    name: 'a bomb inside a bomb (gzip of gzip)',
    script: answer({ 'content-encoding': 'gzip, gzip' }, zlib.gzipSync(zlib.gzipSync(zeros))),
    overrides: { expect: { contains: 'never' } },
    errorClass: 'body_too_large',
    status: 200,
  },
  {
    name: `a chain of ${MAX_CODINGS * 600} content codings`,
    // Valid all the way down: decoding it would work, at the cost of 3,000 decoders.
    script: answer({ 'content-encoding': Array(MAX_CODINGS * 600).fill('gzip').join(',') }, gzipTimes(PAGE, MAX_CODINGS * 600)),
    overrides: { expect: { contains: 'hotline' } },
    errorClass: 'other',
    status: 200,
    message: /too many content codings/,
  },
  {
    name: `${MAX_CODINGS} stacked codings, as many as are undone`,
    script: answer({ 'content-encoding': Array(MAX_CODINGS).fill('gzip').join(', ') }, gzipTimes(PAGE, MAX_CODINGS)),
    overrides: { expect: { contains: 'hotline' } },
    outcome: 'up',
    errorClass: null,
    status: 200,
  },
  { name: 'a corrupt gzip body', script: answer({ 'content-encoding': 'gzip' }, Buffer.from('definitely not gzip')), overrides: { expect: { contains: 'x' } }, errorClass: 'other', status: 200 },
  {
    name: 'slowloris headers (one byte every 50 ms)',
    script: ({ socket, every }) => {
      socket.write('HTTP/1.1 200 OK\r\nx-slow: ');
      every(50, () => socket.write('a'));
    },
    errorClass: 'timeout',
    status: null,
  },
  {
    name: 'slowloris body (one byte every 50 ms, never ends)',
    script: ({ socket, every }) => {
      socket.write(head({ 'content-type': 'text/plain' }));
      every(50, () => socket.write('a'));
    },
    errorClass: 'timeout',
    status: 200,
  },
  {
    name: 'slowloris chunked body with keywords',
    script: ({ socket, every }) => {
      socket.write(head({ 'transfer-encoding': 'chunked' }));
      every(50, () => socket.write('1\r\na\r\n'));
    },
    overrides: { expect: { contains: 'hotline' } },
    errorClass: 'timeout',
    status: 200,
  },
  {
    name: 'endless 103 Early Hints before any response',
    script: ({ socket }) => writeForever(socket, Buffer.from('HTTP/1.1 103 Early Hints\r\nlink: </a.css>; rel=preload\r\n\r\n'.repeat(200))),
    // undici reads informational answers one by one; the deadline ends the flood.
    errorClass: 'timeout',
    status: null,
  },
  { name: '1 MiB of headers', script: answer({ 'x-pad': 'a'.repeat(MiB) }, PAGE), errorClass: 'other', status: null, message: /header/i },
  {
    name: '50,000 small headers',
    script: ({ socket }) => socket.end(`HTTP/1.1 200 OK\r\n${'x-h: 1\r\n'.repeat(50_000)}content-length: 2\r\n\r\nok`),
    errorClass: 'other',
    status: null,
  },
  { name: 'a chunk size of 2^64', script: ({ socket }) => socket.end(`${head({ 'transfer-encoding': 'chunked' })}FFFFFFFFFFFFFFFFF\r\nabc`), overrides: { expect: { contains: 'x' } }, outcome: 'down', errorClass: 'other', status: 200 },
  { name: 'a body shorter than its content-length', script: ({ socket }) => socket.end(`${head({ 'content-length': '1000' })}short`), overrides: { expect: { contains: 'x' } }, errorClass: 'other', status: 200 },
  { name: 'a status line that is not HTTP', script: ({ socket }) => socket.end('SSH-2.0-OpenSSH_9.6\r\n\r\n'), errorClass: 'other', status: null },
  { name: 'binary garbage', script: ({ socket }) => socket.end(Buffer.from([0, 255, 1, 254, 13, 10, 13, 10, 0, 0])), errorClass: 'other', status: null },
  {
    name: 'invalid UTF-8 around the keyword',
    script: answer({ 'content-type': 'text/html; charset=utf-8' }, Buffer.concat([Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(PAGE), Buffer.from([0xed, 0xa0, 0x80])])),
    overrides: { expect: { contains: 'hotline is open' } },
    outcome: 'up',
    errorClass: null,
    status: 200,
  },
  {
    name: 'invalid UTF-8 where JSON is expected',
    script: answer({ 'content-type': 'application/json' }, Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d])),
    overrides: { conditions: [condition('json.status == "ok"')] },
    // U+FFFD stands in for the bad byte: valid JSON, without the key asked for.
    errorClass: 'condition',
    status: 200,
    message: /got \(missing\)/,
  },
  {
    name: 'an HTML page where JSON is expected',
    script: answer({ 'content-type': 'text/html' }, '<html><body>{"status":"ok"}</body></html>'),
    overrides: { conditions: [condition('json.status == "ok"')] },
    errorClass: 'condition',
    status: 200,
  },
  {
    name: 'JSON nested 100,000 deep',
    script: answer({ 'content-type': 'application/json' }, `${'['.repeat(100_000)}${']'.repeat(100_000)}`),
    overrides: { conditions: [condition('json.status == "ok"')] },
    errorClass: 'condition',
    status: 200,
  },
  { name: 'a redirect to javascript:', script: answer({ location: 'javascript:alert(1)' }, '', '302 Found'), errorClass: 'redirects', status: 302, message: /non-HTTP/ },
  { name: 'a redirect to data:', script: answer({ location: 'data:text/html,<h1>hi</h1>' }, '', '302 Found'), errorClass: 'redirects', status: 302, message: /non-HTTP/ },
  { name: 'a redirect to ftp:', script: answer({ location: 'ftp://127.0.0.1/feed' }, '', '301 Moved Permanently'), errorClass: 'redirects', status: 301, message: /non-HTTP/ },
  { name: 'a redirect to gopher:', script: answer({ location: 'gopher://127.0.0.1:70/' }, '', '307 Temporary Redirect'), errorClass: 'redirects', status: 307, message: /non-HTTP/ },
  { name: 'a redirect to an unparsable address', script: answer({ location: 'http://[::1' }, '', '302 Found'), errorClass: 'redirects', status: 302, message: /invalid Location/ },
  { name: 'a redirect with a 1 MiB Location', script: answer({ location: `/${'a'.repeat(MiB)}` }, '', '302 Found'), errorClass: 'other', status: null },
];

describe('runHttpProbe against hostile upstreams', () => {
  it.each(CASES)('$name → $errorClass', async ({ script, overrides, outcome, errorClass, status, message }) => {
    const server = await serve(script);
    const started = Date.now();
    const result = await runHttpProbe(spec(`${server.url}/`, overrides));
    expect({ outcome: result.outcome, errorClass: result.errorClass, httpStatus: result.httpStatus }).toEqual({
      outcome: outcome ?? 'down',
      errorClass,
      httpStatus: status,
    });
    if (message) expect(result.message).toMatch(message);
    expect((result.message ?? '').length).toBeLessThanOrEqual(300);
    // Loose, and only against hanging: the deadline is 1.5 s.
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 8000);
    expect(await allClosed(server)).toBe(true);
  });

  it.each([
    ['without keywords', null],
    ['with keywords', 'never there'],
  ])('an endless body %s: the probe hangs up at the cap, not at the deadline', async (_name, contains) => {
    const server = await serve(({ socket }) => {
      socket.write(head({ 'content-type': 'text/plain' }));
      writeForever(socket, Buffer.alloc(64 * 1024, 'a'));
    });
    const result = await runHttpProbe(spec(`${server.url}/`, { timeoutMs: 10_000, expect: { contains } }));
    expect(result).toMatchObject({ outcome: 'down', errorClass: 'body_too_large', httpStatus: 200 });
    expect(await allClosed(server)).toBe(true);
    // What the server got out is the cap plus what loopback buffers hold; without the cap it
    // would be gigabytes within the 10 s deadline.
    expect(server.bytesSent).toBeGreaterThan(CAP);
    expect(server.bytesSent).toBeLessThan(CAP + SOCKET_SLACK_BYTES);
  });

  it('a redirect chain that never repeats a URL stops at the limit, one connection per hop', async () => {
    let n = 0;
    const server = await serve(({ socket }) => socket.end(head({ location: `/next-${++n}`, 'content-length': '0' }, '302 Found')));
    const result = await runHttpProbe(spec(`${server.url}/`));
    expect(result).toMatchObject({ outcome: 'down', errorClass: 'redirects', httpStatus: 302 });
    expect(server.connections).toBe(6);
  });
});
