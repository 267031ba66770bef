/**
 * A local webhook receiver that records every alert delivery by its event id
 * (`x-supportwatch-id`) and by which run of the process sent it, so a test can tell a
 * redelivery across a crash (allowed: the id is the idempotency key) from a duplicate
 * within one run (a bug).
 */
import { startHttpServer, type LocalServer } from '../support/local-server.ts';

export interface AlertReceiver extends LocalServer {
  /** Run index of each delivery of each event id, in arrival order. */
  received: Map<string, number[]>;
  /** The run the process is in now; set by the test at each spawn. */
  run: number;
}

export async function startAlertReceiver(): Promise<AlertReceiver> {
  const received = new Map<string, number[]>();
  const server = await startHttpServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const id = req.headers['x-supportwatch-id'];
      if (req.method === 'POST' && typeof id === 'string') {
        let runs = received.get(id);
        if (!runs) received.set(id, (runs = []));
        runs.push(receiver.run);
      }
      res.writeHead(204).end();
    });
  });
  const receiver: AlertReceiver = { ...server, received, run: 0 };
  return receiver;
}
