/**
 * Bench settings from the environment, read once at the start so a typo fails fast with the
 * variable's name instead of skewing a 3-minute run. Every knob a larger run needs (channels,
 * hosts, caps) is here, so growing the bench is a matter of setting variables.
 */
import { DEFAULT_MIX, parseMix, type TargetMix } from './targets.ts';

/** What `bench/probes.ts` runs. */
export interface ProbesSettings {
  channels: number;
  seconds: number;
  intervalMs: number;
  timeoutMs: number;
  channelsPerProvider: number;
  /** Target listeners; providers are spread over them, so each looks like its own host. */
  hosts: number;
  mix: TargetMix;
  slowMs: number;
  /** A good answer slower than this is `degraded`; the slow targets are meant to cross it. */
  maxLatencyMs: number;
  /** Scheduler caps; `undefined` keeps the monitor's defaults. */
  maxConcurrent: number | undefined;
  maxPerHost: number | undefined;
}

/** What `bench/api.ts` runs. */
export interface ApiSettings {
  /** Monitor running behind the API while it is measured. */
  probes: ProbesSettings;
  warmupSeconds: number;
  secondsPerEndpoint: number;
  /** Requests per second across all connections. */
  rate: number;
  connections: number;
}

type Env = Record<string, string | undefined>;

/**
 * Probe bench settings: `BENCH_CHANNELS` (2000), `BENCH_SECONDS` (60), `BENCH_INTERVAL_MS`
 * (10000), `BENCH_TIMEOUT_MS` (5000), `BENCH_CHANNELS_PER_PROVIDER` (50), `BENCH_HOSTS`
 * (one per provider, at most 50), `BENCH_MIX` ("85,5,5,5" = fast, slow, failing, hanging %),
 * `BENCH_SLOW_MS` (300), `BENCH_MAX_LATENCY_MS` (250), `BENCH_MAX_CONCURRENT`, `BENCH_MAX_PER_HOST`.
 *
 * @example probesSettings(process.env, { seconds: 45 }) // env still wins over the defaults given
 */
export function probesSettings(env: Env, defaults: Partial<ProbesSettings> = {}, prefix = 'BENCH_'): ProbesSettings {
  const read = (name: string, fallback: number, min = 1) => intFrom(env, prefix + name, fallback, min);
  const channels = read('CHANNELS', defaults.channels ?? 2000);
  const channelsPerProvider = read('CHANNELS_PER_PROVIDER', defaults.channelsPerProvider ?? 50);
  const providers = Math.ceil(channels / channelsPerProvider);
  const intervalMs = read('INTERVAL_MS', defaults.intervalMs ?? 10_000, 100);
  const timeoutMs = read('TIMEOUT_MS', defaults.timeoutMs ?? Math.min(5000, intervalMs), 10);
  if (timeoutMs > intervalMs) throw new Error(`${prefix}TIMEOUT_MS (${timeoutMs}) must not exceed ${prefix}INTERVAL_MS (${intervalMs})`);
  const mixText = env[prefix + 'MIX'];
  return {
    channels,
    seconds: read('SECONDS', defaults.seconds ?? 60),
    intervalMs,
    timeoutMs,
    channelsPerProvider,
    hosts: read('HOSTS', defaults.hosts ?? Math.min(providers, 50)),
    mix: mixText === undefined ? (defaults.mix ?? DEFAULT_MIX) : parseMix(mixText, prefix + 'MIX'),
    slowMs: read('SLOW_MS', defaults.slowMs ?? 300, 0),
    maxLatencyMs: read('MAX_LATENCY_MS', defaults.maxLatencyMs ?? 250),
    maxConcurrent: optionalInt(env, prefix + 'MAX_CONCURRENT') ?? defaults.maxConcurrent,
    maxPerHost: optionalInt(env, prefix + 'MAX_PER_HOST') ?? defaults.maxPerHost,
  };
}

/**
 * API bench settings: `BENCH_API_CHANNELS` (500, i.e. 10 providers of 50 channels) and the
 * other `BENCH_API_*` twins of the probe settings for the monitor behind it, plus
 * `BENCH_API_WARMUP_SECONDS` (10), `BENCH_API_SECONDS` per endpoint (20), `BENCH_API_RATE`
 * (500 req/s) and `BENCH_API_CONNECTIONS` (10).
 */
export function apiSettings(env: Env, defaults: Partial<Omit<ApiSettings, 'probes'>> = {}): ApiSettings {
  const probes = probesSettings(env, { channels: 500, seconds: 1 }, 'BENCH_API_');
  return {
    probes,
    warmupSeconds: intFrom(env, 'BENCH_API_WARMUP_SECONDS', defaults.warmupSeconds ?? 10, 0),
    secondsPerEndpoint: intFrom(env, 'BENCH_API_SECONDS', defaults.secondsPerEndpoint ?? 20, 1),
    rate: intFrom(env, 'BENCH_API_RATE', defaults.rate ?? 500, 1),
    connections: intFrom(env, 'BENCH_API_CONNECTIONS', defaults.connections ?? 10, 1),
  };
}

function intFrom(env: Env, name: string, fallback: number, min: number): number {
  const value = optionalInt(env, name);
  if (value === undefined) return fallback;
  if (value < min) throw new Error(`${name} must be at least ${min}, got ${value}`);
  return value;
}

function optionalInt(env: Env, name: string): number | undefined {
  const text = env[name];
  if (text === undefined || text === '') return undefined;
  const value = Number(text.replaceAll('_', ''));
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be a whole number, got "${text}"`);
  return value;
}
