import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ApiClient, apiSession, defaultPlanId, ok } from './support/api.js';
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
import { logIn } from './support/ui.js';

// 工作台 per role: a county reporter's reports due and unread notices come first, the office's
// review queue, a leader's summary.

const ADMIN_PASSWORD = 'Duikou#Pass2026';
const USER_PASSWORD = 'Unit#Pass2026x';
const TEXT_SELECTORS = 'a, button, label, h1, h2, h3, th, td, li, .ant-tag, .ant-statistic-title, .ant-statistic-content';
const NOTICES = 18;

describe.skipIf(SKIP_BROWSER_TESTS)('工作台 per role in Chromium', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  let page: Page;
  let admin: ApiClient;
  const units: Record<string, string> = {};
  const unit = (name: string) => {
    const found = units[name];
    if (!found) throw new Error(`unit ${name} was not looked up`);
    return found;
  };
  const periods: { id: string; label: string; dueOn: string }[] = [];
  let xingguoTask = '';
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!HAS_CHROMIUM) throw new Error(MISSING_CHROMIUM);
    platform = await startPlatform(ADMIN_PASSWORD);
    browser = await launchBrowser();
    page = browser.page;
    page.on('pageerror', (error) => pageErrors.push(error.message));

    admin = await apiSession(platform.baseUrl, 'admin', ADMIN_PASSWORD);
    const pairId = ok(await admin.GET('/api/v1/pairs')).items[0]!.id;
    for (const name of ['兴国县', '宁都县']) {
      const found = ok(await admin.GET('/api/v1/units', { params: { query: { pairId, q: name } } })).items.find((u) => u.name.startsWith(name));
      if (!found) throw new Error(`no unit ${name}`);
      units[name] = found.id;
    }
    const planId = await defaultPlanId(admin, pairId);
    // The third and fourth quarters of 2026: the third was due on 2026-10-10.
    periods.push(
      ...ok(
        await admin.POST('/api/v1/plans/{id}/report-periods', {
          params: { path: { id: planId } },
          body: { kind: 'quarterly', from: '2026-07-01', to: '2026-12-31', dueDays: 10 },
        }),
      ).items,
    );
    const task = async (title: string, lead: string) =>
      ok(
        await admin.POST('/api/v1/tasks', {
          body: { planId, articleNo: '四', title, startOn: '2026-07-01', dueOn: '2027-06-30', leadUnitIds: [unit(lead)], supportUnitIds: [] },
        }),
      ).id;
    xingguoTask = await task('兴国县红色研学接待', '兴国县');
    const ningduTask = await task('宁都县稀土产业合作', '宁都县');
    const user = async (username: string, displayName: string, role: 'unit_reporter' | 'viewer' | 'office_admin', unit: string | null) =>
      ok(
        await admin.POST('/api/v1/users', {
          body: {
            username,
            displayName,
            unitId: unit,
            password: USER_PASSWORD,
            mustChangePassword: false,
            roles: [{ role, scope: role === 'unit_reporter' ? 'unit' : 'all', pairId, cityId: null, unitId: role === 'unit_reporter' ? unit : null }],
          },
        }),
      ).user.id;
    const xingguo = await user('xingguo', '兴国县填报员', 'unit_reporter', unit('兴国县'));
    await user('ningdu', '宁都县填报员', 'unit_reporter', unit('宁都县'));
    await user('office', '合作办', 'office_admin', null);
    await user('leader', '领导', 'viewer', null);
    // 18 supervision items for 兴国县's reporter: 18 unread notices.
    for (let i = 1; i <= NOTICES; i++) {
      ok(
        await admin.POST('/api/v1/supervision', {
          body: { unitId: unit('兴国县'), requirement: `请报送红色研学第${i}项工作进展`, deadline: '2027-03-31', ownerUserId: xingguo },
        }),
      );
    }
    // 宁都县 submits its third quarter: the office's review queue.
    const ningdu = await apiSession(platform.baseUrl, 'ningdu', USER_PASSWORD);
    ok(
      await ningdu.PUT('/api/v1/reports', {
        body: { taskId: ningduTask, unitId: unit('宁都县'), periodId: periods[0]!.id, narrative: '完成稀土项目对接', progress: 40, values: [], submit: true },
      }),
    );
  });

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      await recordFailure(page, 'home', task.name);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it('shows a county reporter its reports due and its unread notices before the summary; the due report opens its form', async () => {
    await logIn(page, platform.baseUrl, { username: 'xingguo', password: USER_PASSWORD });
    await shown(page.getByRole('heading', { name: '我的待办' }));
    const due = await shown(page.getByTestId('home-due'));
    await shown(due.getByRole('heading', { name: '待报送进展报告（2 份）' }));
    expect(await due.locator('.ant-tag').first().textContent()).toBe('兴国县');
    const rows = due.getByTestId('due-reports').getByRole('listitem');
    expect(await rows.count()).toBe(2);
    // Nearest deadline first; the third quarter's has passed.
    expect(await rows.nth(0).textContent()).toContain(periods[0]!.label);
    expect(await rows.nth(0).textContent()).toContain('已逾期');
    expect(await rows.nth(1).textContent()).toContain(periods[1]!.label);

    const notices = await shown(page.getByTestId('home-notices'));
    await shown(notices.getByRole('heading', { name: `未读通知（${NOTICES} 条）` }));
    expect(await notices.getByTestId('unread-notices').getByRole('listitem').count()).toBe(5);
    await shown(notices.getByRole('link', { name: '查看全部通知' }));
    await shown(page.getByTestId('home-supervision').getByRole('heading', { name: `待签收、待办理的督办事项（${NOTICES} 项）` }));

    // The work comes before the figures of the plan.
    const overview = await shown(page.getByRole('heading', { name: '任务概况' }));
    const top = async (locator: typeof overview) => (await locator.boundingBox())?.y ?? Number.POSITIVE_INFINITY;
    expect(await top(due)).toBeLessThan(await top(notices));
    expect(await top(notices)).toBeLessThan(await top(overview));
    await shown(page.locator('.ant-statistic').filter({ hasText: '任务总数' }).filter({ hasText: '1' }));
    expect(await overlappingTexts(page, 'main', TEXT_SELECTORS)).toEqual([]);
    await screenshot(page, 'home-reporter');

    await rows
      .nth(0)
      .getByRole('link', { name: `填报：兴国县红色研学接待（${periods[0]!.label}）` })
      .click();
    await page.waitForURL('**/reports/fill?**');
    const url = new URL(page.url());
    expect([url.searchParams.get('taskId'), url.searchParams.get('unitId'), url.searchParams.get('periodId')]).toEqual([
      xingguoTask,
      unit('兴国县'),
      periods[0]!.id,
    ]);
    await shown(page.getByLabel('进展情况'));
    expect(pageErrors).toEqual([]);
  });

  it('shows the office its review queue, oldest first, over the whole pair', async () => {
    await page.context().clearCookies();
    await logIn(page, platform.baseUrl, { username: 'office', password: USER_PASSWORD });
    await shown(page.getByRole('heading', { name: '办公室待办' }));
    const review = await shown(page.getByTestId('home-review'));
    await shown(review.getByRole('heading', { name: '待审核进展报告（1 份）' }));
    expect(await review.locator('.ant-tag').first().textContent()).toBe('全结对城市');
    expect(await review.getByTestId('review-queue').textContent()).toContain('宁都县');
    expect(await page.getByRole('heading', { name: '我的待办' }).count()).toBe(0);
    await shown(page.getByTestId('home-meeting').getByText('暂无已安排的联席会议'));
    expect(await overlappingTexts(page, 'main', TEXT_SELECTORS)).toEqual([]);
    await screenshot(page, 'home-office');
    await review.getByRole('link', { name: '宁都县稀土产业合作' }).click();
    await page.waitForURL('**/reports/*');
    await shown(page.getByText('完成稀土项目对接'));
    expect(pageErrors).toEqual([]);
  });

  it('after a session ends under a user, brings that user back to the page, and anyone else to the dashboard', async () => {
    // The session ends while the app stays open on 任务台账; opening 督办 finds it gone, unless a
    // call of the page found it first. Either way the login page says where the user was.
    const sessionEndsAfterTasks = async (): Promise<string> => {
      await page.getByRole('navigation').getByRole('link', { name: '任务', exact: true }).click();
      await shown(page.getByRole('heading', { name: '任务台账' }));
      await page.context().clearCookies();
      await page.evaluate(() => document.querySelector<HTMLAnchorElement>('nav a[href="/supervision"]')?.click());
      await shown(page.getByRole('alert').filter({ hasText: '登录已失效，请重新登录' }));
      const from = await page.evaluate(() => (window.history.state as { usr?: { from?: string } } | null)?.usr?.from);
      expect(['/tasks', '/supervision']).toContain(from);
      return from ?? '';
    };
    const logInHere = async (username: string) => {
      await page.getByLabel('用户名').fill(username);
      await page.getByLabel('密码', { exact: true }).fill(USER_PASSWORD);
      await page.getByRole('button', { name: /^登\s?录$/ }).click();
    };

    await page.context().clearCookies();
    await logIn(page, platform.baseUrl, { username: 'leader', password: USER_PASSWORD });
    await sessionEndsAfterTasks();
    await logInHere('office');
    await shown(page.getByRole('heading', { name: '办公室待办' }));
    expect(new URL(page.url()).pathname).toBe('/');

    const from = await sessionEndsAfterTasks();
    await logInHere('office');
    await page.waitForURL(`**${from}`);
    await shown(page.getByRole('heading', { name: from === '/tasks' ? '任务台账' : '督办事项' }));
    expect(pageErrors).toEqual([]);
  });

  it('shows a leader the summary of the whole pair, with no work sections', async () => {
    await page.context().clearCookies();
    await logIn(page, platform.baseUrl, { username: 'leader', password: USER_PASSWORD });
    await shown(page.getByTestId('dashboard-summary'));
    await shown(page.locator('.ant-statistic').filter({ hasText: '任务总数' }).filter({ hasText: '2' }));
    await shown(
      page
        .locator('.ant-card')
        .filter({ has: page.getByRole('heading', { name: '领导摘要' }) })
        .getByText('全结对城市'),
    );
    expect(await page.getByRole('heading', { name: '我的待办' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: '办公室待办' }).count()).toBe(0);
    await expect.poll(() => page.getByTestId('home-notices').count(), WAIT).toBe(1);
    expect(pageErrors).toEqual([]);
  });
});
