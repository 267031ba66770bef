import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reporterHash, reporterKey } from '../../src/reports/reporter-hash.ts';

describe('reporterKey', () => {
  it.each([
    ['192.0.2.7', '192.0.2.7'],
    [' 192.0.2.7 ', '192.0.2.7'],
    ['::ffff:192.0.2.7', '192.0.2.7'],
    ['2001:db8:0:1:a::1', '2001:db8:0:1::/64'],
    ['2001:DB8:0:1:ffff:ffff:ffff:ffff', '2001:db8:0:1::/64'],
    ['[2001:db8::1]', '2001:db8:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['2001:db8:1:2::ffff:192.0.2.7', '2001:db8:1:2::/64'],
    ['unknown', 'unknown'],
  ])('%s → %s', (address, key) => {
    expect(reporterKey(address)).toBe(key);
  });
});

describe('reporterHash', () => {
  it('is HMAC-SHA256 of the key under the salt, in hex', () => {
    const expected = createHmac('sha256', 'pepper').update('192.0.2.7').digest('hex');
    expect(reporterHash('192.0.2.7', 'pepper')).toBe(expected);
    expect(reporterHash('::ffff:192.0.2.7', 'pepper')).toBe(expected);
    expect(reporterHash('192.0.2.7', 'pepper')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differs by salt and by address, never shows the address', () => {
    expect(reporterHash('192.0.2.7', 'a')).not.toBe(reporterHash('192.0.2.7', 'b'));
    expect(reporterHash('192.0.2.7', 'a')).not.toBe(reporterHash('192.0.2.8', 'a'));
    expect(reporterHash('192.0.2.7', 'a')).not.toContain('192');
  });

  it('one IPv6 /64 is one reporter', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 4, maxLength: 4 }), (tail) => {
        const address = `2001:db8:aa:bb:${tail.map((n) => n.toString(16)).join(':')}`;
        expect(reporterHash(address, Buffer.from('salt'))).toBe(reporterHash('2001:db8:aa:bb::1', Buffer.from('salt')));
      }),
    );
  });

  it('refuses an empty salt', () => {
    expect(() => reporterHash('192.0.2.7', '')).toThrow(RangeError);
    expect(() => reporterHash('192.0.2.7', new Uint8Array())).toThrow(RangeError);
  });
});
