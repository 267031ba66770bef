/**
 * Settings of `npm run bench:history`, read from the environment once at the start so a typo
 * fails at once with the variable's name.
 */

export interface HistorySettings {
  /** Channels in the database (50 per provider). */
  channels: number;
  /** Days of history per channel: the last one raw, the ones before as rollups. */
  days: number;
  /** Raw one-minute checks written; the figure is a day of every channel (channels × 1440). */
  rawRows: number;
  /** Requests timed per query figure. */
  samples: number;
  /** Database file; a fresh one in the system's temp folder unless given. */
  databasePath: string | undefined;
  /** Keep the database file afterwards (for looking into it). */
  keep: boolean;
}

type Env = Record<string, string | undefined>;

/**
 * `BENCH_HISTORY_CHANNELS` (10000), `BENCH_HISTORY_DAYS` (90), `BENCH_HISTORY_RAW_ROWS`
 * (channels × 1440), `BENCH_HISTORY_SAMPLES` (300), `BENCH_HISTORY_DB` (a temp file),
 * `BENCH_HISTORY_KEEP` (0).
 *
 * @example historySettings({ BENCH_HISTORY_CHANNELS: '1000' }) // a quick run
 */
export function historySettings(env: Env): HistorySettings {
  const channels = int(env, 'BENCH_HISTORY_CHANNELS', 10_000, 1);
  const days = int(env, 'BENCH_HISTORY_DAYS', 90, 2);
  const rawRows = int(env, 'BENCH_HISTORY_RAW_ROWS', channels * 1440, channels * 60);
  if (rawRows > channels * 1440) throw new Error(`BENCH_HISTORY_RAW_ROWS may be at most a day of checks (${channels * 1440}), got ${rawRows}`);
  return {
    channels,
    days,
    rawRows,
    samples: int(env, 'BENCH_HISTORY_SAMPLES', 300, 10),
    databasePath: env.BENCH_HISTORY_DB || undefined,
    keep: env.BENCH_HISTORY_KEEP === '1',
  };
}

function int(env: Env, name: string, fallback: number, min: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text.replaceAll('_', ''));
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be a whole number, got "${text}"`);
  if (value < min) throw new Error(`${name} must be at least ${min}, got ${value}`);
  return value;
}
