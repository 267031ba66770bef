import type { MiddlewareHandler } from 'hono';
import { compress } from 'hono/compress';
import { parseAccept } from 'hono/utils/accept';
import { COMPRESSIBLE_CONTENT_TYPE_REGEX } from 'hono/utils/compress';

/** Compresses a whole body with brotli (Node: `node:zlib`); absent where the runtime has none. */
export type BrotliCompress = (body: Uint8Array) => Promise<Uint8Array>;

export interface CompressionOptions {
  /** Brotli, when the runtime offers it. Without it, gzip only. */
  brotli?: BrotliCompress;
  /** Bodies smaller than this many bytes go out as they are; default 1024. */
  threshold?: number;
}

/**
 * Compresses text answers (JSON, XML, HTML, SVG, JS, CSS) for clients that ask:
 * brotli when the client accepts `br` and the runtime gave us a compressor, else gzip (or
 * deflate) through the standard `CompressionStream`, which every runtime has. Brotli is not
 * in Node 20's `CompressionStream`, so the Node entry passes one built on `node:zlib`; on
 * Workers, gzip goes out and Cloudflare's edge re-encodes for the client.
 *
 * Brotli bodies are compressed whole: API answers are bounded JSON, not streams. Skipped for
 * HEAD, 206, small bodies, `Cache-Control: no-transform` and bodies already encoded.
 *
 * @example app.use('*', compression({ brotli: nodeBrotli }))
 */
export function compression(options: CompressionOptions = {}): MiddlewareHandler {
  const threshold = options.threshold ?? 1024;
  const gzip = compress({ threshold });
  const brotli = options.brotli;
  return async function compression(c, next) {
    if (!brotli || !prefersBrotli(c.req.header('accept-encoding'))) return gzip(c, next);
    await next();
    const res = c.res;
    if (
      c.req.method === 'HEAD' ||
      res.status === 206 ||
      !res.body ||
      res.headers.has('content-encoding') ||
      /(?:^|,)\s*no-transform\s*(?:,|$)/i.test(res.headers.get('cache-control') ?? '') ||
      !COMPRESSIBLE_CONTENT_TYPE_REGEX.test(res.headers.get('content-type') ?? '')
    ) {
      return;
    }
    addVary(c.res.headers);
    const body = new Uint8Array(await res.arrayBuffer());
    if (body.byteLength < threshold) {
      c.res = new Response(body, res);
      return;
    }
    c.res = new Response(await brotli(body), res);
    c.res.headers.set('content-encoding', 'br');
    c.res.headers.delete('content-length');
    const tag = c.res.headers.get('etag');
    if (tag && !tag.startsWith('W/')) c.res.headers.set('etag', `W/${tag}`);
  };
}

/** Does the client take brotli, and like it at least as much as gzip? */
function prefersBrotli(header: string | undefined): boolean {
  if (header === undefined) return false;
  const accepts = parseAccept(header);
  const q = (name: string) => accepts.find((a) => a.type.toLowerCase() === name)?.q ?? accepts.find((a) => a.type === '*')?.q ?? 0;
  const br = q('br');
  return br > 0 && br >= q('gzip');
}

function addVary(headers: Headers): void {
  const vary = headers.get('vary');
  if (vary === '*' || (vary && /(?:^|,)\s*accept-encoding\s*(?:,|$)/i.test(vary))) return;
  headers.set('vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
}
