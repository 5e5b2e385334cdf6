import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiSession, defaultPlanId, ok } from './support/api.js';
import {
  BROWSER_MISSING,
  type Browser,
  CHROMIUM,
  HAS_CHROMIUM,
  launchBrowser,
  MISSING_CHROMIUM,
  overlappingTexts,
  recordFailure,
  SKIP_BROWSER_TESTS_ON_ANY_DATABASE,
  screenshot,
  shown,
  WAIT,
} from './support/browser.js';
import { type RunningPlatform, startPlatform } from './support/platform.js';
import { logIn } from './support/ui.js';

// A plain first start (`duikou start` on an empty database, nothing configured but the admin
// password): the office finds the built-in Shenzhen–Ganzhou plan already published.
if (BROWSER_MISSING) {
  console.warn(
    `first-start browser tests skipped: ${CHROMIUM} not found (install it with \`apt-get install -y chromium fonts-noto-cjk\`; under CI they fail instead)`,
  );
}

const ADMIN_PASSWORD = 'Duikou#Pass2026';
const PLAN_TITLE = '深圳市与赣州市对口合作实施方案';
const TEXT_SELECTORS = 'a, button, label, input, h1, h2, h3, th, td, .ant-tag, .ant-alert-message, .ant-alert-description';

describe.skipIf(SKIP_BROWSER_TESTS_ON_ANY_DATABASE)('the first start of a plain platform in Chromium', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!HAS_CHROMIUM) throw new Error(MISSING_CHROMIUM);
    platform = await startPlatform(ADMIN_PASSWORD);
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

  it('the dashboard shows the published plan, not the empty state', async () => {
    await logIn(page, platform.baseUrl, { username: 'admin', password: ADMIN_PASSWORD });
    await shown(page.getByText(`实施方案：${PLAN_TITLE}`));
    await shown(page.getByRole('heading', { name: '领导摘要' }));
    expect(await page.getByRole('heading', { name: '尚未发布实施方案' }).count()).toBe(0);
  });

  it('方案 lists it as published version 1 with its chapters, and its page names the source and says it is the first published version', async () => {
    await page.getByRole('navigation').getByRole('link', { name: '方案' }).click();
    await shown(page.getByRole('heading', { level: 1, name: '实施方案' }));
    await shown(page.getByRole('cell', { name: PLAN_TITLE }));
    expect(await page.getByText('暂无方案').count()).toBe(0);
    await expect.poll(() => page.getByTestId('plan-tree-chapter').count(), WAIT).toBe(7);
    await expect.poll(() => page.getByTestId('plan-tree-article').count(), WAIT).toBe(20);

    await page.getByRole('link', { name: /第 1 版 · 已发布/ }).click();
    await page.waitForURL('**/plans/versions/**');
    await shown(page.getByTestId('version-status').filter({ hasText: '已发布' }));
    await shown(page.getByTestId('outline-counts').filter({ hasText: '共 7 章 20 条' }));
    const note = await shown(page.getByTestId('plan-source-note'));
    expect(await note.textContent()).toContain('公开政府文件《深圳市与赣州市对口合作实施方案》原文，逐字收录，未作改动');
    await shown(page.getByTestId('plan-diff-first').filter({ hasText: '首个发布版本，无可比较的上一版本' }));
    expect(await page.getByText(/尚无已发布版本/).count()).toBe(0);
    expect(await overlappingTexts(page, 'main', TEXT_SELECTORS)).toEqual([]);
    await screenshot(page, 'plan-first-start');
    expect(pageErrors).toEqual([]);
  });

  it('names things on screen in Chinese for a screen reader: menu items as they read, progress bars, number fields, the 404 page’s heading', async () => {
    // A menu item announces its words only, not its icon's English name ("dashboard 工作台").
    const items = page.getByRole('navigation').getByRole('menuitem');
    await expect.poll(() => items.count(), WAIT).toBeGreaterThan(5);
    for (const item of await items.all()) {
      const name = await item.evaluate((el) => el.textContent?.trim() ?? '');
      await shown(page.getByRole('navigation').getByRole('menuitem', { name, exact: true }));
    }
    await page.getByRole('button', { name: /用户菜单/ }).click();
    await shown(page.getByRole('menuitem', { name: '退出登录', exact: true }));
    await page.keyboard.press('Escape');

    // The task ledger's progress bars say what they measure.
    const api = await apiSession(platform.baseUrl, 'admin', ADMIN_PASSWORD);
    const pairId = ok(await api.GET('/api/v1/pairs')).items[0]!.id;
    const planId = await defaultPlanId(api, pairId);
    const unit = ok(await api.GET('/api/v1/units', { params: { query: { pairId, q: '兴国县' } } })).items[0]!;
    const task = ok(await api.POST('/api/v1/tasks', { body: { planId, articleNo: '四', title: '进度条名称测试任务', leadUnitIds: [unit.id] } }));
    ok(await api.PATCH('/api/v1/tasks/{id}', { params: { path: { id: task.id } }, body: { progress: 40 } }));
    await page.goto(`${platform.baseUrl}/tasks`);
    await shown(page.getByRole('progressbar', { name: '完成进度' }));

    // Number fields have no step arrows named in English ("Increase Value").
    await page.goto(`${platform.baseUrl}/reports/periods`);
    const days = page.getByLabel('报送截止（结束后天数）');
    await shown(days);
    await days.fill('12');
    await days.press('ArrowUp');
    expect(await days.inputValue()).toBe('13');
    expect(await page.getByRole('button', { name: /Increase|Decrease/ }).count()).toBe(0);
    expect(await page.locator('[aria-label*="Value"]').count()).toBe(0);

    // A missing page has a heading like every page.
    await page.goto(`${platform.baseUrl}/no-such-page`);
    await shown(page.getByRole('heading', { level: 1, name: '页面不存在' }));
    expect(pageErrors).toEqual([]);
  });
});
