import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DnsProbeSpec } from '../../src/domain/catalog.ts';
import type { DnsRecordType } from '../../src/domain/vocabulary.ts';
import { dnsFailure, formatResolver } from '../../src/probes/dns-resolver.ts';
import { judgeAnswers, runDnsProbe } from '../../src/probes/dns.ts';
import { startDnsServer, type LocalDnsServer } from '../support/dns-server.ts';
import { probeCommon } from '../support/catalog.ts';

/** A DnsProbeSpec with test defaults: an A query, 2 s timeout, no `contains`. */
function dnsSpec(overrides: Partial<DnsProbeSpec> = {}): DnsProbeSpec {
  return {
    ...probeCommon('mail#0'),
    type: 'dns',
    name: 'pay.test',
    record: 'A',
    resolver: null,
    contains: null,
    ...overrides,
  };
}

let dns: LocalDnsServer;

beforeAll(async () => {
  dns = await startDnsServer({
    'pay.test': {
      A: ['192.0.2.10', '192.0.2.11'],
      AAAA: ['2001:db8::10'],
      MX: [
        { preference: 20, exchange: 'mx2.other.net' },
        { preference: 10, exchange: 'MX1.Pay.Test' },
      ],
      TXT: [['v=spf1 include:', '_spf.pay.test ~all'], 'google-site-verification=abc'],
      CNAME: ['edge.cdn.test'],
    },
    'other.test': { MX: [{ preference: 10, exchange: 'mx2.other.net' }] },
    'many.test': { A: ['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4', '192.0.2.5', '192.0.2.6', '192.0.2.7'] },
    'nullmx.test': { MX: [{ preference: 0, exchange: '.' }] },
    'nodata.test': {},
    'broken.test': 'servfail',
    'private.test': 'refused',
    'slow.test': 'silent',
  });
});

afterAll(async () => {
  await dns.close();
});

describe('runDnsProbe against a local DNS server', () => {
  it.each([
    ['A', '192.0.2.10'],
    ['AAAA', '2001:db8::10'],
    ['MX', 'mx1.pay.test'],
    ['TXT', 'v=spf1'],
    ['CNAME', 'edge.cdn.test'],
  ] as const)('%s answered → up, with the time in the dns phase', async (record, expected) => {
    const result = await runDnsProbe(dnsSpec({ record, resolver: dns.resolver }));
    expect(result).toMatchObject({ outcome: 'up', errorClass: null, message: null, httpStatus: null });
    expect(result.phases).toEqual({ dns: result.durationMs, connect: null, tls: null, firstByte: null, total: result.durationMs });
    // The answer came from the local server, not from anywhere else.
    expect(dns.queries).toContain(`pay.test ${record}`);
    const matched = await runDnsProbe(dnsSpec({ record, resolver: dns.resolver, contains: expected }));
    expect(matched.outcome).toBe('up');
  });

  it.each<[DnsRecordType, string, string]>([
    ['A', '192.0.2.11', 'the second of two addresses'],
    ['AAAA', '2001:DB8::10', 'upper-case hex'],
    ['MX', 'mx1.pay.test.', 'the exchange host, case-insensitive, with a trailing dot'],
    ['TXT', 'include:_spf.pay.test', 'text across two character strings'],
    ['TXT', 'GOOGLE-SITE-VERIFICATION', 'the second record, another case'],
    ['CNAME', 'cdn.test', 'a part of the target'],
  ])('%s contains "%s" (%s) → up', async (record, contains) => {
    const result = await runDnsProbe(dnsSpec({ record, resolver: dns.resolver, contains }));
    expect(result.outcome).toBe('up');
  });

  it('answers without the expected value → keyword, quoting the answers briefly', async () => {
    const result = await runDnsProbe(dnsSpec({ name: 'other.test', record: 'MX', resolver: dns.resolver, contains: 'mx.example.com' }));
    expect(result).toMatchObject({
      outcome: 'down',
      errorClass: 'keyword',
      message: 'MX answers do not contain "mx.example.com": mx2.other.net',
    });
  });

  it('quotes MX answers by preference and TXT answers joined', async () => {
    const mx = await runDnsProbe(dnsSpec({ record: 'MX', resolver: dns.resolver, contains: 'nowhere' }));
    expect(mx.message).toBe('MX answers do not contain "nowhere": MX1.Pay.Test, mx2.other.net');
    const txt = await runDnsProbe(dnsSpec({ record: 'TXT', resolver: dns.resolver, contains: 'nowhere' }));
    expect(txt.message).toContain('v=spf1 include:_spf.pay.test ~all');
  });

  it.each([
    ['nxdomain.test', 'A', 'NXDOMAIN'],
    ['nodata.test', 'A', 'NODATA'],
    ['broken.test', 'A', 'SERVFAIL'],
    ['private.test', 'MX', 'REFUSED'],
  ] as const)('%s %s → dns failure naming %s', async (name, record, rcode) => {
    const result = await runDnsProbe(dnsSpec({ name, record, resolver: dns.resolver }));
    expect(result).toMatchObject({ outcome: 'down', errorClass: 'dns' });
    expect(result.message).toContain(rcode);
    expect(result.message).toContain(name);
  });

  it('a null MX (RFC 7505) is a dns failure: the domain accepts no mail', async () => {
    const result = await runDnsProbe(dnsSpec({ name: 'nullmx.test', record: 'MX', resolver: dns.resolver }));
    expect(result).toMatchObject({ outcome: 'down', errorClass: 'dns', message: 'nullmx.test has a null MX: it accepts no mail' });
  });

  it('a resolver that never answers → timeout, ended by the deadline', async () => {
    const result = await runDnsProbe(dnsSpec({ name: 'slow.test', resolver: dns.resolver, timeoutMs: 300 }));
    expect(result).toMatchObject({ outcome: 'down', errorClass: 'timeout' });
    expect(result.message).toBe(`no DNS answer for A slow.test from ${formatResolver(dns.resolver)} within 300 ms`);
    // Far below the test timeout, so only a check that ignored its deadline could fail this.
    expect(result.durationMs).toBeLessThan(10_000);
    expect(result.phases?.dns).toBe(result.durationMs);
  });

  it('a resolver port with nothing listening → dns failure, not a throw', async () => {
    const gone = await startDnsServer({});
    const { resolver } = gone;
    await gone.close();
    const result = await runDnsProbe(dnsSpec({ resolver, timeoutMs: 1000 }));
    expect(result.outcome).toBe('down');
    // ICMP "port unreachable" normally arrives at once; a loaded machine may only time out.
    expect(['dns', 'timeout']).toContain(result.errorClass);
  });

  it('a resolver given by name → dns failure explaining that it must be an address', async () => {
    const result = await runDnsProbe(dnsSpec({ resolver: { host: 'localhost', port: dns.resolver.port } }));
    expect(result).toMatchObject({ outcome: 'down', errorClass: 'dns', message: 'the resolver must be an IP address, not localhost' });
  });
});

describe('judgeAnswers', () => {
  it.each([
    { answers: ['192.0.2.1'], record: 'A', contains: null, expected: null },
    { answers: [], record: 'A', contains: null, expected: { errorClass: 'dns', message: 'NODATA: x.test has no A records' } },
    { answers: ['a.test'], record: 'CNAME', contains: 'A.TEST.', expected: null },
    { answers: ['v=spf1 -all'], record: 'TXT', contains: 'spf1', expected: null },
    { answers: ['v=spf1 -all'], record: 'TXT', contains: 'DMARC', expected: { errorClass: 'keyword', message: 'TXT answers do not contain "DMARC": v=spf1 -all' } },
    { answers: [''], record: 'MX', contains: null, expected: { errorClass: 'dns', message: 'x.test has a null MX: it accepts no mail' } },
    {
      answers: ['1', '2', '3', '4', '5', '6', '7'],
      record: 'A',
      contains: '9',
      expected: { errorClass: 'keyword', message: 'A answers do not contain "9": 1, 2, 3, 4, 5 (+2 more)' },
    },
  ] as const)('$record $answers contains $contains', ({ answers, record, contains, expected }) => {
    expect(judgeAnswers(answers, { name: 'x.test', record, contains })).toEqual(expected);
  });

  it('shortens a long answer', async () => {
    const result = await runDnsProbe(dnsSpec({ name: 'many.test', resolver: dns.resolver, contains: '10.0.0.1' }));
    expect(result.message).toBe('A answers do not contain "10.0.0.1": 192.0.2.1, 192.0.2.2, 192.0.2.3, 192.0.2.4, 192.0.2.5 (+2 more)');
    const long = judgeAnswers(['x'.repeat(500)], { name: 'x.test', record: 'TXT', contains: 'y' });
    expect(long?.message.length).toBeLessThan(120);
  });
});

describe('dnsFailure', () => {
  const q = { name: 'pay.test', record: 'MX', server: null, timeoutMs: 1500 };
  it.each([
    ['ENOTFOUND', 'dns', 'NXDOMAIN: pay.test does not exist'],
    ['ENODATA', 'dns', 'NODATA: pay.test has no MX records'],
    ['ESERVFAIL', 'dns', 'SERVFAIL: the resolver could not answer MX pay.test'],
    ['EREFUSED', 'dns', 'REFUSED: the resolver would not answer MX pay.test'],
    ['ETIMEOUT', 'timeout', 'no DNS answer for MX pay.test within 1500 ms'],
    ['ECANCELLED', 'timeout', 'no DNS answer for MX pay.test within 1500 ms'],
    ['EBADRESP', 'dns', 'MX lookup of pay.test failed (EBADRESP)'],
  ])('%s → %s', (code, errorClass, message) => {
    expect(dnsFailure(Object.assign(new Error(code), { code }), q)).toEqual({ errorClass, message });
  });

  it('names a configured resolver, IPv6 in brackets', () => {
    const failure = dnsFailure({ code: 'ENOTFOUND' }, { ...q, server: { host: '::1', port: 5353 } });
    expect(failure.message).toBe('NXDOMAIN: pay.test does not exist (resolver [::1]:5353)');
  });
});
