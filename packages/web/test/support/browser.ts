import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
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
  close(): Promise<void>;
}

/** Chromium on a fresh profile (`--user-data-dir` in a new temp folder), 1366×768, Chinese locale. */
export async function launchBrowser(): Promise<Browser> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duikou-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: VIEWPORT,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
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
