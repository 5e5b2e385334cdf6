/**
 * Takes the README's screenshots (docs/screenshots/*.png) from the real platform with the showcase's
 * data (support/showcase.ts: the built-in plan, tasks with reports, a meeting, water samples…), at
 * desktop width and at a 375 px phone, in Debian's chromium. `npm run screenshots` after `npm run build`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, HAS_CHROMIUM, MISSING_CHROMIUM } from './support/browser.js';
import { REPO_ROOT, startPlatform } from './support/platform.js';
import { SHOWCASE_ADMIN_PASSWORD, SHOWCASE_OFFICE, seedShowcase } from './support/showcase.js';

const OUT = path.join(REPO_ROOT, 'docs', 'screenshots');

const WIDTHS = {
  desktop: { width: 1366, height: 768 },
  phone: { width: 375, height: 812 },
} as const;

async function take(page: Page, name: string): Promise<void> {
  await page.waitForFunction(
    () => !document.querySelector('.ant-spin-spinning, .ant-skeleton-active, [aria-busy="true"]') && document.querySelector('main h1'),
    undefined,
    {
      timeout: 20_000,
    },
  );
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
  const file = path.join(OUT, `${name}.png`);
  await page.screenshot({ path: file, animations: 'disabled' });
  console.log(`wrote ${path.relative(REPO_ROOT, file)}`);
}

async function main(): Promise<void> {
  if (!HAS_CHROMIUM) throw new Error(MISSING_CHROMIUM);
  fs.mkdirSync(OUT, { recursive: true });
  const platform = await startPlatform(SHOWCASE_ADMIN_PASSWORD);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
    const showcase = await seedShowcase(platform.baseUrl);
    const screens: [string, string][] = [
      ['dashboard', '/'],
      ['tasks', '/tasks'],
      ['report', `/reports/${showcase.reportId}`],
      ['meeting', `/meetings/${showcase.meetingId}`],
      ['water', `/water/sections/${showcase.waterSectionId}`],
    ];
    for (const [width, viewport] of Object.entries(WIDTHS)) {
      const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', reducedMotion: 'reduce' });
      const page = await context.newPage();
      await page.goto(`${platform.baseUrl}/login`);
      await page.getByLabel('用户名').fill(SHOWCASE_OFFICE.username);
      await page.getByLabel('密码', { exact: true }).fill(SHOWCASE_OFFICE.password);
      await page.getByRole('button', { name: /^登\s?录$/ }).click();
      await page.waitForURL((url) => url.pathname === '/', { timeout: 20_000 });
      for (const [name, address] of screens) {
        await page.goto(`${platform.baseUrl}${address}`);
        await take(page, width === 'desktop' ? name : `${name}-phone`);
      }
      await context.close();
    }
  } finally {
    await browser.close();
    await platform.stop();
  }
}

await main();
