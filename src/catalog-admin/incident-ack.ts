/** Acknowledging an incident: who saw it, when, and what they noted ("on it; carrier fault"). */
import { eq } from 'drizzle-orm';
import { channels, incidents, providers } from '../../db/schema.ts';
import type { Database } from '../store/database.ts';

/** An incident with its acknowledgement. */
export interface AcknowledgedIncident {
  id: number;
  providerId: string;
  channelId: string;
  startedAt: number;
  endedAt: number | null;
  acknowledgedAt: number;
  acknowledgedBy: string;
  note: string;
}

/**
 * Records an acknowledgement (a later one replaces it: the newest note is what the team
 * knows now). Returns null for an unknown incident.
 *
 * @example await acknowledgeIncident(database, 12, { at: Date.now(), by: 'oncall', note: 'carrier fault, ticket 4711' })
 */
export async function acknowledgeIncident(database: Database, id: number, ack: { at: number; by: string; note: string }): Promise<AcknowledgedIncident | null> {
  const { db } = database;
  await database.transact([db.update(incidents).set({ acknowledgedAt: ack.at, acknowledgedBy: ack.by, ackNote: ack.note }).where(eq(incidents.id, id))]);
  const [row] = await db
    .select({
      id: incidents.id,
      providerId: providers.id,
      channelId: channels.id,
      startedAt: incidents.startedAt,
      endedAt: incidents.endedAt,
      acknowledgedAt: incidents.acknowledgedAt,
      acknowledgedBy: incidents.acknowledgedBy,
      note: incidents.ackNote,
    })
    .from(incidents)
    .innerJoin(channels, eq(channels.pk, incidents.channelPk))
    .innerJoin(providers, eq(providers.pk, channels.providerPk))
    .where(eq(incidents.id, id));
  if (!row || row.acknowledgedAt === null) return null;
  return { ...row, acknowledgedAt: row.acknowledgedAt, acknowledgedBy: row.acknowledgedBy ?? '', note: row.note ?? '' };
}
