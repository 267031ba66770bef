/**
 * The demo's running commentary: it reads the real HTTP API every few seconds and prints one
 * short line per change of a channel's state, per incident opened or closed, and per step of
 * the simulator's script. Deciding what to say is pure (`channelLines`, `incidentLines`); the
 * loop around it only fetches and prints.
 */
import type { ScriptEvent } from './simulator.ts';

/** The parts of `GET /api/v1/providers/{id}` a channel line needs. */
export interface ApiChannel {
  id: string;
  state: string;
  state_reason: string | null;
  opens_at: string | null;
  last_check: {
    latency_ms: number;
    http_status: number | null;
    error: { class: string; message: string | null } | null;
  } | null;
}

/** The parts of `GET /api/v1/incidents` an incident line needs. */
export interface ApiIncident {
  id: number;
  channel: string;
  ended_at: string | null;
  duration_s: number;
  cause: { class: string; message: string | null } | null;
}

/** `mm:ss` from ms since the demo started (`75_000` → `01:15`). */
export function clock(elapsedMs: number): string {
  const total = Math.max(0, Math.floor(elapsedMs / 1000));
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

/**
 * One line per channel whose state differs from `before` (channel id → state); a channel not
 * in `before` is new and gets a line with its state alone.
 *
 * @example
 * channelLines(new Map([['demopay-hotline', 'up']]), [hotlineDown], '00:55', 'Asia/Shanghai')
 * // → ['00:55  demopay-hotline  up → down  (http_status: expected status 200, got 503)']
 */
export function channelLines(before: ReadonlyMap<string, string>, channels: readonly ApiChannel[], at: string, timezone: string): string[] {
  const width = Math.max(0, ...channels.map((c) => c.id.length));
  const lines: string[] = [];
  for (const channel of channels) {
    const previous = before.get(channel.id);
    if (previous === channel.state) continue;
    const change = previous === undefined ? channel.state : `${previous} → ${channel.state}`;
    const reason = stateReason(channel, timezone);
    lines.push(`${at}  ${channel.id.padEnd(width)}  ${change}${reason ? `  (${reason})` : ''}`);
  }
  return lines;
}

/** Why a channel is in its state, in a few words, or null when nothing useful can be said. */
export function stateReason(channel: ApiChannel, timezone: string): string | null {
  const last = channel.last_check;
  switch (channel.state) {
    case 'down':
      return last?.error ? describeError(last.error) : channel.state_reason;
    case 'degraded':
      return last ? `slow: answered in ${last.latency_ms} ms` : channel.state_reason;
    case 'up':
      return last ? `HTTP ${last.http_status ?? '?'} in ${last.latency_ms} ms` : null;
    case 'closed': {
      const opens = channel.opens_at === null ? null : localTime(channel.opens_at, timezone);
      return opens ? `${channel.state_reason ?? 'closed'}; opens at ${opens} ${timezone} time` : channel.state_reason;
    }
    default:
      return channel.state_reason;
  }
}

/**
 * One line per incident that is new in `before` (incident id → whether it was open) or has
 * closed since.
 */
export function incidentLines(before: ReadonlyMap<number, boolean>, incidents: readonly ApiIncident[], at: string): string[] {
  const lines: string[] = [];
  // The API lists newest first; tell the story oldest first.
  for (const incident of [...incidents].reverse()) {
    const wasOpen = before.get(incident.id);
    const open = incident.ended_at === null;
    if (wasOpen === undefined || (wasOpen && !open)) {
      if (wasOpen === undefined) {
        const cause = incident.cause ? `  (${describeError(incident.cause)})` : '';
        lines.push(`${at}  incident #${incident.id} opened on ${incident.channel}${cause}`);
      }
      if (!open) lines.push(`${at}  incident #${incident.id} closed on ${incident.channel} after ${incident.duration_s} s`);
    }
  }
  return lines;
}

function describeError(error: { class: string; message: string | null }): string {
  return error.message ? `${error.class}: ${error.message}` : error.class;
}

/** `HH:MM` of an ISO instant in `timezone`. */
function localTime(iso: string, timezone: string): string | null {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  return new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);
}

export interface NarratorOptions {
  /** supportwatch's base URL, e.g. `http://127.0.0.1:8787`. */
  apiUrl: string;
  providerId: string;
  /** Script time since the demo started. */
  elapsedMs: () => number;
  script: readonly ScriptEvent[];
  /** After this (script time), the narrator says so once every channel has recovered. */
  scriptEndMs: number;
  /** Between two reads of the API. Default 2 s. */
  intervalMs?: number;
  write: (line: string) => void;
}

export interface Narrator {
  /** Stops polling; resolves when a read in progress has finished. */
  stop(): Promise<void>;
}

/**
 * Starts commenting: reads the provider and its incidents through the API every
 * `intervalMs` and writes what changed. A failed read is reported once, not every time.
 */
export function startNarrator(options: NarratorOptions): Narrator {
  const interval = options.intervalMs ?? 2_000;
  const states = new Map<string, string>();
  const incidents = new Map<number, boolean>();
  let nextEvent = 0;
  let saidDone = false;
  let lastFailure: string | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();

  const get = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${options.apiUrl}${path}`, { signal: AbortSignal.timeout(5_000) });
    if (!res.ok) throw new Error(`GET ${path} answered ${res.status}`);
    return (await res.json()) as T;
  };

  const tick = async (): Promise<void> => {
    const elapsed = options.elapsedMs();
    const at = clock(elapsed);
    for (; nextEvent < options.script.length && options.script[nextEvent]!.atMs <= elapsed; nextEvent++) {
      options.write(`${clock(options.script[nextEvent]!.atMs)}  ▶ script: ${options.script[nextEvent]!.text}`);
    }
    try {
      // Incidents first: a batch written between the two reads then shows up in both (or in
      // neither), so "up → down" is never told after the incident it caused.
      const list = await get<{ incidents: ApiIncident[] }>(`/api/v1/incidents?provider=${options.providerId}`);
      const provider = await get<{ timezone: string; channels: ApiChannel[] }>(`/api/v1/providers/${options.providerId}`);
      lastFailure = null;
      for (const line of channelLines(states, provider.channels, at, provider.timezone)) options.write(line);
      for (const line of incidentLines(incidents, list.incidents, at)) options.write(line);
      for (const channel of provider.channels) states.set(channel.id, channel.state);
      for (const incident of list.incidents) incidents.set(incident.id, incident.ended_at === null);
      const healthy = provider.channels.every((c) => c.state !== 'down' && c.state !== 'degraded');
      if (!saidDone && elapsed >= options.scriptEndMs && healthy && [...incidents.values()].every((open) => !open)) {
        saidDone = true;
        options.write(`${at}  ✔ the script is over and every channel has recovered. supportwatch keeps watching; Ctrl-C stops the demo.`);
      }
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (message !== lastFailure) options.write(`${at}  (could not read the API: ${message})`);
      lastFailure = message;
    }
  };

  const loop = () => {
    if (stopped) return;
    current = tick().finally(() => {
      if (!stopped) timer = setTimeout(loop, interval);
    });
  };
  loop();

  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
