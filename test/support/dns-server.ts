import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import dnsPacket, { type Answer, type Question } from 'dns-packet';

/** What the server does for a name instead of answering from records. */
export type DnsBehaviour = 'nxdomain' | 'servfail' | 'refused' | 'silent';

/** The records of one name. A type without records gets an empty NOERROR answer (NODATA). */
export interface DnsRecords {
  A?: string[];
  AAAA?: string[];
  MX?: { preference: number; exchange: string }[];
  /** Each entry is one TXT record; an array is a record made of several character strings. */
  TXT?: (string | string[])[];
  CNAME?: string[];
}

/**
 * The zone a test server answers from, keyed by lower-case name without a trailing dot.
 * A name that is not in it gets NXDOMAIN.
 */
export type DnsZone = Record<string, DnsRecords | DnsBehaviour>;

/** A UDP DNS server on 127.0.0.1; `resolver` is ready for `DnsProbeSpec.resolver`. */
export interface LocalDnsServer {
  resolver: { host: string; port: number };
  /** Every question received, in order, as `NAME TYPE` (lower-case name). */
  queries: string[];
  close(): Promise<void>;
}

const TTL = 60;
const FLAGS = dnsPacket.AUTHORITATIVE_ANSWER | dnsPacket.RECURSION_AVAILABLE;

/**
 * Starts an authoritative-looking UDP DNS server on an ephemeral port of 127.0.0.1 that answers
 * from `zone`. Special behaviours per name: `nxdomain`, `servfail`, `refused`, and `silent`
 * (never answers, for timeouts).
 *
 * @example
 * const dns = await startDnsServer({ 'example.test': { A: ['192.0.2.1'] }, 'down.test': 'servfail' });
 * await runDnsProbe(dnsSpec({ name: 'example.test', record: 'A', resolver: dns.resolver }));
 * await dns.close();
 */
export async function startDnsServer(zone: DnsZone): Promise<LocalDnsServer> {
  const socket = dgram.createSocket('udp4');
  const queries: string[] = [];
  socket.on('message', (msg, rinfo) => {
    let query;
    try {
      query = dnsPacket.decode(msg);
    } catch {
      return; // not DNS: a real server drops it too
    }
    const question = query.questions?.[0];
    if (query.type !== 'query' || question === undefined) return;
    const name = question.name.toLowerCase().replace(/\.$/, '');
    queries.push(`${name} ${question.type}`);
    const entry = zone[name] ?? 'nxdomain';
    if (entry === 'silent') return;
    const reply = dnsPacket.encode({
      type: 'response',
      id: query.id,
      flags: FLAGS | ((query.flags ?? 0) & dnsPacket.RECURSION_DESIRED) | rcodeOf(entry),
      questions: [question],
      answers: typeof entry === 'string' ? [] : answersFor(question, entry),
    });
    socket.send(reply, rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      socket.off('error', reject);
      resolve();
    });
  });
  const { port } = socket.address() as AddressInfo;
  return {
    resolver: { host: '127.0.0.1', port },
    queries,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

/** RCODE values (RFC 1035 §4.1.1) in the low four bits of the flags. */
function rcodeOf(entry: DnsRecords | DnsBehaviour): number {
  switch (entry) {
    case 'nxdomain':
      return 3;
    case 'servfail':
      return 2;
    case 'refused':
      return 5;
    default:
      return 0;
  }
}

function answersFor(question: Question, records: DnsRecords): Answer[] {
  const name = question.name;
  switch (question.type) {
    case 'A':
      return (records.A ?? []).map((data) => ({ type: 'A', name, ttl: TTL, data }));
    case 'AAAA':
      return (records.AAAA ?? []).map((data) => ({ type: 'AAAA', name, ttl: TTL, data }));
    case 'CNAME':
      return (records.CNAME ?? []).map((data) => ({ type: 'CNAME', name, ttl: TTL, data }));
    case 'MX':
      return (records.MX ?? []).map((data) => ({ type: 'MX', name, ttl: TTL, data }));
    case 'TXT':
      return (records.TXT ?? []).map((data) => ({ type: 'TXT', name, ttl: TTL, data }));
    default:
      return [];
  }
}
