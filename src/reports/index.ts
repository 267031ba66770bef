/**
 * The pure parts of user reports ("I could not reach this channel"): who reported (a salted
 * hash of the address), whether a report counts (one per reporter per channel per 15 min),
 * and whether the counted ones make a surge. Storage and routes wire these.
 */
export { REPORT_WINDOW_MS, countedReports, reportDecision, type Report, type ReportDecision } from './limit.ts';
export { reporterHash, reporterKey } from './reporter-hash.ts';
export { SURGE_MIN_RATIO, SURGE_MIN_REPORTERS, SURGE_SIGMAS, detectSurge, surgeThreshold, usualReportRate, type SurgeDecision } from './surge.ts';
