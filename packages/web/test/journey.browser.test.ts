import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ApiClient, apiSession, ok } from './support/api.js';
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
import { chinaDate, chooseOption, confirmDialog, fieldError, logIn, logOut, typeDate } from './support/ui.js';

// The core of the platform from start to finish, as its users go through it: the office imports
// and publishes the plan, assigns a task to a Ganzhou county; the county reports; the office
// returns the report, then accepts the resubmission; the dashboard shows the change; and the
// county cannot open another county's task by its address.
if (BROWSER_MISSING) console.warn(`journey browser test skipped: ${CHROMIUM} not found`);

const ADMIN = { username: 'admin', password: 'Duikou#Pass2026' };
const REPORTER = { username: 'xg.journey', password: 'Xingguo#Pass2026' };
const PLAN_FILE = fileURLToPath(new URL('../../domain/data/plans/shenzhen-ganzhou.txt', import.meta.url));
const TASK = '兴国县红色研学基地共建';
const OTHER_TASK = '宁都县红色旅游推介';
const COMMENT = '请补充研学团队名单。';
const TEXT_SELECTORS = 'a, button, label, input, textarea, h1, h2, h3, th, td, li, .ant-tag';

/** The dashboard's status line: `未启动：1` → { 未启动: 1, … }. */
async function statusCounts(page: Page): Promise<Record<string, number>> {
  const text = (await page.getByRole('heading', { name: '任务状态' }).locator('xpath=following-sibling::*[1]').textContent()) ?? '';
  return Object.fromEntries([...text.matchAll(/([^：\s\d]+)：(\d+)/g)].map((m) => [m[1]!, Number(m[2])]));
}

describe.skipIf(SKIP_BROWSER_TESTS)('the core journey in Chromium', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  let page: Page;
  let admin: ApiClient;
  let pairId: string;
  let otherTaskId: string;
  let periodLabel: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!HAS_CHROMIUM) throw new Error(MISSING_CHROMIUM);
    // This file imports and publishes the plan it works with: it starts without the built-in one.
    platform = await startPlatform(ADMIN.password, { defaultPlan: false });
    browser = await launchBrowser();
    page = browser.page;
    page.on('pageerror', (error) => pageErrors.push(error.message));
    admin = await apiSession(platform.baseUrl, ADMIN.username, ADMIN.password);
    pairId = ok(await admin.GET('/api/v1/pairs')).items[0]!.id;
    const xingguo = ok(await admin.GET('/api/v1/units', { params: { query: { pairId, q: '兴国县' } } })).items[0]!;
    ok(
      await admin.POST('/api/v1/users', {
        body: {
          username: REPORTER.username,
          displayName: '兴国县填报员',
          unitId: xingguo.id,
          password: REPORTER.password,
          mustChangePassword: false,
          roles: [{ role: 'unit_reporter', scope: 'unit', pairId, cityId: null, unitId: xingguo.id }],
        },
      }),
    );
  });

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      await recordFailure(page, 'journey', task.name);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it('the office imports the default plan and publishes it', async () => {
    await logIn(page, platform.baseUrl, ADMIN);
    await page.getByRole('navigation').getByRole('link', { name: '方案' }).click();
    await page.getByRole('button', { name: '导入方案' }).click();
    await page.waitForURL('**/plans/import');
    await page.getByLabel('方案文本').fill(fs.readFileSync(PLAN_FILE, 'utf8'));
    await page.getByRole('button', { name: '导入并校对' }).click();
    await page.waitForURL('**/plans/versions/**');
    await expect.poll(() => page.getByTestId('plan-article').count(), WAIT).toBe(20);
    await page.getByRole('button', { name: /^发\s?布$/ }).click();
    await page.getByRole('button', { name: '确认发布' }).click();
    await shown(page.getByTestId('version-status').filter({ hasText: '已发布' }));

    // Quarterly report periods of this year and the next (the office sets them once).
    const plan = ok(await admin.GET('/api/v1/plans', { params: { query: { pairId } } })).items[0]!;
    const year = Number(chinaDate().slice(0, 4));
    const periods = ok(
      await admin.POST('/api/v1/plans/{id}/report-periods', {
        params: { path: { id: plan.id } },
        body: { kind: 'quarterly', from: `${year}-01-01`, to: `${year + 1}-12-31`, dueDays: 10 },
      }),
    ).items;
    const today = chinaDate();
    periodLabel = periods.find((p) => p.startsOn <= today && p.endsOn >= today)!.label;
    // Another county's task, for the last step.
    const ningdu = ok(await admin.GET('/api/v1/units', { params: { query: { pairId, q: '宁都县' } } })).items[0]!;
    otherTaskId = ok(await admin.POST('/api/v1/tasks', { body: { planId: plan.id, articleNo: '五', title: OTHER_TASK, leadUnitIds: [ningdu.id] } })).id;
  });

  it('assigns a task to 兴国县 through the task form', async () => {
    await page.getByRole('navigation').getByRole('link', { name: '任务' }).click();
    await page.getByRole('button', { name: '新建任务' }).click();
    await page.waitForURL('**/tasks/new');
    await page.getByLabel('任务名称').fill(TASK);
    await chooseOption(page, '所属条款', '研学', '（四）加强红色研学交流合作');
    await chooseOption(page, '牵头单位', '兴国', '兴国县');
    await typeDate(page.getByLabel('开始日期', { exact: true }), chinaDate());
    await typeDate(page.getByLabel('完成时限', { exact: true }), chinaDate(365));
    await page.getByRole('button', { name: '创建任务' }).click();
    await page.waitForURL(/\/tasks\/[0-9a-f-]{36}$/);
    await shown(page.getByRole('heading', { level: 1, name: TASK }));

    await page.getByRole('navigation').getByRole('link', { name: '工作台' }).click();
    await expect.poll(() => statusCounts(page), WAIT).toMatchObject({ 未启动: 2, 推进中: 0 });
    await logOut(page);
  });

  it('the county reporter submits the report of this quarter', async () => {
    await logIn(page, platform.baseUrl, REPORTER);
    await page.getByRole('navigation').getByRole('link', { name: '进展报告' }).click();
    await page.getByRole('link', { name: `填报：${TASK}（${periodLabel}）` }).click();
    await page.waitForURL('**/reports/fill?**');
    await page.getByLabel('完成进度').fill('30');
    await page.getByLabel('进展情况').fill('已与深圳三所学校签订研学合作协议，完成基地选址。');
    await page.getByRole('button', { name: /^提\s?交$/ }).click();
    await confirmDialog(page, '确认提交本期进展报告？', '确认提交');
    await shown(page.getByTestId('report-status').getByText('待审核'));
    await logOut(page);
  });

  it('the office returns it with a comment; the reporter edits and resubmits; the office accepts', async () => {
    await logIn(page, platform.baseUrl, ADMIN);
    await page.goto(`${platform.baseUrl}/reports/review`);
    const rows = page.getByTestId('review-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count(), WAIT).toBe(1);
    await rows.getByRole('link', { name: /^审核：/ }).click();
    await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
    const reportUrl = page.url();
    await page.getByRole('button', { name: /^退\s?回$/ }).click();
    expect(await fieldError(page, page.getByLabel('审核意见'))).toBe('退回时请填写意见');
    await page.getByLabel('审核意见').fill(COMMENT);
    await page.getByRole('button', { name: /^退\s?回$/ }).click();
    await shown(page.getByTestId('report-status').getByText('已退回'));
    await logOut(page);

    await logIn(page, platform.baseUrl, REPORTER);
    await page.goto(reportUrl);
    await shown(page.getByTestId('return-comment').getByText(COMMENT));
    await page.getByLabel('进展情况').fill('已与深圳三所学校签订研学合作协议，完成基地选址；研学团队名单见附表。');
    await page.getByLabel('完成进度').fill('35');
    await page.getByRole('button', { name: '重新提交' }).click();
    await confirmDialog(page, '确认重新提交本期进展报告？', '确认提交');
    await shown(page.getByTestId('report-status').getByText('待审核'));
    await logOut(page);

    await logIn(page, platform.baseUrl, ADMIN);
    await page.goto(reportUrl);
    await page.getByRole('button', { name: /^通\s?过$/ }).click();
    await confirmDialog(page, '确认审核通过？', '确认通过');
    await shown(page.getByTestId('report-status').getByText('已通过'));
    await expect.poll(() => page.getByTestId('task-progress').textContent(), WAIT).toBe('35%');
  });

  it('the dashboard shows the accepted report: the task is in progress', async () => {
    await page.getByRole('navigation').getByRole('link', { name: '工作台' }).click();
    await expect.poll(() => statusCounts(page), WAIT).toMatchObject({ 未启动: 1, 推进中: 1 });
    const xingguoTile = page.getByRole('region', { name: '赣州市' }).locator('a[title^="兴国县："]');
    expect(await xingguoTile.getAttribute('title')).toContain('任务 1 项');
    expect(await overlappingTexts(page, 'main', TEXT_SELECTORS)).toEqual([]);
    await screenshot(page, 'journey-dashboard');
    await logOut(page);
  });

  it('the county reporter cannot open another county’s task by its address', async () => {
    await logIn(page, platform.baseUrl, REPORTER);
    await page.goto(`${platform.baseUrl}/tasks/${otherTaskId}`);
    await shown(page.getByText('页面不存在'));
    expect(await page.getByText(OTHER_TASK).count()).toBe(0);
    const api = await apiSession(platform.baseUrl, REPORTER.username, REPORTER.password);
    expect((await api.GET('/api/v1/tasks/{id}', { params: { path: { id: otherTaskId } } })).response.status).toBe(404);
    expect(pageErrors).toEqual([]);
  });
});
