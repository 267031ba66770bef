/**
 * Advice for a customer who cannot get through: which channel of a provider to try now and
 * why (`rankChannels`), and when a channel is quickest (`bestTimes`). Everything here is pure:
 * the caller passes `now`, live states and measured history; texts come in `zh-CN` or `en`.
 */
export { bestTimes, MIN_WINDOW_MS, type BestTime, type BestTimeInput, type BestWindow, type HourEvidence } from './best-time.ts';
export {
  BUSYNESS_LEVELS,
  MEASURED_MIN_DAYS,
  busynessAt,
  defaultBusyness,
  usualLatencyAt,
  type Busyness,
  type BusynessReading,
} from './busyness.ts';
export { formatDuration, formatLatency, formatWhen } from './format.ts';
export { LANGS, chooseLang, langOfTag, parseAcceptLanguage, type Lang } from './lang.ts';
export { isAroundTheClock, needFit } from './needs.ts';
export { ALL_DOWN_FOR_MS, CLOSES_SOON_MS, rankChannels } from './rank.ts';
export { NEEDS, type Advice, type AdviceChannel, type AdviceInput, type Avoid, type HourOfWeekTable, type Need, type Suggestion } from './types.ts';
