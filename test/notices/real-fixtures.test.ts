/**
 * Every real, public Statuspage document and feed in /work/shared/fixtures/real must parse into
 * sensible notices: right kinds, times and resolutions, plain text, unique ids.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/notices/detect-format.ts';
import { NOTICE_KINDS, type FeedFormat, type ParsedNotice } from '../../src/notices/types.ts';

const REAL_DIR = '/work/shared/fixtures/real/';
const files = readdirSync(REAL_DIR).filter((name) => !name.endsWith('.md'));
const BASE = 'https://status.example.com/';

function read(name: string, format: FeedFormat = 'auto', timezone = 'UTC') {
  const outcome = parseDocument({ text: readFileSync(REAL_DIR + name, 'utf8'), mediaType: '', url: BASE }, format, {
    timezone,
    now: Date.parse('2026-01-01T00:00:00Z'),
    baseUrl: BASE,
    selectors: null,
  });
  if (!outcome.ok) throw new Error(`${name}: ${outcome.error.message}`);
  return outcome;
}

function byTitle(notices: ParsedNotice[], title: string): ParsedNotice {
  const found = notices.find((n) => n.title === title);
  if (found === undefined) throw new Error(`no notice titled ${title}`);
  return found;
}

const iso = (at: number | null | undefined) => (at === null || at === undefined ? null : new Date(at).toISOString());

describe('real public documents', () => {
  it('are all here', () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
  });

  it.each(files)('%s parses cleanly, detected and as its own format', (name) => {
    const own: FeedFormat = name.startsWith('sp_') ? 'statuspage' : name.startsWith('rss_') ? 'rss' : 'atom';
    const detected = read(name);
    expect(detected.format).toBe(own);
    expect(read(name, own).notices).toEqual(detected.notices);
    expect(detected.skipped).toBe(0);
    const ids = detected.notices.map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const notice of detected.notices) {
      expect(NOTICE_KINDS).toContain(notice.kind);
      expect(notice.title.length).toBeGreaterThan(0);
      expect(notice.title).not.toMatch(/[<>\r\n]/);
      expect(notice.body).not.toMatch(/<\/?[a-z][^>]*>|\r|&[a-z]+;/i);
      expect(Number.isFinite(notice.publishedAt)).toBe(true);
      if (notice.url !== null) expect(notice.url).toMatch(/^https?:\/\//);
      if (notice.window?.startsAt != null && notice.window.endsAt != null) expect(notice.window.endsAt).toBeGreaterThan(notice.window.startsAt);
    }
  });

  it('reads the open GitHub incident of 2022-11-25 with its components', () => {
    const { notices, listsAllOpen } = read('sp_githubstatus_summary_2022-11-25.json');
    expect(listsAllOpen).toBe(true);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      id: 'id:ljwdk6qml8z8',
      kind: 'outage',
      topic: 'outage',
      severity: 'major',
      upstreamStatus: 'investigating',
      url: 'https://stspg.io/33vh8r7z43kh',
      resolvedAt: null,
    });
    expect(notices[0]!.components.sort()).toEqual(['Packages', 'Pages']);
    expect(iso(notices[0]!.window?.startsAt)).toBe('2022-11-25T14:39:09.542Z');
    expect(notices[0]!.window?.endsAt).toBeNull();
    // Newest update first, each with its status.
    expect(notices[0]!.body.split('\n')[0]).toBe('Investigating - Packages is now experiencing degraded performance. We are still investigating and will provide an update when we have one.');
  });

  it('reads the 2020-04-02 outage: the incident, and the components down without one', () => {
    const { notices } = read('sp_githubstatus_summary_2020-04-02_major_outage.json');
    expect(notices.map((n) => n.title)).toEqual([
      'Incident on 2020-04-02 20:20 UTC',
      'Git Operations: major outage',
      'API Requests: major outage',
      'Webhooks: major outage',
      'Issues, PRs, Projects: major outage',
      'GitHub Actions: partial outage',
      'GitHub Packages: major outage',
    ]);
    expect(notices.every((n) => n.kind === 'outage')).toBe(true);
    expect(byTitle(notices, 'GitHub Actions: partial outage')).toMatchObject({ severity: 'major', components: ['GitHub Actions'], id: 'id:component:br0l2tvcx85d' });
  });

  it.each(['sp_githubstatus_summary_2019-12-30_operational.json', 'sp_discord_summary_2022-02-15.json', 'sp_discord_status_2022-02-15.json'])(
    '%s: all operational, no notices',
    (name) => {
      expect(read(name).notices).toEqual([]);
    },
  );

  it('reads a completed Discord maintenance with impact "major" as a resolved maintenance with its window', () => {
    const [notice] = read('sp_discord_scheduled-maintenances_2022-02-15.json').notices;
    expect(notice).toMatchObject({ kind: 'resolved', topic: 'maintenance', upstreamStatus: 'completed', severity: 'major' });
    expect([iso(notice!.window?.startsAt), iso(notice!.window?.endsAt)]).toEqual(['2015-09-22T08:00:00.000Z', '2015-09-22T08:30:00.000Z']);
    expect(iso(notice!.resolvedAt)).toBe('2015-09-22T09:25:20.034Z');
    expect(notice!.body).toContain('Please wait while we give them juice');
  });

  it('reads a resolved Discord incident with the time it lasted', () => {
    const [notice] = read('sp_discord_incidents_2022-02-15.json').notices;
    expect(notice).toMatchObject({ kind: 'resolved', topic: 'outage', severity: 'minor', components: ['API'] });
    expect([iso(notice!.window?.startsAt), iso(notice!.window?.endsAt)]).toEqual(['2022-02-15T21:14:17.737Z', '2022-02-15T21:37:37.388Z']);
  });

  it('reads the MoonPay RSS: every incident resolved, three maintenances completed, one with its ET window', () => {
    const { notices } = read('rss_moonpay_history_2025.rss');
    expect(notices).toHaveLength(25);
    expect(notices.every((n) => n.kind === 'resolved')).toBe(true);
    expect(notices.filter((n) => n.topic === 'maintenance')).toHaveLength(3);
    const ach = byTitle(notices, 'MoonPay Balances US and ACH Maintenance');
    expect(ach.upstreamStatus).toBe('Completed');
    // "Sunday, October 26th, from 2:00 AM to 6:00 AM ET" (EDT, UTC-4).
    expect([iso(ach.window?.startsAt), iso(ach.window?.endsAt)]).toEqual(['2025-10-26T06:00:00.000Z', '2025-10-26T10:00:00.000Z']);
    expect(iso(notices[0]!.publishedAt)).toBe('2025-11-21T05:07:49.000Z');
  });

  it('reads the 2014 Parse RSS, Postmortem included, with its -0800 dates', () => {
    const { notices } = read('rss_parse_status_history_2014.rss');
    expect(notices).toHaveLength(17);
    expect(notices.every((n) => n.kind === 'resolved' && n.topic === 'outage')).toBe(true);
    expect(byTitle(notices, 'Elevated error rates and latency').upstreamStatus).toBe('Postmortem');
    expect(iso(notices[0]!.publishedAt)).toBe('2014-01-01T17:09:00.000Z');
  });

  it('reads the GitHub Atom history: 25 resolved incidents', () => {
    const { notices } = read('atom_githubstatus_history_2019-11-22.atom');
    expect(notices).toHaveLength(25);
    expect(notices.every((n) => n.kind === 'resolved' && n.topic === 'outage')).toBe(true);
    expect(notices[0]!.url).toBe('https://www.githubstatus.com/incidents/w7wlzstc8wss');
  });

  it('reads the Symantec Atom: an upcoming maintenance with its window, and the updated schedule over the original', () => {
    const { notices } = read('atom_symantec_wss_history_2019-12-10.atom');
    const upcoming = notices[0]!;
    expect(upcoming).toMatchObject({ kind: 'maintenance', topic: 'maintenance', upstreamStatus: 'Scheduled' });
    expect([iso(upcoming.window?.startsAt), iso(upcoming.window?.endsAt)]).toEqual(['2019-12-18T16:00:00.000Z', '2019-12-18T17:00:00.000Z']);
    const extended = byTitle(notices, 'Unplanned Reporting Infrastructure Maintenance on October 24, 2019');
    expect(extended.kind).toBe('resolved');
    expect([iso(extended.window?.startsAt), iso(extended.window?.endsAt)]).toEqual(['2019-10-24T18:00:00.000Z', '2019-10-24T21:00:00.000Z']);
    expect(notices.filter((n) => n.kind === 'maintenance')).toHaveLength(1);
  });

  it('reads the Sauce Labs Atom: planned maintenances in PDT, completed', () => {
    const { notices } = read('atom_saucelabs_uswest_history_2020.atom');
    const planned = notices.filter((n) => n.title === 'Sauce Labs Planned Maintenance');
    expect(planned.length).toBeGreaterThanOrEqual(4);
    expect(planned.every((n) => n.kind === 'resolved' && n.topic === 'maintenance')).toBe(true);
    // "Saturday, October 24th 2020, starting at 10:00am PDT and ending at 12:00pm PDT"
    expect([iso(planned[0]!.window?.startsAt), iso(planned[0]!.window?.endsAt)]).toEqual(['2020-10-24T17:00:00.000Z', '2020-10-24T19:00:00.000Z']);
  });
});
