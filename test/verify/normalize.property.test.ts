/**
 * Properties of the normalisers: however a contact is written (separators, case, prefixes,
 * full-width digits, trailing dots, paths), it reduces to the same canonical form, and the
 * canonical form reduces to itself. Plus the promise verification rests on: nothing outside
 * the catalog is ever called official.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildContactIndex } from '../../src/verify/contact-index.ts';
import { editDistance, skeleton } from '../../src/verify/confusables.ts';
import { normalizeHandle } from '../../src/verify/handle.ts';
import { normalizePhone } from '../../src/verify/phone.ts';
import { verifyContact } from '../../src/verify/verify.ts';
import { normalizeEmail, normalizeUrl, unitOfHost } from '../../src/verify/web.ts';
import { CATALOG } from './fixtures.ts';

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
const separator = fc.constantFrom('', ' ', '-', '.', ' - ', '  ');

/** Puts a random separator (or none) between the characters of `text`. */
function scatter(text: string, seps: string[]): string {
  return [...text].map((ch, i) => ch + (i < text.length - 1 ? (seps[i % seps.length] ?? '') : '')).join('');
}

describe('normalizePhone', () => {
  it('a Chinese 400 number is the same however it is written', () => {
    fc.assert(
      fc.property(digits(7), fc.array(separator, { minLength: 1, maxLength: 12 }), (rest, seps) => {
        const national = `400${rest}`;
        const e164 = `+86${national}`;
        const forms = [national, scatter(national, seps), `+86 ${scatter(national, seps)}`, `0086${national}`, `+86-${national}`, `tel:${e164}`, toFullWidth(national)];
        for (const form of forms) expect(normalizePhone(form, 'CN')?.e164).toBe(e164);
      }),
    );
  });

  it('separators never change a US number', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 9 }), digits(2), fc.integer({ min: 2, max: 9 }), digits(6), fc.array(separator, { minLength: 1, maxLength: 10 }), (a, b, c, d, seps) => {
        const national = `${a}${b}${c}${d}`;
        const plain = normalizePhone(national, 'US');
        fc.pre(plain !== null && !plain.short);
        expect(normalizePhone(scatter(national, seps), 'US')?.e164).toBe(plain!.e164);
        expect(normalizePhone(`+1 ${scatter(national, seps)}`)?.e164).toBe(plain!.e164);
      }),
    );
  });

  it('the canonical form is its own canonical form, in any default country', () => {
    fc.assert(
      fc.property(digits(7), fc.constantFrom('CN', 'US', 'GB', 'HK', undefined), (rest, country) => {
        const first = normalizePhone(`400${rest}`, 'CN')!;
        const again = normalizePhone(first.e164, country);
        expect(again?.e164).toBe(first.e164);
        expect(again?.international).toBe(true);
      }),
    );
  });

  it('short codes survive every form', () => {
    fc.assert(
      fc.property(fc.constantFrom('95188', '95017', '12315', '10086', '95555'), fc.array(separator, { minLength: 1, maxLength: 4 }), (code, seps) => {
        expect(normalizePhone(scatter(code, seps), 'CN')?.e164).toBe(`+86${code}`);
        expect(normalizePhone(`+86 ${code}`)?.e164).toBe(`+86${code}`);
      }),
    );
  });

  it('text with letters is never a number', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        fc.pre(/[a-z]/i.test(s.replace(/^\s*tel:/i, '')));
        expect(normalizePhone(s, 'CN')).toBeNull();
      }),
    );
  });
});

describe('normalizeUrl and normalizeEmail', () => {
  const label = fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/);

  it('subdomains, case, trailing dots, scheme and paths never change the owner', () => {
    fc.assert(
      fc.property(fc.array(label, { maxLength: 3 }), fc.boolean(), fc.boolean(), fc.webPath(), fc.constantFrom('', 'https://', 'http://'), (subs, upper, dot, path, scheme) => {
        let host = [...subs, 'examplepay', 'com'].join('.');
        if (upper) host = host.toUpperCase();
        const url = normalizeUrl(`${scheme}${host}${dot ? '.' : ''}${path}`);
        expect(url?.unit).toBe('examplepay.com');
        expect(normalizeUrl(url!.href)?.host).toBe(url!.host);
      }),
    );
  });

  it('the owner of any domain is a suffix of it, and stable', () => {
    fc.assert(
      fc.property(fc.domain(), (domain) => {
        const url = normalizeUrl(domain);
        fc.pre(url !== null);
        if (url!.unit) expect(url!.host === url!.unit || url!.host.endsWith(`.${url!.unit}`)).toBe(true);
        expect(unitOfHost(url!.host)).toBe(url!.unit);
      }),
    );
  });

  it('e-mail: case and mailto: do not matter; the canonical form is stable', () => {
    fc.assert(
      fc.property(fc.emailAddress(), fc.boolean(), (address, mailto) => {
        const plain = normalizeEmail(address);
        fc.pre(plain !== null);
        expect(normalizeEmail(`${mailto ? 'mailto:' : ''}${address.toUpperCase()}`)?.address).toBe(plain!.address);
        expect(normalizeEmail(plain!.address)?.address).toBe(plain!.address);
      }),
    );
  });
});

describe('normalizeHandle and skeleton', () => {
  it('an @, case and surrounding spaces do not matter', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,14}$/), fc.boolean(), fc.constantFrom('', ' ', '  '), (name, at, pad) => {
        const expected = normalizeHandle(name);
        expect(normalizeHandle(`${pad}${at ? '@' : ''}${name.toUpperCase()}${pad}`)).toEqual(expected);
        expect(normalizeHandle(`weibo:${name}`)).toEqual({ platform: 'weibo', name: expected!.name });
      }),
    );
  });

  it('skeleton is idempotent and ignores case', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (s) => {
        expect(skeleton(skeleton(s))).toBe(skeleton(s));
        expect(skeleton(s.toUpperCase())).toBe(skeleton(skeleton(s.toUpperCase())));
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9]{0,20}$/), (s) => {
        expect(skeleton(s.toUpperCase())).toBe(skeleton(s));
      }),
    );
  });

  it('edit distance is a symmetric, bounded distance', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        expect(editDistance(a, a)).toBe(0);
        expect(editDistance(a, b)).toBe(editDistance(b, a));
        expect(editDistance(a, b)).toBeLessThanOrEqual(Math.max([...a].length, [...b].length));
        expect(editDistance(a, b, 1)).toBe(Math.min(editDistance(a, b), 2));
      }),
    );
  });
});

describe('verification never calls an unlisted contact official', () => {
  const index = buildContactIndex(CATALOG);
  const OFFICIAL_UNITS = new Set(['examplepay.com', 'examplepay.zendesk.com', 'globexwallet.com', 'brightbank.co.uk']);
  const OFFICIAL_NUMBERS = new Set(['+864008888888', '+8695188', '+8612315', '+18005550199', '+442079460958', '+85228888888']);

  it('domains', () => {
    fc.assert(
      fc.property(fc.domain(), (domain) => {
        const result = verifyContact(index, domain, 'en');
        if (result.verdict === 'official') expect(OFFICIAL_UNITS.has(normalizeUrl(domain)!.unit!)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('numbers', () => {
    fc.assert(
      fc.property(fc.constantFrom('', '+', '+86', '+1', '00'), fc.integer({ min: 3, max: 13 }).chain(digits), (prefix, body) => {
        const result = verifyContact(index, `${prefix}${body}`, 'en');
        if (result.verdict === 'official') expect(OFFICIAL_NUMBERS.has(result.normalized!)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        fc.pre(text.trim() !== '');
        const result = verifyContact(index, text, 'en');
        expect(['official', 'not_official', 'lookalike']).toContain(result.verdict);
        if (result.verdict === 'official') expect(result.matches.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});

function toFullWidth(text: string): string {
  return text.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
}
