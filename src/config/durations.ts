/**
 * Durations and byte sizes as written in the config file (`30s`, `5m`, `1MB`), turned into
 * the plain numbers the catalog holds. Pure; the zod schemas wrap these.
 */

const DURATION_UNITS_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** The pattern a duration must match, shared with the JSON schema so editors flag typos. */
export const DURATION_PATTERN = /^(\d+)(ms|s|m|h|d)$/;

/** The one message for anything that is not a duration, bare numbers included. */
export const DURATION_HINT = 'expected a duration like 30s, 5m or 2h';

/**
 * Parses `<n>ms|s|m|h|d` into milliseconds, or `null` when the text is not a duration.
 * A bare number is refused on purpose: `timeout: 10` could mean seconds or milliseconds.
 *
 * @example parseDuration('90s') // 90_000
 */
export function parseDuration(text: string): number | null {
  const match = DURATION_PATTERN.exec(text);
  if (!match) return null;
  const [, amount = '', unit = ''] = match;
  const ms = Number(amount) * DURATION_UNITS_MS[unit as keyof typeof DURATION_UNITS_MS];
  return Number.isSafeInteger(ms) ? ms : null;
}

/**
 * Writes milliseconds back in the largest unit that divides them, for error messages.
 *
 * @example formatDuration(120_000) // '2m'
 */
export function formatDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const size = DURATION_UNITS_MS[unit];
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

// Binary units: what "1MB of body" means to the people who set the cap and to undici alike.
const BYTE_UNITS = { B: 1, KB: 1024, MB: 1024 * 1024 } as const;

/** The pattern a byte size written as text must match (a plain number of bytes is also fine). */
export const BYTE_SIZE_PATTERN = /^(\d+)\s*(B|KB|MB)$/;

/** The one message for anything that is not a byte size. */
export const BYTE_SIZE_HINT = 'expected a size like 512KB or 1MB, or a number of bytes';

/**
 * Parses a byte size: a whole number of bytes, or text such as `512KB` or `1MB`
 * (KB = 1024 bytes). Returns `null` when the value is not a size.
 *
 * @example parseByteSize('512KB') // 524_288
 */
export function parseByteSize(value: number | string): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : null;
  const match = BYTE_SIZE_PATTERN.exec(value);
  if (!match) return null;
  const [, amount = '', unit = ''] = match;
  const bytes = Number(amount) * BYTE_UNITS[unit as keyof typeof BYTE_UNITS];
  return Number.isSafeInteger(bytes) ? bytes : null;
}

/**
 * Writes a byte count in the largest binary unit that divides it, for error messages.
 *
 * @example formatByteSize(10 * 1024 * 1024) // '10MB'
 */
export function formatByteSize(bytes: number): string {
  for (const unit of ['MB', 'KB'] as const) {
    const size = BYTE_UNITS[unit];
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return `${bytes}B`;
}
