/**
 * What must hold in the database file after any crash: SQLite's own integrity check, the
 * one-open-incident index, incidents that never overlap, and state that matches the newest
 * stored check (a batch's checks and the changes they caused land together or not at all).
 */
import Database from 'better-sqlite3';
import { decodeOutcome } from '../../src/store/check-codes.ts';

export interface StoredCheck {
  startedAt: number;
  outcome: string;
}

export interface StoredIncident {
  id: number;
  startedAt: number;
  endedAt: number | null;
}

export interface ChannelRecord {
  /** Checks started at or after `since`, oldest first. */
  checksSince: StoredCheck[];
  /** The newest stored check of the channel, whenever it ran. */
  lastCheck: StoredCheck | null;
  /** The stored measured state, if any. */
  state: string | null;
  incidents: StoredIncident[];
}

export interface Inspection {
  integrity: string;
  /** The SQL of the partial unique index on open incidents, or null if it is missing. */
  openIncidentIndex: string | null;
  channels: Map<string, ChannelRecord>;
}

/**
 * Opens the file as the restarted process would (read-write, so SQLite recovers the WAL),
 * reads everything the invariants need, and closes it again.
 */
export function inspectDatabase(path: string, since: number): Inspection {
  const db = new Database(path);
  try {
    const integrity = db.pragma('integrity_check', { simple: true }) as string;
    const index = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'incidents_one_open'").get() as { sql: string } | undefined;
    const channels = new Map<string, ChannelRecord>();
    const byPk = new Map<number, ChannelRecord>();
    for (const row of db.prepare('SELECT c.pk, c.id, s.state FROM channels c LEFT JOIN channel_status s ON s.channel_pk = c.pk').all() as {
      pk: number;
      id: string;
      state: string | null;
    }[]) {
      const record: ChannelRecord = { checksSince: [], lastCheck: null, state: row.state, incidents: [] };
      channels.set(row.id, record);
      byPk.set(row.pk, record);
    }
    // The file stores outcome codes (src/store/check-codes.ts); the invariants speak names.
    const checks = db.prepare('SELECT channel_pk AS pk, started_at AS startedAt, outcome_code AS code FROM checks WHERE started_at >= ? ORDER BY channel_pk, started_at').all(since) as {
      pk: number;
      startedAt: number;
      code: number;
    }[];
    for (const { pk, startedAt, code } of checks) byPk.get(pk)?.checksSince.push({ startedAt, outcome: decodeOutcome(code) });
    const last = db
      .prepare('SELECT channel_pk AS pk, max(started_at) AS startedAt, outcome_code AS code FROM checks GROUP BY channel_pk')
      .all() as { pk: number; startedAt: number; code: number }[];
    for (const { pk, startedAt, code } of last) {
      const record = byPk.get(pk);
      if (record) record.lastCheck = { startedAt, outcome: decodeOutcome(code) };
    }
    const incidents = db.prepare('SELECT id, channel_pk AS pk, started_at AS startedAt, ended_at AS endedAt FROM incidents ORDER BY channel_pk, started_at, id').all() as (StoredIncident & {
      pk: number;
    })[];
    for (const { pk, ...incident } of incidents) byPk.get(pk)?.incidents.push(incident);
    return { integrity, openIncidentIndex: index?.sql ?? null, channels };
  } finally {
    db.close();
  }
}

/**
 * Every broken invariant, as a sentence; empty when the file is sound. With one probe per
 * channel that turns down after one failed check and up after one good one, a channel has an
 * open incident exactly when its newest stored check failed.
 */
export function invariantProblems(inspection: Inspection): string[] {
  const problems: string[] = [];
  if (inspection.integrity !== 'ok') problems.push(`integrity_check: ${inspection.integrity}`);
  if (!inspection.openIncidentIndex || !/UNIQUE INDEX/i.test(inspection.openIncidentIndex) || !/WHERE\s.*ended_at"?\s+IS\s+NULL/i.test(inspection.openIncidentIndex)) {
    problems.push(`the partial unique index on open incidents is missing or changed: ${inspection.openIncidentIndex}`);
  }
  for (const [id, channel] of inspection.channels) {
    const open = channel.incidents.filter((i) => i.endedAt === null);
    if (open.length > 1) problems.push(`${id}: ${open.length} open incidents`);
    channel.incidents.forEach((incident, i) => {
      if (incident.endedAt !== null && incident.endedAt < incident.startedAt) problems.push(`${id}: incident ${incident.id} ends before it starts`);
      const previous = channel.incidents[i - 1];
      if (previous && (previous.endedAt === null || incident.startedAt < previous.endedAt)) problems.push(`${id}: incidents ${previous.id} and ${incident.id} overlap`);
    });
    const lastDown = channel.lastCheck?.outcome === 'down';
    if (lastDown !== (open.length === 1)) {
      problems.push(`${id}: newest check ${channel.lastCheck?.outcome ?? 'none'} but ${open.length} open incidents`);
    }
    if (channel.lastCheck && channel.state !== channel.lastCheck.outcome) problems.push(`${id}: stored state ${channel.state}, newest check ${channel.lastCheck.outcome}`);
  }
  return problems;
}
