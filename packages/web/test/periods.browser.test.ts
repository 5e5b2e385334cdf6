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
  recordFailure,
  SKIP_BROWSER_TESTS,
  screenshot,
  shown,
  WAIT,
} from './support/browser.js';
import { type RunningPlatform, startPlatform } from './support/platform.js';
import { chinaDate, confirmDialog, logIn, logOut, typeDate } from './support/ui.js';

// The coordination office opens the report periods on its screen; a county then has something to
// report. Same rules as web.browser.test.ts: skipped without /usr/bin/chromium, except under CI.
if (BROWSER_MISSING) console.warn(`report period browser tests skipped: ${CHROMIUM} not found`);

const ADMIN_PASSWORD = 'Duikou#Pass2026';
const OFFICE = { username: 'gz.office', password: 'Office#Pass2026' };
const REPORTER = { username: 'xg.reporter', password: 'County#Pass2026' };
const TASK_TITLE = '兴国县红色研学线路建设';
// A whole past year: all four of its quarters have started, whatever today is.
const YEAR = Number(chinaDate().slice(0, 4)) - 1;
const Q1 = `${YEAR}年第一季度`;
const Q4 = `${YEAR}年第四季度`;

function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

describe.skipIf(SKIP_BROWSER_TESTS)('report periods (报送期) on the office screen, in Chromium against the running platform', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const newDue = chinaDate(30);

  beforeAll(async () => {
    if (!HAS_CHROMIUM) throw new Error(MISSING_CHROMIUM);
    platform = await startPlatform(ADMIN_PASSWORD);
    browser = await launchBrowser();
    page = browser.page;
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // A published plan, the office and county accounts and a task led by 兴国县; no period yet.
    const admin = await apiSession(platform.baseUrl, 'admin', ADMIN_PASSWORD);
    const pairId = ok(await admin.GET('/api/v1/pairs')).items[0]!.id;
    // The plan the first start published: periods are the office's first step after it.
    const planId = await defaultPlanId(admin, pairId);
    const unitId = async (name: string) => {
      const found = ok(await admin.GET('/api/v1/units', { params: { query: { pairId, q: name } } })).items.find((u) => u.name === name);
      if (!found) throw new Error(`no unit ${name}`);
      return found.id;
    };
    const officeUnit = await unitId('赣州市对口合作工作领导小组办公室');
    const xingguo = await unitId('兴国县');
    for (const [user, displayName, unit, roles] of [
      [OFFICE, '赣州市合作办', officeUnit, [{ role: 'office_admin' as const, scope: 'all' as const, pairId }]],
      [REPORTER, '兴国县填报员', xingguo, [{ role: 'unit_reporter' as const, scope: 'unit' as const, unitId: xingguo }]],
    ] as const) {
      ok(await admin.POST('/api/v1/users', { body: { ...user, displayName, unitId: unit, mustChangePassword: false, roles: [...roles] } }));
    }
    ok(
      await admin.POST('/api/v1/tasks', {
        body: {
          planId,
          articleNo: '四',
          title: TASK_TITLE,
          startOn: `${YEAR}-01-01`,
          dueOn: chinaDate(365),
          leadUnitIds: [xingguo],
        },
      }),
    );
  });

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      await recordFailure(page, 'periods-', task.name);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it('before any period, the reporter is told the office has not opened one (dashboard and 待填报), with nothing to click', async () => {
    await logIn(page, platform.baseUrl, REPORTER);
    const hint = await shown(page.getByTestId('trend-empty'));
    await shown(hint.getByText('协调办尚未开设报送期'));
    expect(await hint.getByRole('button').count()).toBe(0);
    await page.getByRole('navigation').getByRole('link', { name: '进展报告' }).click();
    await shown(page.getByRole('tab', { name: '待填报', selected: true }));
    await shown(page.getByTestId('todo-no-periods').getByText('协调办尚未开设报送期，开设后需要填报的任务会列在这里。'));
    expect(await page.getByRole('tab', { name: '报送期' }).count()).toBe(0);
    await logOut(page);
  });

  it('the office follows the dashboard hint to 进展报告 → 报送期, previews and creates the quarters of a year', async () => {
    await logIn(page, platform.baseUrl, OFFICE);
    const hint = await shown(page.getByTestId('trend-empty'));
    await shown(hint.getByText('请在“进展报告 → 报送期”中按月或按季度生成报送期'));
    await hint.getByRole('button', { name: '设置报送期' }).click();
    await page.waitForURL('**/reports/periods');
    await shown(page.getByRole('tab', { name: '报送期', selected: true }));
    await shown(page.getByTestId('period-table').getByText('尚无报送期'));

    await page
      .locator('label')
      .filter({ hasText: /^季度$/ })
      .click();
    await typeDate(page.getByLabel('开始日期'), `${YEAR}-01-01`);
    await typeDate(page.getByLabel('结束日期'), `${YEAR}-12-31`);
    await page.getByRole('button', { name: /^预\s?览$/ }).click();
    const preview = await shown(page.getByTestId('period-preview'));
    await shown(preview.getByText('共 4 个报送期，其中 4 个将新生成，0 个已存在。'));
    await expect.poll(() => preview.locator('tbody tr.ant-table-row').count(), WAIT).toBe(4);
    await shown(preview.getByRole('cell', { name: Q4 }));
    await shown(preview.getByRole('cell', { name: chineseDate(`${YEAR + 1}-01-10`) }));
    await screenshot(page, 'report-periods-preview');

    await page.getByRole('button', { name: '生成报送期' }).click();
    await shown(page.getByText('新生成 4 个报送期（共 4 个）'));
    const rows = page.getByTestId('period-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count(), WAIT).toBe(4);
    await shown(rows.filter({ hasText: Q1 }).getByText('开放'));
    // The same span again: nothing new.
    await page.getByRole('button', { name: /^预\s?览$/ }).click();
    await shown(page.getByTestId('period-preview').getByText('共 4 个报送期，其中 0 个将新生成，4 个已存在。'));
  });

  it('the office moves the fourth quarter’s deadline and closes the first quarter', async () => {
    const rows = page.getByTestId('period-table').locator('tbody tr.ant-table-row');
    await page.getByRole('button', { name: `修改截止：${Q4}` }).click();
    const dialog = await shown(page.getByRole('dialog').filter({ hasText: `修改报送截止日期：${Q4}` }));
    await typeDate(dialog.getByLabel('报送截止日期'), newDue);
    await dialog.getByRole('button', { name: /^确\s?定$/ }).click();
    await dialog.waitFor({ state: 'hidden', ...WAIT });
    await shown(rows.filter({ hasText: Q4 }).getByText(chineseDate(newDue)));

    await page.getByRole('button', { name: `关闭报送期：${Q1}` }).click();
    await confirmDialog(page, `关闭报送期“${Q1}”？`, '确认关闭');
    const first = rows.filter({ hasText: Q1 });
    await shown(first.getByText('已关闭'));
    await shown(first.getByText(/^赣州市合作办 于 .+ 关闭$/));
    await shown(first.getByRole('button', { name: `重新开放报送期：${Q1}` }));
    expect(await first.getByRole('button', { name: `修改截止：${Q1}` }).count()).toBe(0);
    await screenshot(page, 'report-periods');
    await logOut(page);
  });

  it('the reporter now finds the open periods in 待填报 (the closed one not), with the moved deadline', async () => {
    await logIn(page, platform.baseUrl, REPORTER);
    await page.getByRole('navigation').getByRole('link', { name: '进展报告' }).click();
    const rows = page.getByTestId('todo-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count(), WAIT).toBe(3);
    expect(await rows.filter({ hasText: Q1 }).count()).toBe(0);
    const fourth = rows.filter({ hasText: Q4 });
    await shown(fourth.getByText(TASK_TITLE));
    await shown(fourth.getByText(chineseDate(newDue)));
    expect(await fourth.getByText('已逾期').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
