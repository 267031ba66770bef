/** The active probes the Worker does not run, for `/api/v1/health`. */
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { channels, probes } from '../../db/schema.ts';
import type { ProbeSpec } from '../domain/catalog.ts';
import type { Db } from '../store/database.ts';
import { UNSUPPORTED_ON_WORKERS } from './probes.ts';

/** Each active probe of a kind the Worker does not run, with why. */
export async function unsupportedProbes(db: Db): Promise<{ key: string; type: ProbeSpec['type']; why: string }[]> {
  const kinds = Object.keys(UNSUPPORTED_ON_WORKERS) as ProbeSpec['type'][];
  const rows = await db
    .select({ key: probes.key, type: probes.type })
    .from(probes)
    .innerJoin(channels, eq(channels.pk, probes.channelPk))
    .where(and(isNull(probes.archivedAt), isNull(channels.archivedAt), inArray(probes.type, kinds)))
    .orderBy(asc(probes.key));
  return rows.map((r) => ({ key: r.key, type: r.type, why: UNSUPPORTED_ON_WORKERS[r.type] ?? '' }));
}
