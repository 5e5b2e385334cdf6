import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  BROWSER_MISSING,
  type Browser,
  CHROMIUM,
  HAS_CHROMIUM,
  launchBrowser,
  MISSING_CHROMIUM,
  overlappingTexts,
  recordFailure,
  SKIP_BROWSER_TESTS,
  screenshot,
  shown,
  WAIT,
} from './support/browser.js';
import { type RunningPlatform, startPlatform } from './support/platform.js';

// Importing, reviewing and publishing a plan in a real browser against the real platform process.
// Same rules as web.browser.test.ts: skipped without /usr/bin/chromium, except under CI.
if (BROWSER_MISSING) {
  console.warn(
    `plan browser tests skipped: ${CHROMIUM} not found (install it with \`apt-get install -y chromium fonts-noto-cjk\`; under CI they fail instead)`,
  );
}

const ADMIN_PASSWORD = 'Duikou#Pass2026';
const PLAN_FILE = fileURLToPath(new URL('../../domain/data/plans/shenzhen-ganzhou.txt', import.meta.url));

const TEXT_SELECTORS = 'a, button, label, input, h1, h2, h3, th, td, .ant-tag';
const overlaps = (page: Page, scope = 'main') => overlappingTexts(page, scope, TEXT_SELECTORS);

describe.skipIf(SKIP_BROWSER_TESTS)('plan import and review in Chromium against the running platform', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!HAS_CHROMIUM) throw new Error(MISSING_CHROMIUM);
    // This file imports and publishes the plan it works with: it starts without the built-in one.
    platform = await startPlatform(ADMIN_PASSWORD, { defaultPlan: false });
    browser = await launchBrowser();
    page = browser.page;
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      await recordFailure(page, '', task.name);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it('imports the plan by pasting its text and lands on the review page of the draft', async () => {
    await page.goto(`${platform.baseUrl}/login`);
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码', { exact: true }).fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: /^登\s?录$/ }).click();
    await shown(page.getByRole('navigation').getByRole('link'));

    await page.getByRole('navigation').getByRole('link', { name: '方案' }).click();
    await shown(page.getByRole('heading', { level: 1, name: '实施方案' }));
    // The empty state points to the button on the screen, never to a command or an API route.
    const empty = await shown(page.locator('.ant-empty').filter({ hasText: '暂无方案' }));
    expect(await empty.textContent()).toContain('点击右上方的“导入方案”按钮');
    expect(await page.locator('main').textContent()).not.toMatch(/npx |duikou |\/api\/v1|POST |GET /);
    await page.getByRole('button', { name: '导入方案' }).click();
    await page.waitForURL('**/plans/import');
    await shown(page.getByRole('heading', { level: 1, name: '方案导入' }));
    expect(await page.getByLabel('方案名称').inputValue()).toBe('对口合作实施方案');

    // Submitting without a text shows the error beside the field.
    await page.getByRole('button', { name: '导入并校对' }).click();
    await shown(page.getByText('请粘贴方案文本'));

    await page.getByLabel('方案名称').fill('深圳市与赣州市对口合作实施方案');
    await page.getByLabel('方案文本').fill(fs.readFileSync(PLAN_FILE, 'utf8'));
    await page.getByRole('button', { name: '导入并校对' }).click();
    await page.waitForURL('**/plans/versions/**');
    await shown(page.getByRole('heading', { level: 1, name: '方案校对' }));
    await shown(page.getByTestId('version-status').filter({ hasText: '草稿' }));
    await expect.poll(() => page.getByTestId('plan-chapter').count(), WAIT).toBe(7);
    expect(await page.getByTestId('plan-article').count()).toBe(20);
    await shown(page.getByTestId('outline-counts').filter({ hasText: '共 7 章 20 条' }));
    // Nothing was published before this draft: it would become the first published version.
    await shown(page.getByTestId('plan-diff-first').filter({ hasText: '此前尚无已发布版本：此草稿发布后即为首个发布版本' }));
    expect(await page.getByTestId('plan-diff').count()).toBe(0);
  });

  it('highlights the article in the source, saves an edited title and publishes', async () => {
    const locate = page.getByRole('button', { name: /在原文中定位第三条：广泛开展红色教育培训/ });
    await shown(locate);
    await locate.click();
    const highlight = await shown(page.getByTestId('source-highlight'));
    expect((await highlight.textContent())?.startsWith('(三)广泛开展红色教育培训')).toBe(true);
    expect(await highlight.isVisible()).toBe(true);
    await expect.poll(() => highlight.evaluate((el) => el.getBoundingClientRect().top < window.innerHeight), WAIT).toBe(true);
    // Both columns are side by side at 1366×768.
    const outlineBox = await page.getByTestId('plan-chapter').first().boundingBox();
    const sourceBox = await page.getByTestId('plan-source').boundingBox();
    expect(outlineBox && sourceBox && outlineBox.x + outlineBox.width <= sourceBox.x).toBe(true);
    expect(await overlaps(page)).toEqual([]);
    await screenshot(page, 'plan-review');

    const title = page.getByTestId('plan-article').filter({ has: locate }).getByRole('textbox');
    await title.fill('广泛开展红色教育培训活动');
    await shown(page.getByText('有未保存的修改'));
    await page.getByRole('button', { name: '保存校对' }).click();
    await shown(page.getByText('校对已保存'));
    await expect
      .poll(() => page.getByRole('textbox', { name: '第三条标题' }).evaluateAll((els) => els.map((el) => (el as HTMLInputElement).value)), WAIT)
      .toContain('广泛开展红色教育培训活动');

    await page.getByRole('button', { name: /^发\s?布$/ }).click();
    await shown(page.locator('.ant-modal-confirm-title').filter({ hasText: '确认发布此版本？' }));
    await page.getByRole('button', { name: '确认发布' }).click();
    await shown(page.getByTestId('version-status').filter({ hasText: '已发布' }));
    await shown(page.getByText('此版本不是草稿，仅供查看。'));
    expect(await page.getByRole('button', { name: '保存校对' }).count()).toBe(0);
    // Published, the same version no longer says that nothing has been published.
    await shown(page.getByTestId('plan-diff-first').filter({ hasText: '首个发布版本，无可比较的上一版本' }));
    expect(await page.getByText(/尚无已发布版本/).count()).toBe(0);

    await page.getByRole('link', { name: '返回方案列表' }).click();
    await shown(page.getByRole('link', { name: /第 1 版 · 已发布/ }));
    expect(pageErrors).toEqual([]);
  });

  it('imports a revised text from a .txt file: no file is refused beside the picker, the chosen one is named, and it becomes draft 2', async () => {
    await page.goto(`${platform.baseUrl}/plans/import`);
    await shown(page.getByRole('heading', { level: 1, name: '方案导入' }));
    // The same plan's title: the file is its revision.
    await page.getByLabel('方案名称').fill('深圳市与赣州市对口合作实施方案');
    // The radio is hidden under its label, which takes the click.
    await page.getByRole('radio', { name: '上传文件' }).locator('xpath=ancestor::label[1]').click();
    const picker = page.getByRole('button', { name: '选择文件' });
    await shown(picker);
    // A text, Word or Excel file (a task table) is asked for: the icon of any file, not one kind's.
    expect(await picker.locator('.anticon-file').count()).toBe(1);
    expect(await picker.locator('.anticon-file-text, .anticon-file-excel').count()).toBe(0);
    expect((await page.getByLabel('方案文件').getAttribute('accept'))?.split(',')).toEqual(expect.arrayContaining(['.txt', '.docx', '.xlsx']));
    await shown(page.getByText('支持 .txt（UTF-8 或 GB 18030）、.docx 文件和任务分工表 .xlsx 文件'));
    await page.getByRole('button', { name: '导入并校对' }).click();
    await shown(page.getByText('请选择 .txt、.docx 或 .xlsx 文件'));
    expect(await page.getByLabel('方案文件').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('方案文件').setInputFiles(PLAN_FILE);
    await shown(page.getByText('已选择：shenzhen-ganzhou.txt'));
    await shown(page.getByRole('button', { name: '重新选择' }));
    // The browser's own file button (in the browser's language) is not shown: only the app's.
    expect(await page.getByLabel('方案文件').isVisible()).toBe(false);
    expect(await overlaps(page)).toEqual([]);
    await screenshot(page, 'plan-import-file');
    await page.getByRole('button', { name: '导入并校对' }).click();
    await page.waitForURL('**/plans/versions/**');
    await shown(page.getByText('已导入为第 2 版草稿'));
    await shown(page.getByTestId('version-status').filter({ hasText: '草稿' }));
    await expect.poll(() => page.getByTestId('plan-chapter').count(), WAIT).toBe(7);
    // Against the published version, whose title of article 三 was edited: the file's own title is a change.
    await shown(page.getByTestId('plan-diff').filter({ hasText: '与上一发布版本（第 1 版）相比' }));
    expect(await page.getByTestId('plan-diff-first').count()).toBe(0);

    // Published and then superseded, version 1 is still the first published one; version 2 still compares with it.
    const draftUrl = page.url();
    await page.getByRole('button', { name: /^发\s?布$/ }).click();
    await page.getByRole('button', { name: '确认发布' }).click();
    await shown(page.getByTestId('version-status').filter({ hasText: '已发布' }));
    await shown(page.getByTestId('plan-diff').filter({ hasText: '与上一发布版本（第 1 版）相比' }));
    await page.getByRole('link', { name: '返回方案列表' }).click();
    await page.getByRole('link', { name: /第 1 版 · 已被替代/ }).click();
    await shown(page.getByTestId('version-status').filter({ hasText: '已被替代' }));
    await shown(page.getByTestId('plan-diff-first').filter({ hasText: '首个发布版本，无可比较的上一版本' }));
    expect(page.url()).not.toBe(draftUrl);
    expect(pageErrors).toEqual([]);
  });
});
