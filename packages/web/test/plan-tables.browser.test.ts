import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiSession, ok } from './support/api.js';
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
import { planWithTaskTable } from './support/plans.js';
import { type RunningPlatform, startPlatform } from './support/platform.js';
import { type Credentials, chooseOption, confirmDialog, logIn } from './support/ui.js';

// A plan with an appendix task table, in a real browser against the real platform: the office maps
// the unit names the table writes to the pair's units, publishes, and makes tasks of the rows.
if (BROWSER_MISSING) {
  console.warn(`plan table browser tests skipped: ${CHROMIUM} not found (install it with \`apt-get install -y chromium fonts-noto-cjk\`)`);
}

const ADMIN_PASSWORD = 'Duikou#Pass2026';
const OFFICE: Credentials = { username: 'gz.office', password: 'Office#Pass2026' };
const OFFICE_UNIT = '赣州市对口合作工作领导小组办公室';
const GANZHOU_DRC = '赣州市发展和改革委员会';

describe.skipIf(SKIP_BROWSER_TESTS)('a plan’s task table reviewed and made into tasks in Chromium', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!HAS_CHROMIUM) throw new Error(MISSING_CHROMIUM);
    platform = await startPlatform(ADMIN_PASSWORD, { defaultPlan: false });
    const admin = await apiSession(platform.baseUrl, 'admin', ADMIN_PASSWORD);
    const pairId = ok(await admin.GET('/api/v1/pairs')).items[0]!.id;
    const office = ok(await admin.GET('/api/v1/units', { params: { query: { pairId, q: OFFICE_UNIT } } })).items.find((u) => u.name === OFFICE_UNIT)!;
    ok(
      await admin.POST('/api/v1/users', {
        body: {
          ...OFFICE,
          displayName: '赣州市合作办',
          unitId: office.id,
          mustChangePassword: false,
          roles: [{ role: 'office_admin', scope: 'all', pairId }],
        },
      }),
    );
    browser = await launchBrowser();
    page = browser.page;
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 120_000);

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      await recordFailure(page, 'plan-tables', task.name);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  const unitNameRow = (name: string): Locator =>
    page
      .getByTestId('plan-unit-names')
      .getByRole('row')
      .filter({ has: page.getByRole('cell', { name, exact: true }) });

  async function mapUnitName(name: string, search: string, unit: string) {
    await chooseOption(page, `“${name}”对应的单位`, search, unit);
    await unitNameRow(name).getByRole('button', { name: '保存对应' }).click();
    await shown(page.getByText(`已保存“${name}”的对应单位`));
    await shown(unitNameRow(name).locator('.ant-tag').filter({ hasText: '已对应' }));
  }

  it('imports the pasted plan with its task table and lists the unit names the table writes, each with its state', async () => {
    await logIn(page, platform.baseUrl, OFFICE);
    await page.goto(`${platform.baseUrl}/plans/import`);
    await shown(page.getByRole('heading', { level: 1, name: '方案导入' }));
    await page.getByLabel('方案名称').fill('深圳市与赣州市对口合作实施方案');
    await page.getByLabel('方案文本').fill(planWithTaskTable());
    await page.getByRole('button', { name: '导入并校对' }).click();
    await page.waitForURL('**/plans/versions/**');
    await shown(page.getByTestId('version-status').filter({ hasText: '草稿' }));
    // The table is an appendix: the outline is the plan's own.
    await shown(page.getByTestId('outline-counts').filter({ hasText: '共 7 章 20 条' }));
    // Five names in the table (深圳市委党校, 赣州市委党校, 市发展改革委, 各县（市、区）, 市档案馆); two to settle.
    await shown(page.getByTestId('analysis-counts').filter({ hasText: '3 个任务分工表行、2 个待对应单位名称' }));
    await shown(page.getByTestId('unit-names-summary').filter({ hasText: '共 5 个名称，2 个待处理' }));
    await shown(unitNameRow('市档案馆').locator('.ant-tag').filter({ hasText: '未对应' }));
    await shown(unitNameRow('市发展改革委').locator('.ant-tag').filter({ hasText: '待确认' }));
    // Without its city, the department is either city's: both are offered.
    await shown(unitNameRow('市发展改革委').getByText(GANZHOU_DRC));
    await shown(unitNameRow('深圳市委党校').locator('.ant-tag').filter({ hasText: '已对应' }));

    const tables = page.getByTestId('plan-task-tables');
    await shown(tables.getByText('发布后可由任务分工表生成任务'));
    expect(await tables.getByRole('checkbox').count()).toBe(0);
    const row3 = tables.getByRole('row').filter({ hasText: '完成两市档案数字化互认' });
    await shown(row3.getByText('市档案馆（未对应）'));
    await shown(row3.getByText('2026年6月30日'));
    await shown(tables.getByRole('row').filter({ hasText: '合作共建无人机适航认证检测中心' }).getByText('市发展改革委（待确认）'));
  });

  it('maps the unresolved and the ambiguous name to units, after which they read as resolved', async () => {
    await mapUnitName('市档案馆', '合作工作', OFFICE_UNIT);
    await mapUnitName('市发展改革委', '发展和改革', GANZHOU_DRC);
    await shown(page.getByTestId('unit-names-summary').filter({ hasText: '共 5 个名称，0 个待处理' }));
    const tables = page.getByTestId('plan-task-tables');
    expect(await tables.locator('[data-unit-name-status]').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('publishes, then makes tasks of the ready rows and shows them in the task list', async () => {
    await page.getByRole('button', { name: /^发\s?布$/ }).click();
    await confirmDialog(page, '确认发布此版本？', '确认发布');
    await shown(page.getByTestId('version-status').filter({ hasText: '已发布' }));

    const tables = page.getByTestId('plan-task-tables');
    // Row 3's unit is mapped now, but no article of the plan resembles its task.
    const row3 = tables.getByRole('row').filter({ hasText: '完成两市档案数字化互认' });
    await shown(row3.getByTestId('table-row-blocked').filter({ hasText: '未对应条款' }));
    expect(await row3.getByRole('checkbox').isDisabled()).toBe(true);

    const generate = tables.getByRole('button', { name: /生成任务/ });
    expect(await generate.isDisabled()).toBe(true);
    await tables.getByRole('checkbox', { name: /选择第 1 行/ }).check();
    await tables.getByRole('checkbox', { name: /选择第 2 行/ }).check();
    await shown(tables.getByRole('button', { name: '生成任务（2项）' }));
    await tables.scrollIntoViewIfNeeded();
    await screenshot(page, 'plan-task-table');

    // A refusal names the row sent second and its field: the reason shows on that row, nothing is created.
    const route = '**/api/v1/plan-versions/*/table-tasks';
    await page.route(route, (request) =>
      request.fulfill({
        status: 400,
        contentType: 'application/json',
        body: JSON.stringify({
          error: {
            code: 'VALIDATION_FAILED',
            message: '提交的数据有误',
            messageEn: 'Invalid data',
            details: [{ field: 'tasks.1.leadUnitIds.0', reason: '单位已停用' }],
            requestId: null,
          },
        }),
      }),
    );
    await generate.click();
    const row2 = tables.getByRole('row').filter({ hasText: '合作共建无人机适航认证检测中心' });
    await shown(row2.getByTestId('table-row-error').filter({ hasText: '牵头单位：单位已停用' }));
    expect(await tables.getByTestId('table-row-error').count()).toBe(1);
    await shown(tables.getByText('1 行未能生成'));
    await page.unroute(route);

    await generate.click();
    await shown(page.getByText('已生成 2 项任务').first());
    await shown(tables.getByText('已生成任务').first());
    expect(await tables.getByText('已生成任务').count()).toBe(2);
    expect(await tables.getByTestId('table-row-error').count()).toBe(0);

    // The office files row 3 under an article itself; the row is then ready.
    await chooseOption(page, '第3行的对应条款', '组织领导', '第十八条 加强组织领导');
    await shown(row3.getByText('已由办公室指定'));
    await row3.getByRole('checkbox').check();
    await tables.getByRole('button', { name: '生成任务（1项）' }).click();
    await expect.poll(() => tables.getByText('已生成任务').count(), WAIT).toBe(3);

    await tables.getByRole('link', { name: '查看任务' }).click();
    await page.waitForURL('**/tasks');
    await shown(page.getByRole('link', { name: /组建党校（干部学院）联盟/ }));
    await expect.poll(() => page.getByRole('link', { name: /合作共建无人机适航认证检测中心/ }).count(), WAIT).toBe(1);
    await shown(page.getByRole('link', { name: /完成两市档案数字化互认/ }));
    expect(pageErrors).toEqual([]);
  });
});
