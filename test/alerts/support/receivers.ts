/**
 * Local receivers for alert tests, on 127.0.0.1 only: an HTTP endpoint that records every
 * request and answers as a script says, and an SMTP server that keeps every message.
 */
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { startHttpServer, type LocalServer } from '../../support/local-server.ts';

/** One request the receiver got. */
export interface Received {
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** What the receiver answered (null: it hung). */
  status: number | null;
}

/** How to answer request number `n` (0-based): a status, or `hang` to never answer. */
export type Script = (n: number, req: Received) => number | 'hang' | { status: number; body: string };

export interface HttpReceiver extends LocalServer {
  received: Received[];
  /** The accepted ones (2xx). */
  accepted(): Received[];
  /** Changes the answers from now on. */
  setScript(script: Script): void;
}

/**
 * Starts a receiver; by default every request gets 200.
 *
 * @example const hook = await startReceiver((n) => (n < 3 ? 503 : 200));
 */
export async function startReceiver(script: Script = () => 200): Promise<HttpReceiver> {
  const received: Received[] = [];
  let current = script;
  const server = await startHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry: Received = { url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status: null };
      const answer = current(received.length, entry);
      received.push(entry);
      if (answer === 'hang') return;
      const { status, body } = typeof answer === 'number' ? { status: answer, body: '' } : answer;
      entry.status = status;
      res.writeHead(status, { 'content-type': 'application/json' }).end(body);
    });
  });
  return {
    ...server,
    received,
    accepted: () => received.filter((r) => r.status !== null && r.status >= 200 && r.status < 300),
    setScript: (s) => {
      current = s;
    },
  };
}

/** One message the SMTP server accepted. */
export interface Mail {
  from: string;
  to: string[];
  raw: string;
}

export interface MailReceiver {
  host: string;
  port: number;
  mails: Mail[];
  close(): Promise<void>;
}

/** A real SMTP server (`smtp-server`) without TLS or AUTH that keeps every message it accepts. */
export async function startMailReceiver(): Promise<MailReceiver> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['AUTH', 'STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    closeTimeout: 100,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  server.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return { host: '127.0.0.1', port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Waits until `check` holds, polling; fails with `what` after `ms` (generous: a loaded machine). */
export async function until(check: () => boolean | Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A header as one string. */
export function header(r: Received, name: string): string | undefined {
  const value = r.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
