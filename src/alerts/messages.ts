/**
 * The words of every alert, in zh-CN and en: a title (chat headline, mail subject) and a few
 * plain-text lines. Pure: facts and language in, text out. Times are shown on the provider's
 * clock, with its zone named.
 */
import { localParts } from '../domain/zoned-time.ts';
import type { AlertLang, StoredAlertKind } from './vocabulary.ts';

/** Everything a message is made of, as the worker reads it from the outbox and the catalog. */
export interface AlertFacts {
  /** The event's idempotency key: receivers dedupe on it. */
  eventId: string;
  deliveryId: number;
  kind: StoredAlertKind;
  /** When it happened. */
  at: number;
  provider: { id: string; name: string; timezone: string; locale: string } | null;
  channel: { id: string; name: string; kind: string } | null;
  incident: { id: number; startedAt: number; endedAt: number | null; causeClass: string | null; causeMessage: string | null } | null;
  /** Kind-specific facts (notice title and link, certificate expiry, report counts, route). */
  data: Record<string, unknown>;
}

/** How loud a message is, for notifiers that colour or tag it. */
export type AlertSeverity = 'critical' | 'warning' | 'info' | 'resolved';

export interface RenderedAlert {
  title: string;
  /** Plain text, lines separated by `\n`. */
  text: string;
  severity: AlertSeverity;
}

const SEVERITY: Record<StoredAlertKind, AlertSeverity> = {
  down: 'critical',
  reminder: 'critical',
  recovered: 'resolved',
  degraded: 'warning',
  cert_expiring: 'warning',
  report_surge: 'warning',
  notice: 'info',
  test: 'info',
};

/**
 * The message of an alert in `lang`.
 *
 * @example renderAlert({ kind: 'down', provider: { name: 'ExamplePay', … }, channel: { name: 'Hotline', … }, … }, 'en')
 * // { title: '[DOWN] ExamplePay Hotline is down', text: 'Hotline of ExamplePay has been down since 2026-11-23 14:05 (Asia/Shanghai).\nCause: timeout …', severity: 'critical' }
 */
export function renderAlert(facts: AlertFacts, lang: AlertLang): RenderedAlert {
  const zh = lang === 'zh-CN';
  const lines = zh ? zhLines(facts) : enLines(facts);
  return { title: lines[0]!, text: lines.slice(1).join('\n'), severity: facts.kind === 'notice' && facts.data.change === 'resolved' ? 'resolved' : SEVERITY[facts.kind] };
}

function enLines(f: AlertFacts): string[] {
  const provider = f.provider?.name ?? 'supportwatch';
  const channel = f.channel?.name ?? provider;
  const of = f.channel ? `${channel} of ${provider}` : provider;
  const when = (at: number) => clock(at, f.provider?.timezone ?? 'UTC');
  const cause = causeLine(f, 'Cause', ': ');
  switch (f.kind) {
    case 'down':
      return [`[DOWN] ${provider} ${channel} is down`, `${of} has been down since ${when(f.incident?.startedAt ?? f.at)}.`, ...cause];
    case 'reminder':
      return [`[STILL DOWN] ${provider} ${channel} is still down`, `${of} has been down for ${span(f.at - (f.incident?.startedAt ?? f.at), 'en')}, since ${when(f.incident?.startedAt ?? f.at)}.`, ...cause];
    case 'recovered': {
      const started = f.incident?.startedAt;
      const after = started === undefined ? '' : `, after ${span((f.incident?.endedAt ?? f.at) - started, 'en')} down (since ${when(started)})`;
      return [`[RECOVERED] ${provider} ${channel} is back`, `${of} answers again at ${when(f.incident?.endedAt ?? f.at)}${after}.`];
    }
    case 'degraded':
      return [`[DEGRADED] ${provider} ${channel} is slow`, `${of} answers, but slower than allowed, since ${when(f.at)}.`];
    case 'cert_expiring': {
      const expires = num(f.data.expires_at) ?? f.at;
      return [`[CERTIFICATE] ${provider} ${channel}: certificate expires ${when(expires)}`, `The TLS certificate of ${of} (${str(f.data.probe) ?? 'probe'}) expires ${when(expires)}, in ${days(expires - f.at)} days.`];
    }
    case 'report_surge':
      return [
        `[REPORTS] Users cannot reach ${provider} ${channel}`,
        `${num(f.data.reporters) ?? 0} people reported problems with ${of} in the last 15 minutes (a surge starts at ${num(f.data.threshold) ?? '?'}).`,
      ];
    case 'notice': {
      const topic = f.data.topic === 'maintenance' ? 'maintenance' : 'outage';
      const resolved = f.data.change === 'resolved';
      return [
        resolved ? `[NOTICE] ${provider}: ${topic} resolved: ${str(f.data.title) ?? ''}` : `[NOTICE] ${provider} announced ${topic === 'maintenance' ? 'maintenance' : 'an outage'}: ${str(f.data.title) ?? ''}`,
        ...windowLine(f, 'Window', ' to ', when),
        ...(str(f.data.url) ? [str(f.data.url)!] : []),
      ];
    }
    case 'test':
      return ['[TEST] supportwatch test message', `This is a test of alert route "${str(f.data.route) ?? ''}". If you read this, alerts reach you.`];
  }
}

function zhLines(f: AlertFacts): string[] {
  const provider = f.provider?.name ?? 'supportwatch';
  const channel = f.channel?.name ?? provider;
  const of = f.channel ? `${provider}「${channel}」` : provider;
  const when = (at: number) => clock(at, f.provider?.timezone ?? 'UTC');
  const cause = causeLine(f, '原因', '：');
  switch (f.kind) {
    case 'down':
      return [`【故障】${of}无法访问`, `${of}自 ${when(f.incident?.startedAt ?? f.at)} 起无法访问。`, ...cause];
    case 'reminder':
      return [`【仍在故障】${of}仍无法访问`, `${of}已故障 ${span(f.at - (f.incident?.startedAt ?? f.at), 'zh-CN')}（自 ${when(f.incident?.startedAt ?? f.at)} 起）。`, ...cause];
    case 'recovered': {
      const started = f.incident?.startedAt;
      const after = started === undefined ? '' : `，故障持续 ${span((f.incident?.endedAt ?? f.at) - started, 'zh-CN')}（自 ${when(started)} 起）`;
      return [`【已恢复】${of}已恢复`, `${of}于 ${when(f.incident?.endedAt ?? f.at)} 恢复${after}。`];
    }
    case 'degraded':
      return [`【响应缓慢】${of}响应缓慢`, `${of}自 ${when(f.at)} 起可以访问，但响应慢于设定值。`];
    case 'cert_expiring': {
      const expires = num(f.data.expires_at) ?? f.at;
      return [`【证书将过期】${of}的证书将于 ${when(expires)} 过期`, `${of}（${str(f.data.probe) ?? '探测'}）的 TLS 证书将于 ${when(expires)} 过期，还剩 ${days(expires - f.at)} 天。`];
    }
    case 'report_surge':
      return [`【用户反馈激增】${of}`, `过去 15 分钟内有 ${num(f.data.reporters) ?? 0} 人反馈无法联系${of}（激增阈值 ${num(f.data.threshold) ?? '?'}）。`];
    case 'notice': {
      const topic = f.data.topic === 'maintenance' ? '维护' : '故障';
      const resolved = f.data.change === 'resolved';
      return [
        resolved ? `【公告】${provider}${topic}已结束：${str(f.data.title) ?? ''}` : `【公告】${provider}发布${topic}公告：${str(f.data.title) ?? ''}`,
        ...windowLine(f, '时间', ' 至 ', when),
        ...(str(f.data.url) ? [str(f.data.url)!] : []),
      ];
    }
    case 'test':
      return ['【测试】supportwatch 测试消息', `这是告警路由「${str(f.data.route) ?? ''}」的测试消息。收到即表示告警可以送达。`];
  }
}

function causeLine(f: AlertFacts, label: string, sep: string): string[] {
  const cls = f.incident?.causeClass ?? str((f.data.cause as Record<string, unknown> | undefined)?.class);
  const message = f.incident?.causeMessage ?? str((f.data.cause as Record<string, unknown> | undefined)?.message);
  if (!cls && !message) return [];
  return [`${label}${sep}${[cls, message].filter(Boolean).join(' – ')}`];
}

function windowLine(f: AlertFacts, label: string, to: string, when: (at: number) => string): string[] {
  const start = num(f.data.window_start);
  const end = num(f.data.window_end);
  if (start === null && end === null) return [];
  return [`${label}: ${start === null ? '?' : when(start)}${to}${end === null ? '?' : when(end)}`];
}

/** `2026-11-23 14:05 (Asia/Shanghai)`. */
export function clock(at: number, timezone: string): string {
  const p = localParts(at, timezone);
  const hh = String(Math.floor(p.minute / 60)).padStart(2, '0');
  const mm = String(p.minute % 60).padStart(2, '0');
  return `${p.date} ${hh}:${mm} (${timezone})`;
}

/**
 * A duration in words: `1 h 5 min`, `1小时5分钟`; under a minute, seconds.
 *
 * @example span(3_900_000, 'en') // '1 h 5 min'
 */
export function span(ms: number, lang: AlertLang): string {
  const total = Math.max(0, Math.round(ms / 1000));
  if (total < 60) return lang === 'zh-CN' ? `${total}秒` : `${total} s`;
  const minutes = Math.round(total / 60);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const parts = lang === 'zh-CN' ? [d && `${d}天`, h && `${h}小时`, m && `${m}分钟`] : [d && `${d} d`, h && `${h} h`, m && `${m} min`];
  return parts.filter(Boolean).join(lang === 'zh-CN' ? '' : ' ');
}

function days(ms: number): number {
  return Math.max(0, Math.floor(ms / 86_400_000));
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}
