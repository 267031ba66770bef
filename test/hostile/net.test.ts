/**
 * The socket probes (dns, smtp, tls, tcp) against hostile peers on 127.0.0.1, beyond what
 * test/probes/** covers (a silent resolver, SMTP without a banner, a 4 KiB line, endless
 * continuation lines, wrong-host and self-signed certificates): a resolver answering garbage,
 * servers that speak one byte at a time or pour out bytes. Each ends as a recorded check with an
 * error class within its deadline, and leaves no connection open.
 */
import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import dnsPacket from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult, DnsProbeSpec, SmtpProbeSpec, TcpProbeSpec, TlsProbeSpec } from '../../src/domain/catalog.ts';
import { runDnsProbe } from '../../src/probes/dns.ts';
import { runSmtpProbe } from '../../src/probes/smtp.ts';
import { runTcpProbe } from '../../src/probes/tcp.ts';
import { runTlsProbe } from '../../src/probes/tls.ts';
import { probeCommon } from '../support/catalog.ts';
import { allClosed, startHostileServer, writeForever, type HostileServer, type ScriptContext } from './hostile-server.ts';

const TIMEOUT_MS = 1000;

/** How the garbage resolver answers a query (`query` is the raw packet it received). */
type Reply = (query: Buffer) => Buffer[];

const withId = (query: Buffer, rest: Buffer): Buffer => Buffer.concat([query.subarray(0, 2), rest]);

/** A well-formed answer to `query` with the given answers, before any mangling. */
function reply(query: Buffer, answers: dnsPacket.Answer[], flags = 0): Buffer {
  const q = dnsPacket.decode(query);
  return dnsPacket.encode({ type: 'response', id: q.id, flags: dnsPacket.RECURSION_AVAILABLE | flags, questions: q.questions, answers });
}

const A = (query: Buffer, n: number): dnsPacket.Answer[] => {
  const name = dnsPacket.decode(query).questions?.[0]?.name ?? 'x';
  return Array.from({ length: n }, (_, i) => ({ type: 'A' as const, name, ttl: 60, data: `192.0.2.${i % 250}` }));
};

const REPLIES: Record<string, Reply> = {
  'random bytes': () => [Buffer.from('this is not a DNS message at all, just noise.....')],
  'a header cut short': (q) => [q.subarray(0, 6)],
  'only the id': (q) => [q.subarray(0, 2)],
  'an answer count with no answers': (q) => {
    const r = reply(q, []);
    r.writeUInt16BE(5, 6);
    return [r];
  },
  'a compression pointer that points at itself': (q) => {
    const r = reply(q, []);
    r.writeUInt16BE(1, 6);
    // An answer whose name is a pointer to its own offset.
    const offset = r.length;
    const answer = Buffer.alloc(12);
    answer.writeUInt16BE(0xc000 | offset, 0);
    answer.writeUInt16BE(1, 2);
    answer.writeUInt16BE(1, 4);
    answer.writeUInt32BE(60, 6);
    answer.writeUInt16BE(4, 10);
    return [Buffer.concat([r, answer, Buffer.from([192, 0, 2, 1])])];
  },
  'an A record with 200 bytes of data': (q) => {
    const r = reply(q, A(q, 1));
    // The RDLENGTH of the only answer sits 2 + 4 bytes before its 4 data bytes at the end.
    r.writeUInt16BE(200, r.length - 6);
    return [r];
  },
  'the truncated bit, and nothing on TCP': (q) => [reply(q, [], dnsPacket.TRUNCATED_RESPONSE)],
  'an answer to another question': (q) => {
    const other = dnsPacket.encode({ type: 'query', id: dnsPacket.decode(q).id, questions: [{ type: 'A', name: 'other.example' }] });
    return [reply(other, A(other, 1))];
  },
  'a wrong id': (q) => [withId(Buffer.from([q[0]! ^ 0xff, q[1]!]), reply(q, A(q, 1)).subarray(2))],
  'a flood of 500 copies of a bad reply': (q) => Array.from({ length: 500 }, () => q.subarray(0, 7)),
  '3,000 A records (over 64 KiB)': (q) => [reply(q, A(q, 4000)).subarray(0, 65_000)],
};

let dns: { port: number; close: () => Promise<void> };
let mode = 'random bytes';

beforeAll(async () => {
  const socket = dgram.createSocket('udp4');
  socket.on('message', (msg, rinfo) => {
    let packets: Buffer[];
    try {
      packets = REPLIES[mode]!(msg);
    } catch {
      return;
    }
    for (const p of packets) socket.send(p, rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  dns = { port: (socket.address() as AddressInfo).port, close: () => new Promise((resolve) => socket.close(() => resolve())) };
});

afterAll(async () => {
  await dns.close();
});

function expectRecorded(result: CheckResult, classes: string[]): void {
  expect(result.outcome).toBe('down');
  expect(classes).toContain(result.errorClass);
  expect(result.message).toBeTruthy();
  expect(result.message!.length).toBeLessThanOrEqual(300);
  // Loose, and only against hanging: the deadline is 1 s.
  expect(result.durationMs).toBeLessThan(TIMEOUT_MS + 5000);
}

describe('runDnsProbe against a resolver answering garbage', () => {
  it.each(Object.keys(REPLIES))('%s → a dns or timeout failure', async (name) => {
    mode = name;
    const spec: DnsProbeSpec = { ...probeCommon('dns#0'), timeoutMs: TIMEOUT_MS, type: 'dns', name: 'help.acme.example', record: 'A', resolver: { host: '127.0.0.1', port: dns.port }, contains: null };
    expectRecorded(await runDnsProbe(spec), ['dns', 'timeout']);
  });

  it.each(['MX', 'TXT', 'CNAME', 'AAAA'] as const)('random bytes for %s → a dns or timeout failure', async (record) => {
    mode = 'random bytes';
    const spec: DnsProbeSpec = { ...probeCommon('dns#0'), timeoutMs: TIMEOUT_MS, type: 'dns', name: 'acme.example', record, resolver: { host: '127.0.0.1', port: dns.port }, contains: null };
    expectRecorded(await runDnsProbe(spec), ['dns', 'timeout']);
  });
});

/** Raw servers for the stream probes; each test gets its own. */
async function withServer(script: (ctx: ScriptContext) => void, run: (server: HostileServer) => Promise<CheckResult>, classes: string[]): Promise<void> {
  const server = await startHostileServer(script, { speakFirst: true });
  try {
    expectRecorded(await run(server), classes);
    expect(await allClosed(server)).toBe(true);
  } finally {
    await server.close();
  }
}

const smtpSpec = (port: number, over: Partial<SmtpProbeSpec> = {}): SmtpProbeSpec => ({
  ...probeCommon('smtp#0'),
  timeoutMs: TIMEOUT_MS,
  type: 'smtp',
  host: '127.0.0.1',
  domain: null,
  port,
  starttls: false,
  insecure: false,
  helo: 'probe.supportwatch.test',
  ...over,
});

describe('runSmtpProbe against hostile servers', () => {
  it.each<[string, (ctx: ScriptContext) => void, string[]]>([
    ['a banner one byte every 50 ms', ({ socket, every }) => every(50, () => socket.write('2')), ['timeout', 'other']],
    ['a banner, then EHLO answered one byte every 50 ms', ({ socket, every }) => {
      socket.write('220 hi\r\n');
      socket.once('data', () => every(50, () => socket.write('2')));
    }, ['timeout']],
    ['an endless stream without a line break', ({ socket }) => writeForever(socket, Buffer.alloc(16 * 1024, 'x')), ['other']],
    ['an endless stream of 220 lines', ({ socket }) => writeForever(socket, Buffer.from('220-still greeting\r\n'.repeat(500))), ['other']],
    ['binary garbage as a banner', ({ socket }) => socket.write(Buffer.from([0, 1, 2, 255, 254, 13, 10])), ['other']],
    ['a TLS ClientHello instead of a banner', ({ socket }) => socket.write(Buffer.from('160301002a010000260303', 'hex')), ['other', 'timeout']],
  ])('%s', async (_name, script, classes) => {
    await withServer(script, (s) => runSmtpProbe(smtpSpec(s.port)), classes);
  });

  it('STARTTLS answered, then garbage instead of a handshake → tls', async () => {
    await withServer(
      ({ socket }) => {
        socket.write('220 hi\r\n');
        socket.on('data', (d: Buffer) => {
          const line = d.toString('latin1');
          if (line.startsWith('EHLO')) socket.write('250-hi\r\n250 STARTTLS\r\n');
          else if (line.startsWith('STARTTLS')) socket.write('220 go ahead\r\n');
          else socket.write('this is not a TLS server hello\r\n');
        });
      },
      (s) => runSmtpProbe(smtpSpec(s.port, { starttls: true, insecure: true })),
      ['tls'],
    );
  });
});

describe('runTlsProbe and runTcpProbe against hostile servers', () => {
  const tlsSpec = (port: number): TlsProbeSpec => ({ ...probeCommon('tls#0'), timeoutMs: TIMEOUT_MS, type: 'tls', host: '127.0.0.1', port, servername: null, warnDays: 14 });
  const tcpSpec = (port: number): TcpProbeSpec => ({ ...probeCommon('tcp#0'), timeoutMs: TIMEOUT_MS, type: 'tcp', host: '127.0.0.1', port, tls: true, insecure: false });

  it.each<[string, (ctx: ScriptContext) => void, string[]]>([
    ['a handshake answered one byte every 50 ms', ({ socket, every }) => every(50, () => socket.write(Buffer.from([0x16]))), ['timeout', 'tls']],
    ['an endless stream of garbage', ({ socket }) => writeForever(socket, Buffer.alloc(16 * 1024, 0x41)), ['tls']],
    ['an HTTP answer instead of TLS', ({ socket }) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'), ['tls']],
    ['a record header announcing 16 MiB', ({ socket }) => socket.write(Buffer.from([0x16, 0x03, 0x03, 0xff, 0xff])), ['tls', 'timeout']],
  ])('%s', async (_name, script, classes) => {
    await withServer(script, (s) => runTlsProbe(tlsSpec(s.port)), classes);
    await withServer(script, (s) => runTcpProbe(tcpSpec(s.port)), classes);
  });
});
