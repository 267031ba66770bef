/** When `npm start` rebuilds the dashboard: when web/dist is missing or older than its source. */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dashboardIsStale } from '../../src/web/build.ts';

let root: string;
const at = (path: string, seconds: number) => utimesSync(path, seconds, seconds);

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'sw-web-'));
  mkdirSync(join(root, 'src', 'pages'), { recursive: true });
  for (const file of ['index.html', 'vite.config.ts', 'src/main.ts', 'src/pages/home.ts']) {
    writeFileSync(join(root, file), '');
    at(join(root, file), 1_000);
  }
  at(join(root, 'src', 'pages'), 1_000);
  at(join(root, 'src'), 1_000);
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

function build(seconds: number): void {
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(join(root, 'dist', 'index.html'), '');
  at(join(root, 'dist', 'index.html'), seconds);
}

describe('dashboardIsStale', () => {
  it('is stale when never built', () => {
    expect(dashboardIsStale(root)).toBe(true);
  });

  it('is fresh when built after every source change', () => {
    build(2_000);
    expect(dashboardIsStale(root)).toBe(false);
  });

  it.each(['index.html', 'vite.config.ts', 'src/pages/home.ts'])('is stale when %s changed after the build', (file) => {
    build(2_000);
    at(join(root, file), 3_000);
    expect(dashboardIsStale(root)).toBe(true);
  });

  it('is stale when a source file was added after the build', () => {
    build(2_000);
    writeFileSync(join(root, 'src', 'new.ts'), '');
    expect(dashboardIsStale(root)).toBe(true);
  });
});
