import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { REPO_ROOT, WEB_DIST } from './platform.js';

/** Debian's chromium package (`apt-get install -y chromium fonts-noto-cjk`). */
export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export const VIEWPORT = { width: 1366, height: 768 };
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'artifacts', 'screenshots');

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** What the Content-Security-Policy blocked so far; any left when the browser closes fails the test file. */
  cspViolations: string[];
  close(): Promise<void>;
}

/** Chromium on a fresh profile (`--user-data-dir` in a new temp folder), 1366×768, Chinese locale, reduced motion. */
export async function launchBrowser(): Promise<Browser> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duikou-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: VIEWPORT,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    // The app then turns antd's motions off (App.tsx): a click on a menu or dialog that is still
    // opening can be lost on a loaded machine, and the tests are about what the screens do.
    reducedMotion: 'reduce',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  // Every screen any browser test opens is also a check of the Content-Security-Policy: a file or a
  // style the policy blocks makes the browser log a violation, and closing the browser then fails.
  const violations: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) violations.push(`${page.url()}: ${message.text()}`);
  });
  return {
    context,
    page,
    cspViolations: violations,
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
      if (violations.length > 0) throw new Error(`the Content-Security-Policy blocked something:\n${violations.join('\n')}`);
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  // Let React commit and the browser paint (two animation frames), and finish antd's motions, so
  // the picture shows the state the test just checked rather than the last painted frame.
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
  await page.screenshot({ path: file, fullPage: false, animations: 'disabled' });
  return file;
}

/**
 * The gzipped size of the JavaScript the current document loaded (entry, preloads and lazy
 * chunks), from the page's resource timing and the built files.
 */
export async function loadedJavaScriptKb(page: Page): Promise<{ kb: number; files: string[] }> {
  const urls = await page.evaluate(() => performance.getEntriesByType('resource').map((entry) => entry.name));
  const files = [...new Set(urls.map((url) => new URL(url).pathname).filter((p) => p.startsWith('/assets/') && p.endsWith('.js')))];
  const bytes = files.reduce((sum, file) => sum + gzipSync(fs.readFileSync(path.join(WEB_DIST, file))).length, 0);
  return { kb: bytes / 1024, files };
}

/** Whether the browser tests run here: skipped without chromium, except under CI, where a missing browser fails the run. */
export const HAS_CHROMIUM = fs.existsSync(CHROMIUM);
/** No chromium here, and not under CI (where a missing browser fails the run instead). */
export const BROWSER_MISSING = !HAS_CHROMIUM && !process.env.CI;
/** The suite's second pass, on a PostgreSQL server (CI sets DATABASE_URL). */
export const ON_SERVER_DATABASE = Boolean(process.env.DATABASE_URL);
/**
 * The browser tests check screens: what a screen stores goes through the routes that the API tests
 * cover on both databases. So they run in the embedded-database pass only, which kept CI under its
 * 30 minutes (2026-12-07: 34.5 minutes with them in both passes, the PostgreSQL pass's browser
 * files 650 s of its 1,213 s). The ones whose subject differs between the two databases run in both
 * (`SKIP_BROWSER_TESTS_ON_ANY_DATABASE`: change notices by NOTIFY/LISTEN, a first start).
 */
export const SKIP_BROWSER_TESTS = BROWSER_MISSING || ON_SERVER_DATABASE;
export const SKIP_BROWSER_TESTS_ON_ANY_DATABASE = BROWSER_MISSING;
if (ON_SERVER_DATABASE && !BROWSER_MISSING) console.warn('browser tests of screens run in the embedded-database pass; here only those about the database run');
export const MISSING_CHROMIUM = `CI is set but ${CHROMIUM} is missing: install it with \`apt-get install -y chromium fonts-noto-cjk\``;

export const WAIT = { timeout: 20_000 };

/** Waits until the locator's first match is visible, and returns it. */
export async function shown(locator: Locator): Promise<Locator> {
  await locator.first().waitFor({ state: 'visible', ...WAIT });
  return locator;
}

/**
 * Pairs of visible text-carrying elements (matching `selectors`) inside `scope` that overlap each
 * other. Each element counts only with the part its scrolling ancestors leave visible, so rows
 * scrolled out of a pane are clipped, not overlapping.
 */
export async function overlappingTexts(page: Page, scope: string, selectors: string): Promise<string[]> {
  return page.evaluate(
    ([scopeSelector, textSelectors]) => {
      const root = document.querySelector(scopeSelector) ?? document.body;
      const visibleRect = (el: Element) => {
        let { left, top, right, bottom } = el.getBoundingClientRect();
        for (let parent = el.parentElement; parent; parent = parent.parentElement) {
          if (getComputedStyle(parent).overflowY === 'visible') continue;
          const clip = parent.getBoundingClientRect();
          left = Math.max(left, clip.left);
          top = Math.max(top, clip.top);
          right = Math.min(right, clip.right);
          bottom = Math.min(bottom, clip.bottom);
        }
        return { left, top, right, bottom };
      };
      const boxes = [...root.querySelectorAll(textSelectors)]
        .filter((el) => {
          const style = getComputedStyle(el);
          return style.visibility !== 'hidden' && style.display !== 'none';
        })
        .map((el) => ({ el, rect: visibleRect(el) }))
        .filter(({ rect }) => rect.right - rect.left > 0 && rect.bottom - rect.top > 0 && rect.top < window.innerHeight);
      const problems: string[] = [];
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i]!;
          const b = boxes[j]!;
          if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
          const x = Math.min(a.rect.right, b.rect.right) - Math.max(a.rect.left, b.rect.left);
          const y = Math.min(a.rect.bottom, b.rect.bottom) - Math.max(a.rect.top, b.rect.top);
          if (x > 2 && y > 2) problems.push(`${a.el.tagName} "${a.el.textContent?.slice(0, 20)}" × ${b.el.tagName} "${b.el.textContent?.slice(0, 20)}"`);
        }
      }
      return problems;
    },
    [scope, selectors] as const,
  );
}

/**
 * What a failing step leaves behind: a picture of the page (artifacts/screenshots/failed-….png)
 * and, on standard error where the CI log keeps it, every button on the page with its accessible
 * name as the browser computes it and its markup, so a lookup that missed can be explained.
 */
export async function recordFailure(page: Page | undefined, prefix: string, testName: string): Promise<void> {
  if (!page) return;
  const name = `failed-${prefix ? `${prefix}-` : ''}${testName.slice(0, 40).replace(/[^\w]+/g, '-')}`;
  await screenshot(page, name).catch(() => undefined);
  const buttons = await page
    .locator('button')
    .evaluateAll((elements) =>
      elements.map((el) => {
        const box = el.getBoundingClientRect();
        const shownOnScreen = box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden';
        return `${shownOnScreen ? 'shown ' : 'hidden'} ${JSON.stringify(el.textContent)} ${el.outerHTML.slice(0, 400)}`;
      }),
    )
    .catch((error: unknown) => [`buttons not read: ${String(error)}`]);
  const tree = await page
    .locator('body')
    .ariaSnapshot()
    .catch((error: unknown) => `accessibility tree not read: ${String(error)}`);
  process.stderr.write(`\n[${name}] ${page.url()}\nbuttons:\n${buttons.join('\n')}\naccessibility tree (first 6000 characters):\n${tree.slice(0, 6000)}\n`);
}
