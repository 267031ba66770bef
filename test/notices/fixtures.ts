/** Reading the notice fixtures of test/fixtures/notices/ in tests. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FeedSelectors } from '../../src/domain/catalog.ts';
import { parseDocument } from '../../src/notices/detect-format.ts';
import type { FeedFormat, ParseOutcome } from '../../src/notices/types.ts';

export const FIXTURE_DIR = fileURLToPath(new URL('../fixtures/notices/', import.meta.url));

/** The selectors of the Chinese notice list fixture, as the example config writes them. */
export const ZH_SELECTORS: FeedSelectors = { item: 'ul.notices li', title: 'a', link: 'a@href', date: '.date', body: '.summary' };

/** "Now" for the fixtures: 2026-11-21 16:00 in Shanghai. */
export const NOW = Date.parse('2026-11-21T08:00:00Z');

export function fixture(name: string): string {
  return readFileSync(FIXTURE_DIR + name, 'utf8');
}

/** Parses a fixture (or text) as if fetched from https://www.example.com/notice/, in Shanghai time. */
export function parseText(
  text: string,
  format: FeedFormat = 'auto',
  options: { mediaType?: string; selectors?: FeedSelectors | null; timezone?: string } = {},
): ParseOutcome {
  const url = 'https://www.example.com/notice/';
  return parseDocument({ text, mediaType: options.mediaType ?? '', url }, format, {
    timezone: options.timezone ?? 'Asia/Shanghai',
    now: NOW,
    baseUrl: url,
    selectors: options.selectors ?? null,
  });
}

/** Like `parseText` for a fixture file; throws when it does not parse. */
export function parseFixture(name: string, format: FeedFormat = 'auto', options: { mediaType?: string; selectors?: FeedSelectors | null } = {}) {
  const outcome = parseText(fixture(name), format, options);
  if (!outcome.ok) throw new Error(`${name}: ${outcome.error.message}`);
  return outcome;
}

export const iso = (at: number | null | undefined): string | null => (at === null || at === undefined ? null : new Date(at).toISOString());
