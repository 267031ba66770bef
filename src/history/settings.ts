import type { RetentionSettings } from '../domain/catalog.ts';

/** How long rollups are kept unless `retention.rollups` says otherwise: 400 days, so a year compares with the last. */
export const DEFAULT_ROLLUP_RETENTION_MS = 400 * 86_400_000;

/**
 * The catalog's rollup retention in ms (`retention.rollups` of the config); a catalog built
 * without it (tests, benches) gets the default.
 *
 * @example rollupRetentionMs(catalog.retention) // 34_560_000_000 by default
 */
export function rollupRetentionMs(retention: RetentionSettings): number {
  const ms = retention.rollupsMs;
  return typeof ms === 'number' && ms > 0 ? ms : DEFAULT_ROLLUP_RETENTION_MS;
}
