/**
 * Real headless Chromium (Debian's /usr/bin/chromium) through playwright-core, with every
 * console error and page error of a page collected, so a test can assert there were none.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  /** Console errors and warnings, and uncaught page errors, in order. */
  problems: string[];
}

/** A fresh context (own storage) in `locale` at `width` px, with problems collected. */
export async function openPage(browser: Browser, options: { locale?: string; width?: number; height?: number } = {}): Promise<WatchedPage> {
  const context = await browser.newContext({
    locale: options.locale ?? 'en-US',
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console.${m.type()}: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  return { context, page, problems };
}

/** What the check needs of a canvas (the test project's types have no DOM). */
interface CanvasLike {
  width: number;
  height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null;
}

/** Whether each canvas on the page has at least one painted (non-transparent) pixel. */
export function paintedCanvases(page: Page, selector: string): Promise<boolean[]> {
  return page.$$eval(selector, (canvases) =>
    (canvases as unknown as CanvasLike[]).map((canvas) => {
      if (canvas.width === 0 || canvas.height === 0) return false;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return true;
      return false;
    }),
  );
}

/** The focused element as `TAG.class`, `TAG[aria-pressed]` or `INPUT[type]` (evaluated in the page: the test project has no DOM types). */
export function focused(page: Page): Promise<string> {
  return page.evaluate<string>(`(() => {
    const e = document.activeElement;
    if (!e) return '';
    if (e.tagName === 'INPUT') return 'INPUT[' + e.type + ']';
    if (e.hasAttribute('aria-pressed')) return e.tagName + '[aria-pressed]';
    return e.tagName + (e.classList[0] ? '.' + e.classList[0] : '');
  })()`);
}

/** The manager key the console keeps in session storage, or null. */
export function storedKey(page: Page): Promise<string | null> {
  return page.evaluate<string | null>("sessionStorage.getItem('supportwatch.adminKey')");
}

/** Each channel card's `state` attribute and shown state word, by channel id. */
export function cardStates(page: Page): Promise<Record<string, string>> {
  return page.$$eval('article.card', (cards) => Object.fromEntries(cards.map((c) => [c.getAttribute('data-channel'), `${c.getAttribute('data-state')} ${c.querySelector('.state-word')?.textContent}`])));
}
