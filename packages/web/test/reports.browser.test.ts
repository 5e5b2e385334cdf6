import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
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
import { chinaDate, confirmDialog, fieldError, logIn, logOut, settled } from './support/ui.js';

// A county reports progress, the office reviews it and supervises, in a real browser against the
// real platform process. Same rules as web.browser.test.ts: skipped without /usr/bin/chromium,
// except under CI.
if (BROWSER_MISSING) {
  console.warn(
    `report browser tests skipped: ${CHROMIUM} not found (install it with \`apt-get install -y chromium fonts-noto-cjk\`; under CI they fail instead)`,
  );
}

const ADMIN_PASSWORD = 'Duikou#Pass2026';
const OFFICE = { username: 'gz.office', password: 'Office#Pass2026' };
const REPORTER = { username: 'xg.reporter', password: 'County#Pass2026' };
const PLAN_FILE = fileURLToPath(new URL('../../domain/data/plans/shenzhen-ganzhou.txt', import.meta.url));
const TASK_TITLE = '兴国县红色研学线路建设';
const RETURN_COMMENT = '请补充接待人次的佐证材料，并说明下季度安排。';

const TEXT_SELECTORS = 'a, button, label, input, textarea, h1, h2, h3, th, td, li, .ant-tag, .ant-descriptions-item-label, .ant-alert-message';
const overlaps = (page: Page, scope = 'main') => overlappingTexts(page, scope, TEXT_SELECTORS);

function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** The first day of the quarter two before the current one: its report is always past due. */
function quarterStartTwoBack(today: string): string {
  const [year, month] = today.split('-').map(Number) as [number, number];
  const index = year * 4 + Math.floor((month - 1) / 3) - 2;
  return `${Math.floor(index / 4)}-${String((index % 4) * 3 + 1).padStart(2, '0')}-01`;
}

/** Picks an option of an antd select by typing part of its label. */
async function choose(page: Page, select: Locator, typed: string, option: string | RegExp): Promise<void> {
  await select.click();
  await select.fill(typed);
  await settled(page.locator('.ant-select-dropdown:visible').first());
  const item = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option });
  await shown(item);
  await item.first().click();
}

describe.skipIf(SKIP_BROWSER_TESTS)('progress reports, review and supervision in Chromium against the running platform', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  let page: Page;
  let admin: ApiClient;
  let reportPeriodLabel: string;
  let reportDueOn: string;
  let overduePeriodLabel: string;
  let reportUrl: string;
  let supervisionUrl: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!HAS_CHROMIUM) throw new Error(MISSING_CHROMIUM);
    // This file imports and publishes the plan it works with: it starts without the built-in one.
    platform = await startPlatform(ADMIN_PASSWORD, { defaultPlan: false });
    browser = await launchBrowser();
    page = browser.page;
    page.on('pageerror', (error) => pageErrors.push(error.message));

    // Seeded through the real API: the published plan, the office and county accounts, a task
    // led by 兴国县 with one indicator, and quarterly periods from two quarters back to today.
    admin = await apiSession(platform.baseUrl, 'admin', ADMIN_PASSWORD);
    const pairId = ok(await admin.GET('/api/v1/pairs')).items[0]!.id;
    const imported = ok(
      await admin.POST('/api/v1/plans/import', {
        body: { pairId, title: '深圳市与赣州市对口合作实施方案', source: { text: fs.readFileSync(PLAN_FILE, 'utf8') } },
      }),
    );
    ok(await admin.POST('/api/v1/plan-versions/{id}/publish', { params: { path: { id: imported.version.id } }, body: {} }));
    const planId = imported.version.planId;
    const unitId = async (name: string) => {
      const found = ok(await admin.GET('/api/v1/units', { params: { query: { pairId, q: name } } })).items.find((u) => u.name === name);
      if (!found) throw new Error(`no unit ${name}`);
      return found.id;
    };
    const officeUnit = await unitId('赣州市对口合作工作领导小组办公室');
    const xingguo = await unitId('兴国县');
    ok(
      await admin.POST('/api/v1/users', {
        body: {
          ...OFFICE,
          displayName: '赣州市合作办',
          unitId: officeUnit,
          mustChangePassword: false,
          roles: [{ role: 'office_admin', scope: 'all', pairId }],
        },
      }),
    );
    ok(
      await admin.POST('/api/v1/users', {
        body: {
          ...REPORTER,
          displayName: '兴国县填报员',
          unitId: xingguo,
          mustChangePassword: false,
          roles: [{ role: 'unit_reporter', scope: 'unit', unitId: xingguo }],
        },
      }),
    );
    const today = chinaDate();
    const from = quarterStartTwoBack(today);
    ok(
      await admin.POST('/api/v1/tasks', {
        body: {
          planId,
          articleNo: '四',
          title: TASK_TITLE,
          description: '打造兴国县红色研学精品线路，承接深圳中小学生研学。',
          startOn: from,
          dueOn: chinaDate(365),
          leadUnitIds: [xingguo],
          indicators: [{ name: '接待研学人次', unitOfMeasure: '人次', target: '5000' }],
        },
      }),
    );
    const periods = ok(
      await admin.POST('/api/v1/plans/{id}/report-periods', { params: { path: { id: planId } }, body: { kind: 'quarterly', from, to: today, dueDays: 10 } }),
    ).items;
    expect(periods).toHaveLength(3);
    overduePeriodLabel = periods[0]!.label;
    reportPeriodLabel = periods[2]!.label;
    reportDueOn = periods[2]!.dueOn;
  });

  // A failing step leaves a picture of the page and the page's buttons behind (recordFailure).
  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      await recordFailure(page, '', task.name);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it('shows the county reporter what is still owed, with Chinese deadlines and the overdue mark in text', async () => {
    await logIn(page, platform.baseUrl, REPORTER);
    await page.getByRole('navigation').getByRole('link', { name: '进展报告' }).click();
    await shown(page.getByRole('heading', { level: 1, name: '进展报告' }));
    await shown(page.getByRole('tab', { name: '待填报', selected: true }));
    const rows = page.getByTestId('todo-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count(), WAIT).toBe(3);
    const overdueRow = rows.filter({ hasText: overduePeriodLabel });
    await shown(overdueRow.getByText('已逾期'));
    const current = rows.filter({ hasText: reportPeriodLabel });
    await shown(current.getByText(chineseDate(reportDueOn)));
    expect(await current.getByText('已逾期').count()).toBe(0);
    await shown(current.getByText('未填报'));
    expect(await overlaps(page)).toEqual([]);
    await screenshot(page, 'reports-todo');
  });

  it('fills the report: submitting without a narrative names the field; the file is listed; the submitted report is read-only', async () => {
    await page.getByRole('link', { name: `填报：${TASK_TITLE}（${reportPeriodLabel}）` }).click();
    await page.waitForURL('**/reports/fill?**');
    await shown(page.getByRole('heading', { level: 1, name: '填报进展报告' }));
    await shown(page.getByTestId('task-card').getByText(TASK_TITLE));

    await page.getByLabel('完成进度').fill('60');
    await page.getByLabel('接待研学人次（人次）').fill('3200');
    await page.getByRole('button', { name: /^提\s?交$/ }).click();
    await confirmDialog(page, '确认提交本期进展报告？', '确认提交');
    expect(await fieldError(page, page.getByLabel('进展情况'))).toBe('提交时请填写进展情况');

    await page.getByLabel('进展情况').fill('本季度接待深圳研学团队32批、3200人次，完成两条研学线路的讲解员培训。');
    // The first file saves the report as a draft, so the file has a report to belong to.
    await page.getByLabel('选择要上传的附件').setInputFiles({
      name: '研学接待名单.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n% 兴国县研学接待名单\n'),
    });
    await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
    reportUrl = page.url();
    await shown(page.getByTestId('attachment-name').filter({ hasText: '研学接待名单.pdf' }));
    await shown(page.getByTestId('report-status').getByText('草稿'));
    expect(await page.getByLabel('进展情况').inputValue()).toContain('3200人次');
    expect(await page.getByLabel('完成进度').inputValue()).toBe('60');
    expect(await page.getByLabel('接待研学人次（人次）').inputValue()).toBe('3200');
    expect(await overlaps(page)).toEqual([]);
    await screenshot(page, 'report-form');

    await page.getByRole('button', { name: /^提\s?交$/ }).click();
    await confirmDialog(page, '确认提交本期进展报告？', '确认提交');
    await shown(page.getByTestId('report-status').getByText('待审核'));
    await shown(page.getByRole('heading', { level: 1, name: '进展报告详情' }));
    expect(await page.getByLabel('进展情况').count()).toBe(0);
    await shown(page.getByTestId('report-narrative').filter({ hasText: '3200人次' }));
    await shown(page.getByTestId('report-history').getByText('提交'));

    // It has left the to-do list and waits under 我的报告.
    await page.getByRole('link', { name: '返回进展报告' }).click();
    await expect.poll(() => page.getByTestId('todo-table').locator('tbody tr.ant-table-row').count(), WAIT).toBe(2);
    await page.getByRole('tab', { name: '我的报告' }).click();
    await page.waitForURL('**/reports/mine');
    await shown(page.locator('tbody tr.ant-table-row').filter({ hasText: reportPeriodLabel }).getByText('待审核'));
    await logOut(page);
  });

  it('the office finds it in the review queue; returning without a comment names the field; returns it with one', async () => {
    await logIn(page, platform.baseUrl, OFFICE);
    await page.getByRole('navigation').getByRole('link', { name: '进展报告' }).click();
    await shown(page.getByRole('tab', { name: '待审核', selected: true }));
    await choose(page, page.getByLabel('报送单位'), '兴国', '兴国县');
    await page.waitForURL(/unit=/);
    await page.getByLabel('报送期').click();
    await settled(page.locator('.ant-select-dropdown:visible').first());
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: reportPeriodLabel }).click();
    await page.waitForURL(/period=/);
    const rows = page.getByTestId('review-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count(), WAIT).toBe(1);
    await shown(rows.getByText('待审核'));
    // The filters live in the URL: a reload keeps them.
    await page.reload();
    await expect.poll(() => rows.count(), WAIT).toBe(1);
    await shown(page.locator('.ant-select-selection-item').filter({ hasText: '兴国县' }));
    expect(await overlaps(page)).toEqual([]);
    await screenshot(page, 'review-queue');

    await rows.getByRole('link', { name: /^审核：/ }).click();
    await page.waitForURL(reportUrl);
    await shown(page.getByLabel('审核意见'));
    const card = page.getByTestId('task-card');
    await shown(card.getByText('兴国县'));
    await shown(card.getByText('5,000'));
    await shown(page.getByRole('cell', { name: '3,200' }));
    await shown(page.getByTestId('attachment-name').filter({ hasText: '研学接待名单.pdf' }));

    await page.getByRole('button', { name: /^退\s?回$/ }).click();
    expect(await fieldError(page, page.getByLabel('审核意见'))).toBe('退回时请填写意见');
    await page.getByLabel('审核意见').fill(RETURN_COMMENT);
    await page.getByRole('button', { name: /^退\s?回$/ }).click();
    await shown(page.getByTestId('report-status').getByText('已退回'));
    await shown(page.getByTestId('return-comment').getByText(RETURN_COMMENT));
    // The office may raise a supervision item from the returned report: the create form with the report, its unit and task.
    const raise = await shown(page.getByTestId('return-comment').getByRole('link', { name: '发起督办' }));
    const target = new URL((await raise.getAttribute('href'))!, platform.baseUrl);
    expect(target.pathname).toBe('/supervision/new');
    expect(target.searchParams.get('reportId')).toBe(reportUrl.split('/').pop());
    expect(target.searchParams.get('unitId')).toMatch(/^[0-9a-f-]{36}$/);
    expect(target.searchParams.get('taskId')).toMatch(/^[0-9a-f-]{36}$/);
    await logOut(page);
  });

  it('the reporter follows the notice to the returned report, sees the comment, edits and resubmits', async () => {
    await logIn(page, platform.baseUrl, REPORTER);
    await shown(page.getByRole('button', { name: '通知，1 条未读' }));
    await page.getByRole('button', { name: '通知，1 条未读' }).click();
    await shown(page.getByRole('heading', { level: 1, name: '通知' }));
    await page.getByRole('link', { name: `进展报告被退回：${TASK_TITLE}` }).click();
    await page.waitForURL(reportUrl);
    const comment = await shown(page.getByTestId('return-comment'));
    await shown(comment.getByText('办公室退回意见'));
    await shown(comment.getByText(RETURN_COMMENT));
    // Raising supervision is the office's: the reporter is not offered it.
    expect(await comment.getByRole('link', { name: '发起督办' }).count()).toBe(0);
    await shown(comment.getByText(/赣州市合作办 于 \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2} 退回/));
    await shown(page.getByRole('heading', { level: 1, name: '填报进展报告' }));
    await shown(page.getByRole('button', { name: '通知，0 条未读' }));
    expect(await overlaps(page)).toEqual([]);
    await screenshot(page, 'report-returned');

    await page.getByLabel('进展情况').fill('本季度接待深圳研学团队33批、3300人次（名单见附件），完成两条研学线路的讲解员培训；下季度计划新增一条线路。');
    await page.getByLabel('完成进度').fill('65');
    await page.getByLabel('接待研学人次（人次）').fill('3300');
    await page.getByRole('button', { name: '重新提交' }).click();
    await confirmDialog(page, '确认重新提交本期进展报告？', '确认提交');
    await shown(page.getByTestId('report-status').getByText('待审核'));
    const history = page.getByTestId('report-history');
    await shown(history.getByText('重新提交'));
    await shown(history.getByText(`意见：${RETURN_COMMENT}`));
    await shown(page.getByText('第 2 版'));
    await logOut(page);
  });

  it('the office accepts; the task then shows the reported progress and indicator value', async () => {
    await logIn(page, platform.baseUrl, OFFICE);
    await page.goto(`${platform.baseUrl}/reports/review`);
    const rows = page.getByTestId('review-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count(), WAIT).toBe(1);
    await rows.getByRole('link', { name: /^审核：/ }).click();
    await page.waitForURL(reportUrl);
    await shown(page.getByTestId('report-narrative').filter({ hasText: '3300人次' }));
    expect(await page.getByTestId('task-progress').textContent()).toBe('—');
    await page.getByRole('button', { name: /^通\s?过$/ }).click();
    await confirmDialog(page, '确认审核通过？', '确认通过');
    await shown(page.getByTestId('report-status').getByText('已通过'));
    await expect.poll(() => page.getByTestId('task-progress').textContent(), WAIT).toBe('65%');
    await shown(page.getByTestId('task-card').getByRole('cell', { name: '3,300' }));
    await shown(page.getByTestId('report-history').getByText('审核通过'));
    expect(await page.getByRole('button', { name: /^通\s?过$/ }).count()).toBe(0);
  });

  it('the office raises a supervision item on the task for 兴国县 with a deadline', async () => {
    await page.getByRole('navigation').getByRole('link', { name: '督办' }).click();
    await shown(page.getByRole('heading', { level: 1, name: '督办事项' }));
    await page.getByRole('button', { name: '发起督办' }).click();
    const drawer = await shown(page.locator('.ant-drawer-content').filter({ hasText: '督办对象' }));
    await drawer.getByRole('button', { name: /^发\s?起$/ }).click();
    expect(await fieldError(page, page.getByLabel('关联任务'))).toBe('请选择任务');

    await choose(page, page.getByLabel('关联任务'), '红色研学线路', TASK_TITLE);
    await shown(drawer.locator('.ant-select-selection-item').filter({ hasText: '兴国县（牵头）' }));
    await page.getByLabel('督办要求').fill('请于办理时限前报送红色研学线路建设的推进计划和接待数据台账。');
    const deadline = chinaDate(14);
    await page.getByLabel('办理时限').click();
    await page.getByLabel('办理时限').fill(deadline);
    await page.getByLabel('办理时限').press('Enter');
    expect(await overlaps(page, '.ant-drawer-content')).toEqual([]);
    await screenshot(page, 'supervision-create');
    await drawer.getByRole('button', { name: /^发\s?起$/ }).click();
    await page.waitForURL(/\/supervision\/[0-9a-f-]{36}$/);
    supervisionUrl = page.url();
    const detail = await shown(page.getByTestId('supervision-detail'));
    await shown(detail.getByText(TASK_TITLE));
    await shown(detail.getByText(chineseDate(deadline)));
    await shown(page.getByTestId('supervision-status').getByText('待签收'));
    await shown(page.getByTestId('supervision-source').getByText(TASK_TITLE));
    await logOut(page);
  });

  it('the reporter finds it in 待签收, signs it, replies and applies to close', async () => {
    await logIn(page, platform.baseUrl, REPORTER);
    await page.getByRole('navigation').getByRole('link', { name: '督办' }).click();
    const rows = page.getByTestId('supervision-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count(), WAIT).toBe(1);
    await shown(rows.getByText('兴国县'));
    expect(await rows.getByText('已逾期').count()).toBe(0);
    expect(await page.getByRole('button', { name: '发起督办' }).count()).toBe(0);
    expect(await overlaps(page)).toEqual([]);
    await screenshot(page, 'supervision-list');
    await rows.getByRole('link').first().click();
    await page.waitForURL(supervisionUrl);
    // Nothing is handled before it is signed.
    expect(await page.getByRole('button', { name: '提交回复' }).count()).toBe(0);
    await page
      .getByTestId('supervision-actions')
      .getByRole('button', { name: /^签\s?收$/ })
      .click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /^确\s?定$/ })
      .click();
    await shown(page.getByTestId('supervision-status').getByText('办理中'));
    await page.getByRole('button', { name: '提交回复' }).click();
    expect(await fieldError(page, page.getByLabel('回复内容'))).toBe('请填写回复内容');
    await page.getByLabel('回复内容').fill('推进计划已制定，接待数据台账见附件，下月起每月更新。');
    await page.getByRole('button', { name: '提交回复' }).click();
    const replies = page.getByTestId('supervision-replies');
    await shown(replies.getByText('推进计划已制定，接待数据台账见附件，下月起每月更新。'));
    await shown(replies.getByText('兴国县填报员'));
    expect(await page.getByRole('button', { name: /^办\s?结$/ }).count()).toBe(0);
    await page.getByTestId('supervision-actions').getByRole('button', { name: '申请办结' }).click();
    const apply = await shown(page.getByRole('dialog').filter({ hasText: '办结情况' }));
    await apply.getByLabel('办结情况').fill('推进计划已制定并报送，接待数据台账按月更新。');
    await apply.getByRole('button', { name: /^确\s?定$/ }).click();
    await shown(page.getByTestId('supervision-status').getByText('待审核办结'));
    const timeline = page.getByTestId('supervision-timeline');
    for (const step of ['立项交办', '签收', '办理回复', '申请办结']) await shown(timeline.getByText(step, { exact: true }));
    await logOut(page);
  });

  it('the office reads the reply and closes the item', async () => {
    await logIn(page, platform.baseUrl, OFFICE);
    await page.goto(supervisionUrl);
    await shown(page.getByTestId('supervision-replies').getByText('推进计划已制定'));
    await page.getByRole('button', { name: /^办\s?结$/ }).click();
    const dialog = await shown(page.getByRole('dialog').filter({ hasText: '确认办结该督办事项？' }));
    await dialog.getByLabel('办结意见（可选）').fill('材料齐全，同意办结。');
    await dialog.getByRole('button', { name: '确认办结' }).click();
    await shown(page.getByTestId('supervision-status').getByText('已办结'));
    await shown(page.getByText('该督办事项已办结，不能再回复。'));
    // The 办结意见 stays with the item, with who closed it.
    await shown(page.getByTestId('supervision-close-comment').getByText('材料齐全，同意办结。'));
    await shown(page.getByTestId('supervision-detail').getByText('赣州市合作办'));
    expect(await page.getByLabel('回复内容').count()).toBe(0);
    expect(await overlaps(page)).toEqual([]);
    await screenshot(page, 'supervision-detail');

    await page.getByRole('link', { name: '返回督办事项' }).click();
    await page
      .getByRole('radio', { name: '全部' })
      .click()
      .catch(() => undefined);
    await page.getByLabel('状态').click();
    await settled(page.locator('.ant-select-dropdown:visible').first());
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '已办结' }).click();
    await page.waitForURL(/status=closed/);
    await expect.poll(() => page.getByTestId('supervision-table').locator('tbody tr.ant-table-row').count(), WAIT).toBe(1);
    expect(pageErrors).toEqual([]);
  });

  it('the task page names the accepted report and the closed item with the lists’ words, shows the progress whole, and its rows open them', async () => {
    const narrative = '本季度接待深圳研学团队33批、3300人次（名单见附件），完成两条研学线路的讲解员培训；下季度计划新增一条线路。';
    await page.goto(`${platform.baseUrl}/reports/review?status=accepted`);
    const listed = page.getByTestId('review-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => listed.count(), WAIT).toBe(1);
    await shown(listed.locator('.ant-tag').filter({ hasText: '已通过' }));
    await listed.getByRole('link', { name: TASK_TITLE, exact: true }).click();
    await page.waitForURL(reportUrl);
    await page.getByTestId('task-card').getByRole('link', { name: TASK_TITLE }).click();
    await page.waitForURL(/\/tasks\/[0-9a-f-]{36}$/);

    // The same status, the same word as in the list.
    const reports = page.getByTestId('task-reports').locator('tbody tr.ant-table-row');
    await expect.poll(() => reports.count(), WAIT).toBe(1);
    await shown(reports.locator('.ant-tag').filter({ hasText: '已通过' }));
    expect(await reports.textContent()).not.toContain('已采纳');
    // The progress whole: not cut by an ellipsis, nothing hidden past the cell's edge.
    const cell = reports.getByRole('cell', { name: narrative, exact: true });
    await shown(cell);
    expect(await cell.getAttribute('class')).not.toContain('ellipsis');
    expect(await cell.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    // The row opens the report: a real link (middle-click, keyboard).
    const reportLink = reports.getByRole('link');
    expect(await reportLink.getAttribute('href')).toBe(new URL(reportUrl).pathname);
    await reportLink.click();
    await page.waitForURL(reportUrl);
    await page.goBack();

    const items = page.getByTestId('task-supervision').locator('tbody tr.ant-table-row');
    await expect.poll(() => items.count(), WAIT).toBe(1);
    await shown(items.locator('.ant-tag').filter({ hasText: '已办结' }));
    const itemLink = items.getByRole('link', { name: /推进计划和接待数据台账/ });
    expect(await itemLink.getAttribute('href')).toBe(new URL(supervisionUrl).pathname);
    await itemLink.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(supervisionUrl);
    await shown(page.getByTestId('supervision-status').getByText('已办结'));
    expect(pageErrors).toEqual([]);
  });

  it('the owner unit reads the 办结意见 too, with who closed the item and when', async () => {
    await logOut(page);
    await logIn(page, platform.baseUrl, REPORTER);
    await page.goto(supervisionUrl);
    await shown(page.getByTestId('supervision-status').getByText('已办结'));
    await shown(page.getByTestId('supervision-close-comment').getByText('材料齐全，同意办结。'));
    const detail = page.getByTestId('supervision-detail');
    await shown(detail.getByText('办结人'));
    await shown(detail.getByText('赣州市合作办'));
    await shown(detail.getByText('办结时间'));
    expect(pageErrors).toEqual([]);
  });
});
