/**
 * The few Workers runtime modules the Worker build imports, typed by hand: the one tsconfig
 * checks Node and Worker code together, and `@cloudflare/workers-types` (all globals) would
 * clash with `@types/node` there. Only what supportwatch calls is declared.
 */
declare module 'cloudflare:sockets' {
  /** A TCP (optionally TLS) socket of the Workers runtime. */
  export interface Socket {
    readonly opened: Promise<{ remoteAddress?: string; localAddress?: string }>;
    readonly closed: Promise<void>;
    close(): Promise<void>;
    readonly readable: ReadableStream<Uint8Array>;
    readonly writable: WritableStream<Uint8Array>;
  }
  export function connect(
    address: { hostname: string; port: number },
    options?: { secureTransport?: 'off' | 'on' | 'starttls'; allowHalfOpen?: boolean },
  ): Socket;
}

/** The bundled config: wrangler's `Text` module rule (and the test project's plugin) make it a string. */
declare module '*.yaml' {
  const text: string;
  export default text;
}
