/**
 * A local HTTP target for many channels at `/t/<channel id>` that flaps: each request fails
 * (500) or succeeds (200 "online") by a seeded draw, and every answer is recorded, so a test
 * can compare what the monitor asked with what it stored.
 */
import { startHttpServer, type LocalServer } from '../support/local-server.ts';
import { seededRandom } from './real-process.ts';

/** One answer the target gave. */
export interface Served {
  /** When it answered (epoch ms, this process's clock). */
  at: number;
  ok: boolean;
}

export interface FlappingTarget extends LocalServer {
  /** Answers per channel id, oldest first, since start. */
  served: Map<string, Served[]>;
  /** Share of answers that are 500s from now on (0 = all good: the fleet settles). */
  failShare: number;
}

/** Starts the target; `failShare` of the answers are 500s. */
export async function startFlappingTarget(seed: number, failShare = 0.3): Promise<FlappingTarget> {
  const random = seededRandom(seed);
  const served = new Map<string, Served[]>();
  const server = await startHttpServer((req, res) => {
    const match = /^\/t\/([a-z0-9-]+)$/.exec(req.url ?? '');
    if (!match) return void res.writeHead(404).end('no such target');
    const ok = random() >= target.failShare;
    let list = served.get(match[1]!);
    if (!list) served.set(match[1]!, (list = []));
    list.push({ at: Date.now(), ok });
    res.writeHead(ok ? 200 : 500, { 'content-type': 'text/plain' }).end(ok ? 'help centre online' : 'internal error');
  });
  const target: FlappingTarget = { ...server, served, failShare };
  return target;
}

/** Answers to `channel` at or after `since`. */
export function servedSince(target: FlappingTarget, channel: string, since: number): Served[] {
  return (target.served.get(channel) ?? []).filter((s) => s.at >= since);
}
