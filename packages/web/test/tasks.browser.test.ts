import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import type { Download, Page } from 'playwright-core';
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
import { chooseFromUserMenu, chooseOption, fieldError, logIn, logOut, typeDate } from './support/ui.js';

// The task screens (ledger, form, detail, bulk import, export) and the plan tree, driven in a real
// browser against the real platform process. Same rules as web.browser.test.ts: skipped without
// /usr/bin/chromium, except under CI.
if (BROWSER_MISSING) {
  console.warn(
    `task browser tests skipped: ${CHROMIUM} not found (install it with \`apt-get install -y chromium fonts-noto-cjk\`; under CI they fail instead)`,
  );
}

const ADMIN_PASSWORD = 'Duikou#Pass2026';
const OFFICE_PASSWORD = 'Office#Pass2026';
const REPORTER_PASSWORD = 'Xingguo#Pass2026';
const PLAN_FILE = fileURLToPath(new URL('../../domain/data/plans/shenzhen-ganzhou.txt', import.meta.url));

const NEW_TASK = '组织深圳中小学生赴兴国开展红色研学';
const NINGDU_TASK = '宁都县红色旅游线路联合推介';
const XINGGUO_TASK = '兴国县干部赴深圳跟班学习';
const IMPORTED = ['兴国将军园研学基地共建', '福田区与兴国县研学课程互认'];
// Dates in the coming year, so every task is on schedule (green) whatever day the suite runs.
const Y = new Date().getFullYear() + 1;

const TEXT_SELECTORS = 'a, button, label, input, h1, h2, h3, th, td, li, .ant-tag, .ant-alert-message';
const overlaps = (page: Page, scope = 'main') => overlappingTexts(page, scope, TEXT_SELECTORS);

/** The total shown under the task table (`共 3 条` → 3). */
async function listTotal(page: Page): Promise<number> {
  const total = await shown(page.getByTestId('task-total'));
  return Number(((await total.textContent()) ?? '').replace(/\D/g, ''));
}

async function savedDownload(page: Page, click: () => Promise<void>): Promise<{ download: Download; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download', WAIT), click()]);
  const file = await download.path();
  return { download, bytes: fs.readFileSync(file) };
}

async function workbookOf(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

/** An import file made from the downloaded template: its example row replaced by `rows` (header label → value). */
async function importFile(template: Buffer, rows: Record<string, string>[]): Promise<Buffer> {
  const workbook = await workbookOf(template);
  const sheet = workbook.getWorksheet('任务导入');
  if (!sheet) throw new Error('the template has no 任务导入 sheet');
  const columns = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, col) => columns.set(String(cell.value).trim(), col));
  sheet.spliceRows(2, sheet.rowCount - 1);
  rows.forEach((values, i) => {
    const row = sheet.getRow(i + 2);
    for (const [header, value] of Object.entries(values)) {
      const col = columns.get(header);
      if (!col) throw new Error(`the template has no column ${header}`);
      row.getCell(col).value = value;
    }
    row.commit();
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe.skipIf(SKIP_BROWSER_TESTS)('task screens in Chromium against the running platform', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  let page: Page;
  let admin: ApiClient;
  let pairId: string;
  let planId: string;
  let ningduTaskId: string;
  let createdTaskId: string;
  let template: Buffer;
  const unitIds = { xingguo: '', ningdu: '', gzOffice: '' };
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!HAS_CHROMIUM) throw new Error(MISSING_CHROMIUM);
    // This file imports and publishes the plan it works with: it starts without the built-in one.
    platform = await startPlatform(ADMIN_PASSWORD, { defaultPlan: false });
    browser = await launchBrowser();
    page = browser.page;
    page.on('pageerror', (error) => pageErrors.push(error.message));

    admin = await apiSession(platform.baseUrl, 'admin', ADMIN_PASSWORD);
    pairId = ok(await admin.GET('/api/v1/pairs')).items[0]!.id;
    const imported = ok(
      await admin.POST('/api/v1/plans/import', {
        body: { pairId, title: '深圳市与赣州市对口合作实施方案', source: { text: fs.readFileSync(PLAN_FILE, 'utf8') } },
      }),
    );
    ok(await admin.POST('/api/v1/plan-versions/{id}/publish', { params: { path: { id: imported.version.id } }, body: {} }));
    planId = imported.version.planId;
    const names = { xingguo: '兴国县', ningdu: '宁都县', gzOffice: '赣州市对口合作工作领导小组办公室' } as const;
    for (const [key, name] of Object.entries(names) as [keyof typeof names, string][]) {
      const found = ok(await admin.GET('/api/v1/units', { params: { query: { pairId, q: name } } })).items.find((u) => u.name === name);
      if (!found) throw new Error(`no unit ${name}`);
      unitIds[key] = found.id;
    }
    ok(
      await admin.POST('/api/v1/users', {
        body: {
          username: 'gz.office',
          displayName: '赣州市合作办',
          unitId: unitIds.gzOffice,
          password: OFFICE_PASSWORD,
          mustChangePassword: false,
          roles: [{ role: 'office_admin', scope: 'all', pairId }],
        },
      }),
    );
    ok(
      await admin.POST('/api/v1/users', {
        body: {
          username: 'xg.reporter',
          displayName: '兴国县填报员',
          unitId: unitIds.xingguo,
          password: REPORTER_PASSWORD,
          mustChangePassword: false,
          roles: [{ role: 'unit_reporter', scope: 'unit', unitId: unitIds.xingguo }],
        },
      }),
    );
    // Tasks of other articles and units, so the filters have something to leave out.
    ningduTaskId = ok(
      await admin.POST('/api/v1/tasks', {
        body: { planId, articleNo: '五', title: NINGDU_TASK, dueOn: `${Y}-10-31`, leadUnitIds: [unitIds.ningdu] },
      }),
    ).id;
    ok(
      await admin.POST('/api/v1/tasks', {
        body: { planId, articleNo: '三', title: XINGGUO_TASK, dueOn: `${Y - 2}-09-30`, leadUnitIds: [unitIds.xingguo] },
      }),
    );
  });

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      await recordFailure(page, 'tasks', task.name);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it('creates a task under article 四 led by 兴国县, showing the server field error for a due date before the start first', async () => {
    await logIn(page, platform.baseUrl, { username: 'gz.office', password: OFFICE_PASSWORD });
    await page.getByRole('navigation').getByRole('link', { name: '任务' }).click();
    await shown(page.getByRole('heading', { level: 1, name: '任务台账' }));
    await shown(page.getByRole('link', { name: NINGDU_TASK }));
    expect(await listTotal(page)).toBe(2);

    await page.getByRole('button', { name: '新建任务' }).click();
    await page.waitForURL('**/tasks/new');
    await shown(page.getByRole('heading', { level: 1, name: '新建任务' }));
    await page.getByLabel('任务名称').fill(NEW_TASK);
    await chooseOption(page, '所属条款', '研学', '（四）加强红色研学交流合作');
    await chooseOption(page, '牵头单位', '兴国', '兴国县');
    await chooseOption(page, '配合单位', '福田', '福田区');
    await typeDate(page.getByLabel('开始日期', { exact: true }), `${Y}-12-31`);
    await typeDate(page.getByLabel('完成时限', { exact: true }), `${Y}-03-01`);
    await page.getByLabel('任务说明').fill('每年组织两批次研学，覆盖福田区中小学');

    await page.getByRole('button', { name: '添加推进节点' }).click();
    await page.getByLabel('第1个节点名称').fill('确定研学线路');
    await typeDate(page.getByLabel('第1个节点计划完成日期'), `${Y}-04-30`);
    await page.getByRole('button', { name: '添加指标' }).click();
    await page.getByLabel('第1个指标名称').fill('研学人次');
    await page.getByLabel('第1个指标计量单位').fill('人次');
    await page.getByLabel('第1个指标目标值').fill('2000');

    await page.getByRole('button', { name: '创建任务' }).click();
    const due = page.getByLabel('完成时限', { exact: true });
    expect(await fieldError(page, due)).toBe('完成时限不能早于开始日期');
    expect(page.url()).toContain('/tasks/new');
    expect(await overlaps(page)).toEqual([]);
    await screenshot(page, 'task-form-error');

    await typeDate(page.getByLabel('开始日期', { exact: true }), `${Y}-03-01`);
    await typeDate(due, `${Y}-12-31`);
    await page.getByRole('button', { name: '创建任务' }).click();
    await page.waitForURL(/\/tasks\/[0-9a-f-]{36}$/);
    await shown(page.getByRole('heading', { level: 1, name: NEW_TASK }));
    createdTaskId = page.url().split('/').pop()!;
  });

  it('finds the task with the article and unit filters, which stay in the URL across a reload and back', async () => {
    await page.getByRole('link', { name: '返回任务台账' }).click();
    await page.waitForURL((url) => url.pathname === '/tasks');
    await expect.poll(() => listTotal(page), WAIT).toBe(3);
    expect(await page.getByLabel('完成时限早于').getAttribute('placeholder')).toBe('请选择日期');

    await chooseOption(page, '条', '研学', '（四）加强红色研学交流合作');
    await page.waitForURL(/article=%E5%9B%9B|article=四/);
    await expect.poll(() => listTotal(page), WAIT).toBe(1);
    await chooseOption(page, '单位', '兴国', '兴国县');
    await page.waitForURL(/unit=/);
    await expect.poll(() => listTotal(page), WAIT).toBe(1);
    const row = page.getByTestId('task-table').locator('tbody tr').filter({ hasText: NEW_TASK });
    await shown(row);
    expect(await row.textContent()).toContain('兴国县');
    expect(await row.textContent()).toContain(`${Y}年12月31日`);
    await shown(row.getByText('绿灯'));

    await page.reload();
    await shown(page.getByRole('link', { name: NEW_TASK }));
    expect(await listTotal(page)).toBe(1);
    await shown(page.locator('.ant-select-selection-item').filter({ hasText: '（四）加强红色研学交流合作' }));
    await shown(page.locator('.ant-select-selection-item').filter({ hasText: '兴国县' }));
    expect(await page.getByRole('link', { name: NINGDU_TASK }).count()).toBe(0);
    expect(await overlaps(page)).toEqual([]);
    await screenshot(page, 'task-list');

    // The same screen in English fits as well.
    await chooseFromUserMenu(page, 'English');
    await shown(page.getByRole('heading', { level: 1, name: 'Tasks' }));
    await shown(page.getByRole('columnheader', { name: 'Lead units' }));
    await shown(page.getByRole('button', { name: 'Export ledger' }));
    expect(await overlaps(page)).toEqual([]);
    await screenshot(page, 'task-list-en');
    await chooseFromUserMenu(page, '中文');
    await shown(page.getByRole('heading', { level: 1, name: '任务台账' }));

    // Back drops the unit filter and keeps the article.
    await page.goBack();
    await expect.poll(() => new URL(page.url()).searchParams.get('unit'), WAIT).toBe(null);
    expect(new URL(page.url()).searchParams.get('article')).toBe('四');
    await expect.poll(() => listTotal(page), WAIT).toBe(1);
  });

  it('opens the detail with its units, milestone and indicator, and edits the due date', async () => {
    await page.getByRole('link', { name: NEW_TASK }).click();
    await page.waitForURL(`**/tasks/${createdTaskId}`);
    await shown(page.getByRole('heading', { level: 1, name: NEW_TASK }));
    await shown(page.getByText('第四条 加强红色研学交流合作'));
    const units = page.getByTestId('task-units');
    await shown(units.locator('tr').filter({ hasText: '兴国县' }).filter({ hasText: '牵头' }).filter({ hasText: '赣州市' }));
    await shown(units.locator('tr').filter({ hasText: '福田区' }).filter({ hasText: '配合' }).filter({ hasText: '深圳市' }));
    await shown(
      page
        .getByTestId('task-milestones')
        .locator('tr')
        .filter({ hasText: '确定研学线路' })
        .filter({ hasText: `${Y}年4月30日` })
        .filter({ hasText: '未完成' }),
    );
    await shown(page.getByTestId('task-indicators').locator('tr').filter({ hasText: '研学人次' }).filter({ hasText: '2,000' }).filter({ hasText: '填报' }));
    expect(await page.getByTestId('task-due').textContent()).toBe(`${Y}年12月31日`);
    await shown(page.getByText('暂无进展报告'));
    await shown(page.getByText('暂无督办事项'));

    // The office attaches a file to the task.
    await page
      .getByLabel('选择要上传的附件')
      .setInputFiles({ name: '研学方案.txt', mimeType: 'text/plain', buffer: Buffer.from('研学线路：兴国—瑞金', 'utf8') });
    await shown(page.getByTestId('task-attachments').getByRole('button', { name: '研学方案.txt' }));
    expect(await overlaps(page)).toEqual([]);
    await screenshot(page, 'task-detail');
    // The milestones' card just under the sticky header.
    await page.getByTestId('task-milestones').evaluate((table) => window.scrollBy(0, table.getBoundingClientRect().top - 150));
    expect(await overlaps(page)).toEqual([]);
    await screenshot(page, 'task-detail-sections');

    await page.getByRole('button', { name: '编辑任务' }).click();
    await page.waitForURL(`**/tasks/${createdTaskId}/edit`);
    await shown(page.getByRole('heading', { level: 1, name: '编辑任务' }));
    expect(await page.getByLabel('第1个节点名称').inputValue()).toBe('确定研学线路');
    await typeDate(page.getByLabel('完成时限', { exact: true }), `${Y}-11-30`);
    await page.getByRole('button', { name: /^保\s?存$/ }).click();
    await page.waitForURL(`**/tasks/${createdTaskId}`);
    await expect.poll(() => page.getByTestId('task-due').textContent(), WAIT).toBe(`${Y}年11月30日`);
    // The unchanged milestone and indicator are still there.
    await shown(page.getByTestId('task-milestones').getByText('确定研学线路'));
    await shown(page.getByTestId('task-indicators').getByText('研学人次'));
  });

  it('shows every row error of a bad import file and writes nothing; a good file then imports', async () => {
    await page.getByRole('navigation').getByRole('link', { name: '任务' }).click();
    await page.waitForURL((url) => url.pathname === '/tasks' && url.search === '');
    const before = await listTotal(page);
    expect(before).toBe(3);

    await page.getByRole('button', { name: '批量导入' }).click();
    await page.waitForURL('**/tasks/import');
    await shown(page.getByRole('heading', { level: 1, name: '批量导入任务' }));
    const templateDownload = await savedDownload(page, () => page.getByRole('button', { name: '下载导入模板' }).click());
    expect(templateDownload.download.suggestedFilename()).toBe('任务导入模板.xlsx');
    template = templateDownload.bytes;

    const bad = await importFile(template, [
      { 条款编号: '四', 任务名称: IMPORTED[0]!, 牵头单位: '兴国县', 完成时限: `${Y}-10-31` },
      { 条款编号: '四', 任务名称: '无人牵头的任务', 牵头单位: '不存在的单位', 完成时限: `${Y}-10-31` },
    ]);
    await page.getByLabel('导入文件（.xlsx）').setInputFiles({
      name: '任务导入-有错.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: bad,
    });
    await shown(page.getByText('已选择：任务导入-有错.xlsx'));
    await page.getByRole('button', { name: '校验文件' }).click();
    await shown(page.getByTestId('import-errors-summary').filter({ hasText: '文件中有 1 处错误' }));
    await shown(page.getByText('未导入任何任务，系统中的数据没有变化。'));
    const errorRow = page.getByTestId('import-errors').locator('tbody tr');
    expect(await errorRow.count()).toBe(1);
    expect(await errorRow.locator('td').allInnerTexts()).toEqual(['第 3 行', '牵头单位', '本结对城市没有名为“不存在的单位”的单位']);
    expect(await overlaps(page)).toEqual([]);
    await screenshot(page, 'task-import-errors');

    await page.getByRole('link', { name: '返回任务台账' }).click();
    await page.waitForURL((url) => url.pathname === '/tasks');
    await expect.poll(() => listTotal(page), WAIT).toBe(before);

    await page.getByRole('button', { name: '批量导入' }).click();
    const good = await importFile(template, [
      { 条款编号: '四', 任务名称: IMPORTED[0]!, 牵头单位: '兴国县', 完成时限: `${Y}-10-31`, 推进节点: `完成基地挂牌@${Y}-06-30` },
      { 条款编号: '（四）', 任务名称: IMPORTED[1]!, 牵头单位: '福田区', 配合单位: '兴国县', 指标: '互认课程|门|10' },
    ]);
    await page.getByLabel('导入文件（.xlsx）').setInputFiles({
      name: '任务导入.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: good,
    });
    await page.getByRole('button', { name: '校验文件' }).click();
    await shown(page.getByTestId('import-valid-summary').filter({ hasText: '校验通过：将创建 2 项任务' }));
    await shown(page.getByTestId('import-preview').getByText(IMPORTED[1]!));
    await page.getByRole('button', { name: '确认导入 2 项任务' }).click();
    await page.waitForURL((url) => url.pathname === '/tasks');
    await shown(page.getByText('已导入 2 项任务'));
    await expect.poll(() => listTotal(page), WAIT).toBe(before + 2);
    await shown(page.getByRole('link', { name: IMPORTED[0]! }));
  });

  it('exports the ledger of the filtered list as an .xlsx that holds the tasks', async () => {
    const all = await savedDownload(page, () => page.getByRole('button', { name: '导出台账' }).click());
    expect(all.download.suggestedFilename()).toMatch(/^任务台账-\d{8}\.xlsx$/);
    const sheet = (await workbookOf(all.bytes)).getWorksheet('任务台账');
    expect(sheet).toBeTruthy();
    const headers: string[] = [];
    sheet!.getRow(1).eachCell((cell) => headers.push(String(cell.value)));
    const titleCol = headers.indexOf('任务名称') + 1;
    const titles: string[] = [];
    sheet!.eachRow((row, n) => {
      if (n > 1) titles.push(String(row.getCell(titleCol).value));
    });
    expect(titles.sort()).toEqual([NEW_TASK, NINGDU_TASK, XINGGUO_TASK, ...IMPORTED].sort());

    // The export takes the list's filters.
    await chooseOption(page, '条', '研学', '（四）加强红色研学交流合作');
    await expect.poll(() => listTotal(page), WAIT).toBe(3);
    const filtered = await savedDownload(page, () => page.getByRole('button', { name: '导出台账' }).click());
    const filteredSheet = (await workbookOf(filtered.bytes)).getWorksheet('任务台账')!;
    expect(filteredSheet.actualRowCount).toBe(1 + 3);
  });

  it('shows the plan tree with the article task count, and lists the article tasks when expanded', async () => {
    await page.getByRole('navigation').getByRole('link', { name: '方案' }).click();
    await shown(page.getByRole('heading', { level: 1, name: '实施方案' }));
    await shown(page.getByRole('link', { name: /第 1 版 · 已发布/ }));
    const tree = await shown(page.getByTestId('plan-tree'));
    await expect.poll(() => tree.getByTestId('plan-tree-chapter').count(), WAIT).toBe(7);
    const article = tree.locator('[data-article="四"]');
    const expand = article.getByRole('button', { name: /^3 项任务 ?（第四条）$/ });
    await shown(expand);
    expect(await tree.locator('[data-article="五"]').textContent()).toContain('1 项任务');
    expect(await tree.locator('[data-article="六"]').textContent()).toContain('0 项任务');
    await expand.click();
    const tasks = await shown(tree.getByTestId('plan-tree-tasks'));
    await shown(tasks.getByRole('link', { name: NEW_TASK }));
    await shown(tasks.getByRole('link', { name: IMPORTED[1]! }));
    expect(await tasks.locator('tbody tr').filter({ hasText: IMPORTED[1]! }).textContent()).toContain('福田区');
    await shown(tasks.getByText('绿灯').first());
    expect(await expand.getAttribute('aria-expanded')).toBe('true');
    await article.evaluate((row) => row.scrollIntoView({ block: 'center' }));
    expect(await overlaps(page)).toEqual([]);
    await screenshot(page, 'plan-tree');

    await tasks.getByRole('link', { name: NEW_TASK }).click();
    await page.waitForURL(`**/tasks/${createdTaskId}`);
    await shown(page.getByRole('heading', { level: 1, name: NEW_TASK }));
  });

  it('shows a 兴国县 reporter only the tasks 兴国县 takes part in, and the not-found page for a 宁都县 task', async () => {
    await logOut(page);
    await logIn(page, platform.baseUrl, { username: 'xg.reporter', password: REPORTER_PASSWORD });
    await page.getByRole('navigation').getByRole('link', { name: '任务' }).click();
    await shown(page.getByRole('heading', { level: 1, name: '任务台账' }));
    // 兴国县 leads or supports four tasks; the 宁都县 task stays out.
    await expect.poll(() => listTotal(page), WAIT).toBe(4);
    for (const title of [NEW_TASK, XINGGUO_TASK, ...IMPORTED]) await shown(page.getByRole('link', { name: title }));
    expect(await page.getByRole('link', { name: NINGDU_TASK }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '新建任务' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '批量导入' }).count()).toBe(0);

    await page.goto(`${platform.baseUrl}/tasks/${ningduTaskId}`);
    await shown(page.getByText('页面不存在'));
    await shown(page.getByText('您访问的页面不存在或已被移除。'));
    expect(await page.getByText(NINGDU_TASK).count()).toBe(0);

    // A task past its due date shows the red light with the reason.
    await page.goBack();
    await page.getByRole('link', { name: XINGGUO_TASK }).click();
    await shown(page.getByRole('heading', { level: 1, name: XINGGUO_TASK }));
    await shown(page.getByText('红灯'));
    expect(await page.getByTestId('light-reasons').locator('li').count()).toBeGreaterThan(0);
    expect(await page.getByRole('button', { name: '编辑任务' }).count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
