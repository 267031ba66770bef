import net from 'node:net';
import { performance } from 'node:perf_hooks';
import tls from 'node:tls';
import { ReplyReader, type SmtpReply } from './smtp-reply.ts';
import { ProbeFailureError } from './probe-errors.ts';

/** Where the connection is to go. */
export interface SmtpEndpoint {
  /** A host name or an IP address; a name is looked up by `net.connect` (system resolver). */
  host: string;
  port: number;
}

/** Moments of the connection, as `performance.now()` values (null = not reached). */
export interface SessionTimes {
  /** The system lookup of a host name finished (never set for an IP address). */
  lookedUp: number | null;
  connected: number | null;
  firstByte: number | null;
}

/** The socket closed before the reply we were waiting for. */
export class ConnectionClosed extends Error {
  constructor(readonly beforeFirstByte: boolean) {
    super('connection closed by the server');
    this.name = 'ConnectionClosed';
  }
}

/**
 * One SMTP connection, plain and then perhaps TLS, read reply by reply. It never sends
 * anything by itself; `close()` destroys every socket it opened and is safe to call twice.
 */
export class SmtpSession {
  readonly times: SessionTimes = { lookedUp: null, connected: null, firstByte: null };
  readonly #reader = new ReplyReader();
  readonly #replies: SmtpReply[] = [];
  #socket: net.Socket;
  #waiter: { resolve: (reply: SmtpReply) => void; reject: (err: unknown) => void } | null = null;
  #error: unknown = null;
  readonly #sockets: net.Socket[] = [];

  readonly #connected: Promise<void>;

  private constructor(socket: net.Socket) {
    this.#socket = socket;
    this.#watch(socket);
    socket.once('lookup', () => {
      this.times.lookedUp = performance.now();
    });
    this.#connected = new Promise((resolve, reject) => {
      socket.once('connect', () => {
        this.times.connected = performance.now();
        socket.off('error', reject);
        resolve();
      });
      socket.once('error', reject);
    });
    // Settled by whoever awaits it; a failure is also recorded by #fail.
    this.#connected.catch(() => {});
  }

  /**
   * Starts connecting. The session exists at once, so that a deadline can `close()` a connect
   * that never completes; `connected` settles when TCP is up or has failed.
   */
  static open(endpoint: SmtpEndpoint): SmtpSession {
    return new SmtpSession(net.connect({ host: endpoint.host, port: endpoint.port }));
  }

  /** Resolves once TCP is up; rejects with the socket's error (ECONNREFUSED, ENOTFOUND …). */
  get connected(): Promise<void> {
    return this.#connected;
  }

  /** The next reply; rejects on a socket error, a closed connection or a protocol failure. */
  read(): Promise<SmtpReply> {
    const queued = this.#replies.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.#error !== null) return Promise.reject(this.#error);
    return new Promise((resolve, reject) => {
      this.#waiter = { resolve, reject };
    });
  }

  /** Sends one command line; refuses when the server spoke out of turn (RFC 5321 §4.3.1). */
  send(command: string): void {
    if (this.#error !== null) throw this.#error;
    // A line break would smuggle a second command (a MAIL, say) into the conversation.
    if (/[\r\n]/.test(command)) throw new ProbeFailureError('other', 'an SMTP command must be one line');
    if (this.#replies.length > 0 || this.#reader.hasPartial) {
      throw new ProbeFailureError('other', `server sent a reply before ${command.split(' ')[0]} was sent`);
    }
    this.#socket.write(`${command}\r\n`);
  }

  /**
   * Upgrades to TLS after the server's `220` to STARTTLS and resolves once the handshake is
   * done, with the certificate's expiry (epoch ms) when the server showed one.
   */
  async startTls(options: { servername: string | null; host: string; rejectUnauthorized: boolean }): Promise<number | null> {
    // Bytes sent before the handshake would be read as if they came over TLS (CVE-2011-0411).
    if (this.#replies.length > 0 || this.#reader.hasPartial) {
      throw new ProbeFailureError('tls', 'server sent data after its 220 reply to STARTTLS');
    }
    const plain = this.#socket;
    for (const event of ['data', 'close', 'end', 'error']) plain.removeAllListeners(event);
    // The TLS socket reports errors from now on; this only keeps a stray one from crashing us.
    plain.on('error', () => {});
    const secure = tls.connect({
      socket: plain,
      host: options.host,
      ...(options.servername === null ? {} : { servername: options.servername }),
      rejectUnauthorized: options.rejectUnauthorized,
    });
    this.#socket = secure;
    this.#watch(secure);
    await new Promise<void>((resolve, reject) => {
      secure.once('secureConnect', () => resolve());
      // #watch records the error first, so a close that follows one rejects with the error.
      secure.once('error', reject);
      secure.once('close', () => reject(this.#error ?? new ConnectionClosed(false)));
    });
    const validTo = secure.getPeerCertificate().valid_to;
    const expires = validTo === undefined ? Number.NaN : Date.parse(validTo);
    return Number.isNaN(expires) ? null : expires;
  }

  /**
   * Destroys every socket this session opened, newest first: destroying the plain socket
   * under a live TLS socket crashes Node 20 (SIGSEGV, nodejs/node#49327).
   */
  close(): void {
    for (const socket of [...this.#sockets].reverse()) socket.destroy();
  }

  #watch(socket: net.Socket): void {
    this.#sockets.push(socket);
    // Without a listener an 'error' would crash the process; #fail records it instead.
    socket.on('error', (err) => this.#fail(err));
    socket.on('data', (chunk: Buffer) => {
      if (this.times.firstByte === null) this.times.firstByte = performance.now();
      let replies: SmtpReply[];
      try {
        replies = this.#reader.push(chunk);
      } catch (err) {
        this.#fail(err);
        return;
      }
      for (const reply of replies) {
        const waiter = this.#waiter;
        this.#waiter = null;
        if (waiter === null) this.#replies.push(reply);
        else waiter.resolve(reply);
      }
    });
    socket.on('close', () => this.#fail(new ConnectionClosed(this.times.firstByte === null)));
  }

  #fail(err: unknown): void {
    if (this.#error !== null) return;
    this.#error = err;
    this.close();
    const waiter = this.#waiter;
    this.#waiter = null;
    waiter?.reject(err);
  }
}
