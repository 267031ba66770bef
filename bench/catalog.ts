/**
 * Generates a bench catalog directly as `Catalog` objects: the config loader's 10 s minimum
 * interval does not bind the bench, and a 100,000-channel catalog builds in milliseconds
 * where YAML parsing would dominate start-up.
 */
import type { Catalog, Channel, HttpProbeSpec, Provider, ServiceHours } from '../src/domain/catalog.ts';
import { compactCatalog } from '../src/config/compact.ts';
import { internCatalog } from '../src/domain/intern-catalog.ts';
import { CHANNEL_KINDS } from '../src/domain/vocabulary.ts';
import { PAGE_KEYWORD, behaviourOf, targetUrl, type Behaviour, type TargetMix } from './targets.ts';
import { DEFAULT_MAX_CONCURRENT, DEFAULT_MAX_PER_HOST } from '../src/scheduler/scheduler.ts';

export interface BenchCatalogOptions {
  channels: number;
  channelsPerProvider: number;
  intervalMs: number;
  timeoutMs: number;
  maxLatencyMs: number;
  /** Target origins; provider `p` is served by `origins[p % origins.length]`. */
  origins: string[];
  mix: TargetMix;
}

/** Zones the providers cycle through, so service-hours checks exercise real DST rules. */
const TIMEZONES = ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'UTC', 'Asia/Kolkata'];

/** Staffed on weekdays 08:00–22:00 and Saturday mornings, like many hotlines. */
const OFFICE_HOURS: ServiceHours = {
  kind: 'weekly',
  ranges: [1, 2, 3, 4, 5].map((day) => ({ day, start: 8 * 60, end: 22 * 60 })).concat({ day: 6, start: 9 * 60, end: 12 * 60 }),
  exceptions: {},
};

/** `bench-p0000` style ids, stable across runs so parent and child agree without talking. */
export function providerId(provider: number): string {
  return `bench-p${String(provider).padStart(4, '0')}`;
}

export function channelId(provider: number, channel: number): string {
  return `${providerId(provider)}-c${String(channel).padStart(3, '0')}`;
}

/** The behaviour of channel `channel` of provider `provider`, as the catalog assigns it. */
export function channelBehaviour(options: Pick<BenchCatalogOptions, 'channelsPerProvider' | 'mix'>, provider: number, channel: number): Behaviour {
  return behaviourOf(provider * options.channelsPerProvider + channel, options.mix);
}

/**
 * `channels` channels in providers of `channelsPerProvider`, one HTTP probe each, pointing at
 * the local targets in the proportions of `mix`. Every fifth channel keeps office hours.
 *
 * @example buildCatalog({ channels: 2000, channelsPerProvider: 50, intervalMs: 10_000, timeoutMs: 5000, maxLatencyMs: 250, origins, mix: DEFAULT_MIX })
 */
export function buildCatalog(options: BenchCatalogOptions): Catalog {
  if (options.origins.length === 0) throw new Error('buildCatalog needs at least one target origin');
  const providers: Provider[] = [];
  for (let p = 0, made = 0; made < options.channels; p++) {
    const id = providerId(p);
    const origin = options.origins[p % options.origins.length]!;
    const channels: Channel[] = [];
    for (let c = 0; c < options.channelsPerProvider && made < options.channels; c++, made++) {
      const channel = channelId(p, c);
      const behaviour = channelBehaviour(options, p, c);
      channels.push({
        id: channel,
        providerId: id,
        kind: CHANNEL_KINDS[c % CHANNEL_KINDS.length]!,
        name: `Bench channel ${c}`,
        contact: null,
        hours: c % 5 === 4 ? OFFICE_HOURS : { kind: 'always' },
        maintenance: [],
        languages: ['en'],
        probes: [probe(channel, targetUrl(origin, behaviour, channel), options)],
      });
    }
    providers.push({ id, name: `Bench provider ${p}`, timezone: TIMEZONES[p % TIMEZONES.length]!, locale: 'en', maintenance: [], channels });
  }
  // As the config loader does: equal parts shared, so the bench measures the memory a real catalog takes.
  // As the config loader hands it over: flat interned strings, equal parts shared.
  return internCatalog(compactCatalog({ providers, retention: { checksMs: 14 * 86_400_000 }, probing: { maxConcurrent: DEFAULT_MAX_CONCURRENT, maxPerHost: DEFAULT_MAX_PER_HOST } }));
}

function probe(channelId: string, url: string, options: BenchCatalogOptions): HttpProbeSpec {
  return {
    type: 'http',
    key: `${channelId}#0`,
    channelId,
    index: 0,
    intervalMs: options.intervalMs,
    timeoutMs: options.timeoutMs,
    failureThreshold: 2,
    successThreshold: 1,
    // The config's defaults: a failed check counts at once.
    retry: 0,
    retryDelayMs: 5000,
    url,
    method: 'GET',
    headers: {},
    body: null,
    expect: { status: [200], contains: PAGE_KEYWORD, notContains: null, maxLatencyMs: options.maxLatencyMs < options.timeoutMs ? options.maxLatencyMs : null },
    maxBodyBytes: 262_144,
    maxRedirects: 5,
    insecure: false,
    conditions: [],
  };
}
