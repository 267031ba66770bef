/**
 * Local targets for the soak: the same URL layout as `targets.ts` (`/<behaviour>/<name>`, so
 * `buildCatalog` serves both), but `failing` channels flap: each is down (500) for 20 s of
 * every minute, at a phase of its own, so over a long run incidents keep opening and closing
 * and state changes keep flowing to the database, as on a bad day in production.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { stableHash } from '../src/scheduler/spread.ts';
import { PAGE_KEYWORD, listenOnLoopback, requestTimers, sendPage, type Behaviour } from './targets.ts';

/** A flapping channel's cycle, and how much of it is down. */
export const FLAP_PERIOD_MS = 60_000;
export const FLAP_DOWN_MS = 20_000;

export interface SoakTargets {
  origins: string[];
  /** Answers per kind since start: up, down (a flapping channel in its down phase), slow, hanging. */
  served: { up: number; down: number; slow: number; hanging: number };
  close(): Promise<void>;
}

const PAGE = Buffer.from(`<!doctype html><title>Help centre</title><h1>Customer ${PAGE_KEYWORD}</h1><p>Our agents are online.</p>`);
const FAILURE = Buffer.from('<!doctype html><h1>500 Internal Server Error</h1>');

/** Is a flapping channel `name` down at `now`? */
export function flapDown(name: string, now: number): boolean {
  return (now + (stableHash(name) % FLAP_PERIOD_MS)) % FLAP_PERIOD_MS < FLAP_DOWN_MS;
}

/**
 * Starts `hosts` listeners on 127.0.0.1. Always pair with `close()` in a `finally`.
 *
 * @example
 * const targets = await startSoakTargets({ hosts: 8, slowMs: 300, hangMaxMs: 15_000 });
 * try { ... } finally { await targets.close(); }
 */
export async function startSoakTargets(options: { hosts: number; slowMs: number; hangMaxMs: number }): Promise<SoakTargets> {
  const served = { up: 0, down: 0, slow: 0, hanging: 0 };
  const timers = requestTimers();
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const [, behaviour, name = ''] = (req.url ?? '/').split('/') as [string, Behaviour | undefined, string?];
    switch (behaviour) {
      case 'fast':
        served.up++;
        return sendPage(res, 200, PAGE);
      case 'failing':
        if (flapDown(name, Date.now())) {
          served.down++;
          return sendPage(res, 500, FAILURE);
        }
        served.up++;
        return sendPage(res, 200, PAGE);
      case 'slow':
        served.slow++;
        return timers.later(options.slowMs, req, () => sendPage(res, 200, PAGE));
      case 'hanging':
        served.hanging++;
        return timers.later(options.hangMaxMs, req, () => req.socket.destroy());
      default:
        return sendPage(res, 404, Buffer.from('not a soak target'));
    }
  };

  const { origins, close } = await listenOnLoopback(options.hosts, handle, () => timers.clear());
  return { origins, served, close };
}
