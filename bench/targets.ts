/**
 * Local HTTP targets for the bench: several listeners on 127.0.0.1, each on its own ephemeral
 * port so the scheduler's per-host cap sees them as different hosts. The first path segment
 * picks the behaviour, so one catalog can mix healthy, slow, failing and hanging channels.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const BEHAVIOURS = ['fast', 'slow', 'failing', 'hanging'] as const;
export type Behaviour = (typeof BEHAVIOURS)[number];

/** Share of channels (percent, summing to 100) per behaviour. */
export type TargetMix = Record<Behaviour, number>;

export const DEFAULT_MIX: TargetMix = { fast: 85, slow: 5, failing: 5, hanging: 5 };

/** The word a good page carries, so probes can check a keyword as real ones do. */
export const PAGE_KEYWORD = 'support';

/** Parses `"85,5,5,5"` (fast, slow, failing, hanging) into a mix. */
export function parseMix(text: string, name = 'mix'): TargetMix {
  const parts = text.split(',').map((p) => Number(p.trim()));
  if (parts.length !== BEHAVIOURS.length || parts.some((p) => !Number.isInteger(p) || p < 0)) {
    throw new Error(`${name} must be four whole percentages "fast,slow,failing,hanging", got "${text}"`);
  }
  const sum = parts.reduce((a, b) => a + b, 0);
  if (sum !== 100) throw new Error(`${name} must add up to 100, got ${sum}`);
  const [fast = 0, slow = 0, failing = 0, hanging = 0] = parts;
  return { fast, slow, failing, hanging };
}

/**
 * The behaviour of the `index`-th channel. Deterministic, and exact per block of 100 channels:
 * 61 is coprime with 100, so `index * 61 % 100` visits every bucket once per block, which
 * scatters the failing channels across providers instead of piling them into one.
 */
export function behaviourOf(index: number, mix: TargetMix): Behaviour {
  const bucket = (index * 61 + 7) % 100;
  let upTo = 0;
  for (const behaviour of BEHAVIOURS) {
    upTo += mix[behaviour];
    if (bucket < upTo) return behaviour;
  }
  return 'fast';
}

export interface TargetOptions {
  /** Listeners to open. */
  hosts: number;
  /** How long a `slow` answer takes. */
  slowMs?: number;
  /** A `hanging` request is dropped after this long even if the client never gives up. */
  hangMaxMs?: number;
}

export interface Targets {
  /** `http://127.0.0.1:<port>`, one per listener. */
  origins: string[];
  /** Requests answered (or dropped) per behaviour since start. */
  served: Record<Behaviour, number>;
  /** Closes every listener and drops every open connection. */
  close(): Promise<void>;
}

/** The URL of a target on `origin` behaving as `behaviour`; `name` only makes logs readable. */
export function targetUrl(origin: string, behaviour: Behaviour, name: string): string {
  return `${origin}/${behaviour}/${encodeURIComponent(name)}`;
}

const PAGE = Buffer.from(
  `<!doctype html><html><head><title>Help centre</title></head><body><h1>Customer ${PAGE_KEYWORD}</h1>` +
    '<p>Our agents are online. '.repeat(30) +
    '</p></body></html>',
);
const FAILURE = Buffer.from('<!doctype html><h1>500 Internal Server Error</h1>');

/**
 * Starts `hosts` listeners on 127.0.0.1. Always pair with `close()` in a `finally`.
 *
 * @example
 * const targets = await startTargets({ hosts: 4 });
 * try { await fetch(targetUrl(targets.origins[0]!, 'slow', 'x')); } finally { await targets.close(); }
 */
export async function startTargets(options: TargetOptions): Promise<Targets> {
  const slowMs = options.slowMs ?? 300;
  const hangMaxMs = options.hangMaxMs ?? 30_000;
  const served: Record<Behaviour, number> = { fast: 0, slow: 0, failing: 0, hanging: 0 };
  const timers = requestTimers();

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const behaviour = (req.url ?? '/').split('/')[1] as Behaviour;
    switch (behaviour) {
      case 'fast':
        served.fast++;
        return sendPage(res, 200, PAGE);
      case 'slow':
        served.slow++;
        return timers.later(slowMs, req, () => sendPage(res, 200, PAGE));
      case 'failing':
        served.failing++;
        return sendPage(res, 500, FAILURE);
      case 'hanging':
        served.hanging++;
        return timers.later(hangMaxMs, req, () => req.socket.destroy());
      default:
        return sendPage(res, 404, Buffer.from('not a bench target'));
    }
  };

  const { origins, close } = await listenOnLoopback(options.hosts, handle, () => timers.clear());
  return { origins, served, close };
}

/** Delayed answers tied to their request: a timer is dropped when its client goes away. */
export function requestTimers(): { later(ms: number, req: IncomingMessage, fn: () => void): void; clear(): void } {
  const timers = new Set<NodeJS.Timeout>();
  return {
    later(ms, req, fn) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        fn();
      }, ms);
      timers.add(timer);
      // The client gave up (e.g. the probe's timeout): forget the timer so nothing lingers.
      req.socket.once('close', () => {
        clearTimeout(timer);
        timers.delete(timer);
      });
    },
    clear() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

/**
 * `hosts` HTTP listeners on 127.0.0.1 (each its own port, so a probe sees many hosts) sharing
 * one handler. `close()` runs `beforeClose`, then closes them and drops open connections.
 */
export async function listenOnLoopback(
  hosts: number,
  handle: (req: IncomingMessage, res: ServerResponse) => void,
  beforeClose: () => void = () => {},
): Promise<{ origins: string[]; close(): Promise<void> }> {
  const servers: Server[] = [];
  const close = async () => {
    beforeClose();
    await Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      ),
    );
  };
  try {
    for (let i = 0; i < hosts; i++) {
      const server = createServer(handle);
      servers.push(server);
      await new Promise<void>((ready, fail) => {
        server.once('error', fail);
        server.listen(0, '127.0.0.1', () => ready());
      });
    }
  } catch (err) {
    await close();
    throw err;
  }
  return { origins: servers.map((s) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`), close };
}

/** Answers with an HTML body, unless the client is already gone. */
export function sendPage(res: ServerResponse, status: number, body: Buffer): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length });
  res.end(body);
}
