/**
 * Runs in Node before the Workers tests: a local HTTP target on 127.0.0.1 whose answer the
 * tests switch (`/up` → 200 "online", `/down` → 503), its port handed to the tests through
 * `provide`/`inject`. A control path lets a test in workerd flip the target without Node APIs.
 */
import type { TestProject } from 'vitest/node';
import { startHttpServer, type LocalServer } from '../support/local-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    targetPort: number;
  }
}

let server: LocalServer | undefined;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let healthy = true;
  server = await startHttpServer((req, res) => {
    if (req.url === '/control/up' || req.url === '/control/down') {
      healthy = req.url === '/control/up';
      res.end('ok');
      return;
    }
    if (req.url?.startsWith('/status')) {
      res.writeHead(healthy ? 200 : 503, { 'content-type': 'text/plain' });
      res.end(healthy ? 'support is online' : 'unavailable');
      return;
    }
    if (req.url === '/redirect') {
      res.writeHead(302, { location: '/status' });
      res.end();
      return;
    }
    const hop = /^\/hop\/(\d+)$/.exec(req.url ?? '');
    if (hop) {
      const n = Number(hop[1]);
      res.writeHead(n > 0 ? 302 : 200, n > 0 ? { location: `/hop/${n - 1}` } : {});
      res.end(n > 0 ? '' : 'arrived');
      return;
    }
    if (req.url === '/loop') {
      res.writeHead(301, { location: '/loop' }).end();
      return;
    }
    if (req.url === '/json') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok', queue: { wait_s: 420 } }));
      return;
    }
    if (req.url === '/big') {
      // Streamed without a length, so only counting the body can stop it.
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('x'.repeat(300 * 1024));
      return;
    }
    if (req.url === '/hang') return; // never answers: the probe's deadline must end it
    res.writeHead(404).end();
  });
  project.provide('targetPort', server.port);
  return async () => {
    await server?.close();
  };
}
