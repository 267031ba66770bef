import { describe, expect, it } from 'vitest';
import { internCatalog } from '../../src/domain/intern-catalog.ts';
import { makeCatalog, makeChannel, makeProbe, makeProvider } from '../support/catalog.ts';

describe('internCatalog', () => {
  it('shares equal hours, languages, windows and probe parts, and keeps different ones apart', () => {
    const catalog = makeCatalog([
      makeProvider('acme', [makeChannel('acme-a'), makeChannel('acme-b'), makeChannel('acme-c', { languages: ['zh-CN'] })]),
      makeProvider('beta', [makeChannel('beta-a')]),
    ]);
    const before = JSON.stringify(catalog);
    const [a, b, c] = catalog.providers[0]!.channels;
    const d = catalog.providers[1]!.channels[0]!;
    expect(a!.languages).not.toBe(b!.languages); // fresh objects from the builder

    internCatalog(catalog);

    expect(JSON.stringify(catalog)).toBe(before); // same content
    expect(a!.hours).toBe(b!.hours);
    expect(a!.hours).toBe(d.hours);
    expect(a!.languages).toBe(b!.languages);
    expect(c!.languages).not.toBe(a!.languages);
    expect(c!.languages).toEqual(['zh-CN']);
    const [pa, pb] = [a!.probes[0]!, b!.probes[0]!];
    if (pa.type !== 'http' || pb.type !== 'http') throw new Error('http probes expected');
    expect(pa.expect).toBe(pb.expect);
    expect(pa.headers).toBe(pb.headers);
    expect(pa.key).not.toBe(pb.key);
  });

  it('does not merge probe parts that differ', () => {
    const one = makeProbe('acme-a', { url: 'http://127.0.0.1:1/x', headers: { 'x-token': 'one' } });
    const two = makeProbe('acme-b', { url: 'http://127.0.0.1:1/x', headers: { 'x-token': 'two' } });
    const catalog = internCatalog(makeCatalog([makeProvider('acme', [makeChannel('acme-a', { probes: [one] }), makeChannel('acme-b', { probes: [two] })])]));
    const [pa, pb] = catalog.providers[0]!.channels.map((ch) => ch.probes[0]!);
    if (pa!.type !== 'http' || pb!.type !== 'http') throw new Error('http probes expected');
    expect(pa!.headers).toEqual({ 'x-token': 'one' });
    expect(pb!.headers).toEqual({ 'x-token': 'two' });
  });
});
