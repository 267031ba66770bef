/**
 * Metrics: the text the app and the monitor serve parses strictly in the Prometheus format;
 * the scheduler's histogram and the channel states become the families promised; and a real
 * started monitor's `/metrics` moves as it checks local servers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { addToHistogram, emptyHistogram } from '../../src/domain/history/latency-histogram.ts';
import { silentLogger } from '../../src/log.ts';
import { channelStateFamilies } from '../../src/metrics/channel-states.ts';
import { formatFamilies } from '../../src/metrics/exposition.ts';
import { ProcessMetrics } from '../../src/metrics/process-metrics.ts';
import { schedulerFamilies } from '../../src/metrics/scheduler.ts';
import { start, type Running } from '../../src/node.ts';
import { syncCatalog } from '../../src/store/catalog-sync.ts';
import { openSqlite } from '../../src/store/sqlite.ts';
import { makeCatalog, makeChannel, makeProvider, probeCommon } from '../support/catalog.ts';
import { startHttpServer, type LocalServer } from '../support/local-server.ts';
import { parsePrometheusText, valueOf } from './prometheus-text.ts';

describe('exposition', () => {
  it('escapes label values and help text', () => {
    const text = formatFamilies([{ name: 'x_up', help: 'Line\\one\nline two', type: 'gauge', samples: [{ labels: { id: 'a"b\\c\nd' }, value: 1 }] }]);
    expect(text).toBe('# HELP x_up Line\\\\one\\nline two\n# TYPE x_up gauge\nx_up{id="a\\"b\\\\c\\nd"} 1\n');
    expect(valueOf(parsePrometheusText(text), 'x_up', { id: 'a"b\\c\nd' })).toBe(1);
  });

  it('counts channels by state and gives each measured channel an up sample', () => {
    const text = formatFamilies(
      channelStateFamilies([
        { provider: 'acme', channel: 'acme-chat', state: 'up' },
        { provider: 'acme', channel: 'acme-mail', state: 'degraded' },
        { provider: 'acme', channel: 'acme-hotline', state: 'down' },
        { provider: 'acme', channel: 'acme-form', state: 'closed' },
        { provider: 'acme', channel: 'acme-phone', state: 'unknown' },
      ]),
    );
    const families = parsePrometheusText(text);
    expect(families.get('supportwatch_channels')!.samples.map((s) => [s.labels.state, s.value])).toEqual([
      ['up', 1],
      ['degraded', 1],
      ['down', 1],
      ['closed', 1],
      ['maintenance', 0],
      ['unknown', 1],
    ]);
    expect(families.get('supportwatch_channel_up')!.samples.map((s) => [s.labels.channel, s.value])).toEqual([
      ['acme-chat', 1],
      ['acme-mail', 1],
      ['acme-hotline', 0],
    ]);
  });

  it('serves the scheduler lateness as a cumulative histogram', () => {
    let lateness = emptyHistogram();
    for (const ms of [0, 3, 40, 40, 700, 2000, 200_000]) lateness = addToHistogram(lateness, ms);
    const stats = { started: 7, skipped: 2, lateOver1s: 2, maxLatenessMs: 200_000, lateness: [...lateness] };
    const families = parsePrometheusText(formatFamilies(schedulerFamilies(stats)));
    const bucket = (le: string) => valueOf(families, 'supportwatch_scheduler_lateness_seconds_bucket', { le });
    expect([bucket('0.005'), bucket('0.05'), bucket('1'), bucket('2.5'), bucket('60'), bucket('+Inf')]).toEqual([2, 4, 5, 6, 6, 7]);
    expect(valueOf(families, 'supportwatch_scheduler_lateness_seconds_count')).toBe(7);
    // The scheduler's histogram ends at 120 s: a later start counts as about 120 s in the sum.
    expect(valueOf(families, 'supportwatch_scheduler_lateness_seconds_sum')).toBeGreaterThan(120);
    expect(valueOf(families, 'supportwatch_scheduler_lateness_seconds_sum')).toBeLessThan(130);
    expect(valueOf(families, 'supportwatch_scheduler_skipped_total')).toBe(2);
    expect(valueOf(families, 'supportwatch_scheduler_max_lateness_seconds')).toBe(200);
  });

  it('keeps each monitor’s metrics apart (no global registry)', async () => {
    const a = new ProcessMetrics({ defaultMetrics: false });
    const b = new ProcessMetrics({ defaultMetrics: false });
    const spec = { ...probeCommon('x#0'), type: 'tcp' as const, host: '127.0.0.1', port: 9, tls: false, insecure: false };
    await a.wrap(async () => ({ startedAt: 0, durationMs: 20, outcome: 'up', httpStatus: null, errorClass: null, message: null }))(spec);
    expect(valueOf(parsePrometheusText(await a.render()), 'supportwatch_checks_total', { type: 'tcp', outcome: 'up' })).toBe(1);
    expect(valueOf(parsePrometheusText(await b.render()), 'supportwatch_checks_total', { type: 'tcp', outcome: 'up' })).toBe(0);
  });
});

describe('GET /metrics of a started monitor', () => {
  const ADMIN = 'metrics-test-admin-key';
  let target: LocalServer;
  let running: Running;
  let dir: string;

  beforeAll(async () => {
    target = await startHttpServer((req, res) => {
      if (req.url === '/ok') res.writeHead(200, { 'content-type': 'text/plain' }).end('online');
      else if (req.url === '/news') res.writeHead(200, { 'content-type': 'application/rss+xml' }).end('this is not a feed');
      else res.writeHead(503).end('unavailable');
    });
    dir = mkdtempSync(join(tmpdir(), 'supportwatch-metrics-'));
    const fast = { intervalMs: 100, timeoutMs: 2000 };
    const catalog = makeCatalog([
      makeProvider('acme', [
        makeChannel('acme-ok', { probe: { ...fast, url: `${target.url}/ok` } }),
        makeChannel('acme-bad', { probe: { ...fast, url: `${target.url}/bad` } }),
        makeChannel('acme-news', { kind: 'announcements', probes: [{ ...probeCommon('acme-news#0'), ...fast, type: 'feed', format: 'rss', url: `${target.url}/news`, selectors: null }] }),
      ]),
    ]);
    running = await start({ catalog, databasePath: join(dir, 'metrics.db'), port: 0, host: '127.0.0.1', log: silentLogger, adminKey: ADMIN, monitor: { writer: { flushMs: 20 } } });
  });

  afterAll(async () => {
    await running?.stop();
    await target?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function scrape() {
    const res = await fetch(`${running.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    return parsePrometheusText(await res.text());
  }

  it('wants a key of scope read', async () => {
    const res = await fetch(`${running.url}/metrics`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'unauthorized' });
  });

  it('counts real checks, their latency, source errors, the scheduler and channel states', async () => {
    const want = (f: Map<string, unknown>) =>
      (valueOf(f as never, 'supportwatch_checks_total', { type: 'http', outcome: 'up' }) ?? 0) >= 2 &&
      (valueOf(f as never, 'supportwatch_checks_total', { type: 'http', outcome: 'down' }) ?? 0) >= 2 &&
      (valueOf(f as never, 'supportwatch_notice_source_errors_total', { source: 'acme-news#0' }) ?? 0) >= 1 &&
      valueOf(f as never, 'supportwatch_channel_up', { channel: 'acme-bad' }) === 0 &&
      valueOf(f as never, 'supportwatch_channel_up', { channel: 'acme-news' }) === 0 &&
      valueOf(f as never, 'supportwatch_channel_up', { channel: 'acme-ok' }) === 1;
    const first = await scrape();
    const deadline = Date.now() + 20_000;
    let families = first;
    while (!want(families)) {
      if (Date.now() > deadline) throw new Error('metrics never moved');
      await new Promise((r) => setTimeout(r, 100));
      families = await scrape();
    }
    expect(valueOf(families, 'supportwatch_check_duration_seconds_count', { type: 'http' })).toBeGreaterThanOrEqual(4);
    expect(valueOf(families, 'supportwatch_checks_total', { type: 'feed', outcome: 'down' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(families, 'supportwatch_scheduler_runs_total')).toBeGreaterThanOrEqual(5);
    expect(valueOf(families, 'supportwatch_scheduler_lateness_seconds_count')).toBeGreaterThanOrEqual(5);
    // The failing chat, and the announcement page whose feed cannot be read.
    expect(valueOf(families, 'supportwatch_channels', { state: 'down' })).toBe(2);
    expect(families.get('process_resident_memory_bytes')?.type).toBe('gauge');
    // Counters only go up between scrapes.
    const runs = (f: typeof families) => valueOf(f, 'supportwatch_scheduler_runs_total')!;
    expect(runs(families)).toBeGreaterThanOrEqual(runs(first));
  });
});

describe('GET /metrics, public', () => {
  it('serves channel states without a key when metricsPublic is set, and process metrics when given', async () => {
    const handle = openSqlite(':memory:');
    await syncCatalog(handle, makeCatalog([makeProvider('acme', [makeChannel('acme-chat')])]), 0);
    const process = new ProcessMetrics({ defaultMetrics: false });
    const app = createApp({ database: handle, log: silentLogger, now: () => 0, version: 'test', metricsPublic: true, metrics: () => process.render() });
    const res = await app.request('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const families = parsePrometheusText(await res.text());
    expect(valueOf(families, 'supportwatch_channels', { state: 'unknown' })).toBe(1);
    expect(valueOf(families, 'supportwatch_checks_total', { type: 'http', outcome: 'up' })).toBe(0);
    handle.close();
  });
});
