/**
 * The probes a Worker runs, in workerd against the local target of the global setup: the
 * HTTP probe over `fetch` keeps the Node probe's rules (redirect limit and loops, body cap,
 * keywords, conditions, one deadline), `tcp` connects with `connect()`, and the kinds a Worker
 * cannot run give no result at all rather than a made-up one.
 */
import { describe, expect, inject, it } from 'vitest';
import type { Condition } from '../../src/domain/conditions/index.ts';
import { parseCondition } from '../../src/domain/conditions/index.ts';
import { runFetchProbe } from '../../src/worker/http-probe.ts';
import { runWorkerProbe } from '../../src/worker/probes.ts';
import { runSocketProbe } from '../../src/worker/socket-probe.ts';
import { makeProbe, probeCommon } from '../support/catalog.ts';

const port = inject('targetPort');
const url = (path: string) => `http://127.0.0.1:${port}${path}`;

function condition(source: string): Condition {
  const parsed = parseCondition(source);
  if ('error' in parsed || !('left' in parsed)) throw new Error(`bad condition ${source}`);
  return parsed;
}

describe('the HTTP probe over fetch', () => {
  it.each([
    { name: 'a good answer with its keyword', over: { url: url('/status'), expect: { status: [200], contains: 'online', notContains: null, maxLatencyMs: null } }, outcome: 'up', errorClass: null },
    { name: 'redirects within the limit', over: { url: url('/hop/3'), maxRedirects: 5 }, outcome: 'up', errorClass: null },
    { name: 'more redirects than allowed', over: { url: url('/hop/3'), maxRedirects: 2 }, outcome: 'down', errorClass: 'redirects' },
    { name: 'a redirect loop', over: { url: url('/loop') }, outcome: 'down', errorClass: 'redirects' },
    { name: 'a missing keyword', over: { url: url('/status'), expect: { status: [200], contains: 'busy', notContains: null, maxLatencyMs: null } }, outcome: 'down', errorClass: 'keyword' },
    { name: 'a body over the cap', over: { url: url('/big'), maxBodyBytes: 100 * 1024 }, outcome: 'down', errorClass: 'body_too_large' },
    { name: 'a refused connection', over: { url: 'http://127.0.0.1:9/' }, outcome: 'down', errorClass: 'connect' },
    { name: 'a target that never answers', over: { url: url('/hang'), timeoutMs: 500 }, outcome: 'down', errorClass: 'timeout' },
  ] as const)('$name → $outcome $errorClass', async ({ over, outcome, errorClass }) => {
    const result = await runFetchProbe(makeProbe('w-chat', { ...over } as never));
    expect(result).toMatchObject({ outcome, errorClass });
    expect(result.phases?.total).toBe(result.durationMs);
  });

  it('judges JSON conditions and keeps each condition’s result', async () => {
    const spec = makeProbe('w-chat', { url: url('/json'), conditions: [condition('json.status == "ok"'), condition('json.queue.wait_s < 300')] });
    const result = await runFetchProbe(spec);
    expect(result).toMatchObject({ outcome: 'down', errorClass: 'condition', httpStatus: 200 });
    expect(result.conditions?.map((c) => c.ok)).toEqual([true, false]);
  });
});

describe('the other kinds', () => {
  it('connects over TCP, and says why when nothing listens', async () => {
    const spec = { ...probeCommon('w-app#0'), type: 'tcp' as const, host: '127.0.0.1', port, tls: false, insecure: false };
    expect(await runSocketProbe(spec)).toMatchObject({ outcome: 'up', errorClass: null });
    expect(await runSocketProbe({ ...spec, port: 9 })).toMatchObject({ outcome: 'down', errorClass: 'connect' });
  });

  it('does not run SMTP or announcement sources', () => {
    const smtp = { ...probeCommon('w-mail#0'), type: 'smtp' as const, host: '127.0.0.1', domain: null, port: 25, starttls: false, insecure: false, helo: 'x' };
    expect(runWorkerProbe(smtp)).toBeNull();
  });
});
