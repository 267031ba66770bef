import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { TlsCert } from './tls-cert.ts';

/** A server listening on 127.0.0.1 on an ephemeral port. */
export interface LocalServer {
  /** `http://127.0.0.1:<port>` (or `https://`, `tcp://`), without a trailing slash. */
  url: string;
  port: number;
  /** Stops listening and destroys every open connection, including ones a handler left hanging. */
  close(): Promise<void>;
}

/**
 * Starts a node:http server. Handlers may leave requests unanswered on purpose (to test
 * timeouts): `close()` still ends them.
 *
 * @example
 * const server = await startHttpServer((req, res) => res.end('ok'));
 * await fetchSomething(`${server.url}/path`);
 * await server.close();
 */
export function startHttpServer(handler: http.RequestListener): Promise<LocalServer> {
  return listenHttp(http.createServer(handler), 'http');
}

/** Starts a node:https server with the given key and certificate (see `tls-cert.ts`). */
export function startHttpsServer(handler: http.RequestListener, tls: TlsCert): Promise<LocalServer> {
  return listenHttp(https.createServer({ key: tls.key, cert: tls.cert }, handler), 'https');
}

/**
 * Starts a raw node:net server, for behaviour no HTTP server would show (closing at once,
 * answering garbage, never answering).
 */
export async function startTcpServer(onConnection: (socket: net.Socket) => void): Promise<LocalServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    onConnection(socket);
  });
  const port = await listen(server);
  return {
    url: `tcp://127.0.0.1:${port}`,
    port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await closeServer(server);
    },
  };
}

/**
 * A port on 127.0.0.1 that nothing listens on: bound, then released. Another process could
 * take it in between, which is unlikely enough for a test.
 */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  const port = await listen(server);
  await closeServer(server);
  return port;
}

async function listenHttp(server: http.Server | https.Server, scheme: 'http' | 'https'): Promise<LocalServer> {
  // A client that goes away mid-response must not crash the test run.
  server.on('clientError', (_err, socket) => socket.destroy());
  const port = await listen(server);
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    port,
    close: async () => {
      server.closeAllConnections();
      await closeServer(server);
    },
  };
}

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: net.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
