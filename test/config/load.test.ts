import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile, parseConfig } from '../../src/config/index.ts';

const badDir = fileURLToPath(new URL('./bad/', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Parses a bad file under its own name and returns the error's lines. */
function problemLines(name: string): string[] {
  try {
    parseConfig(readFileSync(join(badDir, name), 'utf8'), name);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message.split('\n');
  }
  throw new Error(`${name} loaded without error`);
}

const P = 'providers[0].channels[0]';

describe('bad config files', () => {
  it.each<[string, string[]]>([
    ['yaml-syntax.yaml', ['yaml-syntax.yaml:4 YAML: Sequence item without - indicator']],
    ['yaml-duplicate-key.yaml', ['yaml-duplicate-key.yaml:9 YAML: duplicate key "kind"']],
    ['empty-file.yaml', ['empty-file.yaml:1 the file is empty; expected a mapping with a providers list']],
    ['unknown-key.yaml', [`unknown-key.yaml:12 ${P}.probes[0].timeoutt: unknown key "timeoutt"`]],
    ['missing-key.yaml', ['missing-key.yaml:2 providers[0]: missing required key "timezone"']],
    ['no-channels.yaml', ['no-channels.yaml:7 providers[0].channels: a provider needs at least one channel']],
    ['bad-url.yaml', [`bad-url.yaml:11 ${P}.probes[0].url: expected an http(s) URL`]],
    [
      'unknown-kind.yaml',
      [
        `unknown-kind.yaml:7 ${P}.kind: expected one of hotline, live_chat, in_app, email, web_form, social, ` +
          'help_center, chatbot, announcements, regulator',
      ],
    ],
    ['unknown-probe-type.yaml', [`unknown-probe-type.yaml:10 ${P}.probes[0].type: expected one of http, tcp, dns, smtp, tls, feed`]],
    ['unknown-time-zone.yaml', ['unknown-time-zone.yaml:4 providers[0].timezone: unknown time zone "Mars/Base"']],
    ['bad-hour-range.yaml', [`bad-hour-range.yaml:10 ${P}.hours.mon-fri: "25:00" is not a time of day (00:00 to 24:00)`]],
    ['empty-range.yaml', [`empty-range.yaml:9 ${P}.hours.mon-fri: "09:00-09:00" is an empty range`]],
    [
      'unknown-day.yaml',
      [
        `unknown-day.yaml:10 ${P}.hours.monday-friday: unknown day "monday-friday"; ` +
          'expected mon, tue, wed, thu, fri, sat or sun, or a range like mon-fri',
      ],
    ],
    ['day-given-twice.yaml', [`day-given-twice.yaml:12 ${P}.hours.mon: "mon" is already covered by "mon-fri"`]],
    [
      'bad-exception-date.yaml',
      [`bad-exception-date.yaml:12 ${P}.hours.exceptions.2026-02-30: "2026-02-30" is not a calendar date (YYYY-MM-DD)`],
    ],
    ['bad-duration.yaml', [`bad-duration.yaml:12 ${P}.probes[0].interval: expected a duration like 30s, 5m or 2h`]],
    ['interval-too-short.yaml', [`interval-too-short.yaml:12 ${P}.probes[0].interval: must be at least 10s (got 5s)`]],
    [
      'timeout-above-interval.yaml',
      [`timeout-above-interval.yaml:13 ${P}.probes[0].timeout: must not be longer than interval (45s > 30s)`],
    ],
    ['body-with-get.yaml', [`body-with-get.yaml:12 ${P}.probes[0].body: a body is only sent with method POST, not GET`]],
    ['max-body-too-large.yaml', [`max-body-too-large.yaml:12 ${P}.probes[0].max_body: must be between 1B and 10MB`]],
    [
      'bad-net-probes.yaml',
      [
        'bad-net-probes.yaml:10 providers[0].channels[0].probes[0].port: expected a port number (1-65535)',
        'bad-net-probes.yaml:11 providers[0].channels[0].probes[1].record: expected one of A, AAAA, MX, TXT, CNAME',
        'bad-net-probes.yaml:12 providers[0].channels[0].probes[2].resolver: expected a resolver address like 1.1.1.1:53 or [2606:4700::1111]:53',
        'bad-net-probes.yaml:13 providers[0].channels[0].probes[3].domain: give either host or domain (its MX host is used), not both or neither',
        'bad-net-probes.yaml:14 providers[0].channels[0].probes[4]: give either host or domain (its MX host is used), not both or neither',
        'bad-net-probes.yaml:15 providers[0].channels[0].probes[5].host: expected a host name or IP address',
        'bad-net-probes.yaml:15 providers[0].channels[0].probes[5].warn_days: must be at most 365',
      ],
    ],
    [
      'bad-conditions.yaml',
      [
        `bad-conditions.yaml:14 ${P}.probes[0].conditions[1]: unexpected "=" at column 13; did you mean "=="?`,
        `bad-conditions.yaml:15 ${P}.probes[0].conditions[2]: missing unit in "800" at column 11; latency is compared with a duration such as 800ms or 2s`,
        `bad-conditions.yaml:19 ${P}.probes[1].conditions[0]: a HEAD response has no body for this condition`,
      ],
    ],
    [
      'bad-feed-probes.yaml',
      [
        'bad-feed-probes.yaml:9 providers[0].channels[0].keywords[1]: a keyword must not be empty',
        'bad-feed-probes.yaml:11 providers[0].channels[0].probes[0].type: a feed probe belongs on a channel of kind announcements, not hotline',
        'bad-feed-probes.yaml:16 providers[0].channels[1].probes[0].type: an announcements channel is read by feed probes only, not http',
        'bad-feed-probes.yaml:17 providers[0].channels[1].probes[1].format: format html needs selectors: { item, title } at least',
        'bad-feed-probes.yaml:18 providers[0].channels[1].probes[2].selectors: selectors are only read with format html or auto, not rss',
        'bad-feed-probes.yaml:19 providers[0].channels[1].probes[3].selectors.item: the item selector selects elements; @attribute is for the fields inside it',
        "bad-feed-probes.yaml:19 providers[0].channels[1].probes[3].selectors.title: not a valid CSS selector: Attribute selector didn't terminate",
        'bad-feed-probes.yaml:20 providers[0].channels[1].probes[4].format: expected one of statuspage, rss, atom, jsonfeed, html, auto',
        'bad-feed-probes.yaml:20 providers[0].channels[1].probes[4].url: expected an http(s) URL',
        'bad-feed-probes.yaml:20 providers[0].channels[1].probes[4].interval: must be at least 10s (got 5s)',
        'bad-feed-probes.yaml:20 providers[0].channels[1].probes[4].timeout: must be at most 10s (got 20s)',
      ],
    ],
    ['retry-too-long.yaml', [`retry-too-long.yaml:14 ${P}.probes[0].retry: with retries a check can take 40s, longer than interval (30s)`]],
    [
      'bad-maintenance.yaml',
      [
        'bad-maintenance.yaml:6 providers[0].maintenance[0].cron: bad cron expression: bad hour "25" (expected 0-23)',
        `bad-maintenance.yaml:12 ${P}.maintenance[0].end: must be after start`,
        `bad-maintenance.yaml:13 ${P}.maintenance[1].start: expected a local time like "2026-11-23 02:00"`,
        `bad-maintenance.yaml:14 ${P}.maintenance[2].duration: must be at most 7d (got 30d)`,
        `bad-maintenance.yaml:15 ${P}.maintenance[3]: expected { start, end } or { cron, duration }`,
      ],
    ],
    [
      'duplicate-provider-id.yaml',
      ['duplicate-provider-id.yaml:9 providers[1].id: duplicate provider id "examplepay" (first at line 2)'],
    ],
    [
      'duplicate-channel-id.yaml',
      ['duplicate-channel-id.yaml:13 providers[1].channels[0].id: duplicate channel id "support-chat" (first at line 6)'],
    ],
    [
      // Every problem in one run, in file order, each with its own line.
      'many-problems.yaml',
      [
        'many-problems.yaml:2 retention.checks: expected a duration like 30s, 5m or 2h',
        'many-problems.yaml:4 providers[0].id: expected a provider id of 1 to 64 characters from a-z, 0-9 and -',
        'many-problems.yaml:7 providers[0].colour: unknown key "colour"',
        `many-problems.yaml:12 ${P}.hours.sun: expected "HH:MM-HH:MM", several such ranges separated by commas, or closed`,
        `many-problems.yaml:15 ${P}.probes[0].url: expected an http(s) URL`,
        `many-problems.yaml:16 ${P}.probes[0].method: expected one of GET, HEAD, POST`,
        `many-problems.yaml:18 ${P}.probes[0].timeout: must not be longer than interval (3m > 2m)`,
        `many-problems.yaml:19 ${P}.probes[0].expect.status[1]: expected an HTTP status code (100-599)`,
        `many-problems.yaml:20 ${P}.probes[0].failure_threshold: must be at least 1`,
        'many-problems.yaml:21 providers[1]: missing required key "id"',
        'many-problems.yaml:24 providers[1].channels[0].id: duplicate channel id "examplepay-chat" (first at line 9)',
      ],
    ],
  ])('%s', (name, expected) => {
    expect(problemLines(name)).toEqual(expected);
  });

  it('gives each problem as structured data as well as a line', () => {
    const text = readFileSync(join(badDir, 'bad-url.yaml'), 'utf8');
    expect(() => parseConfig(text, 'conf/sw.yaml')).toThrow(ConfigError);
    try {
      parseConfig(text, 'conf/sw.yaml');
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        { file: 'conf/sw.yaml', line: 11, path: `${P}.probes[0].url`, message: 'expected an http(s) URL' },
      ]);
      expect((error as ConfigError).name).toBe('ConfigError');
    }
  });
});

describe('YAML edge cases', () => {
  it.each<[string, string, string[]]>([
    ['an alias to an anchor that is not defined', 'providers: *list\n', ['x.yaml:1 YAML: Unresolved alias (the anchor must be set before the alias): list']],
    ['a second document', 'providers: []\n---\nretention: {}\n', ['x.yaml:2 YAML: a second document starts here (---); the config is one document']],
    ['a list at the top', '- id: a\n', ['x.yaml:1 expected a mapping, got a list']],
    ['a bare number where a list belongs', 'providers: 3\n', ['x.yaml:1 providers: expected a list, got the number 3']],
    [
      'a key without a value',
      'providers:\n  - id: a\n    name:\n    timezone: UTC\n    channels: [{ id: c, kind: email, name: E }]\n',
      ['x.yaml:3 providers[0].name: expected text, got an empty value'],
    ],
  ])('%s', (_, text, expected) => {
    expect(() => parseConfig(text, 'x.yaml')).toThrow(ConfigError);
    try {
      parseConfig(text, 'x.yaml');
    } catch (error) {
      expect((error as ConfigError).message.split('\n')).toEqual(expected);
    }
  });

  it('follows anchors and aliases that resolve', () => {
    const text = [
      'providers:',
      '  - id: a',
      '    name: A',
      '    timezone: UTC',
      '    channels:',
      '      - { id: c1, kind: email, name: E, hours: &office { mon-fri: "09:00-17:00" } }',
      '      - { id: c2, kind: web_form, name: F, hours: *office }',
    ].join('\n');
    const [provider] = parseConfig(text, 'x.yaml').providers;
    expect(provider?.channels[1]?.hours).toEqual(provider?.channels[0]?.hours);
  });

  it('ignores top-level x- keys, which hold anchors, and merges << keys (the explicit key wins)', () => {
    const text = [
      'x-office-hours: &office { mon-fri: "09:00-17:00", sat: "10:00-12:00" }',
      'providers:',
      '  - id: a',
      '    name: A',
      '    timezone: UTC',
      '    channels:',
      '      - { id: c1, kind: email, name: E, hours: *office }',
      '      - { id: c2, kind: web_form, name: F, hours: { <<: *office, sat: closed } }',
    ].join('\n');
    const [c1, c2] = parseConfig(text, 'x.yaml').providers[0]?.channels ?? [];
    expect(c1?.hours).toMatchObject({ kind: 'weekly', ranges: [1, 2, 3, 4, 5, 6].map((day) => ({ day })) });
    expect(c2?.hours).toMatchObject({ kind: 'weekly', ranges: [1, 2, 3, 4, 5].map((day) => ({ day })) });
  });

  it('still refuses other unknown top-level keys', () => {
    expect(() => parseConfig('office: 1\nproviders: []\n', 'x.yaml')).toThrow(
      'x.yaml:1 office: unknown key "office"\nx.yaml:2 providers: expected at least one provider',
    );
  });
});

describe('loadConfigFile', () => {
  it('loads the shipped supportwatch.yaml', () => {
    const catalog = loadConfigFile(join(repoRoot, 'supportwatch.yaml'));
    expect(catalog.providers.map((p) => p.id)).toEqual(['examplepay', 'demowallet', 'samplepay']);
    const channels = catalog.providers.flatMap((p) => p.channels);
    expect(new Set(channels.map((c) => c.kind)).size).toBeGreaterThanOrEqual(8);
    expect(channels.some((c) => c.kind === 'regulator')).toBe(true);
    for (const probe of channels.flatMap((c) => c.probes)) {
      // Never a real company: only the IANA example domains, whatever the probe kind.
      const host =
        probe.type === 'http' || probe.type === 'feed'
          ? new URL(probe.url).hostname
          : probe.type === 'dns'
            ? probe.name
            : probe.type === 'smtp'
              ? (probe.host ?? probe.domain)
              : probe.host;
      expect(host).toMatch(/^example\.(com|org|net)$/);
      expect(probe.intervalMs).toBeGreaterThanOrEqual(60_000);
      expect(probe.intervalMs).toBeLessThanOrEqual(3_600_000);
    }
  });

  it('starts the shipped file with the editor schema comment', () => {
    const firstLine = readFileSync(join(repoRoot, 'supportwatch.yaml'), 'utf8').split('\n')[0];
    expect(firstLine).toBe('# yaml-language-server: $schema=./supportwatch.schema.json');
  });

  it('names the file in its problems', () => {
    const file = join(badDir, 'unknown-kind.yaml');
    expect(() => loadConfigFile(file)).toThrow(new RegExp(`^${escape(file)}:7 providers\\[0\\]\\.channels\\[0\\]\\.kind: `));
  });

  it('reports a missing file as a ConfigError with the path', () => {
    const file = join(tmpdir(), 'supportwatch-does-not-exist.yaml');
    try {
      loadConfigFile(file);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([
        { file, line: null, path: '', message: 'cannot read the config file (no such file)' },
      ]);
      expect((error as ConfigError).message).toBe(`${file}: cannot read the config file (no such file)`);
    }
  });

  it('reports a directory as a ConfigError', () => {
    const dir = mkdtempSync(join(tmpdir(), 'supportwatch-'));
    try {
      expect(() => loadConfigFile(dir)).toThrow(`${dir}: cannot read the config file (it is a directory)`);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('reads a file written elsewhere', () => {
    const dir = mkdtempSync(join(tmpdir(), 'supportwatch-'));
    try {
      const file = join(dir, 'sw.yaml');
      writeFileSync(file, 'providers:\n  - { id: a, name: A, timezone: UTC, channels: [{ id: c, kind: email, name: E }] }\n');
      expect(loadConfigFile(file).providers[0]?.channels[0]?.providerId).toBe('a');
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
