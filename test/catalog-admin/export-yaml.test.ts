/**
 * The export is the config schema's inverse: loading it gives the same catalog, and exporting
 * that gives the same bytes, for the reference config (every key), the test file of every
 * kind, and a catalog with API-made entries merged in.
 */
import { describe, expect, it } from 'vitest';
import { exportCatalogYaml } from '../../src/catalog-admin/export-yaml.ts';
import { mergeCatalog } from '../../src/catalog-admin/merge.ts';
import { loadConfigFile, parseConfig } from '../../src/config/index.ts';
import type { Catalog } from '../../src/domain/catalog.ts';

/** Plain data: interned objects and parsed cron sets compare by value. */
const plain = (catalog: Catalog): unknown => JSON.parse(JSON.stringify(catalog));

function roundTrip(catalog: Catalog): void {
  const text = exportCatalogYaml(catalog);
  const loaded = parseConfig(text, 'export.yaml');
  expect(plain(loaded)).toEqual(plain(catalog));
  expect(exportCatalogYaml(loaded)).toBe(text);
}

describe('export → load → export', () => {
  it.each(['supportwatch.yaml', 'test/config/good/every-kind.yaml'])('is identical for %s', (file) => {
    roundTrip(loadConfigFile(file));
  });

  it('is identical with API entries merged in (hours across midnight, windows in the zone, every probe default left out)', () => {
    const config = parseConfig('providers:\n  - { id: acme, name: Acme, timezone: America/New_York, channels: [{ id: acme-hotline, kind: hotline, name: Hotline }] }\n', 'c.yaml');
    const entry = (kind: 'provider' | 'channel', id: string, providerId: string, body: Record<string, unknown>) => ({ kind, id, providerId, body, createdAt: 0, updatedAt: 0, updatedBy: 't' });
    const { catalog, leftOut } = mergeCatalog(config, [
      entry('channel', 'acme-chat', 'acme', {
        id: 'acme-chat',
        kind: 'live_chat',
        name: 'Chat',
        hours: { 'mon-fri': '09:00-12:00, 22:00-02:00', sun: '00:00-24:00', exceptions: { '2026-12-25': 'closed' } },
        maintenance: [{ start: '2026-03-08 01:30', end: '2026-03-08 04:00' }, { cron: '0 2 * * sun', duration: '90m' }],
        probes: [
          { type: 'http', url: 'http://127.0.0.1:9/x', method: 'POST', body: '{}', headers: { 'x-token': 'secret' }, expect: { status: [200, 204], max_latency: '800ms' }, conditions: ['json.ok == true'], max_body: '512KB', follow_redirects: false },
          { type: 'tcp', host: '::1', port: 443, tls: true, insecure: true, retry: 1, retry_delay: '2s', interval: '30s', timeout: '5s' },
        ],
      }),
      entry('provider', 'beta', 'beta', { id: 'beta', name: 'Beta', timezone: 'Europe/Berlin', country: 'DE', locale: 'de' }),
      entry('channel', 'beta-mail', 'beta', { id: 'beta-mail', kind: 'email', name: 'Mail', probes: [{ type: 'dns', name: 'example.com', record: 'MX', resolver: '[2606:4700::1111]:53' }] }),
    ]);
    expect(leftOut).toEqual([]);
    expect(catalog.providers.map((p) => p.id)).toEqual(['acme', 'beta']);
    roundTrip(catalog);
  });

  it('is identical with alert routes of every notifier (secrets stay names of variables)', () => {
    const catalog = parseConfig(
      `alerts:
  delivery: { max_attempts: 4, backoff: 5s }
  routes:
    - { id: ops-webhook, notifier: webhook, url: "https://hooks.example.com/sw", secret_env: SW_SECRET, events: [down, recovered], providers: [acme], lang: zh-CN, quiet_hours: "23:00-07:00", remind_every: 30m }
    - { id: ops-ding, notifier: dingtalk, url_env: DING_URL, secret_env: DING_SECRET, channels: [acme-hotline], timezone: Asia/Shanghai }
    - { id: ops-slack, notifier: slack, url_env: SLACK_URL }
    - id: oncall
      notifier: email
      to: [oncall@example.com]
      from: sw@example.com
      smtp: { host: smtp.example.com, port: 465, secure: true, user_env: SMTP_USER, password_env: SMTP_PASSWORD }
providers:
  - { id: acme, name: Acme, timezone: UTC, channels: [{ id: acme-hotline, kind: hotline, name: Hotline }] }
`,
      'alerts.yaml',
    );
    expect(catalog.alerts?.routes).toHaveLength(4);
    roundTrip(catalog);
    expect(exportCatalogYaml(catalog)).toContain('secret_env: SW_SECRET');
  });
});
