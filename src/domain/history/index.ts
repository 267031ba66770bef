/**
 * History that stays fast for a year: raw checks become per-channel rollups by the provider's
 * local hour and day (time and checks per state, a latency histogram), from which uptime,
 * daily bars and a week-by-hour heatmap are read. Everything here is pure; storage, API and
 * the monitor call it.
 */
export {
  BUCKET_COUNT,
  GROWTH,
  addToHistogram,
  bucketBounds,
  bucketOf,
  bucketValue,
  decodeHistogram,
  emptyHistogram,
  encodeHistogram,
  histogramCount,
  histogramOf,
  mergeHistograms,
  percentile,
  type Histogram,
} from './latency-histogram.ts';
export {
  ROLLUP_UNITS,
  localDayStart,
  localHourStart,
  nextLocalDayStart,
  nextLocalHourStart,
  nextPeriodStart,
  periodStart,
  splitByPeriod,
  type PeriodPiece,
  type RollupUnit,
} from './periods.ts';
export { timelineFromChecks, type StateSegment, type TimelineCheck, type TimelineInput, type TimelineProbe } from './timeline.ts';
export {
  ROLLUP_STATES,
  emptyRollup,
  mergeRollups,
  regroupRollups,
  rollUp,
  rollUpChannel,
  type RollUpChannelInput,
  type RollUpInput,
  type Rollup,
  type RollupCheck,
  type RollupState,
} from './rollup.ts';
export { dailyBars, heatmap, uptimeOf, worstState, type DailyBar, type HeatmapCell, type Uptime } from './uptime.ts';
export { decodeHistogramBytes, encodeHistogramBytes, wholeSeconds } from './stored-form.ts';
export {
  HISTORY_WINDOWS,
  LATENCY_STEPS,
  daysBack,
  fiveMinuteStart,
  hoursBack,
  latencySeries,
  stepStarts,
  windowStart,
  type HistoryWindow,
  type LatencyPoint,
  type LatencyStep,
} from './series.ts';
export { quickTimeline, timeline } from './quick-timeline.ts';
