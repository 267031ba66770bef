import { describe, expect, it } from 'vitest';
import { noticeId, normaliseUrl, uniqueIds } from '../../src/notices/identity.ts';

describe('noticeId', () => {
  it('prefers the upstream id, then the link, then a hash of title and date', () => {
    expect(noticeId({ upstreamId: ' ljwdk6qml8z8 ', url: 'https://x.example/a', title: 'T' })).toBe('id:ljwdk6qml8z8');
    expect(noticeId({ upstreamId: '', url: 'https://x.example/a?utm_source=rss#top', title: 'T' })).toBe('url:https://x.example/a');
    expect(noticeId({ url: 'javascript:alert(1)', title: 'T', date: '2026-11-20' })).toMatch(/^hash:[0-9a-f]{32}$/);
  });

  it('gives the same hash whatever the spacing, width and punctuation of the title', () => {
    const a = noticeId({ title: '关于客服热线 系统升级的公告！', date: Date.parse('2026-11-20T02:00:00Z') });
    const b = noticeId({ title: '关于客服热线系统升级的公告!', date: Date.parse('2026-11-20T09:00:00Z') });
    expect(a).toBe(b);
    expect(noticeId({ title: '关于客服热线系统升级的公告', date: Date.parse('2026-11-21T02:00:00Z') })).not.toBe(a);
  });

  it('hashes an upstream id too long to keep', () => {
    expect(noticeId({ upstreamId: 'x'.repeat(500), title: 'T' })).toMatch(/^id:sha256:[0-9a-f]{64}$/);
  });
});

describe('normaliseUrl', () => {
  it.each<[string, string | null]>([
    ['HTTPS://Example.com/a?spm=1&id=2#x', 'https://example.com/a?id=2'],
    ['https://user:pw@example.com/n/1', 'https://example.com/n/1'],
    ['https://example.com/n?utm_medium=x&utm_campaign=y', 'https://example.com/n'],
    ['ftp://example.com/n', null],
    ['/relative', null],
  ])('%s → %s', (input, expected) => {
    expect(normaliseUrl(input)).toBe(expected);
  });
});

describe('uniqueIds', () => {
  it('gives entries that share a link their own ids, and numbers exact twins', () => {
    const shared = { id: 'url:https://x.example/notice/', publishedAt: 0 };
    const ids = uniqueIds([
      { ...shared, title: '热线维护' },
      { ...shared, title: '在线客服异常' },
      { ...shared, title: '在线客服异常' },
      { id: 'id:7', title: 'x', publishedAt: 0 },
    ]).map((n) => n.id);
    expect(ids[0]).toBe(noticeId({ title: '热线维护', date: 0 }));
    expect(ids[1]).toBe(noticeId({ title: '在线客服异常', date: 0 }));
    expect(ids[2]).toBe(`${ids[1]}~2`);
    expect(ids[3]).toBe('id:7');
  });
});
