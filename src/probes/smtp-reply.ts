import type { ErrorClass } from '../domain/vocabulary.ts';

/** Longest reply line accepted, CRLF included (RFC 5321 §4.5.3.1.5 allows 512). */
export const MAX_LINE_BYTES = 4 * 1024;

/** Most bytes read from a server over a whole session; a few replies take well under 2 KiB. */
export const MAX_SESSION_BYTES = 64 * 1024;

/** One SMTP reply: its code and the text of each line (code and separator removed). */
export interface SmtpReply {
  code: number;
  lines: string[];
}

import { ProbeFailureError } from './probe-errors.ts';

const LINE = /^([2-5]\d\d)(?:([ -])(.*))?$/s;

/**
 * Splits what a server sends into replies (RFC 5321 §4.2): `250-first`, `250-more`, `250 last`.
 * It holds at most one line in memory and counts every byte, so a hostile server cannot make
 * the probe buffer more than the limits allow.
 *
 * @example
 * const reader = new ReplyReader();
 * reader.push(Buffer.from('220-mx.example.com ESMTP\r\n220 ready\r\n'));
 * // → [{ code: 220, lines: ['mx.example.com ESMTP', 'ready'] }]
 */
export class ReplyReader {
  #pending: Buffer = Buffer.alloc(0);
  #lines: string[] = [];
  #code: number | null = null;
  #received = 0;

  /** Bytes received so far, over the whole session. */
  get received(): number {
    return this.#received;
  }

  /** True when part of a line or of a multi-line reply is waiting for more bytes. */
  get hasPartial(): boolean {
    return this.#pending.length > 0 || this.#code !== null;
  }

  /**
   * Takes the next bytes and returns the replies they complete.
   * @throws ProbeFailureError on a malformed line or a limit passed.
   */
  push(chunk: Buffer): SmtpReply[] {
    this.#received += chunk.length;
    if (this.#received > MAX_SESSION_BYTES) {
      throw new ProbeFailureError('other', `server sent more than ${MAX_SESSION_BYTES / 1024} KiB of replies`);
    }
    let data = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    const replies: SmtpReply[] = [];
    for (let end = data.indexOf(0x0a); end !== -1; end = data.indexOf(0x0a)) {
      if (end + 1 > MAX_LINE_BYTES) throw tooLong();
      const reply = this.#takeLine(data.subarray(0, end).toString('utf8').replace(/\r$/, ''));
      if (reply !== null) replies.push(reply);
      data = data.subarray(end + 1);
    }
    if (data.length >= MAX_LINE_BYTES) throw tooLong();
    // A copy, so that the (possibly large) chunk it came from can be collected.
    this.#pending = Buffer.from(data);
    return replies;
  }

  #takeLine(line: string): SmtpReply | null {
    const match = LINE.exec(line);
    const code = match?.[1] === undefined ? Number.NaN : Number(match[1]);
    if (match === null || Number.isNaN(code)) {
      throw new ProbeFailureError('other', `server sent a malformed reply line: ${quoteReplyText(line)}`);
    }
    if (this.#code !== null && code !== this.#code) {
      throw new ProbeFailureError('other', `server changed the reply code from ${this.#code} to ${code} within one reply`);
    }
    this.#lines.push(match[3] ?? '');
    if (match[2] === '-') {
      this.#code = code;
      return null;
    }
    const reply = { code, lines: this.#lines };
    this.#code = null;
    this.#lines = [];
    return reply;
  }
}

/** `421 Service not available`: a reply as a person reads it, first line only, shortened. */
export function formatReply(reply: SmtpReply): string {
  const text = reply.lines[0] ?? '';
  return text === '' ? String(reply.code) : `${reply.code} ${quoteReplyText(text)}`;
}

/** The ESMTP keywords an EHLO reply announces, upper-cased (`STARTTLS`, `SIZE`, …). */
export function ehloExtensions(reply: SmtpReply): Set<string> {
  // The first line is the server's greeting, not an extension.
  return new Set(reply.lines.slice(1).map((line) => (line.trim().split(/\s+/)[0] ?? '').toUpperCase()));
}

/** Server text made safe for a message: printable, one line, at most 100 characters. */
function quoteReplyText(text: string): string {
  // A hostile server controls this text; keep only what reads as plain words.
  const clean = text.replace(/[\p{Cc}\p{Cf}]+/gu, ' ').replace(/\s+/g, ' ').trim();
  return clean.length <= 100 ? clean : `${clean.slice(0, 99)}…`;
}

function tooLong(): ProbeFailureError {
  return new ProbeFailureError('other', `server sent a reply line longer than ${MAX_LINE_BYTES / 1024} KiB`);
}
