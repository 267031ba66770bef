/**
 * What a user can say went wrong when they tried a channel. The one source of the API's enum,
 * the zod schema and the `reports.problem` column.
 */
export const REPORT_PROBLEMS = ['no_answer', 'long_wait', 'error', 'disconnected', 'other'] as const;
export type ReportProblem = (typeof REPORT_PROBLEMS)[number];

/** How a channel's reports read now: `surge` when many more people than usual report it. */
export const REPORT_LEVELS = ['normal', 'surge'] as const;
export type ReportLevel = (typeof REPORT_LEVELS)[number];
