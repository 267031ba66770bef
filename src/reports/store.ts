import { randomBytes } from 'node:crypto';
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import { channels, meta, reports } from '../../db/schema.ts';
import type { Db } from '../store/database.ts';
import { REPORT_WINDOW_MS, reportDecision, type ReportDecision } from './limit.ts';
import type { ReportProblem } from './problems.ts';
import { surgeDecision, usualReportRate, usualReportSpans, type SurgeDecision } from './surge.ts';

/**
 * User reports in the database, through the driver-agnostic `Db` (better-sqlite3 or D1):
 * the salt that hides reporters, one report written with its "counted" decision, the
 * counts the API shows, surge decisions and retention.
 */

/** The `meta` key of the reporter-hash salt. */
export const REPORT_SALT_KEY = 'report_salt';

/** Reports are kept this long: four weeks of the same hour make the usual level, plus slack. */
export const REPORT_RETENTION_MS = 35 * 86_400_000;

/** Report tallies are kept in 5-minute slots: every zone's local hours start on one. */
export const REPORT_SLOT_MS = 300_000;

/**
 * The salt of reporter hashes: read from `meta`, or made (32 random bytes, hex) and stored on
 * first use. Two processes racing on a fresh database keep the same one: the insert never
 * overwrites, and both read back what won.
 *
 * @example reporterHash(address, await reportSalt(db))
 */
export async function reportSalt(db: Db): Promise<string> {
  const read = async () => (await db.select({ value: meta.value }).from(meta).where(eq(meta.key, REPORT_SALT_KEY)))[0]?.value;
  const known = await read();
  if (known) return known;
  await db.insert(meta).values({ key: REPORT_SALT_KEY, value: randomBytes(32).toString('hex') }).onConflictDoNothing();
  const made = await read();
  if (!made) throw new Error('the report salt could not be stored');
  return made;
}

/** A report to store: whose (the reporter hash), which channel, what, when. */
export interface NewReport {
  channelPk: number;
  reporter: string;
  problem: ReportProblem;
  at: number;
}

/**
 * Stores a report and says whether it counts (see `reportDecision`: one counted report per
 * reporter per channel per 15 minutes). The decision is taken by the insert itself, in one
 * statement, so two requests of the same person at the same moment cannot both count.
 * Repeats are stored too, uncounted.
 *
 * @example await recordReport(db, { channelPk: 3, reporter: hash, problem: 'no_answer', at: now }) // { counted: true, nextCountedAt: now + 900_000 }
 */
export async function recordReport(db: Db, report: NewReport, windowMs = REPORT_WINDOW_MS): Promise<ReportDecision> {
  const { channelPk, reporter, problem, at } = report;
  // `reportDecision` in SQL: not counted while a counted report of the same person on the
  // same channel lies in the window before it.
  const rows = await db.all<{ counted: number }>(sql`
    INSERT INTO ${reports} ("channel_pk", "reporter", "problem", "at", "counted")
    SELECT ${channelPk}, ${reporter}, ${problem}, ${at}, NOT EXISTS (
      SELECT 1 FROM ${reports} r
      WHERE r."channel_pk" = ${channelPk} AND r."reporter" = ${reporter} AND r."counted" = 1 AND r."at" > ${at - windowMs} AND r."at" <= ${at}
    )
    RETURNING "counted"`);
  if (rows[0]?.counted) return { counted: true, nextCountedAt: at + windowMs };
  const last = await db.all<{ at: number | null }>(sql`
    SELECT max(r."at") AS "at" FROM ${reports} r
    WHERE r."channel_pk" = ${channelPk} AND r."reporter" = ${reporter} AND r."counted" = 1 AND r."at" <= ${at}`);
  return { ...reportDecision(last[0]?.at ?? null, at, windowMs), counted: false };
}

/** The slot of a report in SQL; a literal, since a bound JS number divides as a real. */
const SLOT = sql.raw(`(r."at" / ${REPORT_SLOT_MS}) * ${REPORT_SLOT_MS}`);

/** Counted reports of one problem in one 5-minute slot. */
export interface ReportTally {
  /** Start of the slot (epoch ms, a multiple of `REPORT_SLOT_MS`). */
  slot: number;
  problem: ReportProblem;
  count: number;
}

/**
 * A channel's counted reports in `[from, to]`, tallied by problem and 5-minute slot (oldest
 * first), and how many distinct people made them.
 *
 * @example await reportTallies(db, 3, now - 86_400_000, now)
 */
export async function reportTallies(db: Db, channelPk: number, from: number, to: number): Promise<{ tallies: ReportTally[]; reporters: number }> {
  const where = sql`r."channel_pk" = ${channelPk} AND r."counted" = 1 AND r."at" >= ${from} AND r."at" <= ${to}`;
  const [tallies, people] = await Promise.all([
    db.all<ReportTally>(sql`
      SELECT ${SLOT} AS "slot", r."problem" AS "problem", count(*) AS "count"
      FROM ${reports} r WHERE ${where}
      GROUP BY 1, 2 ORDER BY 1, 2`),
    db.all<{ n: number }>(sql`SELECT count(DISTINCT r."reporter") AS "n" FROM ${reports} r WHERE ${where}`),
  ]);
  return { tallies, reporters: people[0]?.n ?? 0 };
}

/** Literal list of channel keys (trusted integers): no bound parameter each, so any count fits. */
function pkList(channelPks: readonly number[]): ReturnType<typeof sql.raw> {
  return sql.raw(channelPks.map((pk) => String(Math.trunc(pk))).join(','));
}

/**
 * The surge decision of each channel at `now` (channels of one provider: they share
 * `timezone`): distinct counted reporters in the last 15 minutes against the usual count for
 * this hour of the week (`usualReportRate` over 5-minute tallies of the past four weeks'
 * same hour). Two queries whatever the number of reports.
 *
 * @example (await reportSurges(db, [3, 4], 'Asia/Shanghai', now)).get(3)?.surge
 */
export async function reportSurges(db: Db, channelPks: readonly number[], timezone: string, now: number): Promise<Map<number, SurgeDecision>> {
  const out = new Map<number, SurgeDecision>();
  if (channelPks.length === 0) return out;
  const list = pkList(channelPks);
  const spans = usualReportSpans(timezone, now);
  const [recent, past] = await Promise.all([
    db.all<{ channelPk: number; n: number }>(sql`
      SELECT r."channel_pk" AS "channelPk", count(DISTINCT r."reporter") AS "n" FROM ${reports} r
      WHERE r."channel_pk" IN (${list}) AND r."counted" = 1 AND r."at" > ${now - REPORT_WINDOW_MS} AND r."at" <= ${now}
      GROUP BY 1`),
    db.all<{ channelPk: number; slot: number; count: number }>(
      sql.join(
        spans.map(
          (s) => sql`
            SELECT r."channel_pk" AS "channelPk", ${SLOT} AS "slot", count(*) AS "count" FROM ${reports} r
            WHERE r."channel_pk" IN (${list}) AND r."counted" = 1 AND r."at" >= ${s.from} AND r."at" < ${s.to}
            GROUP BY 1, 2`,
        ),
        sql` UNION ALL `,
      ),
    ),
  ]);
  const reportersOf = new Map(recent.map((r) => [r.channelPk, r.n]));
  const pastOf = new Map<number, { at: number; count: number }[]>();
  for (const r of past) {
    const own = pastOf.get(r.channelPk);
    if (own) own.push({ at: r.slot, count: r.count });
    else pastOf.set(r.channelPk, [{ at: r.slot, count: r.count }]);
  }
  for (const pk of channelPks) {
    const usual = usualReportRate(pastOf.get(pk) ?? [], timezone, now);
    out.set(pk, surgeDecision(reportersOf.get(pk) ?? 0, usual));
  }
  return out;
}

/**
 * Deletes reports made before `cutoff` (archived channels' too), at most `batchSize` a
 * statement, yielding between statements. Each batch is found by a seek per channel on
 * (channel, time). Returns how many went.
 */
export async function deleteReportsBefore(db: Db, cutoff: number, batchSize = 5000): Promise<number> {
  let deleted = 0;
  for (;;) {
    const batch = db
      .select({ id: reports.id })
      .from(reports)
      .where(and(inArray(reports.channelPk, db.select({ pk: channels.pk }).from(channels)), lt(reports.at, cutoff)))
      .limit(batchSize);
    const rows = await db.delete(reports).where(inArray(reports.id, batch)).returning({ id: reports.id });
    deleted += rows.length;
    if (rows.length < batchSize) return deleted;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
