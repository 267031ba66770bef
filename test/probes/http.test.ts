import type { HttpProbeSpec } from '../../src/domain/catalog.ts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpExpectations } from '../../src/domain/catalog.ts';
import { isConditionSyntaxError, parseCondition, type Condition } from '../../src/domain/conditions/index.ts';
import { formatBytes, parseCodings } from '../../src/probes/http-body.ts';
import { classifyError, sanitizeMessage, type FailureContext } from '../../src/probes/probe-errors.ts';
import {
  CONDITION_ERROR_CLASS,
  KEYWORD_WINDOW_BYTES,
  decideOutcome,
  judgeConditions,
  judgeKeywords,
  judgeLatency,
  judgeStatus,
  keywordWindow,
  type ConditionVerdict,
  type ResponseFacts,
} from '../../src/probes/http-judge.ts';
import { planRedirect, type RequestPlan } from '../../src/probes/http-redirect.ts';
import { USER_AGENT, runHttpProbe } from '../../src/probes/http.ts';
import {
  closedPort,
  startHttpServer,
  startHttpsServer,
  startTcpServer,
  type LocalServer,
} from '../support/local-server.ts';
import { createSelfSignedCert } from '../support/tls-cert.ts';
import { probeCommon } from '../support/catalog.ts';

const MiB = 1024 * 1024;

type SpecOverrides = Partial<Omit<HttpProbeSpec, 'expect'>> & { expect?: Partial<HttpExpectations> };

/** An HttpProbeSpec with test defaults: GET, status [200], 2 s timeout, 1 MiB cap, 5 redirects. */
function httpSpec(url: string, overrides: SpecOverrides = {}): HttpProbeSpec {
  const { expect: expectations, ...rest } = overrides;
  return {
    ...probeCommon('test-channel#0'),
    type: 'http',
    url,
    method: 'GET',
    headers: {},
    body: null,
    maxBodyBytes: MiB,
    maxRedirects: 5,
    insecure: false,
    conditions: [],
    ...rest,
    expect: { status: [200], contains: null, notContains: null, maxLatencyMs: null, ...expectations },
  };
}

const PAGE = 'Welcome to ACME Pay support. Our hotline is open. Service unavailable notices appear here.';

/** Writes until the client goes away: an endless body. */
function writeForever(res: ServerResponse): void {
  const chunk = Buffer.alloc(64 * 1024, 'a');
  const pump = (): void => {
    while (!res.destroyed && res.write(chunk)) {
      // keep filling until the socket pushes back
    }
    if (!res.destroyed) res.once('drain', pump);
  };
  res.writeHead(200, { 'content-type': 'text/plain' });
  pump();
}

function readRequestBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

let web: LocalServer;
let other: LocalServer;
let tlsServer: LocalServer;
let expiredTlsServer: LocalServer;
let slamming: LocalServer;
let garbage: LocalServer;
const bomb = zlib.gzipSync(Buffer.alloc(64 * MiB));

/** Answers JSON, as a health endpoint does. */
function sendJson(res: ServerResponse, value: unknown, status = 200, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(value));
}

const HEALTHY = { status: 'ok', queue: { wait_s: 12 }, items: [{ state: 'open' }], count: 2 };

const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => unknown> = {
  '/health-ok': (_req, res) =>
    sendJson(res, HEALTHY, 200, { 'x-queue-depth': '3', 'set-cookie': 'sid=abc123; HttpOnly' }),
  '/health-busy': (_req, res) => sendJson(res, { status: 'busy', queue: { wait_s: 900 } }),
  '/health-503': (_req, res) => sendJson(res, { status: 'maintenance' }, 503),
  '/health-slow': (_req, res) => {
    setTimeout(() => sendJson(res, HEALTHY), 300);
  },
  '/health-html': (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Service online</html>'),
  // The key comes after 300 KB: past the keyword window, within the body cap.
  '/health-big': (_req, res) => sendJson(res, { pad: 'x'.repeat(300 * 1024), status: 'ok' }),
  '/health-gzip': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(zlib.gzipSync(JSON.stringify(HEALTHY)));
  },
  '/to-health': (_req, res) => res.writeHead(302, { location: '/health-ok' }).end(),
  '/echo-auth': (req, res) => sendJson(res, { auth: req.headers.authorization ?? 'none' }),
  '/ok': (_req, res) => res.end(PAGE),
  '/error': (_req, res) => {
    res.statusCode = 500;
    res.end('Internal error');
  },
  '/slow': (_req, res) => {
    setTimeout(() => res.end(PAGE), 300);
  },
  '/hang': () => {},
  '/hang-body': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('partial');
  },
  '/gzip': (_req, res) => {
    res.writeHead(200, { 'content-encoding': 'gzip' }).end(zlib.gzipSync(PAGE));
  },
  '/br': (_req, res) => {
    res.writeHead(200, { 'content-encoding': 'br' }).end(zlib.brotliCompressSync(PAGE));
  },
  '/deflate': (_req, res) => {
    res.writeHead(200, { 'content-encoding': 'deflate' }).end(zlib.deflateSync(PAGE));
  },
  '/deflate-raw': (_req, res) => {
    res.writeHead(200, { 'content-encoding': 'deflate' }).end(zlib.deflateRawSync(PAGE));
  },
  '/big': (_req, res) => res.end(Buffer.alloc(2 * MiB, 'x')),
  '/big-chunked': (_req, res) => {
    res.write(Buffer.alloc(MiB, 'x'));
    res.end(Buffer.alloc(MiB, 'x'));
  },
  '/bomb': (_req, res) => {
    res.writeHead(200, { 'content-encoding': 'gzip' }).end(bomb);
  },
  '/endless': (_req, res) => writeForever(res),
  '/redirect-once': (_req, res) => res.writeHead(302, { location: '/ok' }).end(),
  '/loop-a': (_req, res) => res.writeHead(302, { location: '/loop-b' }).end(),
  '/loop-b': (_req, res) => res.writeHead(301, { location: `${web.url}/loop-a` }).end(),
  '/to-file': (_req, res) => res.writeHead(302, { location: 'file:///etc/passwd' }).end(),
  '/chain': (req, res) => {
    const left = Number(new URL(req.url ?? '', web.url).searchParams.get('left'));
    if (left <= 0) res.end(PAGE);
    else res.writeHead(307, { location: `/chain?left=${left - 1}` }).end();
  },
  '/see-other': (_req, res) => res.writeHead(303, { location: '/method' }).end(),
  '/method': (req, res) => res.end(`method:${req.method}`),
  '/to-other-origin': (_req, res) => res.writeHead(302, { location: `${other.url}/auth` }).end(),
  '/auth': (req, res) => res.end(`auth:${req.headers.authorization ?? 'none'}`),
  '/echo-headers': (req, res) => res.end(`ua:${req.headers['user-agent']}\nae:${req.headers['accept-encoding']}`),
  '/head-only': (req, res) => {
    res.writeHead(req.method === 'HEAD' ? 200 : 405, { 'content-length': '11' });
    res.end(req.method === 'HEAD' ? undefined : 'not allowed');
  },
  '/post': async (req, res) => {
    const body = await readRequestBody(req);
    const ok = req.method === 'POST' && body === '{"ping":true}' && req.headers['content-type'] === 'application/json';
    res.writeHead(ok ? 200 : 400).end(ok ? 'received' : `rejected ${req.method} ${body}`);
  },
};

beforeAll(async () => {
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const route = routes[new URL(req.url ?? '/', 'http://x').pathname];
    if (route === undefined) res.writeHead(404).end('not found');
    else Promise.resolve(route(req, res)).catch(() => res.destroy());
  };
  [web, other, tlsServer, expiredTlsServer, slamming, garbage] = await Promise.all([
    startHttpServer(handler),
    startHttpServer(handler),
    createSelfSignedCert().then((cert) => startHttpsServer(handler, cert)),
    createSelfSignedCert({ notBefore: new Date('2020-01-01'), notAfter: new Date('2020-02-01') }).then((cert) =>
      startHttpsServer(handler, cert),
    ),
    startTcpServer((socket) => socket.destroy()),
    startTcpServer((socket) => socket.end('this is not HTTP at all\r\n\r\n')),
  ]);
});

afterAll(async () => {
  await Promise.all([web, other, tlsServer, expiredTlsServer, slamming, garbage].map((s) => s?.close()));
});

describe('runHttpProbe against local servers', () => {
  it.each<[string, string, string | null, number | null, () => HttpProbeSpec]>([
    ['200 ok', 'up', null, 200, () => httpSpec(`${web.url}/ok`)],
    ['500', 'down', 'http_status', 500, () => httpSpec(`${web.url}/error`)],
    ['404 against [200, 204]', 'down', 'http_status', 404, () => httpSpec(`${web.url}/nope`, { expect: { status: [200, 204] } })],
    ['slow answer over max latency', 'degraded', null, 200, () => httpSpec(`${web.url}/slow`, { expect: { maxLatencyMs: 50 } })],
    ['no answer within the timeout', 'down', 'timeout', null, () => httpSpec(`${web.url}/hang`, { timeoutMs: 300 })],
    ['body never finishes', 'down', 'timeout', 200, () => httpSpec(`${web.url}/hang-body`, { timeoutMs: 300 })],
    ['keyword missing', 'down', 'keyword', 200, () => httpSpec(`${web.url}/ok`, { expect: { contains: 'Contact us' } })],
    ['keyword present', 'up', null, 200, () => httpSpec(`${web.url}/ok`, { expect: { contains: 'hotline is open' } })],
    ['forbidden keyword present', 'down', 'keyword', 200, () => httpSpec(`${web.url}/ok`, { expect: { notContains: 'Service unavailable' } })],
    ['keyword in a gzip body', 'up', null, 200, () => httpSpec(`${web.url}/gzip`, { expect: { contains: 'hotline is open' } })],
    ['keyword in a brotli body', 'up', null, 200, () => httpSpec(`${web.url}/br`, { expect: { contains: 'hotline is open' } })],
    ['keyword in a zlib deflate body', 'up', null, 200, () => httpSpec(`${web.url}/deflate`, { expect: { contains: 'hotline is open' } })],
    ['keyword in a raw deflate body', 'up', null, 200, () => httpSpec(`${web.url}/deflate-raw`, { expect: { contains: 'hotline is open' } })],
    ['2 MB body against a 1 MiB cap (content-length)', 'down', 'body_too_large', 200, () => httpSpec(`${web.url}/big`)],
    ['2 MB chunked body against a 1 MiB cap', 'down', 'body_too_large', 200, () => httpSpec(`${web.url}/big-chunked`, { expect: { contains: 'never' } })],
    ['gzip bomb', 'down', 'body_too_large', 200, () => httpSpec(`${web.url}/bomb`, { expect: { contains: 'never' } })],
    ['gzip bomb without keywords', 'down', 'body_too_large', 200, () => httpSpec(`${web.url}/bomb`)],
    ['redirect followed once', 'up', null, 200, () => httpSpec(`${web.url}/redirect-once`, { expect: { contains: 'hotline' } })],
    ['redirect loop', 'down', 'redirects', 301, () => httpSpec(`${web.url}/loop-a`)],
    ['redirect to file:', 'down', 'redirects', 302, () => httpSpec(`${web.url}/to-file`)],
    ['2 redirects with max 2', 'up', null, 200, () => httpSpec(`${web.url}/chain?left=2`, { maxRedirects: 2 })],
    ['3 redirects with max 2', 'down', 'redirects', 307, () => httpSpec(`${web.url}/chain?left=3`, { maxRedirects: 2 })],
    ['redirect with following off', 'down', 'redirects', 302, () => httpSpec(`${web.url}/redirect-once`, { maxRedirects: 0 })],
    ['expected 302 is not followed', 'up', null, 302, () => httpSpec(`${web.url}/redirect-once`, { maxRedirects: 0, expect: { status: [302] } })],
    ['303 after POST becomes GET', 'up', null, 200, () => httpSpec(`${web.url}/see-other`, { method: 'POST', body: 'x', expect: { contains: 'method:GET' } })],
    ['credentials dropped on a cross-origin redirect', 'up', null, 200, () => httpSpec(`${web.url}/to-other-origin`, { headers: { Authorization: 'Bearer s3cret-token' }, expect: { contains: 'auth:none' } })],
    ['default user agent and accept-encoding', 'up', null, 200, () => httpSpec(`${web.url}/echo-headers`, { expect: { contains: `ua:${USER_AGENT}\nae:gzip, deflate, br` } })],
    ['own user agent wins', 'up', null, 200, () => httpSpec(`${web.url}/echo-headers`, { headers: { 'User-Agent': 'custom/1' }, expect: { contains: 'ua:custom/1\n' } })],
    ['HEAD', 'up', null, 200, () => httpSpec(`${web.url}/head-only`, { method: 'HEAD' })],
    ['POST with a body', 'up', null, 200, () => httpSpec(`${web.url}/post`, { method: 'POST', body: '{"ping":true}', headers: { 'content-type': 'application/json' }, expect: { contains: 'received' } })],
    ['self-signed HTTPS', 'down', 'tls', null, () => httpSpec(`${tlsServer.url}/ok`)],
    ['self-signed HTTPS, insecure', 'up', null, 200, () => httpSpec(`${tlsServer.url}/ok`, { insecure: true })],
    ['expired HTTPS certificate', 'down', 'tls', null, () => httpSpec(`${expiredTlsServer.url}/ok`)],
    ['server closes the connection at once', 'down', 'connect', null, () => httpSpec(`${slamming.url.replace('tcp:', 'http:')}/`)],
    ['server answers garbage', 'down', 'other', null, () => httpSpec(`${garbage.url.replace('tcp:', 'http:')}/`)],
    ['unresolvable host', 'down', 'dns', null, () => httpSpec('http://supportwatch-probe-test.invalid/')],
  ])('%s → %s / %s / %s', async (_name, outcome, errorClass, httpStatus, spec) => {
    const result = await runHttpProbe(spec());
    expect({ outcome: result.outcome, errorClass: result.errorClass, httpStatus: result.httpStatus }).toEqual({
      outcome,
      errorClass,
      httpStatus,
    });
    expect(result.message === null).toBe(outcome === 'up');
    expect((result.message ?? '').length).toBeLessThanOrEqual(300);
    expect(Number.isInteger(result.durationMs)).toBe(true);
    // Every check, failed or not, says where its time went (details in http-phases.test.ts).
    const { total = -1, ...steps } = result.phases ?? {};
    expect(total).toBe(result.durationMs);
    const known = Object.values(steps).filter((ms): ms is number => ms !== null);
    expect(known.every((ms) => Number.isInteger(ms) && ms >= 0)).toBe(true);
    expect(known.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(total + 1);
  });

  it('classifies a refused port as connect', async () => {
    const port = await closedPort();
    const result = await runHttpProbe(httpSpec(`http://127.0.0.1:${port}/`));
    expect(result).toMatchObject({ outcome: 'down', errorClass: 'connect', httpStatus: null });
    expect(result.message).toContain('ECONNREFUSED');
  });

  it('ends an endless body without keywords', async () => {
    const result = await runHttpProbe(httpSpec(`${web.url}/endless`));
    expect(result.outcome).toBe('down');
    expect(['body_too_large', 'timeout']).toContain(result.errorClass);
    expect(result.httpStatus).toBe(200);
  });

  it('states the numbers in its messages', async () => {
    const [status, slow, tooBig] = await Promise.all([
      runHttpProbe(httpSpec(`${web.url}/error`)),
      runHttpProbe(httpSpec(`${web.url}/slow`, { expect: { maxLatencyMs: 50 } })),
      runHttpProbe(httpSpec(`${web.url}/bomb`)),
    ]);
    expect(status.message).toBe('expected status 200, got 500');
    expect(slow.message).toMatch(/^answered in \d+ ms, slower than the 50 ms limit$/);
    expect(slow.durationMs).toBeGreaterThanOrEqual(250);
    expect(tooBig.message).toBe('body is larger than the 1 MiB limit');
  });

  it('records the start time and never leaks request headers into messages', async () => {
    const before = Date.now();
    const result = await runHttpProbe(
      httpSpec(`${web.url}/error`, { headers: { authorization: 'Bearer s3cret-token' } }),
    );
    expect(result.startedAt).toBeGreaterThanOrEqual(before);
    expect(result.message).not.toContain('s3cret-token');
  });
});

/** Parses condition sources that must be valid. */
function conditions(...sources: string[]): Condition[] {
  return sources.map((source) => {
    const parsed = parseCondition(source);
    if (isConditionSyntaxError(parsed)) throw new Error(parsed.message);
    return parsed;
  });
}

interface ConditionCase {
  name: string;
  spec: () => HttpProbeSpec;
  outcome: string;
  errorClass: string | null;
  httpStatus: number;
  message: string | RegExp | null;
  /** `[ok, actual]` per condition, in order; undefined = not evaluated. */
  results: [boolean, string | RegExp][] | undefined;
}

describe('runHttpProbe with conditions', () => {
  it.each<ConditionCase>([
    {
      name: 'JSON health endpoint, all good',
      spec: () => httpSpec(`${web.url}/health-ok`, {
        conditions: conditions('json.status == "ok"', 'json.queue.wait_s < 300', 'json.items[0].state == "open"', 'json.count >= 1'),
      }),
      outcome: 'up', errorClass: null, httpStatus: 200, message: null,
      results: [[true, '"ok"'], [true, '12'], [true, '"open"'], [true, '2']],
    },
    {
      name: 'JSON health endpoint, busy',
      spec: () => httpSpec(`${web.url}/health-busy`, { conditions: conditions('json.status == "ok"', 'json.queue.wait_s < 300') }),
      outcome: 'down', errorClass: 'condition', httpStatus: 200,
      message: 'condition failed: json.status == "ok" (got "busy"), and 1 more',
      results: [[false, '"busy"'], [false, '900']],
    },
    {
      name: 'body that is not JSON',
      spec: () => httpSpec(`${web.url}/health-html`, { conditions: conditions('json.status == "ok"', 'body contains "online"') }),
      outcome: 'down', errorClass: 'condition', httpStatus: 200,
      message: 'condition failed: json.status == "ok" (got (not JSON))',
      results: [[false, '(not JSON)'], [true, '"<html>Service online</html>"']],
    },
    {
      name: 'JSON in a gzip body',
      spec: () => httpSpec(`${web.url}/health-gzip`, { conditions: conditions('json.status == "ok"') }),
      outcome: 'up', errorClass: null, httpStatus: 200, message: null, results: [[true, '"ok"']],
    },
    {
      name: 'JSON past the keyword window is parsed whole; body searches stay in the window',
      spec: () => httpSpec(`${web.url}/health-big`, { conditions: conditions('json.status == "ok"', 'body contains "status"') }),
      outcome: 'down', errorClass: 'condition', httpStatus: 200,
      message: /^condition failed: body contains "status" \(got "\{\\"pad\\":\\"x+…"\)$/,
      results: [[true, '"ok"'], [false, /^"\{\\"pad\\":\\"x{66}…"$/]],
    },
    {
      name: 'headers: contains, numeric, absent, secret',
      spec: () => httpSpec(`${web.url}/health-ok`, {
        conditions: conditions('header.content-type contains "json"', 'header.x-queue-depth < 10', 'header.retry-after == null', 'header.set-cookie contains "sid="'),
      }),
      outcome: 'up', errorClass: null, httpStatus: 200, message: null,
      results: [[true, '"application/json"'], [true, '"3"'], [true, '(missing)'], [true, '(hidden)']],
    },
    {
      name: 'header condition failing',
      spec: () => httpSpec(`${web.url}/health-html`, { conditions: conditions('header.content-type contains "json"') }),
      outcome: 'down', errorClass: 'condition', httpStatus: 200,
      message: 'condition failed: header.content-type contains "json" (got "text/html")',
      results: [[false, '"text/html"']],
    },
    {
      name: 'status condition failing on an accepted status',
      spec: () => httpSpec(`${web.url}/health-503`, { expect: { status: [200, 503] }, conditions: conditions('status == 200') }),
      outcome: 'down', errorClass: 'condition', httpStatus: 503,
      message: 'condition failed: status == 200 (got 503)', results: [[false, '503']],
    },
    {
      name: 'status condition holding',
      spec: () => httpSpec(`${web.url}/health-503`, { expect: { status: [200, 503] }, conditions: conditions('status == 503', 'json.status == "maintenance"') }),
      outcome: 'up', errorClass: null, httpStatus: 503, message: null, results: [[true, '503'], [true, '"maintenance"']],
    },
    {
      name: 'expected status is judged first; conditions are not evaluated',
      spec: () => httpSpec(`${web.url}/health-503`, { conditions: conditions('json.status == "maintenance"') }),
      outcome: 'down', errorClass: 'http_status', httpStatus: 503, message: 'expected status 200, got 503', results: undefined,
    },
    {
      name: 'latency condition failing makes the check degraded',
      spec: () => httpSpec(`${web.url}/health-slow`, { conditions: conditions('latency < 50ms', 'json.status == "ok"') }),
      outcome: 'degraded', errorClass: null, httpStatus: 200,
      message: /^condition failed: latency < 50ms \(got \d+ms\)$/,
      results: [[false, /^\d+ms$/], [true, '"ok"']],
    },
    {
      name: 'a wrong answer wins over a slow one',
      spec: () => httpSpec(`${web.url}/health-slow`, { conditions: conditions('latency < 50ms', 'json.status == "busy"') }),
      outcome: 'down', errorClass: 'condition', httpStatus: 200,
      message: 'condition failed: json.status == "busy" (got "ok")',
      results: [[false, /^\d+ms$/], [false, '"ok"']],
    },
    {
      name: 'latency condition holding',
      spec: () => httpSpec(`${web.url}/health-ok`, { conditions: conditions('latency < 10s') }),
      outcome: 'up', errorClass: null, httpStatus: 200, message: null, results: [[true, /^\d+ms$/]],
    },
    {
      name: 'HEAD has no body for json conditions',
      spec: () => httpSpec(`${web.url}/head-only`, { method: 'HEAD', conditions: conditions('status == 200', 'json.ok == true') }),
      outcome: 'down', errorClass: 'condition', httpStatus: 200,
      message: 'condition failed: json.ok == true (got (no body))', results: [[true, '200'], [false, '(no body)']],
    },
    {
      name: 'conditions on the page a redirect leads to',
      spec: () => httpSpec(`${web.url}/to-health`, { conditions: conditions('status == 200', 'json.status == "ok"') }),
      outcome: 'up', errorClass: null, httpStatus: 200, message: null, results: [[true, '200'], [true, '"ok"']],
    },
    {
      name: 'a failed keyword comes first; conditions still run',
      spec: () => httpSpec(`${web.url}/health-ok`, { expect: { contains: 'maintenance' }, conditions: conditions('json.status == "ok"') }),
      outcome: 'down', errorClass: 'keyword', httpStatus: 200,
      message: 'expected "maintenance" in the body, not found', results: [[true, '"ok"']],
    },
    {
      name: 'certificate days left over HTTPS',
      spec: () => httpSpec(`${tlsServer.url}/health-ok`, { insecure: true, conditions: conditions('cert.days_left > 14', 'cert.days_left > 40') }),
      outcome: 'down', errorClass: 'condition', httpStatus: 200,
      message: /^condition failed: cert\.days_left > 40 \(got 2[89]\)$/,
      results: [[true, /^2[89]$/], [false, /^2[89]$/]],
    },
    {
      name: 'no certificate over plain HTTP',
      spec: () => httpSpec(`${web.url}/health-ok`, { conditions: conditions('cert.days_left > 14') }),
      outcome: 'down', errorClass: 'condition', httpStatus: 200,
      message: 'condition failed: cert.days_left > 14 (got (no certificate))', results: [[false, '(no certificate)']],
    },
    {
      name: 'no conditions, no results',
      spec: () => httpSpec(`${web.url}/health-ok`, { conditions: [] }),
      outcome: 'up', errorClass: null, httpStatus: 200, message: null, results: undefined,
    },
  ])('$name', async ({ spec, outcome, errorClass, httpStatus, message, results }) => {
    const s = spec();
    const result = await runHttpProbe(s);
    expect({ outcome: result.outcome, errorClass: result.errorClass, httpStatus: result.httpStatus }).toEqual({
      outcome,
      errorClass,
      httpStatus,
    });
    if (message instanceof RegExp) expect(result.message).toMatch(message);
    else expect(result.message).toBe(message);
    expect(result.conditions).toEqual(
      results?.map(([ok, actual], i) => ({
        source: s.conditions?.[i]?.source,
        ok,
        actual: typeof actual === 'string' ? actual : expect.stringMatching(actual),
      })),
    );
  });

  it('records when the certificate of an HTTPS page expires', async () => {
    const result = await runHttpProbe(httpSpec(`${tlsServer.url}/ok`, { insecure: true }));
    expect(result.certExpiresAt).toBeGreaterThan(Date.now() + 27 * 86_400_000);
    expect((await runHttpProbe(httpSpec(`${web.url}/ok`))).certExpiresAt).toBeUndefined();
  });

  it('never shows a request secret that the server echoes', async () => {
    const result = await runHttpProbe(
      httpSpec(`${web.url}/echo-auth`, { headers: { authorization: 'Bearer s3cret-token' }, conditions: conditions('json.auth == "none"') }),
    );
    expect(result.conditions).toEqual([{ source: 'json.auth == "none"', ok: false, actual: '"[redacted]"' }]);
    expect(result.message).toBe('condition failed: json.auth == "none" (got "[redacted]")');
  });
});

describe('classifyError', () => {
  const ctx: FailureContext = { timedOut: false, timeoutMs: 2000, phase: 'connect', target: 'example.com:443' };
  const coded = (code: string, message = code): Error => Object.assign(new Error(message), { code });

  it.each<[string, string, unknown, Partial<FailureContext>]>([
    ['ENOTFOUND', 'dns', coded('ENOTFOUND'), {}],
    ['EAI_AGAIN', 'dns', coded('EAI_AGAIN'), {}],
    ['ECONNREFUSED', 'connect', coded('ECONNREFUSED'), {}],
    ['EHOSTUNREACH', 'connect', coded('EHOSTUNREACH'), {}],
    ['ENETUNREACH', 'connect', coded('ENETUNREACH'), {}],
    ['ECONNRESET before a response', 'connect', coded('ECONNRESET'), { phase: 'response' }],
    ['ECONNRESET in the body', 'other', coded('ECONNRESET'), { phase: 'body' }],
    ['self-signed', 'tls', coded('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'), {}],
    ['expired', 'tls', coded('CERT_HAS_EXPIRED', 'certificate has expired'), {}],
    ['hostname mismatch', 'tls', coded('ERR_TLS_CERT_ALTNAME_INVALID'), {}],
    ['unknown issuer', 'tls', coded('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), {}],
    ['SSL protocol error', 'tls', coded('ERR_SSL_WRONG_VERSION_NUMBER'), {}],
    ['headers timeout', 'timeout', coded('UND_ERR_HEADERS_TIMEOUT'), {}],
    ['connect timeout', 'timeout', coded('UND_ERR_CONNECT_TIMEOUT'), {}],
    ['deadline beats any code', 'timeout', coded('ECONNRESET'), { timedOut: true }],
    ['code in the cause chain', 'dns', new Error('fetch failed', { cause: new Error('x', { cause: coded('ENOTFOUND') }) }), {}],
    ['code in an AggregateError', 'connect', new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')]), {}],
    ['parser error', 'other', coded('HPE_INVALID_CONSTANT', 'Expected HTTP/'), {}],
    ['not an Error', 'other', 'boom', {}],
  ])('%s → %s', (_name, errorClass, err, extra) => {
    expect(classifyError(err, { ...ctx, ...extra }).errorClass).toBe(errorClass);
  });

  it('keeps the code of an unknown error in the message', () => {
    expect(classifyError(coded('HPE_INVALID_CONSTANT', 'Expected HTTP/'), ctx).message).toContain('HPE_INVALID_CONSTANT');
  });

  it('survives a circular cause chain', () => {
    const a = new Error('a') as Error & { cause?: unknown };
    a.cause = a;
    expect(classifyError(a, ctx).errorClass).toBe('other');
  });
});

describe('decisions', () => {
  it.each<[number, number[], string | null]>([
    [200, [200], null],
    [503, [200], 'expected status 200, got 503'],
    [503, [200, 204], 'expected status 200 or 204, got 503'],
    [404, [200, 201, 204], 'expected status 200, 201 or 204, got 404'],
  ])('judgeStatus(%i, %j)', (status, accepted, message) => {
    expect(judgeStatus(status, accepted)?.message ?? null).toBe(message);
  });

  it.each<[string | null, string | null, string | null, string | null]>([
    ['hello world', null, null, null],
    ['hello world', 'world', null, null],
    ['hello world', 'moon', null, 'expected "moon" in the body, not found'],
    ['hello world', null, 'world', 'found forbidden text "world" in the body'],
    ['hello world', 'hello', 'moon', null],
    [null, 'hello', null, 'a HEAD response has no body to search for keywords'],
    [null, null, null, null],
  ])('judgeKeywords(%j, contains %j, notContains %j)', (text, contains, notContains, message) => {
    expect(judgeKeywords(text, { contains, notContains })?.message ?? null).toBe(message);
  });

  it.each<[number, number | null, string | null]>([
    [2310, 2000, 'answered in 2310 ms, slower than the 2000 ms limit'],
    [2000, 2000, null],
    [5000, null, null],
  ])('judgeLatency(%i, %j)', (ms, limit, message) => {
    expect(judgeLatency(ms, limit)).toBe(message);
  });

  it('decideOutcome: a failure wins over latency', () => {
    const failure = { errorClass: 'keyword' as const, message: 'x' };
    expect(decideOutcome({ startedAt: 1, durationMs: 9000, httpStatus: 200, failure, maxLatencyMs: 10 })).toEqual({
      startedAt: 1, durationMs: 9000, httpStatus: 200, outcome: 'down', errorClass: 'keyword', message: 'x',
    });
  });

  const facts: ResponseFacts = {
    status: 200,
    latencyMs: 950,
    headers: { 'content-type': 'application/json' },
    bodyText: '{"status":"busy"}',
    fullText: '{"status":"busy"}',
    certDaysLeft: null,
  };

  it.each<[string, string[], string | null, string | null]>([
    ['all good', ['status == 200', 'latency < 1s'], null, null],
    ['wrong answer', ['json.status == "ok"'], 'condition failed: json.status == "ok" (got "busy")', null],
    ['slow answer', ['latency < 800ms'], null, 'condition failed: latency < 800ms (got 950ms)'],
    ['both', ['latency < 800ms', 'status == 204', 'json.status == "ok"'], 'condition failed: status == 204 (got 200), and 1 more', 'condition failed: latency < 800ms (got 950ms)'],
  ])('judgeConditions: %s', (_name, sources, failure, slow) => {
    const verdict = judgeConditions(conditions(...sources), facts, []);
    expect(verdict.failure?.message ?? null).toBe(failure);
    expect(verdict.failure?.errorClass ?? null).toBe(failure === null ? null : 'condition');
    expect(verdict.slow).toBe(slow);
    expect(verdict.results.map((r) => r.source)).toEqual(sources);
  });

  it('decideOutcome: an earlier failure, then a failed condition, then slowness', () => {
    const base = { startedAt: 1, durationMs: 950, httpStatus: 200, maxLatencyMs: null };
    const verdict = (failure: boolean, slow: boolean): ConditionVerdict => ({
      results: [{ source: 'x', ok: false, actual: '1' }],
      failure: failure ? { errorClass: CONDITION_ERROR_CLASS, message: 'condition failed: x' } : null,
      slow: slow ? 'condition failed: latency' : null,
    });
    const keyword = { errorClass: 'keyword' as const, message: 'keyword missing' };
    expect(decideOutcome({ ...base, failure: keyword, conditions: verdict(true, true) })).toMatchObject({
      outcome: 'down', errorClass: 'keyword', message: 'keyword missing', conditions: [{ source: 'x' }],
    });
    expect(decideOutcome({ ...base, failure: null, conditions: verdict(true, true) })).toMatchObject({
      outcome: 'down', errorClass: 'condition', message: 'condition failed: x',
    });
    expect(decideOutcome({ ...base, failure: null, conditions: verdict(false, true) })).toMatchObject({
      outcome: 'degraded', errorClass: null, message: 'condition failed: latency',
    });
    expect(decideOutcome({ ...base, maxLatencyMs: 500, failure: null, conditions: verdict(false, true) })).toMatchObject({
      outcome: 'degraded', message: 'answered in 950 ms, slower than the 500 ms limit',
    });
    expect(decideOutcome({ ...base, failure: null, conditions: null })).not.toHaveProperty('conditions');
  });

  it('keywordWindow keeps the first 256 KiB of a longer text', () => {
    expect(keywordWindow('short')).toBe('short');
    const long = 'é'.repeat(KEYWORD_WINDOW_BYTES);
    expect(Buffer.byteLength(keywordWindow(long))).toBe(KEYWORD_WINDOW_BYTES);
  });

  it('sanitizeMessage removes secrets and caps the length', () => {
    expect(sanitizeMessage('token abcdef123 leaked', ['abcdef123'])).toBe('token [redacted] leaked');
    expect(sanitizeMessage('x'.repeat(500), [])).toHaveLength(300);
  });

  it.each<[string | undefined, string[]]>([
    [undefined, []],
    ['gzip', ['gzip']],
    ['identity', []],
    ['GZIP, br', ['gzip', 'br']],
  ])('parseCodings(%j)', (header, codings) => {
    expect(parseCodings(header)).toEqual(codings);
  });

  it.each([[MiB, '1 MiB'], [256 * 1024, '256 KiB'], [1000, '1000 bytes']])('formatBytes(%i)', (n, text) => {
    expect(formatBytes(n)).toBe(text);
  });
});

describe('planRedirect', () => {
  const post: RequestPlan = {
    url: new URL('https://a.example/form?x=1'),
    method: 'POST',
    headers: { authorization: 'Bearer t', cookie: 'c=1', 'content-type': 'text/plain', accept: '*/*' },
    body: 'data',
  };
  const state = { followed: 0, maxRedirects: 5, visited: new Set<string>() };

  it.each<[number, string, string, string, string | null, string[]]>([
    [302, '/done', 'https://a.example/done', 'GET', null, ['authorization', 'cookie', 'accept']],
    [303, 'https://a.example/x', 'https://a.example/x', 'GET', null, ['authorization', 'cookie', 'accept']],
    [307, 'again', 'https://a.example/again', 'POST', 'data', ['authorization', 'cookie', 'content-type', 'accept']],
    [308, 'https://b.example/', 'https://b.example/', 'POST', 'data', ['content-type', 'accept']],
    [301, '//b.example/p#frag', 'https://b.example/p', 'GET', null, ['accept']],
  ])('%i to %s', (status, location, url, method, body, headerNames) => {
    const step = planRedirect(post, status, location, state);
    if (!('next' in step)) throw new Error(step.failure.message);
    expect(step.next.url.href).toBe(url);
    expect(step.next.method).toBe(method);
    expect(step.next.body).toBe(body);
    expect(Object.keys(step.next.headers).sort()).toEqual([...headerNames].sort());
  });

  it.each<[string, string, Partial<typeof state>, RegExp]>([
    ['file scheme', 'file:///etc/passwd', {}, /non-HTTP address \(file:\/\/\/etc\/passwd\)/],
    ['javascript scheme', 'javascript:alert(1)', {}, /non-HTTP/],
    ['too many', '/next', { followed: 5 }, /more than 5 redirects/],
    ['following off', '/next', { maxRedirects: 0 }, /following redirects is off/],
    ['loop', '/form?x=1', { visited: new Set(['https://a.example/form?x=1']) }, /redirect loop/],
    ['invalid location', 'http://[::1', {}, /invalid Location/],
  ])('%s → redirects', (_name, location, extra, message) => {
    const step = planRedirect(post, 302, location, { ...state, ...extra });
    if (!('failure' in step)) throw new Error('expected a failure');
    expect(step.failure.errorClass).toBe('redirects');
    expect(step.failure.message).toMatch(message);
  });
});
