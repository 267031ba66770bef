import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SmtpProbeSpec } from '../../src/domain/catalog.ts';
import { MAX_LINE_BYTES, MAX_SESSION_BYTES, ReplyReader, ehloExtensions, formatReply } from '../../src/probes/smtp-reply.ts';
import { ProbeFailureError } from '../../src/probes/probe-errors.ts';
import { runSmtpProbe } from '../../src/probes/smtp.ts';
import { startDnsServer, type LocalDnsServer } from '../support/dns-server.ts';
import { closedPort } from '../support/local-server.ts';
import { startRawSmtpServer, startSmtpServer, type LocalSmtpServer, type RawSmtpScript } from '../support/smtp-server.ts';
import { createSelfSignedCert, type TlsCert } from '../support/tls-cert.ts';
import { probeCommon } from '../support/catalog.ts';

/** An SmtpProbeSpec with test defaults: no STARTTLS, 2 s timeout, HELO name `probe.supportwatch.test`. */
function smtpSpec(overrides: Partial<SmtpProbeSpec> = {}): SmtpProbeSpec {
  return {
    ...probeCommon('mail#1'),
    type: 'smtp',
    host: '127.0.0.1',
    domain: null,
    port: 25,
    starttls: false,
    insecure: false,
    helo: 'probe.supportwatch.test',
    ...overrides,
  };
}

const HELO = 'probe.supportwatch.test';

/** A scripted server that behaves well: greets, answers EHLO (with `extensions`) and QUIT. */
function politeScript(extensions: string[] = ['PIPELINING']): RawSmtpScript {
  return {
    banner: '220 raw.local.test ESMTP\r\n',
    answer: (command, socket) => {
      if (command.startsWith('EHLO')) return ['250-raw.local.test', ...extensions.map((e, i) => `250${i === extensions.length - 1 ? ' ' : '-'}${e}`)].join('\r\n') + '\r\n';
      if (command === 'QUIT') {
        socket.end('221 bye\r\n');
        return null;
      }
      return '502 not here\r\n';
    },
  };
}

let cert: TlsCert;
let plain: LocalSmtpServer;
let starttls: LocalSmtpServer;
let dns: LocalDnsServer;

beforeAll(async () => {
  cert = await createSelfSignedCert();
  plain = await startSmtpServer();
  starttls = await startSmtpServer({ cert });
  dns = await startDnsServer({
    'mail.test': {
      MX: [
        { preference: 20, exchange: 'backup.mail.test' },
        { preference: 10, exchange: 'mx.mail.test' },
      ],
    },
    'mx.mail.test': { A: ['127.0.0.1'] },
    // On Linux all of 127/8 is loopback, but nothing listens here: using the backup would fail.
    'backup.mail.test': { A: ['127.0.0.2'] },
    'implicit.test': { A: ['127.0.0.1'] },
    'noaddress.test': { MX: [{ preference: 10, exchange: 'ghost.mail.test' }] },
    'ghost.mail.test': {},
    'nullmx.test': { MX: [{ preference: 0, exchange: '.' }] },
    'slowdns.test': 'silent',
  });
});

afterAll(async () => {
  await Promise.all([plain.close(), starttls.close(), dns.close()]);
});

describe('runSmtpProbe against a real SMTP server', () => {
  it('banner, EHLO and QUIT → up, with connect and first-byte phases and no mail sent', async () => {
    const result = await runSmtpProbe(smtpSpec({ port: plain.port }));
    expect(result).toMatchObject({ outcome: 'up', errorClass: null, message: null, httpStatus: null });
    expect(result.certExpiresAt).toBeUndefined();
    const phases = result.phases;
    expect(phases).toMatchObject({ dns: null, tls: null, total: result.durationMs });
    expect(phases?.connect).toBeTypeOf('number');
    expect(phases?.firstByte).toBeTypeOf('number');
    await expect.poll(() => plain.sessions.length).toBeGreaterThan(0);
    expect(plain.sessions.at(-1)).toEqual({ helo: HELO, secure: false, servername: null, mailCommands: 0 });
  });

  it('a host name is looked up by the system and timed as the dns phase', async () => {
    const result = await runSmtpProbe(smtpSpec({ host: 'localhost', port: plain.port }));
    expect(result.outcome).toBe('up');
    expect(result.phases?.dns).toBeTypeOf('number');
  });

  it('STARTTLS → up, with a tls phase, the certificate expiry and EHLO said again over TLS', async () => {
    const result = await runSmtpProbe(smtpSpec({ port: starttls.port, starttls: true, insecure: true }));
    expect(result).toMatchObject({ outcome: 'up', errorClass: null });
    expect(result.phases?.tls).toBeTypeOf('number');
    expect(result.certExpiresAt).toBe(Date.parse(new X509Certificate(cert.cert).validTo));
    await expect.poll(() => starttls.sessions.some((s) => s.secure)).toBe(true);
    expect(starttls.sessions.find((s) => s.secure)).toEqual({ helo: HELO, secure: true, servername: null, mailCommands: 0 });
  });

  it('a self-signed certificate without `insecure` → down/tls', async () => {
    const result = await runSmtpProbe(smtpSpec({ port: starttls.port, starttls: true }));
    expect(result).toMatchObject({ outcome: 'down', errorClass: 'tls' });
    expect(result.message).toMatch(/^TLS handshake with 127\.0\.0\.1:\d+ failed: .*self-signed/);
    expect(result.phases?.tls).toBeNull();
  });

  it('STARTTLS required but not offered → down/tls', async () => {
    const result = await runSmtpProbe(smtpSpec({ port: plain.port, starttls: true }));
    expect(result).toMatchObject({ outcome: 'down', errorClass: 'tls', message: 'server does not offer STARTTLS' });
  });

  it('without STARTTLS required, an offering server is still checked in plain text', async () => {
    const result = await runSmtpProbe(smtpSpec({ port: starttls.port }));
    expect(result.outcome).toBe('up');
    expect(result.phases?.tls).toBeNull();
  });
});

describe('runSmtpProbe against misbehaving servers', () => {
  it.each<[string, RawSmtpScript, string, string]>([
    ['421 on connect', { banner: '421 Service not available\r\n' }, 'other', 'server answered 421 Service not available'],
    ['a multi-line 554 banner', { banner: '554-No SMTP service here\r\n554 go away\r\n' }, 'other', 'server answered 554 No SMTP service here'],
    ['a 250 banner', { banner: '250 hello\r\n' }, 'other', 'server answered 250 hello instead of 220'],
    ['a 450 to EHLO', { banner: '220 hi\r\n', answer: () => '450 try later\r\n' }, 'other', 'server answered 450 try later to EHLO'],
    ['a malformed banner', { banner: 'HTTP/1.1 400 Bad Request\r\n' }, 'other', 'server sent a malformed reply line: HTTP/1.1 400 Bad Request'],
    ['mixed codes in one reply', { banner: '220-hi\r\n250 there\r\n' }, 'other', 'server changed the reply code from 220 to 250 within one reply'],
    ['a line over 4 KiB', { banner: `220 ${'x'.repeat(MAX_LINE_BYTES)}\r\n` }, 'other', 'server sent a reply line longer than 4 KiB'],
    [
      'endless continuation lines',
      { banner: '220 hi\r\n', answer: () => '250-more\r\n'.repeat(8000) },
      'other',
      'server sent more than 64 KiB of replies',
    ],
    ['control characters in the text', { banner: '421 bad\u0007\u001b[31m news\r\n' }, 'other', 'server answered 421 bad [31m news'],
  ])('%s → down', async (_name, script, errorClass, message) => {
    const server = await startRawSmtpServer(script);
    try {
      const result = await runSmtpProbe(smtpSpec({ port: server.port }));
      expect(result).toMatchObject({ outcome: 'down', errorClass, message });
    } finally {
      await server.close();
    }
  });

  it('sends EHLO then QUIT, never MAIL, RCPT or DATA', async () => {
    const server = await startRawSmtpServer(politeScript());
    try {
      const result = await runSmtpProbe(smtpSpec({ port: server.port }));
      expect(result.outcome).toBe('up');
      expect(server.commands).toEqual([`EHLO ${HELO}`, 'QUIT']);
    } finally {
      await server.close();
    }
  });

  it('falls back to HELO when a pre-ESMTP server rejects EHLO', async () => {
    const server = await startRawSmtpServer({
      banner: '220 old\r\n',
      answer: (command) => (command.startsWith('HELO') ? '250 old\r\n' : command === 'QUIT' ? '221 bye\r\n' : '502 what\r\n'),
    });
    try {
      const result = await runSmtpProbe(smtpSpec({ port: server.port }));
      expect(result.outcome).toBe('up');
      expect(server.commands).toEqual([`EHLO ${HELO}`, `HELO ${HELO}`, 'QUIT']);
    } finally {
      await server.close();
    }
  });

  it('a server that never answers QUIT is still up, ended by the deadline', async () => {
    // Long enough for the conversation itself on a loaded machine; only the wait for 221 hits it.
    const script = politeScript();
    const server = await startRawSmtpServer({ ...script, answer: (c, s) => (c === 'QUIT' ? null : (script.answer?.(c, s) ?? null)) });
    try {
      const result = await runSmtpProbe(smtpSpec({ port: server.port, timeoutMs: 1500 }));
      expect(result).toMatchObject({ outcome: 'up', errorClass: null });
    } finally {
      await server.close();
    }
  });

  it('a STARTTLS refused with 454 → down/tls', async () => {
    const script = politeScript(['STARTTLS']);
    const server = await startRawSmtpServer({ ...script, answer: (c, s) => (c === 'STARTTLS' ? '454 TLS not available\r\n' : (script.answer?.(c, s) ?? null)) });
    try {
      const result = await runSmtpProbe(smtpSpec({ port: server.port, starttls: true }));
      expect(result).toMatchObject({ outcome: 'down', errorClass: 'tls', message: 'server answered 454 TLS not available to STARTTLS' });
    } finally {
      await server.close();
    }
  });

  it('data injected after the 220 to STARTTLS → down/tls, before any handshake', async () => {
    const script = politeScript(['STARTTLS']);
    const server = await startRawSmtpServer({ ...script, answer: (c, s) => (c === 'STARTTLS' ? '220 go ahead\r\n250 injected\r\n' : (script.answer?.(c, s) ?? null)) });
    try {
      const result = await runSmtpProbe(smtpSpec({ port: server.port, starttls: true, insecure: true }));
      expect(result).toMatchObject({ outcome: 'down', errorClass: 'tls', message: 'server sent data after its 220 reply to STARTTLS' });
    } finally {
      await server.close();
    }
  });

  it('a server that closes after the banner → down/other, naming the step', async () => {
    const server = await startRawSmtpServer({ banner: '220 hi\r\n', answer: (_c, socket) => (socket.destroy(), null) });
    try {
      const result = await runSmtpProbe(smtpSpec({ port: server.port }));
      expect(result).toMatchObject({ outcome: 'down', errorClass: 'other' });
      expect(result.message).toMatch(/^connection closed by 127\.0\.0\.1:\d+ waiting for the reply to EHLO$/);
    } finally {
      await server.close();
    }
  });

  it('no banner → timeout within the deadline', async () => {
    const server = await startRawSmtpServer({ banner: null });
    try {
      const result = await runSmtpProbe(smtpSpec({ port: server.port, timeoutMs: 300 }));
      expect(result).toMatchObject({
        outcome: 'down',
        errorClass: 'timeout',
        message: 'no complete SMTP answer within 300 ms (timed out waiting for the banner)',
      });
      expect(result.durationMs).toBeLessThan(10_000);
      expect(result.phases?.connect).toBeTypeOf('number');
      expect(result.phases?.firstByte).toBeNull();
    } finally {
      await server.close();
    }
  });

  it('a refused port → connect', async () => {
    const port = await closedPort();
    const result = await runSmtpProbe(smtpSpec({ port }));
    expect(result).toMatchObject({ outcome: 'down', errorClass: 'connect', message: `could not connect to 127.0.0.1:${port} (ECONNREFUSED)` });
    expect(result.phases).toMatchObject({ connect: null, firstByte: null });
  });

  it('a helo name with a line break is refused before anything is sent', async () => {
    const server = await startRawSmtpServer(politeScript());
    try {
      const result = await runSmtpProbe(smtpSpec({ port: server.port, helo: 'x\r\nMAIL FROM:<a@b>' }));
      expect(result).toMatchObject({ outcome: 'down', errorClass: 'other', message: 'an SMTP command must be one line' });
      expect(server.commands).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe('runSmtpProbe by domain, through a local DNS server', () => {
  const byDomain = (domain: string, overrides: Partial<SmtpProbeSpec> = {}): SmtpProbeSpec =>
    smtpSpec({ host: null, domain, port: plain.port, ...overrides });

  it('connects to the MX host with the lowest preference', async () => {
    const result = await runSmtpProbe(byDomain('mail.test'), { resolver: dns.resolver });
    expect(result).toMatchObject({ outcome: 'up', errorClass: null });
    expect(result.phases?.dns).toBeTypeOf('number');
    expect(dns.queries).toContain('mail.test MX');
    expect(dns.queries).toContain('mx.mail.test A');
    expect(dns.queries).not.toContain('backup.mail.test A');
  });

  it('falls back to the domain itself when it has no MX records (RFC 5321 §5.1)', async () => {
    const result = await runSmtpProbe(byDomain('implicit.test'), { resolver: dns.resolver });
    expect(result.outcome).toBe('up');
    expect(dns.queries).toEqual(expect.arrayContaining(['implicit.test MX', 'implicit.test A']));
  });

  it('STARTTLS on the MX host sends the MX name in SNI and names it in failures', async () => {
    const before = starttls.sessions.length;
    const insecure = await runSmtpProbe(byDomain('mail.test', { port: starttls.port, starttls: true, insecure: true }), { resolver: dns.resolver });
    expect(insecure.outcome).toBe('up');
    await expect.poll(() => starttls.sessions.length).toBeGreaterThan(before);
    expect(starttls.sessions.at(-1)).toMatchObject({ secure: true, servername: 'mx.mail.test' });
    const strict = await runSmtpProbe(byDomain('mail.test', { port: starttls.port, starttls: true }), { resolver: dns.resolver });
    expect(strict).toMatchObject({ outcome: 'down', errorClass: 'tls' });
    expect(strict.message).toContain('mx.mail.test');
  });

  it.each([
    ['nowhere.test', 'dns', 'NXDOMAIN: nowhere.test does not exist'],
    ['nullmx.test', 'dns', 'nullmx.test has a null MX: it accepts no mail'],
    ['noaddress.test', 'dns', 'NODATA: ghost.mail.test has no A or AAAA records'],
  ])('%s → %s', async (domain, errorClass, message) => {
    const result = await runSmtpProbe(byDomain(domain), { resolver: dns.resolver });
    expect(result).toMatchObject({ outcome: 'down', errorClass });
    expect(result.message).toContain(message);
    expect(result.phases?.connect).toBeNull();
  });

  it('a resolver that never answers → timeout', async () => {
    const result = await runSmtpProbe(byDomain('slowdns.test', { timeoutMs: 300 }), { resolver: dns.resolver });
    expect(result).toMatchObject({ outcome: 'down', errorClass: 'timeout' });
  });

  it('neither host nor domain → down, not a throw', async () => {
    const result = await runSmtpProbe(smtpSpec({ host: null, domain: null }));
    expect(result).toMatchObject({ outcome: 'down', errorClass: 'other', message: 'the probe names neither a host nor a domain' });
  });
});

describe('ReplyReader', () => {
  const read = (...chunks: string[]) => {
    const reader = new ReplyReader();
    return chunks.flatMap((c) => reader.push(Buffer.from(c)));
  };

  it.each([
    ['one line', ['220 ready\r\n'], [{ code: 220, lines: ['ready'] }]],
    ['multi-line', ['250-mx\r\n250-SIZE 10\r\n250 STARTTLS\r\n'], [{ code: 250, lines: ['mx', 'SIZE 10', 'STARTTLS'] }]],
    ['split across chunks', ['25', '0-a\r', '\n250 b\r\n'], [{ code: 250, lines: ['a', 'b'] }]],
    ['bare LF', ['221 bye\n'], [{ code: 221, lines: ['bye'] }]],
    ['a code alone', ['250\r\n'], [{ code: 250, lines: [''] }]],
    ['two replies in one chunk', ['220 a\r\n221 b\r\n'], [{ code: 220, lines: ['a'] }, { code: 221, lines: ['b'] }]],
    ['an unfinished line', ['220 rea'], []],
  ])('%s', (_name, chunks, expected) => {
    expect(read(...chunks)).toEqual(expected);
  });

  it.each([
    ['a malformed line', ['hello\r\n']],
    ['a 1xx code', ['199 what\r\n']],
    ['a partial line of 4 KiB', ['2'.repeat(MAX_LINE_BYTES)]],
    ['more than the session allows', Array.from({ length: MAX_SESSION_BYTES / 1024 + 1 }, () => `250-${'a'.repeat(1018)}\r\n`)],
  ])('%s → ProbeFailureError', (_name, chunks) => {
    expect(() => read(...chunks)).toThrow(ProbeFailureError);
  });

  it('knows when it holds part of a reply', () => {
    const reader = new ReplyReader();
    reader.push(Buffer.from('250-a\r\n'));
    expect(reader.hasPartial).toBe(true);
    reader.push(Buffer.from('250 b\r\n'));
    expect(reader.hasPartial).toBe(false);
  });

  it('reads EHLO extensions and formats replies for messages', () => {
    expect([...ehloExtensions({ code: 250, lines: ['mx hello', 'starttls', 'SIZE 1000'] })]).toEqual(['STARTTLS', 'SIZE']);
    expect(formatReply({ code: 421, lines: ['  too   busy ', 'more'] })).toBe('421 too busy');
    expect(formatReply({ code: 250, lines: [''] })).toBe('250');
    expect(formatReply({ code: 421, lines: ['x'.repeat(300)] }).length).toBeLessThanOrEqual(104);
  });
});
