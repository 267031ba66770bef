import type { AddressInfo } from 'node:net';
import type net from 'node:net';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { startTcpServer } from './local-server.ts';
import type { TlsCert } from './tls-cert.ts';

/** What a client did in one session with the local SMTP server, recorded when it closed. */
export interface SmtpSessionRecord {
  /** The name given in the last EHLO/HELO (after STARTTLS, the one given over TLS). */
  helo: string | false;
  /** True when the session was upgraded with STARTTLS. */
  secure: boolean;
  /** The name the client sent in TLS SNI, or null. */
  servername: string | null;
  /** MAIL FROM, RCPT TO and DATA commands received: a probe must never send any. */
  mailCommands: number;
}

/** An SMTP server on 127.0.0.1 on an ephemeral port. */
export interface LocalSmtpServer {
  host: string;
  port: number;
  /** One record per closed session, in the order they closed. */
  sessions: SmtpSessionRecord[];
  close(): Promise<void>;
}

/**
 * Starts a real SMTP server (the `smtp-server` package). Without `cert` it offers no STARTTLS;
 * with it, STARTTLS is offered with that certificate. AUTH is off in both.
 *
 * @example
 * const smtp = await startSmtpServer({ cert: await createSelfSignedCert() });
 * await runSmtpProbe(smtpSpec({ host: smtp.host, port: smtp.port, starttls: true, insecure: true }));
 * await smtp.close();
 */
export async function startSmtpServer(options: { cert?: TlsCert; banner?: string } = {}): Promise<LocalSmtpServer> {
  const sessions: SmtpSessionRecord[] = [];
  const mail = new Map<string, number>();
  const count = (session: SMTPServerSession): void => {
    mail.set(session.id, (mail.get(session.id) ?? 0) + 1);
  };
  const server = new SMTPServer({
    name: 'mx.local.test',
    ...(options.banner === undefined ? {} : { banner: options.banner }),
    ...(options.cert === undefined ? {} : { key: options.cert.key, cert: options.cert.cert }),
    disabledCommands: options.cert === undefined ? ['AUTH', 'STARTTLS'] : ['AUTH'],
    disableReverseLookup: true,
    logger: false,
    closeTimeout: 100,
    onMailFrom: (_address, session, callback) => {
      count(session);
      callback();
    },
    onRcptTo: (_address, session, callback) => {
      count(session);
      callback();
    },
    onData: (stream, session, callback) => {
      count(session);
      stream.resume();
      stream.on('end', () => callback());
    },
    onClose: (session) => {
      sessions.push({
        helo: session.hostNameAppearsAs,
        secure: session.secure,
        servername: typeof session.servername === 'string' ? session.servername : null,
        mailCommands: mail.get(session.id) ?? 0,
      });
    },
  });
  // A client that vanishes mid-handshake is normal in these tests.
  server.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    sessions,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A scripted server: the banner it sends (null = none) and its answer to each command line. */
export interface RawSmtpScript {
  banner: string | null;
  /** The raw text to send for a command (CRLFs included), or null to stay silent. */
  answer?: (command: string, socket: net.Socket) => string | null;
}

/** A raw server plus every command line it received, in order (over all connections). */
export interface RawSmtpServer {
  host: string;
  port: number;
  commands: string[];
  close(): Promise<void>;
}

/**
 * Starts a node:net server that plays an SMTP script, for behaviour a real server would not
 * show: refusing with `421`, never greeting, oversized or malformed replies.
 *
 * @example
 * const busy = await startRawSmtpServer({ banner: '421 too busy\r\n' });
 */
export async function startRawSmtpServer(script: RawSmtpScript): Promise<RawSmtpServer> {
  const commands: string[] = [];
  const server = await startTcpServer((socket) => {
    if (script.banner !== null) socket.write(script.banner);
    let pending = '';
    socket.on('data', (chunk: Buffer) => {
      pending += chunk.toString('latin1');
      for (let end = pending.indexOf('\r\n'); end !== -1; end = pending.indexOf('\r\n')) {
        const command = pending.slice(0, end);
        pending = pending.slice(end + 2);
        commands.push(command);
        const reply = script.answer?.(command, socket) ?? null;
        if (reply !== null && !socket.destroyed) socket.write(reply);
      }
    });
  });
  return { host: '127.0.0.1', port: server.port, commands, close: () => server.close() };
}
