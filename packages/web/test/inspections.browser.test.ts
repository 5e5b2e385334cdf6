import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
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
import { chinaDate, logIn, logOut, typeDate } from './support/ui.js';

// Double-random inspections (双随机检查) in a real browser against the real platform: the office
// imports the entities register from .xlsx (a bad file first), creates a plan, fixes the lists,
// runs the draw and sees the teams, records findings, publishes; then, logged out, the public page
// shows the inputs and digests and re-verifies the draw.
if (BROWSER_MISSING) {
  console.warn(`inspection browser tests skipped: ${CHROMIUM} not found (install it with \`apt-get install -y chromium fonts-noto-cjk\`)`);
}

const ADMIN_PASSWORD = 'Duikou#Pass2026';
const USER_PASSWORD = 'Unit#Pass2026x';
const TEXT_SELECTORS = 'a, button, label, h1, h2, h3, th, td, li, .ant-tag, .ant-descriptions-item-label, .ant-card-head-title';
const overlaps = (page: Page) => overlappingTexts(page, 'main', TEXT_SELECTORS);
const PLAN_TITLE = '2026年深赣合作园双随机抽查';
const FIXED_VALUE = '福彩3D 第2026055期 385';
const HEADERS = ['统一社会信用代码*', '主体名称*', '信用等级*', '行业*', '所在地*', '关联单位'];
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** A valid 统一社会信用代码 (GB 32100-2015 check character) from its first 17 characters. */
function creditCode(n: number): string {
  const first17 = `91360700MA35${String(n).padStart(5, '0')}`;
  const sum = [...first17].reduce((total, ch, i) => total + ALPHABET.indexOf(ch) * WEIGHTS[i]!, 0);
  return `${first17}${ALPHABET[(31 - (sum % 31)) % 31]}`;
}

async function workbookFile(dir: string, name: string, rows: (string | null)[][]): Promise<string> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('检查对象名录');
  sheet.addRow(HEADERS);
  for (const row of rows) sheet.addRow(row);
  const file = path.join(dir, name);
  fs.writeFileSync(file, Buffer.from(await book.xlsx.writeBuffer()));
  return file;
}

describe.skipIf(SKIP_BROWSER_TESTS)('double-random inspections in Chromium against the running platform', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  let page: Page;
  let dir: string;
  let planUrl = '';
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!HAS_CHROMIUM) throw new Error(MISSING_CHROMIUM);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duikou-inspections-'));
    platform = await startPlatform(ADMIN_PASSWORD);
    browser = await launchBrowser();
    page = browser.page;
    page.on('pageerror', (error) => pageErrors.push(error.message));

    const admin = await apiSession(platform.baseUrl, 'admin', ADMIN_PASSWORD);
    const pair = ok(await admin.GET('/api/v1/pairs')).items[0]!;
    const ganzhou = pair.cities.find((c) => c.name === '赣州市')!;
    const unitNamed = async (name: string) => {
      const found = ok(await admin.GET('/api/v1/units', { params: { query: { pairId: pair.id, q: name } } })).items.find((u) => u.name === name);
      if (!found) throw new Error(`no unit ${name}`);
      return found;
    };
    const office = ok(await admin.GET('/api/v1/units', { params: { query: { pairId: pair.id, type: 'coordination_office' } } })).items.find(
      (u) => u.cityId === ganzhou.id,
    )!;
    ok(
      await admin.POST('/api/v1/users', {
        body: {
          username: 'gz-office',
          displayName: '赣州市对口办',
          unitId: office.id,
          password: USER_PASSWORD,
          mustChangePassword: false,
          roles: [{ role: 'office_admin', scope: 'city', pairId: pair.id, cityId: ganzhou.id, unitId: null }],
        },
      }),
    );
    // The inspectors register, through the API (its import is covered by the API tests).
    const amr = await unitNamed('赣州市市场监督管理局');
    const xingguo = await unitNamed('兴国县');
    for (const [badgeNo, name, unit] of [
      ['GZ-0001', '张明', amr],
      ['GZ-0002', '李华', amr],
      ['GZ-0003', '王强', xingguo],
      ['GZ-0004', '赵丽', xingguo],
    ] as const) {
      ok(await admin.POST('/api/v1/inspections/inspectors', { body: { pairId: pair.id, cityId: ganzhou.id, badgeNo, name, unitId: unit.id } }));
    }
  });

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      await recordFailure(page, 'inspections', task.name);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }, 180_000);

  it('the office imports the entities register from .xlsx: a bad file lists its row errors and imports nothing, a good one fills the register', async () => {
    await logIn(page, platform.baseUrl, { username: 'gz-office', password: USER_PASSWORD });
    await page.getByRole('navigation').getByRole('link', { name: '双随机检查' }).click();
    await shown(page.getByRole('heading', { level: 1, name: '双随机检查' }));
    await page.getByRole('tab', { name: '检查对象名录' }).click();
    await shown(page.getByText('名录中暂无检查对象'));

    const grades = ['A', 'A', 'B', 'B', 'C', 'C', 'D', 'D'];
    const rows = grades.map((grade, i) => [
      creditCode(i + 1),
      `赣州深赣园企业${i + 1}有限公司`,
      grade,
      '电子信息',
      '赣州深赣合作园',
      i === 0 ? '兴国县' : null,
    ]);
    const bad = await workbookFile(dir, 'bad.xlsx', [...rows, [creditCode(1), '重复企业', 'A', '电子信息', '园区', null]]);
    await page.getByTestId('entities-import-file').setInputFiles(bad);
    const errors = await shown(page.getByTestId('import-errors'));
    await expect.poll(() => errors.textContent(), WAIT).toContain('导入文件有 1 处错误，未导入任何数据');
    expect(await errors.textContent()).toContain('第10行 统一社会信用代码：与第2行重复');
    await shown(page.getByText('名录中暂无检查对象'));

    await page.getByTestId('entities-import-file').setInputFiles(await workbookFile(dir, 'good.xlsx', rows));
    await shown(page.getByText('已导入 8 条'));
    await shown(page.getByRole('cell', { name: '赣州深赣园企业8有限公司' }));
    await expect.poll(() => page.getByTestId('import-errors').count(), WAIT).toBe(0);
    expect(await overlaps(page)).toEqual([]);
    await screenshot(page, 'inspections-entities');
  }, 180_000);

  it('creates a plan with per-grade ratios, fixes the lists, runs the draw and sees the teams', async () => {
    await page.getByRole('tab', { name: '检查计划' }).click();
    await page.getByRole('button', { name: /新建检查计划/ }).click();
    const dialog = await shown(page.getByRole('dialog').filter({ hasText: '新建检查计划' }));
    await dialog.getByLabel('计划名称').fill(PLAN_TITLE);
    for (const grade of ['A', 'B', 'C', 'D']) await dialog.getByLabel(`${grade} 级抽取比例（%）`).fill('50');
    await dialog.getByLabel('每组执法人员数').fill('2');
    expect(await overlappingTexts(page, '.ant-modal', 'label, .ant-modal-footer button')).toEqual([]);
    await screenshot(page, 'inspections-plan-form');
    await dialog.getByRole('button', { name: /^创\s?建$/ }).click();
    await shown(page.getByRole('heading', { level: 1, name: PLAN_TITLE }));
    planUrl = page.url();
    await shown(page.getByText('草稿'));

    await page.getByLabel('公开固定值（可选，如彩票开奖号码）').fill(FIXED_VALUE);
    await page.getByRole('button', { name: '固定名录' }).click();
    await shown(page.getByText('抽取后公开'));
    const entitiesDigest = page.getByRole('row').filter({ hasText: '检查对象名录摘要' }).locator('code');
    await expect.poll(() => entitiesDigest.textContent(), WAIT).toMatch(/^[0-9a-f]{64}$/);

    await page.getByRole('button', { name: /^抽\s?取$/ }).click();
    await shown(page.getByText('抽取完成'));
    // 50 % of each grade of two: one entity per grade, a team of two each.
    const teams = page.getByTestId('team');
    await expect.poll(() => teams.count(), WAIT).toBe(4);
    for (const team of await teams.all()) expect((await team.textContent())?.split('、')).toHaveLength(2);
    await shown(page.getByText(FIXED_VALUE));
    expect(await overlaps(page)).toEqual([]);
    await screenshot(page, 'inspections-draw');
  }, 180_000);

  it('records the findings of an inspection and publishes the plan', async () => {
    const offered = await page.getByRole('button', { name: '录入结果' }).count();
    await page.getByRole('button', { name: '录入结果' }).first().click();
    const dialog = await shown(page.getByRole('dialog').filter({ hasText: '录入检查结果' }));
    await dialog.getByLabel('检查结论').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: '责令整改' }).click();
    await dialog.getByLabel('检查情况').fill('安全生产台账不全，责令 15 日内整改');
    await typeDate(dialog.getByLabel('检查日期'), chinaDate());
    await dialog.getByRole('button', { name: /^保\s?存$/ }).click();
    await shown(page.getByText('检查结果已保存'));
    await dialog.waitFor({ state: 'hidden', ...WAIT });
    const recorded = page.getByRole('row').filter({ hasText: '安全生产台账不全，责令 15 日内整改' });
    await shown(recorded);
    // Recorded once: the inspection no longer offers 录入结果, the others still do.
    await expect.poll(() => page.getByRole('button', { name: '录入结果' }).count(), WAIT).toBe(offered - 1);
    expect(await recorded.getByRole('button', { name: '录入结果' }).count()).toBe(0);
    // Findings that call for action (责令整改) offer the office 发起督办, with the inspection as the item's source.
    const raise = await shown(recorded.getByRole('link', { name: '发起督办' }));
    expect(new URL((await raise.getAttribute('href'))!, platform.baseUrl).searchParams.get('inspectionId')).toMatch(/^[0-9a-f-]{36}$/);

    const publish = page.locator('button:visible').filter({ hasText: /^\s*公\s?开\s*$/ });
    await publish.waitFor({ state: 'visible', ...WAIT }).catch(async (cause: Error) => {
      throw new Error(`no 公开 button; the buttons are ${JSON.stringify(await page.getByRole('button').allInnerTexts())} (${cause.message})`);
    });
    await publish.click();
    await shown(page.getByRole('link', { name: '查看公开页面' }));
  }, 180_000);

  it('logged out, the public page shows the inputs, digests and result, and 重新验证 finds the draw identical', async () => {
    const planId = planUrl.split('/').pop()!;
    await logOut(page);
    await page.goto(`${platform.baseUrl}/public/inspections/${planId}`);
    await shown(page.getByRole('heading', { level: 1, name: PLAN_TITLE }));
    await shown(page.getByText('双随机抽查公示'));
    await shown(page.getByText(FIXED_VALUE));
    await shown(page.getByText('A 级：2 户 × 50% → 抽取 1 户'));
    await shown(page.getByText('安全生产台账不全，责令 15 日内整改'));
    await page.getByRole('button', { name: '重新验证' }).click();
    const verification = await shown(page.getByTestId('verification'));
    await expect.poll(() => verification.textContent(), WAIT).toContain('验证一致：重新抽取的结果与公布结果完全相同');
    expect(await verification.textContent()).toContain('固定值与事先公布的 SHA-256 承诺一致');
    expect(await overlaps(page)).toEqual([]);
    await screenshot(page, 'inspections-public');
  }, 180_000);

  it('a draw whose teams cannot be formed shows each entity and why, and stores nothing', async () => {
    await logIn(page, platform.baseUrl, { username: 'gz-office', password: USER_PASSWORD });
    await page.goto(`${platform.baseUrl}/inspections?tab=plans`);
    await page.getByRole('button', { name: /新建检查计划/ }).click();
    const dialog = await shown(page.getByRole('dialog').filter({ hasText: '新建检查计划' }));
    await dialog.getByLabel('计划名称').fill('特种设备专项抽查');
    await dialog.getByLabel('必备执法资格').fill('特种设备检验');
    await dialog.getByRole('button', { name: /^创\s?建$/ }).click();
    await shown(page.getByRole('heading', { level: 1, name: '特种设备专项抽查' }));
    await page.getByRole('button', { name: '固定名录' }).click();
    await shown(page.getByRole('button', { name: /^抽\s?取$/ }));
    await page.getByRole('button', { name: /^抽\s?取$/ }).click();
    const problems = await shown(page.getByTestId('draw-problems'));
    await expect.poll(() => problems.textContent(), WAIT).toContain('抽取无法完成，未保存任何结果');
    // Default ratios draw one entity per grade; none can be staffed: no inspector holds the qualification.
    await expect.poll(() => problems.locator('li').count(), WAIT).toBe(4);
    const first = (await problems.locator('li').first().textContent()) ?? '';
    expect(first).toMatch(/^主体“赣州深赣园企业\d有限公司”（E\d+）无法组成 2 人检查组/);
    expect(first).toContain('不具备“特种设备检验”资格排除 4 名');
    await shown(page.getByText('名录已固定'));
    await expect.poll(() => page.getByTestId('team').count(), WAIT).toBe(0);
    expect(await overlaps(page)).toEqual([]);
    await screenshot(page, 'inspections-draw-problems');
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
