import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ApiClient, apiSession, ok } from './support/api.js';
import {
  type Browser,
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

// The dashboard (工作台) with a published plan and tasks: figures, charts, the tile map of the
// districts and counties, the red-task list; and what a county reporter sees of it.

const ADMIN_PASSWORD = 'Duikou#Pass2026';
const USER_PASSWORD = 'Unit#Pass2026x';
const PLAN_FILE = fileURLToPath(new URL('../../domain/data/plans/shenzhen-ganzhou.txt', import.meta.url));
const TEXT_SELECTORS = 'a, button, label, h1, h2, h3, th, td, li, .ant-tag, .ant-statistic-title, .ant-statistic-content, .unit-tile span';

async function logIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: /^登\s?录$/ }).click();
}

describe.skipIf(SKIP_BROWSER_TESTS)('the dashboard in Chromium', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  let page: Page;
  let admin: ApiClient;
  const units: Record<string, { id: string; name: string }> = {};
  const unit = (name: string) => {
    const found = units[name];
    if (!found) throw new Error(`unit ${name} was not looked up`);
    return found;
  };
  const pageErrors: string[] = [];
  let redTaskTitle = '';

  beforeAll(async () => {
    if (!HAS_CHROMIUM) throw new Error(MISSING_CHROMIUM);
    // This file imports and publishes the plan it works with: it starts without the built-in one.
    platform = await startPlatform(ADMIN_PASSWORD, { defaultPlan: false });
    browser = await launchBrowser();
    page = browser.page;
    page.on('pageerror', (error) => pageErrors.push(error.message));

    admin = await apiSession(platform.baseUrl, 'admin', ADMIN_PASSWORD);
    const pairId = ok(await admin.GET('/api/v1/pairs')).items[0]!.id;
    for (const name of ['兴国县', '宁都县', '于都县', '福田区']) {
      const found = ok(await admin.GET('/api/v1/units', { params: { query: { pairId, q: name } } })).items.find((u) => u.name.startsWith(name));
      if (!found) throw new Error(`no unit ${name}`);
      units[name] = found;
    }
    const imported = ok(await admin.POST('/api/v1/plans/import', { body: { pairId, source: { text: fs.readFileSync(PLAN_FILE, 'utf8') } } }));
    ok(await admin.POST('/api/v1/plan-versions/{id}/publish', { params: { path: { id: imported.version.id } }, body: {} }));
    const planId = imported.version.planId;
    ok(
      await admin.POST('/api/v1/plans/{id}/report-periods', {
        params: { path: { id: planId } },
        body: { kind: 'quarterly', from: '2026-01-01', to: '2026-12-31', dueDays: 10 },
      }),
    );
    // 兴国县: two done, one in progress (red: its quarterly reports of 2026 are overdue); 宁都县: one
    // past its due date (red); 于都县: nothing.
    const task = async (title: string, lead: string, extra: Record<string, unknown> = {}) =>
      ok(
        await admin.POST('/api/v1/tasks', {
          body: {
            planId,
            articleNo: '四',
            title,
            startOn: '2026-01-01',
            dueOn: '2027-06-30',
            leadUnitIds: [units[lead]!.id],
            supportUnitIds: [unit('福田区').id],
            ...extra,
          },
        }),
      );
    for (const title of ['兴国红色研学线路', '兴国研学基地挂牌']) {
      const created = await task(title, '兴国县');
      ok(await admin.PATCH('/api/v1/tasks/{id}', { params: { path: { id: created.id } }, body: { status: 'done', progress: 100 } }));
    }
    await task('兴国研学课程开发', '兴国县');
    redTaskTitle = '宁都红色教育培训班（已逾期）';
    await task(redTaskTitle, '宁都县', { dueOn: '2026-06-30' });
    ok(
      await admin.POST('/api/v1/users', {
        body: {
          username: 'xingguo',
          displayName: '兴国县填报员',
          unitId: unit('兴国县').id,
          password: USER_PASSWORD,
          mustChangePassword: false,
          roles: [{ role: 'unit_reporter', scope: 'unit', pairId, cityId: null, unitId: unit('兴国县').id }],
        },
      }),
    );
  });

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      await recordFailure(page, 'dashboard', task.name);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it('shows the office the figures, the charts, the tile map and the red tasks', async () => {
    await page.goto(`${platform.baseUrl}/login`);
    await logIn(page, 'admin', ADMIN_PASSWORD);
    await shown(page.getByRole('heading', { name: '工作台' }));
    await shown(page.locator('.ant-statistic').filter({ hasText: '任务总数' }).filter({ hasText: '4' }));
    await shown(page.locator('.ant-statistic').filter({ hasText: '完成率' }).filter({ hasText: '50%' }));

    // Charts render as SVG with a text alternative naming the figures.
    const chapters = await shown(page.getByTestId('chart-chapters'));
    await chapters.locator('svg').first().waitFor(WAIT);
    expect(await chapters.getAttribute('aria-label')).toContain('第二章');
    const trend = await shown(page.getByTestId('chart-trend'));
    await trend.locator('svg').first().waitFor(WAIT);
    expect(await trend.getAttribute('aria-label')).toContain('2026年第一季度');

    // The tile map: every county of Ganzhou and district of Shenzhen, with its figures in words (the
    // tooltip; the link's name is what the tile shows, see a11y-theme.browser.test.ts).
    await shown(page.getByRole('heading', { name: '区县推进情况' }));
    const xingguo = page.getByTestId(`tile-${unit('兴国县').id}`);
    await expect.poll(() => xingguo.getAttribute('title'), WAIT).toBe('兴国县：完成率 66.7%，任务 3 项，红灯 1 项');
    expect(await page.getByTestId(`tile-${unit('宁都县').id}`).getAttribute('title')).toBe('宁都县：完成率 0%，任务 1 项，红灯 1 项');
    expect(await page.getByTestId(`tile-${unit('于都县').id}`).getAttribute('title')).toBe('于都县：暂无任务');
    // 福田区 supports all four tasks.
    expect(await page.getByTestId(`tile-${unit('福田区').id}`).getAttribute('title')).toContain('任务 4 项');
    expect(await page.getByRole('region', { name: '赣州市' }).getByRole('listitem').count()).toBe(18);
    // 9 districts, 大鹏新区 and 深汕特别合作区.
    expect(await page.getByRole('region', { name: '深圳市' }).getByRole('listitem').count()).toBe(11);

    // The red-task list names the red tasks and why they are red.
    const red = await shown(page.getByTestId('red-tasks'));
    expect(await red.textContent()).toContain(redTaskTitle);
    expect(await red.textContent()).toContain('已超过完成时限');
    expect(await red.textContent()).toContain('兴国研学课程开发');
    await shown(page.getByRole('heading', { name: '红灯任务（2 项）' }));
    await shown(page.getByText('没有逾期的督办事项'));
    expect(await overlappingTexts(page, 'main', TEXT_SELECTORS)).toEqual([]);
    await screenshot(page, 'dashboard-office');
    await page.getByRole('heading', { name: '区县推进情况' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'dashboard-tiles');

    // A tile is a link to the unit's tasks, reachable with the keyboard.
    await xingguo.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/tasks?unitId=${unit('兴国县').id}`);
    expect(pageErrors).toEqual([]);
  });

  it('shows a county reporter its own county only', async () => {
    await page.context().clearCookies();
    await page.goto(`${platform.baseUrl}/login`);
    await logIn(page, 'xingguo', USER_PASSWORD);
    await shown(page.getByRole('heading', { name: '工作台' }));
    await shown(page.locator('.ant-statistic').filter({ hasText: '任务总数' }).filter({ hasText: '3' }));
    const tiles = page.locator('.unit-tile');
    await expect.poll(() => tiles.count(), WAIT).toBe(1);
    expect(await tiles.first().getAttribute('title')).toBe('兴国县：完成率 66.7%，任务 3 项，红灯 1 项');
    const red = await shown(page.getByTestId('red-tasks'));
    expect(await red.textContent()).toContain('兴国研学课程开发');
    expect(await red.textContent()).not.toContain(redTaskTitle);
    expect(await overlappingTexts(page, 'main', TEXT_SELECTORS)).toEqual([]);
    await screenshot(page, 'dashboard-county');
    expect(pageErrors).toEqual([]);
  });

  it('on a fresh load starts the dashboard reads with the page and asks for each once', async () => {
    const asked: string[] = [];
    const record = (request: { url(): string }) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/api/')) asked.push(url.pathname);
    };
    page.on('request', record);
    try {
      await page.goto(`${platform.baseUrl}/`);
      await shown(page.locator('.ant-statistic').filter({ hasText: '任务总数' }).filter({ hasText: '3' }));
      // The page-load reads ran (api/boot.ts) and the screens took them rather than asking again.
      expect(await page.evaluate(() => performance.getEntriesByName('duikou:boot-dashboard').length)).toBe(1);
      const times = (path: string) => asked.filter((p) => p === path).length;
      expect(
        ['/api/v1/auth/session', '/api/v1/pairs', '/api/v1/plans', '/api/v1/dashboard', '/api/v1/home'].map((path) => [path, times(path)]),
        asked.join(', '),
      ).toEqual([
        ['/api/v1/auth/session', 1],
        ['/api/v1/pairs', 1],
        ['/api/v1/plans', 1],
        ['/api/v1/dashboard', 1],
        ['/api/v1/home', 1],
      ]);
    } finally {
      page.off('request', record);
    }
    expect(pageErrors).toEqual([]);
  });
});
