import { Duplex, Readable, pipeline } from 'node:stream';
import zlib from 'node:zlib';
import { ProbeFailureError } from './probe-errors.ts';

/** How much of a body to read and keep. */
export interface BodyLimits {
  /** Largest decoded body accepted; one byte more fails with `body_too_large`. */
  maxBytes: number;
  /** Decoded bytes kept for keyword search (0 = keep nothing, only count). */
  keepBytes: number;
}

/** What reading a body found. */
export interface BodyRead {
  /** Decoded bytes read in total. */
  bytes: number;
  /** The first `keepBytes` decoded bytes as UTF-8 (a cut character becomes U+FFFD). */
  text: string;
}

// Sync flush on finish accepts a truncated stream, as browsers do, instead of failing the check.
const ZLIB_OPTIONS: zlib.ZlibOptions = {
  flush: zlib.constants.Z_SYNC_FLUSH,
  finishFlush: zlib.constants.Z_SYNC_FLUSH,
};
const BROTLI_OPTIONS: zlib.BrotliOptions = {
  flush: zlib.constants.BROTLI_OPERATION_FLUSH,
  finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH,
};

const KNOWN_CODINGS = new Set(['gzip', 'x-gzip', 'deflate', 'br']);

/**
 * Most content codings undone for one body (undici's fetch allows as many). Each decoder holds
 * its own window, so a header listing thousands of codings would cost tens of MiB and a second
 * of CPU for a five-byte body; no real server stacks more than two.
 */
export const MAX_CODINGS = 5;

/**
 * Reads a response body as a stream, undoing `content-encoding` (gzip, deflate, br),
 * and fails with `body_too_large` as soon as the *decoded* size passes `maxBytes`, so a
 * gzip bomb costs at most `maxBytes` of work and a few chunks of memory. Destroys the
 * body and every decoder on every path.
 *
 * An encoding it cannot decode, or more than `MAX_CODINGS` of them, fails with `other` when
 * text is wanted (`keepBytes > 0`);
 * otherwise the raw bytes are counted.
 */
export async function readBody(
  body: Readable,
  contentEncoding: string | undefined,
  limits: BodyLimits,
): Promise<BodyRead> {
  const stages: Duplex[] = [];
  try {
    const codings = parseCodings(contentEncoding);
    const unknown = codings.find((c) => !KNOWN_CODINGS.has(c));
    if (codings.length > MAX_CODINGS) {
      // Like an unknown coding: fatal only when the text is wanted; otherwise the raw bytes are counted.
      if (limits.keepBytes > 0) {
        throw new ProbeFailureError('other', `cannot decode the body: too many content codings (${codings.length}, at most ${MAX_CODINGS})`);
      }
    } else if (unknown === undefined) {
      // Codings are listed in the order they were applied, so they are undone in reverse.
      for (const coding of [...codings].reverse()) stages.push(decoderFor(coding));
    } else if (limits.keepBytes > 0) {
      throw new ProbeFailureError('other', `cannot decode the body: content-encoding "${unknown.slice(0, 30)}"`);
    }
    const last = stages[stages.length - 1];
    let source: Readable = body;
    if (last !== undefined) {
      // Errors (an abort, corrupt data) reach the last stage, which the loop below reads.
      pipeline([body, ...stages], () => {});
      source = last;
    }

    let bytes = 0;
    let keptBytes = 0;
    const kept: Buffer[] = [];
    for await (const chunk of source as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > limits.maxBytes) {
        throw new ProbeFailureError('body_too_large', `body is larger than the ${formatBytes(limits.maxBytes)} limit`);
      }
      if (keptBytes < limits.keepBytes) {
        const part = chunk.subarray(0, limits.keepBytes - keptBytes);
        kept.push(part);
        keptBytes += part.length;
      }
    }
    return { bytes, text: Buffer.concat(kept).toString('utf8') };
  } finally {
    // Destroying an unfinished body makes it emit an abort error that nothing else listens to.
    for (const stream of [body, ...stages]) stream.on('error', () => {}).destroy();
  }
}

/** `"gzip, br"` → `['gzip', 'br']`, dropping `identity`. */
export function parseCodings(header: string | undefined): string[] {
  if (header === undefined) return [];
  return header
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
}

/** `1048576` → `1 MiB`, `262144` → `256 KiB`, otherwise bytes. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

function decoderFor(coding: string): Duplex {
  if (coding === 'br') return zlib.createBrotliDecompress(BROTLI_OPTIONS);
  if (coding === 'deflate') return Duplex.from(inflateEitherFormat);
  return zlib.createGunzip(ZLIB_OPTIONS);
}

/**
 * `deflate` should be zlib-wrapped (RFC 9110), but some servers send raw deflate; the first
 * two bytes tell which, as in browsers and undici's fetch.
 */
async function* inflateEitherFormat(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const input = source[Symbol.asyncIterator]();
  const first = await input.next();
  if (first.done === true) return;
  const head: Buffer = first.value;
  const wrapped =
    (head.readUInt8(0) & 0x0f) === 8 && (head.length < 2 || head.readUInt16BE(0) % 31 === 0);
  const inflater = wrapped ? zlib.createInflate(ZLIB_OPTIONS) : zlib.createInflateRaw(ZLIB_OPTIONS);
  const replay = Readable.from(
    (async function* () {
      yield head;
      for (let next = await input.next(); next.done !== true; next = await input.next()) yield next.value;
    })(),
  );
  try {
    // Reading the inflater on demand keeps backpressure, so a bomb cannot run ahead of the cap.
    pipeline(replay, inflater, () => {});
    yield* inflater as AsyncIterable<Buffer>;
  } finally {
    replay.destroy();
    inflater.destroy();
  }
}
