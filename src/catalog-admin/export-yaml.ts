/**
 * The catalog written back as a config file: the inverse of the config schemas, so that
 * `parseConfig(exportCatalogYaml(catalog))` gives the catalog again, and exporting that gives
 * the same text. Defaults are left out (the file reads like one a person wrote); everything
 * else is spelled out in the file's own words (`60s`, `1MB`, `"09:00-18:00"`).
 */
import { stringify } from 'yaml';
import type {
  Catalog,
  Channel,
  DnsProbeSpec,
  FeedProbeSpec,
  HttpProbeSpec,
  MinuteRange,
  ProbeSpec,
  Provider,
  ServiceHours,
  SmtpProbeSpec,
  TcpProbeSpec,
  TlsProbeSpec,
} from '../domain/catalog.ts';
import type { MaintenanceWindow } from '../domain/maintenance.ts';
import { WEEKDAYS } from '../domain/vocabulary.ts';
import { localParts } from '../domain/zoned-time.ts';
import { DEFAULT_EXPECTED_STATUS } from '../config/probe-schemas.ts';
import { formatByteSize, formatDuration } from '../config/durations.ts';
import { alertsToConfig } from './export-alerts.ts';

/** A YAML-shaped value: what the config file holds. */
type Raw = Record<string, unknown>;

const HEADER = `# supportwatch catalog, exported from a running monitor (GET /api/v1/export.yaml).
# Entries made through the write API are included; start with this file to keep them in the config.
`;

/**
 * The whole catalog as config text that `loadConfigFile` accepts.
 *
 * @example writeFileSync('supportwatch.yaml', exportCatalogYaml(catalog));
 */
export function exportCatalogYaml(catalog: Catalog): string {
  // Interned catalogs share objects; YAML anchors for them would only confuse a reader.
  return HEADER + stringify(catalogToConfig(catalog), { aliasDuplicateObjects: false, lineWidth: 0 });
}

/** The catalog as the config file's data (snake_case keys, durations as text). */
export function catalogToConfig(catalog: Catalog): Raw {
  const retention: Raw = { checks: formatDuration(catalog.retention.checksMs) };
  if (catalog.retention.rollupsMs !== undefined) retention.rollups = formatDuration(catalog.retention.rollupsMs);
  const raw: Raw = {
    retention,
    probing: { max_concurrent: catalog.probing.maxConcurrent, max_per_host: catalog.probing.maxPerHost },
  };
  const alerts = alertsToConfig(catalog.alerts);
  if (alerts) raw.alerts = alerts;
  raw.providers = catalog.providers.map(providerToConfig);
  return raw;
}

/** One provider with its channels, as in the file. */
export function providerToConfig(provider: Provider): Raw {
  const raw: Raw = { id: provider.id, name: provider.name, timezone: provider.timezone, locale: provider.locale };
  if (provider.country !== undefined) raw.country = provider.country;
  if (provider.maintenance.length > 0) raw.maintenance = provider.maintenance.map((w) => windowToConfig(w, provider.timezone));
  raw.channels = provider.channels.map((c) => channelToConfig(c, provider.timezone));
  return raw;
}

/** One channel, as in the file; one-off windows are written in the provider's zone. */
export function channelToConfig(channel: Channel, timezone: string): Raw {
  const raw: Raw = { id: channel.id, kind: channel.kind, name: channel.name };
  if (channel.contact !== null) raw.contact = channel.contact;
  if (channel.languages.length > 0) raw.languages = [...channel.languages];
  if (channel.hours.kind !== 'always') raw.hours = hoursToConfig(channel.hours);
  if (channel.maintenance.length > 0) raw.maintenance = channel.maintenance.map((w) => windowToConfig(w, timezone));
  if (channel.keywords !== undefined && channel.keywords.length > 0) raw.keywords = [...channel.keywords];
  if (channel.probes.length > 0) raw.probes = channel.probes.map(probeToConfig);
  return raw;
}

/** Weekly hours as a map of days (consecutive days with the same hours share a key) to ranges. */
function hoursToConfig(hours: Extract<ServiceHours, { kind: 'weekly' }>): Raw {
  const byDay = WEEKDAYS.map((_, day) => rangeList(hours.ranges.filter((r) => r.day === day)));
  const raw: Raw = {};
  // Monday first, as people write a week; Sunday last.
  const order = [1, 2, 3, 4, 5, 6, 0];
  for (let i = 0; i < order.length; ) {
    const text = byDay[order[i]!]!;
    let j = i;
    while (j + 1 < order.length && byDay[order[j + 1]!] === text) j++;
    if (text !== 'closed') raw[j === i ? WEEKDAYS[order[i]!]! : `${WEEKDAYS[order[i]!]}-${WEEKDAYS[order[j]!]}`] = text;
    i = j + 1;
  }
  const dates = Object.keys(hours.exceptions).sort();
  if (dates.length > 0) raw.exceptions = Object.fromEntries(dates.map((date) => [date, rangeList(hours.exceptions[date]!)]));
  return raw;
}

function rangeList(ranges: readonly MinuteRange[]): string {
  if (ranges.length === 0) return 'closed';
  return ranges.map((r) => `${clock(r.start)}-${r.end === 1440 ? '24:00' : clock(r.end % 1440)}`).join(', ');
}

function clock(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

function windowToConfig(window: MaintenanceWindow, timezone: string): Raw {
  if (window.kind === 'recurring') return { cron: window.schedule.expression, duration: formatDuration(window.durationMs) };
  return { start: wallTime(window.startsAt, timezone), end: wallTime(window.endsAt, timezone) };
}

function wallTime(at: number, timezone: string): string {
  const local = localParts(at, timezone);
  return `${local.date} ${clock(local.minute)}`;
}

/** The fields every probe has, defaults left out (`interval` and `timeout` always written). */
function commonToConfig(spec: ProbeSpec): Raw {
  const raw: Raw = { interval: formatDuration(spec.intervalMs), timeout: formatDuration(spec.timeoutMs) };
  if (spec.failureThreshold !== 2) raw.failure_threshold = spec.failureThreshold;
  if (spec.successThreshold !== 1) raw.success_threshold = spec.successThreshold;
  if (spec.retry !== 0) raw.retry = spec.retry;
  if (spec.retryDelayMs !== 5_000) raw.retry_delay = formatDuration(spec.retryDelayMs);
  return raw;
}

/** One probe, as in the file. */
export function probeToConfig(spec: ProbeSpec): Raw {
  switch (spec.type) {
    case 'http':
      return { ...httpToConfig(spec), ...commonToConfig(spec) };
    case 'tcp':
      return { ...tcpToConfig(spec), ...commonToConfig(spec) };
    case 'dns':
      return { ...dnsToConfig(spec), ...commonToConfig(spec) };
    case 'smtp':
      return { ...smtpToConfig(spec), ...commonToConfig(spec) };
    case 'tls':
      return { ...tlsToConfig(spec), ...commonToConfig(spec) };
    case 'feed':
      return { ...feedToConfig(spec), ...commonToConfig(spec) };
  }
}

function httpToConfig(spec: HttpProbeSpec): Raw {
  const raw: Raw = { type: 'http', url: spec.url };
  if (spec.method !== 'GET') raw.method = spec.method;
  if (Object.keys(spec.headers).length > 0) raw.headers = { ...spec.headers };
  if (spec.body !== null) raw.body = spec.body;
  const expect: Raw = {};
  const status = spec.expect.status;
  const defaultStatus = status.length === DEFAULT_EXPECTED_STATUS.length && status.every((s, i) => s === DEFAULT_EXPECTED_STATUS[i]);
  if (!defaultStatus) expect.status = [...status];
  if (spec.expect.contains !== null) expect.contains = spec.expect.contains;
  if (spec.expect.notContains !== null) expect.not_contains = spec.expect.notContains;
  if (spec.expect.maxLatencyMs !== null) expect.max_latency = formatDuration(spec.expect.maxLatencyMs);
  if (Object.keys(expect).length > 0) raw.expect = expect;
  if (spec.conditions.length > 0) raw.conditions = spec.conditions.map((c) => c.source);
  if (spec.maxBodyBytes !== 1024 * 1024) raw.max_body = formatByteSize(spec.maxBodyBytes);
  if (spec.maxRedirects === 0) raw.follow_redirects = false;
  if (spec.insecure) raw.insecure = true;
  return raw;
}

function tcpToConfig(spec: TcpProbeSpec): Raw {
  const raw: Raw = { type: 'tcp', host: spec.host, port: spec.port };
  if (spec.tls) raw.tls = true;
  if (spec.insecure) raw.insecure = true;
  return raw;
}

function dnsToConfig(spec: DnsProbeSpec): Raw {
  const raw: Raw = { type: 'dns', name: spec.name, record: spec.record };
  if (spec.resolver !== null) {
    const { host, port } = spec.resolver;
    raw.resolver = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  }
  if (spec.contains !== null) raw.expect = { contains: spec.contains };
  return raw;
}

function smtpToConfig(spec: SmtpProbeSpec): Raw {
  const raw: Raw = { type: 'smtp' };
  if (spec.host !== null) raw.host = spec.host;
  if (spec.domain !== null) raw.domain = spec.domain;
  raw.port = spec.port;
  if (spec.starttls) raw.starttls = true;
  if (spec.insecure) raw.insecure = true;
  if (spec.helo !== 'supportwatch.invalid') raw.helo = spec.helo;
  return raw;
}

function tlsToConfig(spec: TlsProbeSpec): Raw {
  const raw: Raw = { type: 'tls', host: spec.host, port: spec.port };
  if (spec.servername !== null) raw.servername = spec.servername;
  if (spec.warnDays !== 14) raw.warn_days = spec.warnDays;
  return raw;
}

function feedToConfig(spec: FeedProbeSpec): Raw {
  const raw: Raw = { type: 'feed', format: spec.format, url: spec.url };
  if (spec.selectors !== null) {
    const { item, title, link, date, body } = spec.selectors;
    const selectors: Raw = { item, title };
    if (link !== null) selectors.link = link;
    if (date !== null) selectors.date = date;
    if (body !== null) selectors.body = body;
    raw.selectors = selectors;
  }
  return raw;
}
