import { describe, expect, it } from 'vitest';
import { detectParser } from '../../src/notices/detect-format.ts';
import { fixture, iso, parseFixture, parseText, ZH_SELECTORS } from './fixtures.ts';

describe('an HTML notice list (Chinese), read with the configured selectors', () => {
  const { notices, format, skipped } = parseFixture('zh-notices.html', 'html', { mediaType: 'text/html', selectors: ZH_SELECTORS });

  it('gives one classified notice per item', () => {
    expect(format).toBe('html');
    expect(skipped).toBe(0);
    expect(notices.map((n) => [n.title, n.kind, n.topic])).toEqual([
      ['关于客服热线系统升级的公告', 'maintenance', 'maintenance'],
      ['在线客服服务异常', 'outage', 'outage'],
      ['在线客服已恢复正常', 'resolved', 'outage'],
      ['关于双十一活动的说明', 'info', 'info'],
      ['App 消息推送延迟', 'outage', 'outage'],
    ]);
  });

  it('reads the window in the provider zone, and the dates in their several forms', () => {
    const upgrade = notices[0]!;
    expect([iso(upgrade.window?.startsAt), iso(upgrade.window?.endsAt)]).toEqual(['2026-11-22T18:00:00.000Z', '2026-11-22T22:00:00.000Z']);
    expect(notices.map((n) => iso(n.publishedAt))).toEqual([
      '2026-11-19T16:00:00.000Z',
      '2026-11-21T06:30:00.000Z',
      '2026-11-21T08:05:00.000Z',
      '2026-11-10T16:00:00.000Z',
      '2026-11-21T16:00:00.000Z',
    ]);
    // "客服热线服务时间：9:00-21:00" in the footer is outside every item, and service hours anyway.
    expect(notices.slice(1).every((n) => n.window === null)).toBe(true);
  });

  it('makes links absolute, drops tracking parameters and javascript: links', () => {
    expect(notices.map((n) => n.url)).toEqual([
      'https://www.example.com/notice/1001.html',
      'https://www.example.com/notice/1002.html?id=1002',
      'https://www.example.com/notice/1003.html',
      null,
      'https://www.example.com/notice/1005.html',
    ]);
    expect(notices[0]!.id).toBe('url:https://www.example.com/notice/1001.html');
    // No link: the id is a hash of title and date, the same on every read.
    expect(notices[3]!.id).toMatch(/^hash:[0-9a-f]{32}$/);
    expect(parseFixture('zh-notices.html', 'html', { selectors: ZH_SELECTORS }).notices[3]!.id).toBe(notices[3]!.id);
  });

  it('keeps only text: scripts, styles, handlers and tags are gone, entities decoded', () => {
    const promo = notices[3]!;
    expect(promo.title).toBe('关于双十一活动的说明');
    expect(promo.body).toBe('活动规则详见活动页面 & 常见问题 <FAQ>。');
    for (const n of notices) expect(`${n.title}${n.body}`).not.toMatch(/alert|onerror|color: red/);
  });

  it('reads attributes with @, and the first link of an item without a link selector', () => {
    const html = '<ol><li data-id="7"><h3>客服热线维护</h3><a href="/n/7">详情</a><time datetime="2026-11-20T10:00:00+08:00">昨天</time></li></ol>';
    const [notice] = parseFixture2(html, { item: 'ol li', title: 'h3', link: null, date: 'time@datetime', body: null });
    expect(notice).toMatchObject({ title: '客服热线维护', url: 'https://www.example.com/n/7', kind: 'maintenance' });
    expect(iso(notice!.publishedAt)).toBe('2026-11-20T02:00:00.000Z');
    const [own] = parseFixture2('<div><a class="n" href="/n/8">升级公告</a></div>', { item: 'a.n', title: '@href', link: '@href', date: null, body: null });
    expect(own).toMatchObject({ title: '/n/8', url: 'https://www.example.com/n/8' });
  });

  it('reads an empty list as no notices, with a note, so a redesign does not go unseen', () => {
    const outcome = parseText(fixture('zh-notices.html'), 'html', { selectors: { ...ZH_SELECTORS, item: 'ul.news li' } });
    expect(outcome).toEqual({ ok: true, format: 'html', notices: [], skipped: 0, listsAllOpen: false, note: 'the item selector "ul.news li" matched nothing' });
  });

  it('without selectors, says so and names the feed the page links', () => {
    const outcome = parseText(fixture('zh-notices.html'), 'auto', { mediaType: 'text/html' });
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.error.message).toBe(
      'an HTML page needs selectors (item, title …) to be read as a notice list; the page links a feed at https://www.example.com/notice/rss.xml',
    );
  });

  function parseFixture2(html: string, selectors: typeof ZH_SELECTORS) {
    const outcome = parseText(`<!doctype html><html><body>${html}</body></html>`, 'html', { selectors });
    if (!outcome.ok) throw new Error(outcome.error.message);
    return outcome.notices;
  }
});

describe('a Statuspage summary with an incident and a scheduled maintenance', () => {
  const { notices, skipped, listsAllOpen } = parseFixture('statuspage-summary.json', 'statuspage');

  it('gives the incident, the maintenance and the component under maintenance without a notice', () => {
    expect(listsAllOpen).toBe(true);
    expect(skipped).toBe(1); // the incident without an id
    expect(notices.map((n) => [n.id, n.kind, n.upstreamStatus])).toEqual([
      ['id:inc-chat-slow', 'outage', 'identified'],
      ['id:mnt-hotline-upgrade', 'maintenance', 'scheduled'],
      ['id:component:cmp-help', 'maintenance', 'under_maintenance'],
    ]);
  });

  it("takes Statuspage's own fields: window, components, severity, link", () => {
    const [incident, maintenance, help] = notices;
    expect(incident).toMatchObject({ severity: 'minor', components: ['Live Chat'], url: 'https://stspg.io/example1' });
    expect(incident!.body).toBe(
      'Identified - The cause is identified (a queue backlog); a fix is being deployed.\nPlease use the hotline meanwhile.\nInvestigating - We are investigating slow connections to live chat.',
    );
    expect([iso(maintenance!.window?.startsAt), iso(maintenance!.window?.endsAt)]).toEqual(['2026-11-22T18:00:00.000Z', '2026-11-22T22:00:00.000Z']);
    expect(maintenance!.components).toEqual(['Customer Service Hotline']);
    expect(help).toMatchObject({ title: 'Help Center: under maintenance', components: ['Help Center'], body: 'FAQ and self-service' });
  });

  it('refuses a document that is not Statuspage, and broken JSON, as errors', () => {
    expect(parseText('{"page": {"name": "no id"}, "incidents": []}', 'statuspage')).toMatchObject({
      ok: false,
      error: { stage: 'parse', message: expect.stringMatching(/^not a Statuspage document: page\.id/) },
    });
    expect(parseText('{"page": {', 'statuspage')).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^not valid JSON/) } });
  });
});

describe('RSS and Atom', () => {
  it('reads RSS 2.0: guid, content:encoded over description, dc:date, relative links', () => {
    const { notices, format } = parseFixture('rss-v1.xml');
    expect(format).toBe('rss');
    expect(notices.map((n) => [n.id, n.kind])).toEqual([
      ['id:notice-2001', 'outage'],
      ['id:notice-2002', 'maintenance'],
      ['id:notice-2003', 'outage'],
    ]);
    expect(notices[0]!.body).toBe('部分用户拨打客服热线95017时无法接通，我们正在排查。');
    expect(notices[2]).toMatchObject({ url: 'https://www.example.com/notice/2003.html', body: '部分银行卡提现到账延迟，我们正在与银行协调处理。\n如有疑问请联系在线客服。' });
    expect(iso(notices[2]!.publishedAt)).toBe('2026-11-19T02:00:00.000Z');
    expect([iso(notices[1]!.window?.startsAt), iso(notices[1]!.window?.endsAt)]).toEqual(['2026-11-22T18:00:00.000Z', '2026-11-22T22:00:00.000Z']);
  });

  it('reads Atom: id, alternate link, published and updated, html and text content', () => {
    const { notices, format } = parseFixture('atom-v1.xml');
    expect(format).toBe('atom');
    expect(notices.map((n) => [n.id, n.kind, n.url])).toEqual([
      ['id:tag:status.example.com,2026:Incident/501', 'outage', 'https://status.example.com/incidents/501'],
      ['id:tag:status.example.com,2026:Maintenance/502', 'maintenance', 'https://www.example.com/maintenances/502'],
    ]);
    expect([iso(notices[1]!.window?.startsAt), iso(notices[1]!.window?.endsAt)]).toEqual(['2026-11-22T18:00:00.000Z', '2026-11-22T22:00:00.000Z']);
  });

  it('reads RSS 1.0 (RDF) and an empty channel', () => {
    const rdf = `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <channel rdf:about="https://www.example.com/"><title>n</title></channel>
      <item rdf:about="https://www.example.com/n/1"><title>客服热线故障</title><link>https://www.example.com/n/1</link><dc:date>2026-11-21T09:00:00+08:00</dc:date></item>
    </rdf:RDF>`;
    const outcome = parseText(rdf);
    expect(outcome).toMatchObject({ ok: true, format: 'rss', notices: [{ title: '客服热线故障', kind: 'outage', url: 'https://www.example.com/n/1' }] });
    expect(parseText('<rss version="2.0"><channel></channel></rss>')).toMatchObject({ ok: true, notices: [] });
  });

  it('ends invalid XML as an error with its line, never a half list', () => {
    const outcome = parseText(fixture('invalid.xml'), 'rss');
    expect(outcome).toMatchObject({ ok: false, error: { stage: 'parse', errorClass: 'other', httpStatus: null } });
    expect(!outcome.ok && outcome.error.message).toMatch(/^not well-formed XML: .*\(line 8, column 3\)$/);
  });

  it('refuses an entity bomb', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "${'x'.repeat(50)}"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]><rss><channel><item><title>&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;</title></item></channel></rss>`;
    const outcome = parseText(bomb, 'rss');
    // Either refused, or read with a capped title: never a 5 MB string.
    if (outcome.ok) expect(outcome.notices.every((n) => n.title.length <= 300)).toBe(true);
    else expect(outcome.error.stage).toBe('parse');
  });
});

describe('JSON Feed', () => {
  it('reads items with html or text content, numeric ids, and skips items without an id', () => {
    const { notices, skipped, format } = parseFixture('feed.json');
    expect(format).toBe('jsonfeed');
    expect(skipped).toBe(1);
    expect(notices.map((n) => [n.id, n.kind, n.url])).toEqual([
      ['id:3001', 'maintenance', 'https://www.example.com/notice/3001.html'],
      ['id:3002', 'outage', null],
    ]);
    // "2026年11月24日 22:00至次日01:00" in Shanghai.
    expect([iso(notices[0]!.window?.startsAt), iso(notices[0]!.window?.endsAt)]).toEqual(['2026-11-24T14:00:00.000Z', '2026-11-24T17:00:00.000Z']);
    expect(iso(notices[1]!.updatedAt)).toBe('2026-11-21T03:20:00.000Z');
  });
});

describe('format detection', () => {
  it.each([
    ['statuspage-summary.json', 'statuspage'],
    ['feed.json', 'jsonfeed'],
    ['rss-v1.xml', 'rss'],
    ['atom-v1.xml', 'atom'],
    ['zh-notices.html', 'html'],
  ])('%s → %s', (name, format) => {
    expect(detectParser({ text: fixture(name), mediaType: '', url: 'https://www.example.com/' })?.format).toBe(format);
  });

  it('says what the answer looks like when it is not the configured format', () => {
    expect(parseText(fixture('statuspage-summary.json'), 'rss')).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/^expected rss, but the answer looks like statuspage: not well-formed XML/) },
    });
  });

  it('cannot tell plain text', () => {
    expect(parseText('all systems go', 'auto', { mediaType: 'text/plain' })).toMatchObject({
      ok: false,
      error: { message: 'could not tell the format of the answer (content type text/plain); set format: statuspage, rss, atom, jsonfeed or html' },
    });
  });
});
