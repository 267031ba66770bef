/**
 * A local support site for DemoPay, a fictional wallet, that breaks and heals on a script so
 * `npm run demo` can show a real outage with no internet. One node:http server on 127.0.0.1
 * serves a path per support channel; what each path answers is decided by the pure
 * `phaseAt(elapsedMs)`, so the script can be table-tested apart from the server.
 *
 * The script, in seconds from the simulator's start (it runs once, then stays healthy):
 *
 * | from | to  | what happens                                                          |
 * |------|-----|-----------------------------------------------------------------------|
 * | 0    | 25  | every path healthy                                                    |
 * | 25   | 60  | /chat/health answers correctly but after 2.5 s (its limit is 2 s)     |
 * | 35   | 80  | /hotline/status answers 503 "系统维护中 / system busy"; /notices says so |
 * | 80   | ∞   | every path healthy again                                              |
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The paths the simulator serves, one per probed channel. */
export const SIMULATOR_PATHS = ['/hotline/status', '/chat/health', '/help', '/notices', '/forms/complaint'] as const;
export type SimulatorPath = (typeof SIMULATOR_PATHS)[number];

/** What one path answers. */
export interface Reply {
  status: number;
  contentType: string;
  body: string;
  /** How long the server waits before answering, in script time (see `speed`). */
  delayMs: number;
}

/** What every path answers at one moment of the script. */
export type Phase = Record<SimulatorPath, Reply>;

/** A window of the script, start included, end excluded, in ms from the start. */
export interface Window {
  fromMs: number;
  toMs: number;
}

/** The live chat answers slowly in this window. */
export const CHAT_SLOW: Window = { fromMs: 25_000, toMs: 60_000 };
/** The hotline status page fails in this window. */
export const HOTLINE_DOWN: Window = { fromMs: 35_000, toMs: 80_000 };
/** From here on everything stays healthy. */
export const SCRIPT_END_MS = 80_000;
/** The slow chat's delay: over the 2 s `max_latency` of the demo config, under its 5 s timeout. */
export const CHAT_SLOW_DELAY_MS = 2_500;

/** A line of the script for people: what starts to happen at `atMs`. */
export interface ScriptEvent {
  atMs: number;
  text: string;
}

/** The script as the demo narrates it; each entry is a moment where `phaseAt` changes. */
export const SCRIPT: readonly ScriptEvent[] = [
  { atMs: CHAT_SLOW.fromMs, text: 'the live chat slows down: it answers after 2.5 s, over its 2 s limit (expect degraded)' },
  {
    atMs: HOTLINE_DOWN.fromMs,
    text: 'the hotline status page starts answering 503 "系统维护中 / system busy" (expect down after 2 failed checks, and an incident)',
  },
  { atMs: CHAT_SLOW.toMs, text: 'the live chat is fast again' },
  { atMs: HOTLINE_DOWN.toMs, text: 'the hotline status page is back; from here on everything stays healthy' },
];

const HTML = 'text/html; charset=utf-8';
const JSON_TYPE = 'application/json';

/**
 * What every path answers `elapsedMs` after the simulator started. Pure: the server only
 * looks the answer up.
 *
 * @example
 * phaseAt(40_000)['/hotline/status'].status // → 503
 * phaseAt(30_000)['/chat/health'].delayMs   // → 2500
 */
export function phaseAt(elapsedMs: number): Phase {
  const chatSlow = within(elapsedMs, CHAT_SLOW);
  const hotlineDown = within(elapsedMs, HOTLINE_DOWN);
  return {
    '/hotline/status': hotlineDown
      ? page(503, 'DemoPay 客服热线 / hotline', '<p>系统维护中 / system busy. Please try again later.</p>')
      : page(200, 'DemoPay 客服热线 / hotline', '<p>All lines open — 线路畅通. Average wait: 2 minutes.</p>'),
    '/chat/health': {
      status: 200,
      contentType: JSON_TYPE,
      body: JSON.stringify({ status: 'ok', queue: chatSlow ? 41 : 3 }),
      delayMs: chatSlow ? CHAT_SLOW_DELAY_MS : 0,
    },
    '/help': page(200, 'DemoPay Help Centre', '<ul><li>Reset your PIN</li><li>Refunds</li><li>Frozen account</li></ul>'),
    '/notices': page(
      200,
      'DemoPay announcements',
      hotlineDown
        ? '<article class="notice outage"><h2>热线系统维护 / Hotline maintenance</h2><p>The phone queue is unavailable. Please use the live chat or the complaint form.</p></article>'
        : '<p>No current notices.</p>',
    ),
    '/forms/complaint': page(
      200,
      'DemoPay complaint form',
      '<form method="post"><label>Your complaint <textarea name="complaint"></textarea></label><button>Send</button></form>',
    ),
  };
}

function within(ms: number, window: Window): boolean {
  return ms >= window.fromMs && ms < window.toMs;
}

function page(status: number, title: string, content: string): Reply {
  const body = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${content}</body></html>`;
  return { status, contentType: HTML, body, delayMs: 0 };
}

export interface SimulatorOptions {
  /** Default 127.0.0.1: the demo site is never reachable from outside. */
  host?: string;
  /** Default 0: an ephemeral port. */
  port?: number;
  /**
   * Runs the script this many times faster, delays included (tests use 20 or so).
   * Default 1, the real demo.
   */
  speed?: number;
  /** The clock, epoch ms; tests pass their own to jump to a phase. Default `Date.now`. */
  now?: () => number;
}

export interface Simulator {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  url: string;
  /** When the script started, on the `now` clock. */
  startedAt: number;
  /** Script time since the start (real time × `speed`). */
  elapsedMs(): number;
  /** Stops listening, ends every open connection and pending slow answer. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Starts the DemoPay support site; the script starts now.
 *
 * @example
 * const sim = await startSimulator();
 * await fetch(`${sim.url}/chat/health`); // {"status":"ok","queue":3}
 * await sim.close();
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const now = options.now ?? Date.now;
  const speed = options.speed ?? 1;
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`speed must be a positive number, got ${speed}`);
  const startedAt = now();
  const elapsedMs = () => (now() - startedAt) * speed;
  const pending = new Set<NodeJS.Timeout>();

  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    res.setHeader('cache-control', 'no-store');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('method not allowed\n');
      return;
    }
    if (path === '/') {
      send(res, { status: 200, contentType: 'text/plain; charset=utf-8', body: `DemoPay support simulator\n${SIMULATOR_PATHS.join('\n')}\n`, delayMs: 0 });
      return;
    }
    const reply = isSimulatorPath(path) ? phaseAt(elapsedMs())[path] : undefined;
    if (!reply) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    if (reply.delayMs <= 0) {
      send(res, reply);
      return;
    }
    const timer = setTimeout(() => {
      pending.delete(timer);
      send(res, reply);
    }, reply.delayMs / speed);
    pending.add(timer);
    // A client that gave up (a probe timeout) needs no answer.
    res.once('close', () => {
      clearTimeout(timer);
      pending.delete(timer);
    });
  });
  // A client that goes away mid-request must not take the simulator down.
  server.on('clientError', (_err, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    startedAt,
    elapsedMs,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        for (const timer of pending) clearTimeout(timer);
        pending.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}

function isSimulatorPath(path: string): path is SimulatorPath {
  return (SIMULATOR_PATHS as readonly string[]).includes(path);
}

function send(res: http.ServerResponse, reply: Reply): void {
  if (res.destroyed) return;
  res.writeHead(reply.status, { 'content-type': reply.contentType, 'content-length': Buffer.byteLength(reply.body) });
  res.end(reply.body);
}
