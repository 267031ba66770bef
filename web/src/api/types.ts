/**
 * The JSON the dashboard reads, as the API documents it (src/api/schemas.ts and the route
 * files). Optional endpoints still being built are typed loosely and read defensively.
 */

export const CHANNEL_STATES = ['up', 'degraded', 'down', 'closed', 'maintenance', 'unknown'] as const;
export type ChannelState = (typeof CHANNEL_STATES)[number];

export type ChannelKind =
  | 'hotline'
  | 'live_chat'
  | 'in_app'
  | 'email'
  | 'web_form'
  | 'social'
  | 'help_center'
  | 'chatbot'
  | 'announcements'
  | 'regulator';

export interface CheckError {
  class: string;
  message: string | null;
}

export interface ConditionResult {
  expression: string;
  ok: boolean;
}

export interface LastCheck {
  at: string;
  outcome: 'up' | 'degraded' | 'down';
  latency_ms: number;
  http_status: number | null;
  error: CheckError | null;
  conditions?: ConditionResult[] | null;
}

export interface Channel {
  id: string;
  kind: ChannelKind;
  name: string;
  contact: string | null;
  state: ChannelState;
  state_reason: string | null;
  since: string | null;
  open_now: boolean;
  opens_at: string | null;
  closes_at: string | null;
  maintenance: { active: boolean; starts_at: string; ends_at: string } | null;
  last_check: LastCheck | null;
  uptime_24h: number | null;
  uptime_30d: number | null;
  uptime_90d: number | null;
  /** Notices that apply to it: in effect now, or maintenance announced for later. */
  notices?: Notice[];
}

export interface Provider {
  id: string;
  name: string;
  timezone: string;
  locale: string;
  state: ChannelState;
  channels: Channel[];
}

export interface ProviderSummary {
  id: string;
  name: string;
  state: ChannelState;
  channels: number;
}

export interface ProviderPage {
  providers: ProviderSummary[];
  next: string | null;
}

export interface Check {
  probe: string;
  at: string;
  outcome: 'up' | 'degraded' | 'down';
  latency_ms: number;
  http_status: number | null;
  error: CheckError | null;
  message: string | null;
  conditions: ConditionResult[] | null;
}

export interface Incident {
  id: number;
  provider: string;
  channel: string;
  started_at: string;
  ended_at: string | null;
  duration_s: number;
  cause: CheckError | null;
}

export interface DailyEntry {
  date: string;
  uptime: number | null;
  down_seconds: number;
  worst_state: 'down' | 'degraded' | 'maintenance' | 'up' | 'closed' | null;
  incidents: number;
}

export interface Daily {
  channel: string;
  timezone: string;
  days: DailyEntry[];
}

export interface Uptime {
  channel: string;
  window: string;
  from: string;
  uptime: number | null;
  down_seconds: number;
  incidents: number;
}

export interface LatencyPoint {
  at: string;
  count: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export interface Latency {
  channel: string;
  window: '24h' | '7d' | '30d';
  step: '5m' | '1h' | '1d';
  points: LatencyPoint[];
}

export interface HeatmapCell {
  weekday: number;
  hour: number;
  uptime: number | null;
  measured_seconds: number;
  median_latency_ms: number | null;
}

export interface Heatmap {
  channel: string;
  timezone: string;
  days: number;
  cells: HeatmapCell[][];
}

export type Verdict = 'official' | 'not_official' | 'lookalike';

export interface Verification {
  verdict: Verdict;
  kind: string;
  normalized: string | null;
  matches: { provider: string; channel: string | null }[];
  explanation: string;
}

export const NEEDS = ['general', 'payment_failed', 'account_security', 'refund', 'complaint'] as const;
export type Need = (typeof NEEDS)[number];

/** `GET /providers/:id/advice`. */
export interface Advice {
  provider: string;
  state: ChannelState;
  summary: string;
  suggestions: { channel: string; rank: number; state: ChannelState; reason: string }[];
  avoid: { channel: string; reason: string }[];
}

/** `GET /channels/:id/best-time`: up to three windows inside service hours, soonest first. */
export interface BestTime {
  channel: string;
  timezone: string;
  basis: 'measured' | 'default';
  days: number;
  windows: { start: string; end: string; median_latency_ms: number | null; availability: number | null; level: 'busy' | 'normal' | 'quiet' | null }[];
  evidence: unknown[];
}

/** A notice as `GET /notices` lists it (channels carry the brief form: no provider, no channels). */
export interface Notice {
  id?: number | string;
  provider?: string;
  channel?: string | null;
  /** The channels it affects; null = the whole provider. */
  channels?: string[] | null;
  kind?: string;
  title?: string;
  url?: string | null;
  published_at?: string | null;
  starts_at?: string | null;
  ends_at?: string | null;
  /** The stated window, when the API nests it. */
  window?: { starts_at?: string | null; ends_at?: string | null } | null;
  active?: boolean;
}

export const REPORT_PROBLEMS = ['no_answer', 'long_wait', 'error', 'disconnected', 'other'] as const;
export type ReportProblem = (typeof REPORT_PROBLEMS)[number];

/** `POST /channels/:id/reports` (202): a repeat within 15 minutes is stored but not `counted`. */
export interface ReportReceipt {
  channel: string;
  problem: ReportProblem;
  counted: boolean;
  counted_again_at: string;
  detail: string;
}

/** `GET /channels/:id/reports?window=24h`. */
export interface ReportCounts {
  channel: string;
  window: '24h' | '7d';
  from: string;
  total: number;
  reporters: number;
  by_problem: Record<ReportProblem, number>;
  by_hour: { at: string; count: number }[];
  surge: { state: 'normal' | 'surge'; reporters: number; threshold: number; usual: number };
}
