/**
 * The pure parts of user reports ("I could not reach this channel"): who reported (a salted
 * hash of the address), whether a report counts (one per reporter per channel per 15 min),
 * and whether the counted ones make a surge. Storage (`store.ts`, not re-exported here: it
 * needs the database schema) and routes wire these.
 */
export { REPORT_WINDOW_MS, countedReports, reportDecision, type Report, type ReportDecision } from './limit.ts';
export { REPORT_LEVELS, REPORT_PROBLEMS, type ReportLevel, type ReportProblem } from './problems.ts';
export { reporterHash, reporterKey } from './reporter-hash.ts';
export { SURGE_MIN_RATIO, SURGE_MIN_REPORTERS, SURGE_SIGMAS, detectSurge, surgeDecision, surgeThreshold, usualReportRate, usualReportSpans, type SurgeDecision } from './surge.ts';
