import type { AlertSettings } from '../alerts/types.ts';
import type { Condition, ConditionResult } from './conditions/index.ts';
import type { MaintenanceWindow } from './maintenance.ts';
import type { ChannelKind, CheckOutcome, DnsRecordType, ErrorClass } from './vocabulary.ts';

/**
 * The catalog: the validated, normalised form of the config file. Everything after the
 * config loader trusts these types (durations in ms, hours parsed into minute ranges).
 */
export interface Catalog {
  providers: Provider[];
  retention: RetentionSettings;
  probing: ProbingSettings;
  /** Where alerts go (`alerts:`); absent = no alerts. */
  alerts?: AlertSettings;
}

/**
 * How many checks may run at once. Hanging targets hold their slot until the timeout, so the
 * caps must leave room for them, or slow providers starve everyone else's schedule.
 */
export interface ProbingSettings {
  /** Checks running at once, all hosts together. */
  maxConcurrent: number;
  /** Checks running at once against one host, so no provider is hammered. */
  maxPerHost: number;
}

export interface RetentionSettings {
  /** How long raw checks are kept, in ms. */
  checksMs: number;
  /** How long hourly and daily rollups are kept, in ms (400 days unless configured). */
  rollupsMs?: number;
}

export interface Provider {
  /** `[a-z0-9-]+`, unique in the catalog. */
  id: string;
  name: string;
  /** IANA time zone; service hours are read in it. */
  timezone: string;
  /** BCP 47 locale of the provider's customers, e.g. `zh-CN`. */
  locale: string;
  /** ISO 3166-1 alpha-2 country (`CN`); phone numbers written without a country code are read in it. */
  country?: string;
  /** Windows that apply to every channel of the provider. */
  maintenance: MaintenanceWindow[];
  channels: Channel[];
}

export interface Channel {
  /** `[a-z0-9-]+`, unique across the whole catalog, not just the provider. */
  id: string;
  providerId: string;
  kind: ChannelKind;
  name: string;
  /** Phone number, address, URL or handle, exactly as the provider publishes it. */
  contact: string | null;
  hours: ServiceHours;
  /** The channel's own windows (the provider's apply too). */
  maintenance: MaintenanceWindow[];
  languages: string[];
  probes: ProbeSpec[];
  /** Words that link an announcement to this channel (`客服热线`, `hotline`, `95017`). */
  keywords?: string[];
}

/**
 * When a channel is staffed, in the provider's local time.
 * A range may end past midnight (`end > 1440`), e.g. Fri 22:00–02:00 is
 * `{ day: 5, start: 1320, end: 1560 }`: it belongs to the day it starts on.
 */
export type ServiceHours =
  | { kind: 'always' }
  | {
      kind: 'weekly';
      ranges: HoursRange[];
      /** Local dates (`YYYY-MM-DD`) whose hours replace the weekly ones; `[]` means closed. */
      exceptions: Record<string, MinuteRange[]>;
    };

export interface MinuteRange {
  /** Minutes after local midnight, 0..1439. */
  start: number;
  /** Minutes after local midnight, start < end ≤ 2880 (past 1440 = the next day). */
  end: number;
}

export interface HoursRange extends MinuteRange {
  /** 0 = Sunday … 6 = Saturday, as `Date#getUTCDay()`. */
  day: number;
}

/** Settings every probe kind shares. */
export interface ProbeCommon {
  /** Unique in the catalog: `<channel id>#<index>`. */
  key: string;
  channelId: string;
  /** Position of the probe within its channel, from 0. */
  index: number;
  intervalMs: number;
  timeoutMs: number;
  /** Consecutive failed checks before the probe counts as down. */
  failureThreshold: number;
  /** Consecutive good checks before a down probe counts as up again. */
  successThreshold: number;
  /** Extra attempts after a failed check before it counts (0 = none). */
  retry: number;
  /** Pause before each extra attempt. */
  retryDelayMs: number;
}

export interface HttpProbeSpec extends ProbeCommon {
  type: 'http';
  url: string;
  method: 'GET' | 'HEAD' | 'POST';
  headers: Record<string, string>;
  body: string | null;
  expect: HttpExpectations;
  /** Largest body read, in bytes; a larger body fails with `body_too_large`. */
  maxBodyBytes: number;
  /** Redirects followed before failing with `redirects` (0 = do not follow). */
  maxRedirects: number;
  /** Accept any TLS certificate (self-signed intranet pages). Off by default. */
  insecure: boolean;
  /** Rules on status, headers, body, JSON, latency and certificate, all of which must hold. */
  conditions: Condition[];
}

export interface HttpExpectations {
  /** Accepted status codes. */
  status: number[];
  /** Text that must appear in the first 256 KiB of the body. */
  contains: string | null;
  /** Text that must not appear in the first 256 KiB of the body. */
  notContains: string | null;
  /** Slower than this (ms) and a good answer counts as `degraded`. */
  maxLatencyMs: number | null;
}

/** A probe of any kind; `type` tells which. */
export type ProbeSpec = HttpProbeSpec | TcpProbeSpec | DnsProbeSpec | SmtpProbeSpec | TlsProbeSpec | FeedProbeSpec;

/** Connect to a host and port (optionally completing a TLS handshake): chat and in-app endpoints. */
export interface TcpProbeSpec extends ProbeCommon {
  type: 'tcp';
  host: string;
  port: number;
  /** Complete a TLS handshake after connecting. */
  tls: boolean;
  /** With `tls`: accept any certificate. */
  insecure: boolean;
}

/** Resolve a name: the MX hosts of a support mailbox, the A record of a help centre. */
export interface DnsProbeSpec extends ProbeCommon {
  type: 'dns';
  name: string;
  record: DnsRecordType;
  /** The resolver to ask; null = the system's resolvers. */
  resolver: { host: string; port: number } | null;
  /** An answer must contain this text (case-insensitive), else any non-empty answer will do. */
  contains: string | null;
}

/** Talk to a mail server up to EHLO (and STARTTLS), then QUIT. Never sends mail. */
export interface SmtpProbeSpec extends ProbeCommon {
  type: 'smtp';
  /** The server to connect to, or null to use the best MX host of `domain`. */
  host: string | null;
  domain: string | null;
  port: number;
  starttls: boolean;
  /** With `starttls`: accept any certificate. */
  insecure: boolean;
  /** The name we give in EHLO. */
  helo: string;
}

/** Check a server's certificate: chain, host name and days left. */
export interface TlsProbeSpec extends ProbeCommon {
  type: 'tls';
  host: string;
  port: number;
  /** The name to verify the certificate against; null = `host`. */
  servername: string | null;
  /** Fewer days left than this and the check is `degraded`. */
  warnDays: number;
}

/**
 * Read an announcement source (only on a channel of kind `announcements`): the check is good
 * when the source was fetched and parsed; the notices themselves go to `src/notices`.
 */
export interface FeedProbeSpec extends ProbeCommon {
  type: 'feed';
  /** `auto` detects the format from the content type and the document's shape. */
  format: 'statuspage' | 'rss' | 'atom' | 'jsonfeed' | 'html' | 'auto';
  /** The http(s) URL of the source. */
  url: string;
  /** How to read an HTML notice list; null unless given (required for `html`). */
  selectors: FeedSelectors | null;
}

/**
 * CSS selectors of an HTML notice list. `item` selects each notice; the others are read inside
 * it. `sel@attr` reads an attribute (`a@href`), `@attr` an attribute of the item itself.
 */
export interface FeedSelectors {
  item: string;
  title: string;
  link: string | null;
  date: string | null;
  body: string | null;
}

/**
 * Where the time of a check went, in ms, for the phases a probe kind has (null = not part of
 * this check, e.g. no DNS lookup for an IP address, no TLS on plain TCP).
 */
export interface CheckPhases {
  dns: number | null;
  connect: number | null;
  tls: number | null;
  firstByte: number | null;
  total: number;
}

/**
 * One run of a probe. A failed check is a result with an error class, never an exception.
 */
export interface CheckResult {
  /** Epoch ms when the check started. */
  startedAt: number;
  /** Total time in ms, from start to the end of the body (or the failure). */
  durationMs: number;
  outcome: CheckOutcome;
  httpStatus: number | null;
  /** Why the check failed; set only when `outcome` is `down`. */
  errorClass: ErrorClass | null;
  /** A short human sentence, set when `outcome` is `down` or `degraded`. Never holds secrets. */
  message: string | null;
  /** Timing phases, where the probe kind measures them. */
  phases?: CheckPhases;
  /** When the server's certificate expires (epoch ms), for checks that saw one. */
  certExpiresAt?: number;
  /** Each condition of an HTTP probe with its result, when they were evaluated. */
  conditions?: ConditionResult[];
}
