/**
 * Small builders for catalog values with sensible defaults, so a test states only what it is
 * about. They build the normalised `Catalog` directly, bypassing the config loader, so its
 * limits (such as the 10 s minimum interval) do not apply: a monitor test may probe every 50 ms.
 *
 * Defaults: provider `acme` in `UTC`, channel kind `hotline` open `always`, one HTTP probe per
 * channel keyed `<channel id>#0`, every 60 s, thresholds 2 failures / 1 success.
 *
 * @example
 * const catalog = makeCatalog([
 *   makeProvider('acme', [
 *     makeChannel('acme-hotline', { probe: { intervalMs: 50, failureThreshold: 3 } }),
 *     makeChannel('acme-chat', { kind: 'live_chat', hours: { kind: 'weekly', ranges: [], exceptions: {} } }),
 *   ]),
 * ]);
 * const failed = makeCheck('down', Date.now(), { errorClass: 'timeout' });
 */
import type { Catalog, Channel, CheckResult, HttpProbeSpec, ProbeCommon, Provider, ServiceHours } from '../../src/domain/catalog.ts';
import type { CheckOutcome } from '../../src/domain/vocabulary.ts';
import { DEFAULT_MAX_CONCURRENT, DEFAULT_MAX_PER_HOST } from '../../src/scheduler/scheduler.ts';

/** Open around the clock. */
export const ALWAYS_OPEN: ServiceHours = { kind: 'always' };

/** Weekly hours with no range at all: never open. */
export const NEVER_OPEN: ServiceHours = { kind: 'weekly', ranges: [], exceptions: {} };

/**
 * An HTTP probe of `channelId` at position `index` (key `<channelId>#<index>`). The default URL
 * points at 127.0.0.1 port 9 (discard), so a probe that is run by mistake never leaves the box.
 */
export function makeProbe(channelId: string, overrides: Partial<HttpProbeSpec> = {}): HttpProbeSpec {
  const index = overrides.index ?? 0;
  return {
    type: 'http',
    key: `${channelId}#${index}`,
    channelId,
    index,
    intervalMs: 60_000,
    timeoutMs: 10_000,
    failureThreshold: 2,
    successThreshold: 1,
    retry: 0,
    retryDelayMs: 5_000,
    url: `http://127.0.0.1:9/${channelId}/${index}`,
    method: 'GET',
    headers: {},
    body: null,
    expect: { status: [200], contains: null, notContains: null, maxLatencyMs: null },
    maxBodyBytes: 262_144,
    maxRedirects: 5,
    insecure: false,
    conditions: [],
    ...overrides,
  };
}

export interface ChannelOverrides extends Partial<Channel> {
  /** Overrides for the default single probe; ignored when `probes` is given. */
  probe?: Partial<HttpProbeSpec>;
}

/**
 * A channel with one default probe (tuned by `probe`), or with exactly `probes` when given
 * (`probes: []` makes a channel nothing can check, such as a phone line).
 */
export function makeChannel(id: string, overrides: ChannelOverrides = {}): Channel {
  const { probe, ...rest } = overrides;
  return {
    id,
    providerId: 'acme',
    kind: 'hotline',
    name: `Channel ${id}`,
    contact: null,
    hours: ALWAYS_OPEN,
    maintenance: [],
    languages: ['en'],
    probes: [makeProbe(id, probe)],
    ...rest,
  };
}

/** A provider owning `channels`; each channel's `providerId` is set to `id`. */
export function makeProvider(id: string, channels: Channel[] = [], overrides: Partial<Omit<Provider, 'channels'>> = {}): Provider {
  return {
    id,
    name: `Provider ${id}`,
    timezone: 'UTC',
    locale: 'en',
    maintenance: [],
    ...overrides,
    channels: channels.map((c) => ({ ...c, providerId: id })),
  };
}

/** A catalog of `providers`, keeping raw checks for 30 days unless told otherwise. */
export function makeCatalog(providers: Provider[], overrides: Partial<Omit<Catalog, 'providers'>> = {}): Catalog {
  return { retention: { checksMs: 30 * 86_400_000 }, probing: { maxConcurrent: DEFAULT_MAX_CONCURRENT, maxPerHost: DEFAULT_MAX_PER_HOST }, ...overrides, providers };
}

/**
 * A check result. A `down` check gets error class `connect` and a message unless overridden;
 * a `degraded` one gets a message; an `up` one has status 200 and neither.
 */
export function makeCheck(outcome: CheckOutcome, startedAt: number, overrides: Partial<CheckResult> = {}): CheckResult {
  return {
    startedAt,
    durationMs: 5,
    outcome,
    httpStatus: outcome === 'down' ? null : 200,
    errorClass: outcome === 'down' ? 'connect' : null,
    message: outcome === 'down' ? 'connection refused' : outcome === 'degraded' ? 'slow answer' : null,
    ...overrides,
  };
}

/**
 * The fields every probe spec shares, with test defaults: checked every 60 s with a 2 s
 * timeout, thresholds 2/1, no retries. Spread it into a probe kind's own fields.
 *
 * @example const spec: TcpProbeSpec = { ...probeCommon('chat#0'), type: 'tcp', host: '127.0.0.1', port, tls: false, insecure: false };
 */
export function probeCommon(key: string): ProbeCommon {
  const [channelId = key, index = '0'] = key.split('#');
  return {
    key,
    channelId,
    index: Number(index),
    intervalMs: 60_000,
    timeoutMs: 2000,
    failureThreshold: 2,
    successThreshold: 1,
    retry: 0,
    retryDelayMs: 0,
  };
}
