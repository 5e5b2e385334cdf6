import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { creditCodeCheckCharacter } from '../../domain/src/credit-code.js';
import { apiSession, ok } from './support/api.js';
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
import { chinaDate, chooseFromUserMenu, chooseOption, fieldError, logIn, logOut, settled, typeDate } from './support/ui.js';

// The registries (合作台账) in a real browser against the real platform: the office registers a
// project (after the server refused its credit code beside the field), moves it 洽谈 → 签约 → 开工
// on the stage panel and back with a reason; a study tour's headcount changes its indicator on the
// indicators page and on the dashboard card; a county cannot open another county's record by URL.
if (BROWSER_MISSING) {
  console.warn(
    `registry browser tests skipped: ${CHROMIUM} not found (install it with \`apt-get install -y chromium fonts-noto-cjk\`; under CI they fail instead)`,
  );
}

const ADMIN_PASSWORD = 'Duikou#Pass2026';
const USER_PASSWORD = 'Unit#Pass2026x';
const OFFICE = { username: 'gz-office', password: USER_PASSWORD };
const NINGDU = { username: 'ningdu', password: USER_PASSWORD };
const LEADER = { username: 'gz-leader', password: USER_PASSWORD };
const TEXT_SELECTORS = 'a, button, label, input, h1, h2, h3, th, td, li, .ant-tag, .ant-alert-message, .ant-steps-item-title, .ant-descriptions-item-label';
const overlaps = (page: Page) => overlappingTexts(page, 'main', TEXT_SELECTORS);

const PROJECT = '稀土永磁电机产业园项目';
const TOUR = '深圳中学生兴国红色研学营';
const PARK = '深赣兴国产业园';
const TASK = '组织深圳中小学生赴兴国开展红色研学';
const PLAN_FILE = new URL('../../domain/data/plans/shenzhen-ganzhou.txt', import.meta.url);
const INDICATOR = '深圳中小学生赴赣州研学人次';
const GOOD_CODE = `91440300MA5DC0BT1${creditCodeCheckCharacter('91440300MA5DC0BT1')}`;
// The same code with a wrong check character.
const BAD_CODE = `91440300MA5DC0BT1${GOOD_CODE.endsWith('X') ? 'Y' : 'X'}`;

/** How the screens write a calendar date in Chinese: 2026年3月2日. */
const zhDate = (day: string) => {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

/**
 * Picks an option of an antd select, typing `search` first when given. The select's box takes the
 * click: its chosen value lies over the input (the owner unit is filled in already).
 */
async function pick(page: Page, label: string, option: string, search = '') {
  // antd names a select by aria-label on its box and its input alike: the input is the combobox.
  const input = page.getByLabel(label, { exact: true }).and(page.getByRole('combobox'));
  await input.locator('xpath=ancestor::div[contains(concat(" ", @class, " "), " ant-select ")][1]').click();
  if (search) await input.fill(search);
  const listId = await input.getAttribute('aria-controls');
  const popup = page.locator('.ant-select-dropdown').filter({ has: page.locator(`[id="${listId}"]`) });
  await settled(popup);
  await popup.locator(`.ant-select-item-option[title="${option}"]`).click();
}

const menu = (page: Page) => page.getByRole('navigation');

/**
 * Clicks a link of the left menu's group, opening the group first. The group's items slide open
 * over a few frames and a click during that is lost on a loaded machine: wait the motion out.
 */
async function openMenuLink(page: Page, name: string, group: RegExp) {
  const link = menu(page).getByRole('link', { name, exact: true });
  if (!(await link.isVisible())) await menu(page).getByRole('menuitem', { name: group }).click();
  await shown(link);
  await settled(link.locator('xpath=ancestor::ul[1]'));
  await link.click();
}

async function openKind(page: Page, kind: string, group = /合作台账/) {
  await openMenuLink(page, kind, group);
  await shown(page.getByRole('heading', { level: 1, name: kind }));
}

describe.skipIf(SKIP_BROWSER_TESTS)('registries in Chromium against the running platform', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  let page: Page;
  let projectUrl = '';
  let taskId = '';
  /** Registers projects through the API (as the administrator), for the map. */
  let registerProjects: (names: string[], locationCode: string) => Promise<void> = async () => {};
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!HAS_CHROMIUM) throw new Error(MISSING_CHROMIUM);
    // This file imports and publishes the plan it works with: it starts without the built-in one.
    platform = await startPlatform(ADMIN_PASSWORD, { defaultPlan: false });
    browser = await launchBrowser();
    page = browser.page;
    page.on('pageerror', (error) => pageErrors.push(error.message));

    const admin = await apiSession(platform.baseUrl, 'admin', ADMIN_PASSWORD);
    const pair = ok(await admin.GET('/api/v1/pairs')).items[0]!;
    const unitNamed = async (name: string) => {
      const found = ok(await admin.GET('/api/v1/units', { params: { query: { pairId: pair.id, q: name } } })).items.find((u) => u.name === name);
      if (!found) throw new Error(`no unit ${name}`);
      return found;
    };
    const ningdu = await unitNamed('宁都县');
    const xingguo = await unitNamed('兴国县');
    ok(
      await admin.POST('/api/v1/registries/{type}/records', {
        params: { path: { type: 'park' } },
        body: { pairId: pair.id, data: { name: PARK, mode: '轻资产', operator: '深圳某园区运营公司', locationCode: '360732', ownerUnitId: xingguo.id } },
      }),
    );
    const office = ok(await admin.GET('/api/v1/units', { params: { query: { pairId: pair.id, type: 'coordination_office' } } })).items.find(
      (u) => u.cityId === ningdu.cityId,
    )!;
    const user = (username: string, displayName: string, unitId: string, role: 'office_admin' | 'unit_reporter' | 'viewer') =>
      admin.POST('/api/v1/users', {
        body: {
          username,
          displayName,
          unitId,
          password: USER_PASSWORD,
          mustChangePassword: false,
          roles: [
            role === 'office_admin' || role === 'viewer'
              ? { role, scope: 'all', pairId: pair.id, cityId: null, unitId: null }
              : { role, scope: 'unit', pairId: pair.id, cityId: null, unitId },
          ],
        },
      });
    ok(await user(OFFICE.username, '赣州市对口办', office.id, 'office_admin'));
    ok(await user(NINGDU.username, '宁都县填报员', ningdu.id, 'unit_reporter'));
    ok(await user(LEADER.username, '赣州市领导', office.id, 'viewer'));
    const shenzhen = pair.cities.find((c) => c.id !== ningdu.cityId)!;
    registerProjects = async (names, locationCode) => {
      for (const name of names)
        ok(
          await admin.POST('/api/v1/registries/{type}/records', {
            params: { path: { type: 'project' } },
            // The office's own, so that the county reporters' lists stay as the other tests expect.
            body: {
              pairId: pair.id,
              data: {
                name,
                investor: '深圳某农业科技有限公司',
                originCityId: shenzhen.id,
                locationCode,
                industry: '农业',
                plannedInvestment: '800',
                stage: '洽谈',
                ownerUnitId: office.id,
              },
            },
          }),
        );
    };

    // A task of article 四 whose indicator takes its actual value from the study-tour indicator.
    const imported = ok(await admin.POST('/api/v1/plans/import', { body: { pairId: pair.id, source: { text: fs.readFileSync(PLAN_FILE, 'utf8') } } }));
    ok(await admin.POST('/api/v1/plan-versions/{id}/publish', { params: { path: { id: imported.version.id } }, body: {} }));
    const studyTours = ok(await admin.GET('/api/v1/rollups', { params: { query: { pairId: pair.id } } })).items.find((r) => r.name === INDICATOR)!;
    taskId = ok(
      await admin.POST('/api/v1/tasks', {
        body: {
          planId: imported.version.planId,
          articleNo: '四',
          title: TASK,
          dueOn: '2027-12-31',
          leadUnitIds: [xingguo.id],
          indicators: [{ name: '研学人次', unitOfMeasure: '人次', target: '100', computation: 'rollup', rollupId: studyTours.id }],
        },
      }),
    ).id;
  });

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      await recordFailure(page, 'registries', task.name);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it('the office registers a project: the server refuses a bad 统一社会信用代码 beside the field, then saves it', async () => {
    await logIn(page, platform.baseUrl, OFFICE);
    await openKind(page, '项目库');
    await shown(page.getByText('暂无登记记录'));
    await page.getByRole('button', { name: /新\s?增/ }).click();
    await shown(page.getByRole('heading', { level: 1, name: '新增项目' }));

    await page.getByLabel('项目名称', { exact: true }).fill(PROJECT);
    await page.getByLabel('投资方', { exact: true }).fill('深圳某新能源科技有限公司');
    const code = page.getByLabel('投资方统一社会信用代码', { exact: true });
    await code.fill(BAD_CODE);
    await pick(page, '投资方来源城市', '深圳市');
    await chooseOption(page, '所在区县', '兴国', '兴国县');
    await pick(page, '产业领域', '稀土新材料');
    await page.getByLabel('计划投资（万元）', { exact: true }).fill('1234.5678');
    await pick(page, '责任单位', '兴国县', '兴国');
    await chooseOption(page, '服务方案条目', '', '第八条');
    // A new project starts at the first stage.
    await shown(page.locator('.ant-select-selection-item[title="洽谈"]'));

    await page.getByRole('button', { name: /保\s?存/ }).click();
    expect(await fieldError(page, code)).toBe('统一社会信用代码校验码不正确');
    expect(page.url()).toContain('/registries/project/new');
    expect(await overlaps(page)).toEqual([]);
    await screenshot(page, 'registries-form');

    await code.fill(GOOD_CODE);
    await page.getByRole('button', { name: /保\s?存/ }).click();
    await page.waitForURL(/\/registries\/project\/[0-9a-f-]{36}$/, WAIT);
    projectUrl = page.url();
    await shown(page.getByRole('heading', { level: 1, name: PROJECT }));
    const fields = page.getByTestId('record-fields');
    for (const text of [GOOD_CODE, '深圳市', '稀土新材料', '1,234.5678', '兴国县', '第八条']) await shown(fields.getByText(text, { exact: true }));
    await shown(page.getByText(`已保存项目“${PROJECT}”`));
    // The place by its name (the owner unit is 兴国县 too); its GB/T 2260 code only in the tooltip.
    const place = fields.locator('[data-code="360732"]');
    expect(await place.textContent()).toBe('兴国县');
    expect(await fields.textContent()).not.toContain('360732');
    await place.hover();
    await shown(page.getByRole('tooltip').filter({ hasText: '行政区划代码：360732' }));
  }, 240_000);

  it('moves it 洽谈 → 签约 → 开工 on the stage panel with dates, sees the history; the office moves it back with a reason; an attachment; edited into a park, the park lists it with the totals', async () => {
    const panel = page.getByTestId('stage-panel');
    const history = page.getByTestId('stage-history');
    await shown(panel.locator('.ant-steps-item-process', { hasText: '洽谈' }));
    const signedOn = chinaDate(-20);
    const startedOn = chinaDate(-6);

    for (const [stage, day] of [
      ['签约', signedOn],
      ['开工', startedOn],
    ] as const) {
      await panel.getByRole('button', { name: /推进到下一阶段/ }).click();
      const dialog = page.getByRole('dialog').filter({ hasText: `推进到“${stage}”` });
      await shown(dialog);
      await typeDate(dialog.getByLabel('到达日期', { exact: true }), day);
      await dialog.getByRole('button', { name: '确认推进' }).click();
      await dialog.waitFor({ state: 'hidden', ...WAIT });
      await shown(panel.locator('.ant-steps-item-process', { hasText: stage }));
    }
    await shown(panel.locator('.ant-steps-item-finish', { hasText: zhDate(signedOn) }));
    await expect
      .poll(() => history.locator('.ant-list-item').allTextContents(), WAIT)
      .toEqual([
        expect.stringContaining('登记，阶段“洽谈”'),
        expect.stringMatching(new RegExp(`“洽谈” → “签约”日期 ${zhDate(signedOn)}`)),
        expect.stringMatching(new RegExp(`“签约” → “开工”日期 ${zhDate(startedOn)}`)),
      ]);
    // The stage sets its date field.
    await shown(page.getByTestId('record-fields').getByText(zhDate(startedOn), { exact: true }));
    expect(await overlaps(page)).toEqual([]);
    await screenshot(page, 'registries-detail');

    // Going back is a correction: the office gives a reason; the date of the stage left behind is cleared.
    await panel.getByRole('button', { name: /退回阶段/ }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: '退回阶段（须说明理由）' });
    await shown(dialog);
    await dialog.getByRole('button', { name: '确认退回' }).click();
    await shown(dialog.getByText('请填写退回理由'));
    await dialog.getByLabel('退回理由', { exact: true }).fill('开工信息填报有误');
    await dialog.getByRole('button', { name: '确认退回' }).click();
    await dialog.waitFor({ state: 'hidden', ...WAIT });
    await shown(panel.locator('.ant-steps-item-process', { hasText: '签约' }));
    await shown(history.getByText('退回：“开工” → “签约”'));
    await shown(history.getByText('理由：开工信息填报有误'));
    expect(await page.getByTestId('record-fields').getByText(zhDate(startedOn), { exact: true }).count()).toBe(0);

    // The signed agreement as an attachment of the record.
    await page.getByLabel('选择要上传的附件').setInputFiles({ name: '投资协议.txt', mimeType: 'text/plain', buffer: Buffer.from('深赣合作投资协议（测试）') });
    await shown(page.getByTestId('attachment-name').filter({ hasText: '投资协议.txt' }));

    // Edit: the project goes into the park, with what it has invested so far; the stage stays with the panel.
    await page.getByRole('button', { name: '编辑项目' }).click();
    await shown(page.getByRole('heading', { level: 1, name: '编辑项目' }));
    await shown(page.getByText('阶段在详情页的“项目阶段”中推进'));
    await chooseOption(page, '所在园区', '兴国', PARK);
    await page.getByLabel('已完成投资（万元）', { exact: true }).fill('300.5');
    await page.getByRole('button', { name: /保\s?存/ }).click();
    await shown(page.getByTestId('record-fields').getByText('300.5', { exact: true }));
    await page.getByTestId('record-fields').getByRole('link', { name: PARK }).click();
    await shown(page.getByRole('heading', { level: 1, name: PARK }));
    const related = page.getByTestId('related-project');
    await shown(related.getByText('关联的项目（1）'));
    await shown(related.getByText('合计：计划投资（万元） 1,234.5678；已完成投资（万元） 300.5'));
    await shown(related.getByRole('link', { name: PROJECT }));
    // A park its projects name cannot be deleted: the server says so and the park stays.
    await page.getByRole('button', { name: '删除园区' }).click();
    const confirm = page.getByRole('dialog').filter({ hasText: `删除园区“${PARK}”？` });
    await shown(confirm);
    await confirm.getByRole('button', { name: /删\s?除/ }).click();
    await shown(page.locator('.ant-message-error', { hasText: '还有 1 条记录引用它，请先修改或删除这些记录' }));
    await confirm.waitFor({ state: 'hidden', ...WAIT });
    await shown(page.getByRole('heading', { level: 1, name: PARK }));

    await openKind(page, '项目库');
    const row = page.getByTestId('registry-table').getByRole('row').filter({ hasText: PROJECT });
    await shown(row);
    for (const text of ['深圳某新能源科技有限公司', '稀土新材料', '1,234.5678', '签约', '兴国县']) expect(await row.textContent()).toContain(text);
    expect(await row.textContent()).not.toContain('360732');
    expect(await row.locator('[data-code="360732"]').textContent()).toBe('兴国县');
    expect(await overlaps(page)).toEqual([]);
    await screenshot(page, 'registries-list');
  }, 240_000);

  it('a study tour with its headcount adds to 深圳中小学生赴赣州研学人次 on the indicators page and the dashboard card', async () => {
    await menu(page).getByRole('link', { name: '合作指标', exact: true }).click();
    await shown(page.getByRole('heading', { level: 1, name: '合作指标' }));
    const indicator = page.getByTestId('indicators-table').getByRole('row').filter({ hasText: INDICATOR });
    const year = chinaDate().slice(0, 4);
    await expect.poll(async () => (await indicator.getByTestId('indicator-value').textContent()) ?? '', WAIT).toBe('0 人次');
    expect(await indicator.getByTestId('indicator-basis').textContent()).toBe(`${year}年`);
    // A count over all time says so in its own column, and its unit once, beside the value (not 产业合作园区（个） … 个).
    const parks = page.getByTestId('indicators-table').getByRole('row').filter({ hasText: '产业合作园区' });
    expect(await parks.getByTestId('indicator-basis').textContent()).toBe('累计');
    expect(await parks.getByTestId('indicator-value').textContent()).toMatch(/^\d+ 个$/);
    expect(await parks.textContent()).not.toContain('（个）');

    await openKind(page, '交流活动');
    await page.getByRole('button', { name: /新\s?增/ }).click();
    await shown(page.getByRole('heading', { level: 1, name: '新增交流活动' }));
    await page.getByLabel('活动名称', { exact: true }).fill(TOUR);
    await pick(page, '活动类型', '研学');
    await typeDate(page.getByLabel('开始日期', { exact: true }), chinaDate());
    await chooseOption(page, '主办单位', '福田', '福田区');
    await page.getByLabel('参加人次', { exact: true }).fill('120');
    await pick(page, '责任单位', '兴国县', '兴国');
    await page.getByRole('button', { name: /保\s?存/ }).click();
    await page.waitForURL(/\/registries\/activity\/[0-9a-f-]{36}$/, WAIT);
    await shown(page.getByRole('heading', { level: 1, name: TOUR }));
    await shown(page.getByTestId('record-fields').getByText('120', { exact: true }));
    // Activities have no stages.
    expect(await page.getByTestId('stage-panel').count()).toBe(0);

    await menu(page).getByRole('link', { name: '合作指标', exact: true }).click();
    await expect.poll(async () => (await indicator.getByTestId('indicator-value').textContent()) ?? '', WAIT).toBe('120 人次');
    expect(await indicator.textContent()).toContain('人次');
    expect(await overlaps(page)).toEqual([]);
    await screenshot(page, 'registries-indicators');

    await menu(page).getByRole('link', { name: '工作台' }).click();
    const card = await shown(page.getByTestId('rollup-card'));
    const item = card.getByTestId('rollup-item').filter({ hasText: INDICATOR });
    await expect.poll(async () => (await item.textContent()) ?? '', WAIT).toBe(`${INDICATOR}120 人次`);
    await card.scrollIntoViewIfNeeded();
    expect(await overlaps(page)).toEqual([]);
    await screenshot(page, 'dashboard-rollups');
    expect(pageErrors).toEqual([]);
  }, 240_000);

  it('a task indicator taken from the registries shows the figure and keeps its source when the task is edited', async () => {
    await page.goto(`${platform.baseUrl}/tasks/${taskId}/edit`);
    await shown(page.getByRole('heading', { level: 1, name: '编辑任务' }));
    await shown(page.locator('.ant-select-selection-item', { hasText: `${INDICATOR}（人次）` }));
    await page.getByRole('button', { name: /保\s?存/ }).click();
    await page.waitForURL(new RegExp(`/tasks/${taskId}$`), WAIT);
    const row = page.getByRole('row').filter({ hasText: '研学人次' });
    await shown(row);
    // Target 100, actual 120 from the study tour registered above.
    expect(await row.textContent()).toContain('120');
    expect(await row.textContent()).toContain('汇总');
  }, 120_000);

  it('imports study tours from the downloaded template: a bad row writes nothing, the good file adds its headcount; exports the list', async () => {
    await openKind(page, '交流活动');
    await page.getByRole('button', { name: /导\s?入/ }).click();
    await shown(page.getByRole('heading', { level: 1, name: '导入交流活动' }));
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'duikou-registry-import-'));
    const [template] = await Promise.all([page.waitForEvent('download', WAIT), page.getByRole('button', { name: /下载导入模板/ }).click()]);
    const templateFile = path.join(folder, 'template.xlsx');
    await template.saveAs(templateFile);

    /** The template with rows filled in by column header (the template's own columns, in its order). */
    const fill = async (name: string, rows: Record<string, string | number>[]) => {
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(templateFile);
      const sheet = book.worksheets[0]!;
      const headers = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
      for (const row of rows) sheet.addRow(headers.map((h) => row[h.replace(/\*$/, '')] ?? null));
      const file = path.join(folder, name);
      await book.xlsx.writeFile(file);
      return file;
    };
    const day = chinaDate();
    const tour = (name: string, headcount: string | number) => ({
      活动名称: name,
      活动类型: '研学',
      开始日期: day,
      参加人次: headcount,
      责任单位: '兴国县',
      服务方案条目: '四',
    });
    const input = page.locator('input[type="file"]');

    await input.setInputFiles(await fill('bad.xlsx', [tour('研学营（第二期）', 30), tour('研学营（第三期）', '很多')]));
    await page.getByRole('button', { name: '检查文件' }).click();
    await shown(page.getByTestId('import-errors-summary'));
    const errorRow = page.getByTestId('import-errors').getByRole('row').filter({ hasText: '第 3 行' });
    await shown(errorRow);
    expect(await errorRow.textContent()).toContain('参加人次');
    expect(await errorRow.textContent()).toContain('应为整数');
    expect(await page.getByText('未写入任何数据。').count()).toBe(1);
    expect(await overlaps(page)).toEqual([]);
    await screenshot(page, 'registries-import-errors');

    await input.setInputFiles(await fill('good.xlsx', [tour('研学营（第二期）', 30), tour('研学营（第三期）', 50)]));
    await page.getByRole('button', { name: '检查文件' }).click();
    await shown(page.getByTestId('import-valid-summary').filter({ hasText: '共 2 条记录' }));
    await shown(page.getByTestId('import-preview').getByRole('cell', { name: '研学营（第三期）' }));
    await page.getByRole('button', { name: /确认导入 2 条/ }).click();
    await page.waitForURL(/\/registries\/activity$/, WAIT);
    await expect.poll(() => page.getByTestId('registry-table').locator('tbody tr.ant-table-row').count(), WAIT).toBe(3);

    const [exported] = await Promise.all([page.waitForEvent('download', WAIT), page.getByRole('button', { name: /导\s?出/ }).click()]);
    const exportFile = path.join(folder, 'export.xlsx');
    await exported.saveAs(exportFile);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(exportFile);
    const names = book.worksheets[0]!.getColumn(1).values.slice(2);
    expect(names).toEqual(expect.arrayContaining([TOUR, '研学营（第二期）', '研学营（第三期）']));
    fs.rmSync(folder, { recursive: true, force: true });

    // The bad file wrote nothing: the indicator has the first tour and the two imported ones.
    await menu(page).getByRole('link', { name: '合作指标', exact: true }).click();
    const indicator = page.getByTestId('indicators-table').getByRole('row').filter({ hasText: INDICATOR });
    await expect.poll(async () => (await indicator.getByTestId('indicator-value').textContent()) ?? '', WAIT).toBe('200 人次');
    expect(await indicator.getByTestId('indicator-basis').textContent()).toBe(`${day.slice(0, 4)}年`);
  }, 240_000);

  it('a county outside the office cannot open another county’s record by its address: the not-found page', async () => {
    await logOut(page);
    await logIn(page, platform.baseUrl, NINGDU);
    await page.goto(projectUrl);
    await shown(page.getByText('页面不存在'));
    expect(await page.getByText(PROJECT).count()).toBe(0);
    await openKind(page, '项目库');
    await shown(page.getByText('暂无登记记录'));
    // A county reporter registers but does not reverse stages, and sees no import of other units' data.
    await shown(page.getByRole('button', { name: /新\s?增/ }));
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('a leader reads the registries without changing them, in English too: labels come from the declarations', async () => {
    await logOut(page);
    await logIn(page, platform.baseUrl, LEADER);
    await page.goto(projectUrl);
    await shown(page.getByRole('heading', { level: 1, name: PROJECT }));
    await shown(page.getByTestId('stage-panel').locator('.ant-steps-item-process', { hasText: '签约' }));
    for (const action of [/推进到下一阶段/, /退回阶段/, /修\s?改/, /删\s?除/, /上传附件/])
      expect(await page.getByRole('button', { name: action }).count()).toBe(0);
    await shown(page.getByTestId('attachment-name').filter({ hasText: '投资协议.txt' }));

    await chooseFromUserMenu(page, 'English');
    await shown(page.getByText('Investor credit code', { exact: true }));
    await openKind(page, 'Projects', /Registries/);
    expect(await page.getByRole('button', { name: /New/ }).count()).toBe(0);
    await shown(page.getByRole('columnheader', { name: 'Investor', exact: true }));
    await shown(page.getByTestId('registry-table').getByRole('cell', { name: 'Rare earths and new materials' }));
    expect(await overlaps(page)).toEqual([]);
    await screenshot(page, 'registries-list-en');
    await chooseFromUserMenu(page, '中文');
    await shown(page.getByRole('heading', { level: 1, name: '项目库' }));
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('the office adds 数字经济 to the industries: a repeated value is refused beside its field; the project form then offers it, and a leader cannot open the lists', async () => {
    // The leader of the last step may read the registries but not configure them.
    await page.goto(`${platform.baseUrl}/registries/options`);
    await shown(page.getByText('您的账号没有访问此页面的权限。'));
    expect(await page.getByRole('heading', { level: 1, name: '选项列表' }).count()).toBe(0);
    await logOut(page);
    await logIn(page, platform.baseUrl, OFFICE);
    await openMenuLink(page, '台账总览', /合作台账/);
    // Each kind with the number of records the user reads, as its list counts them.
    const projectCount = await shown(page.getByTestId('registry-count-project'));
    expect(await projectCount.textContent()).toMatch(/^[1-9][\d,]* 条$/);
    expect(await page.locator('[data-testid^="registry-count-"]').count()).toBeGreaterThan(5);
    await (await shown(page.getByRole('main').getByRole('link', { name: '选项列表' }))).click();
    await shown(page.getByRole('heading', { level: 1, name: '选项列表' }));
    // The list shown is kept in the address.
    await pick(page, '选项列表', '活动类型');
    await page.waitForURL(/list=activityType/);
    await shown(page.getByRole('heading', { level: 2, name: '活动类型' }));
    await pick(page, '选项列表', '产业领域');
    await page.waitForURL(/list=industry/);
    await shown(page.getByRole('heading', { level: 2, name: '产业领域' }));
    await shown(page.getByTestId('option-list-origin').filter({ hasText: '默认选项' }));
    const rows = page.getByTestId('option-row');
    const before = await rows.count();
    expect(before).toBeGreaterThan(5);
    expect(await page.getByLabel('第1项 中文名称').inputValue()).toBe('稀土新材料');
    expect(await page.getByLabel('第1项 取值').isDisabled()).toBe(true);

    await page.getByRole('button', { name: /添加选项/ }).click();
    const n = before + 1;
    await page.getByLabel(`第${n}项 中文名称`).fill('稀土新材料');
    await page.getByLabel(`第${n}项 英文名称`).fill('Digital economy');
    await page.getByRole('button', { name: /^保\s?存$/ }).click();
    expect(await fieldError(page, page.getByLabel(`第${n}项 取值`))).toBe('选项重复');
    await shown(page.getByTestId('option-list-origin').filter({ hasText: '默认选项' }));
    expect(await overlaps(page)).toEqual([]);
    await screenshot(page, 'registries-options');

    await page.getByLabel(`第${n}项 中文名称`).fill('数字经济');
    await page.getByRole('button', { name: /^保\s?存$/ }).click();
    await shown(page.getByTestId('option-list-origin').filter({ hasText: '本结对已自定义' }));
    await expect.poll(() => page.getByLabel(`第${n}项 取值`).inputValue(), WAIT).toBe('数字经济');
    expect(await page.getByLabel(`第${n}项 取值`).isDisabled()).toBe(true);

    // Opened within the app (no reload), the form offers the new option at once.
    // The page's way back is in the one place pages keep it.
    await page.getByTestId('page-back').filter({ hasText: '返回合作台账' }).click();
    await openKind(page, '项目库');
    await page.getByRole('button', { name: /新\s?增/ }).click();
    await shown(page.getByRole('heading', { level: 1, name: '新增项目' }));
    await pick(page, '产业领域', '数字经济', '数字');
    await shown(page.locator('.ant-select-selection-item[title="数字经济"]'));
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('the office defines an indicator over the study tours, changes it to a sum with a second filter, and removes it', async () => {
    const NAME = '赴赣研学活动场次';
    await page.goto(`${platform.baseUrl}/registries/indicators`);
    await shown(page.getByRole('heading', { level: 1, name: '合作指标' }));
    await page.getByRole('button', { name: '新增指标' }).click();
    const drawer = await shown(page.getByRole('dialog').filter({ hasText: '新增合作指标' }));
    await drawer.getByRole('button', { name: /^保\s?存$/ }).click();
    expect(await fieldError(page, drawer.getByLabel('指标名称', { exact: true }))).toBe('请填写');

    await drawer.getByLabel('指标名称', { exact: true }).fill(NAME);
    await drawer.getByLabel('计量单位', { exact: true }).fill('场');
    await drawer.getByLabel('服务方案条目', { exact: true }).fill('三');
    await pick(page, '来源台账', '交流活动');
    await drawer.getByRole('button', { name: /添加条件/ }).click();
    await pick(page, '第1个条件 字段', '活动类型');
    await drawer.getByLabel('第1个条件 取值', { exact: true }).fill('研学');
    expect(await overlaps(page)).toEqual([]);
    await screenshot(page, 'indicators-editor');
    await drawer.getByRole('button', { name: /^保\s?存$/ }).click();
    await page
      .getByRole('dialog')
      .filter({ hasText: '新增合作指标' })
      .waitFor({ state: 'hidden', ...WAIT });

    // The three study tours of this year: 研学营 (120), 第二期 (30), 第三期 (50).
    const row = page.getByTestId('indicators-table').getByRole('row').filter({ hasText: NAME });
    await expect.poll(async () => (await row.getByTestId('indicator-value').textContent()) ?? '', WAIT).toBe('3 场');
    await shown(row.getByRole('cell', { name: '第三条' }));

    await row.getByRole('button', { name: `修改 ${NAME}` }).click();
    const editor = await shown(page.getByRole('dialog').filter({ hasText: `修改指标：${NAME}` }));
    expect(await editor.getByLabel('第1个条件 取值', { exact: true }).inputValue()).toBe('研学');
    await pick(page, '汇总方式', '字段求和');
    await pick(page, '汇总字段', '参加人次');
    await editor.getByRole('button', { name: /添加条件/ }).click();
    await pick(page, '第2个条件 字段', '参加人次');
    await pick(page, '第2个条件 关系', '不小于');
    await editor.getByLabel('第2个条件 取值', { exact: true }).fill('50');
    await editor.getByRole('button', { name: /^保\s?存$/ }).click();
    await page
      .getByRole('dialog')
      .filter({ hasText: `修改指标：${NAME}` })
      .waitFor({ state: 'hidden', ...WAIT });
    await expect.poll(async () => (await row.getByTestId('indicator-value').textContent()) ?? '', WAIT).toBe('170 场');

    await row.getByRole('button', { name: `删除 ${NAME}` }).click();
    await page
      .getByRole('dialog')
      .filter({ hasText: `删除指标“${NAME}”？` })
      .getByRole('button', { name: /确认删除/ })
      .click();
    await expect.poll(() => row.count(), WAIT).toBe(0);
    await shown(page.getByTestId('indicators-table').getByRole('row').filter({ hasText: INDICATOR }));
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('the map view counts the projects per county with the list’s filters; a county’s tile opens its list', async () => {
    await registerProjects(['宁都预制菜加工项目', '宁都脐橙深加工项目'], '360730');
    await openKind(page, '项目库');
    // The segmented control's radio is hidden under its label, which takes the click.
    await page.getByRole('radio', { name: '地图' }).locator('xpath=ancestor::label[1]').click();
    await page.waitForURL(/view=map/, WAIT);
    await shown(page.getByTestId('registry-map-summary').filter({ hasText: '共 3 条记录，分布在 2 个区县' }));
    const ningdu = page.getByRole('link', { name: /^宁都 2 条 ?记录$/ }).and(page.locator('[title="宁都县：2 条记录，查看列表"]'));
    await shown(ningdu);
    await shown(page.getByRole('link', { name: /^兴国 1 条 ?记录$/ }).and(page.locator('[title="兴国县：1 条记录，查看列表"]')));
    await shown(page.getByTestId('registry-tile-360731').filter({ hasText: '无记录' }));
    // The busiest county is darkest; the legend says what each shade counts.
    const background = (testId: string) => page.getByTestId(testId).evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(await background('registry-tile-360730')).not.toBe(await background('registry-tile-360732'));
    const legend = page.getByRole('list', { name: '图例：记录数' });
    for (const text of ['1 条', '2 条', '无记录']) await shown(legend.getByText(text, { exact: true }));
    expect(await overlaps(page)).toEqual([]);
    await screenshot(page, 'registries-map');

    // The list's filters narrow the map: the farming projects are all in 宁都.
    await pick(page, '产业领域', '农业');
    await shown(page.getByTestId('registry-map-summary').filter({ hasText: '共 2 条记录，分布在 1 个区县' }));
    await shown(page.getByTestId('registry-tile-360732').filter({ hasText: '无记录' }));
    await ningdu.click();
    await page.waitForURL((url) => url.searchParams.get('locationCode') === '360730' && !url.searchParams.has('view'), WAIT);
    const rows = page.getByTestId('registry-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count(), WAIT).toBe(2);
    await shown(rows.getByRole('link', { name: '宁都脐橙深加工项目' }));
    expect(await page.getByRole('radio', { name: '列表' }).isChecked()).toBe(true);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
