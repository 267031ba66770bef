/**
 * Hostile upstreams for tests: a raw TCP server that plays a script on each connection and
 * counts what it sent, so a test can prove a probe stopped reading (bytes sent stay near the
 * cap) without looking at the process's memory.
 */
import type net from 'node:net';
import { startTcpServer } from '../support/local-server.ts';

/** A scripted server on 127.0.0.1 with byte and connection counters. */
export interface HostileServer {
  port: number;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Bytes written to every connection that has closed so far. */
  readonly bytesSent: number;
  /** Connections accepted so far. */
  readonly connections: number;
  /** Connections still open (a probe that ended must have closed its own). */
  readonly open: number;
  close(): Promise<void>;
}

/** What a script gets: the socket, and a way to stop its timers when the peer goes away. */
export interface ScriptContext {
  socket: net.Socket;
  /** Runs `fn` every `ms` until the socket closes. */
  every(ms: number, fn: () => void): void;
}

/**
 * Starts a raw server that runs `script` once the client's first bytes (its request) arrive,
 * or at once with `speakFirst` (SMTP, TLS garbage).
 *
 * @example
 * const server = await startHostileServer(({ socket }) => socket.end('HTTP/1.1 200 OK\r\n\r\n'));
 */
export async function startHostileServer(script: (ctx: ScriptContext) => void, options: { speakFirst?: boolean } = {}): Promise<HostileServer> {
  let bytesSent = 0;
  let connections = 0;
  let open = 0;
  const server = await startTcpServer((socket) => {
    connections++;
    open++;
    const timers: NodeJS.Timeout[] = [];
    socket.once('close', () => {
      open--;
      bytesSent += socket.bytesWritten;
      for (const t of timers) clearInterval(t);
    });
    const ctx: ScriptContext = {
      socket,
      every(ms, fn) {
        timers.push(
          setInterval(() => {
            if (!socket.destroyed) fn();
          }, ms),
        );
      },
    };
    if (options.speakFirst) {
      script(ctx);
      // A paused socket never reads the peer's FIN, so `open` would miss the hang-up.
      if (socket.listenerCount('data') === 0) socket.resume();
    } else {
      socket.once('data', () => script(ctx));
    }
  });
  return {
    port: server.port,
    url: `http://127.0.0.1:${server.port}`,
    get bytesSent() {
      return bytesSent;
    },
    get connections() {
      return connections;
    },
    get open() {
      return open;
    },
    close: () => server.close(),
  };
}

/** Writes `chunk` as fast as the socket takes it, until the peer goes away. */
export function writeForever(socket: net.Socket, chunk: Buffer): void {
  const pump = (): void => {
    while (!socket.destroyed && socket.write(chunk)) {
      // fill until the socket pushes back
    }
    if (!socket.destroyed) socket.once('drain', pump);
  };
  pump();
}

/** Resolves once `server` has no open connection left (the client hung up), polling briefly. */
export async function allClosed(server: HostileServer, timeoutMs = 5000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (server.open > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  return server.open === 0;
}

/** Bytes a loopback connection can hold in kernel buffers beyond what the reader took. */
export const SOCKET_SLACK_BYTES = 16 * 1024 * 1024;
