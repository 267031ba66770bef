/**
 * One counted report per reporter per channel per 15 minutes: someone pressing "I can't get
 * through" ten times is one voice, not ten. Extra reports are accepted (the user sees a
 * thank-you) but not counted.
 */

/** The span in which a reporter's second report on the same channel is not counted. */
export const REPORT_WINDOW_MS = 15 * 60_000;

export interface ReportDecision {
  /** Count this report. */
  counted: boolean;
  /** When this reporter's next report on this channel would count (epoch ms). */
  nextCountedAt: number;
}

/**
 * Whether a report at `now` counts, given when this reporter's last *counted* report on the
 * same channel was made. The window slides from that report: exactly 15 minutes later counts again.
 *
 * @example reportDecision(null, now) // { counted: true, nextCountedAt: now + 900_000 }
 * @example reportDecision(now - 60_000, now) // { counted: false, nextCountedAt: now + 840_000 }
 */
export function reportDecision(lastCountedAt: number | null, now: number, windowMs = REPORT_WINDOW_MS): ReportDecision {
  if (lastCountedAt === null || now - lastCountedAt >= windowMs || now < lastCountedAt) {
    return { counted: true, nextCountedAt: now + windowMs };
  }
  return { counted: false, nextCountedAt: lastCountedAt + windowMs };
}

/** A report as stored: who (the reporter hash), which channel, when. */
export interface Report {
  reporter: string;
  channel: string;
  at: number;
}

/**
 * The reports that count among `reports` (any order), applying `reportDecision` to each
 * reporter and channel in time order. Returned in time order.
 */
export function countedReports<T extends Report>(reports: readonly T[], windowMs = REPORT_WINDOW_MS): T[] {
  const last = new Map<string, number>();
  const out: T[] = [];
  for (const r of [...reports].sort((a, b) => a.at - b.at)) {
    const key = `${r.channel}\u0000${r.reporter}`;
    if (reportDecision(last.get(key) ?? null, r.at, windowMs).counted) {
      last.set(key, r.at);
      out.push(r);
    }
  }
  return out;
}
