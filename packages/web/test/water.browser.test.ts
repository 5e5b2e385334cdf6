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
import { logIn, logOut, settled } from './support/ui.js';

// Eco-compensation (东江水质) in a real browser against the real platform: the Ganzhou ecology
// department imports a month-by-month sample file — first one with bad rows, refused with every
// row error and nothing written, then a good one through a column mapping — and sees the
// classes, the monthly compliance, the assessment's verdict and amount, and the warning.
if (BROWSER_MISSING) {
  console.warn(`water browser tests skipped: ${CHROMIUM} not found (install it with \`apt-get install -y chromium fonts-noto-cjk\`)`);
}

const ADMIN_PASSWORD = 'Duikou#Pass2026';
const USER_PASSWORD = 'Unit#Pass2026x';
const TEXT_SELECTORS = 'a, button, label, h1, h2, h3, th, td, li, .ant-tag, .ant-descriptions-item-label, .ant-card-head-title';
const overlaps = (page: Page) => overlappingTexts(page, 'main', TEXT_SELECTORS);

const HEADER_ITEMS = 'pH,溶解氧(mg/L),高锰酸盐指数(mg/L),五日生化需氧量(mg/L),氨氮(mg/L),总磷(mg/L)';
// Class II on every item but NH3-N (DO 6.5, CODMn 3.5, BOD5 2.5, TP 0.08).
const line = (section: string, at: string, nh3n: string) => `${section},${at},7.4,6.5,3.5,2.5,${nh3n},0.08`;
const csvFile = (name: string, lines: string[]) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8') });

/** Picks an option of an antd select (without search) found by its label. */
async function pick(page: Page, label: string, option: string) {
  // antd puts an aria-label on the select's box and on its input: take the input.
  const box = page.getByLabel(label, { exact: true }).last();
  await box.locator('xpath=ancestor::div[contains(concat(" ", @class, " "), " ant-select ")][1]').click();
  const listId = await box.getAttribute('aria-controls');
  const popup = page.locator('.ant-select-dropdown').filter({ has: page.locator(`[id="${listId}"]`) });
  await settled(popup);
  await popup.locator(`.ant-select-item-option[title="${option}"]`).click();
  await expect.poll(() => popup.isVisible(), WAIT).toBe(false);
}

/** Picks an option of a searchable antd select by typing part of its name (the box takes the click, then its input the typing). */
async function search(page: Page, label: string, typed: string, option: string, multiple = false) {
  const input = page.getByLabel(label, { exact: true }).last();
  await input.locator('xpath=ancestor::div[contains(concat(" ", @class, " "), " ant-select ")][1]').click();
  await input.fill(typed);
  const listId = await input.getAttribute('aria-controls');
  const popup = page.locator('.ant-select-dropdown').filter({ has: page.locator(`[id="${listId}"]`) });
  await settled(popup);
  await popup.locator(`.ant-select-item-option[title="${option}"]`).click();
  // A multiple select stays open: Escape closes it (the select takes the key while open; once
  // closed, Escape would reach the dialog and close it, so a single select gets none).
  if (multiple) await page.keyboard.press('Escape');
  await expect.poll(() => popup.isVisible(), WAIT).toBe(false);
}

describe.skipIf(SKIP_BROWSER_TESTS)('eco-compensation water quality in Chromium against the running platform', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  let page: Page;
  let admin: ApiClient;
  let dingnanId: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!HAS_CHROMIUM) throw new Error(MISSING_CHROMIUM);
    platform = await startPlatform(ADMIN_PASSWORD);
    browser = await launchBrowser();
    page = browser.page;
    page.on('pageerror', (error) => pageErrors.push(error.message));

    admin = await apiSession(platform.baseUrl, 'admin', ADMIN_PASSWORD);
    const pair = ok(await admin.GET('/api/v1/pairs')).items[0]!;
    const unitNamed = async (name: string) => {
      const found = ok(await admin.GET('/api/v1/units', { params: { query: { pairId: pair.id, q: name } } })).items.find((u) => u.name === name);
      if (!found) throw new Error(`no unit ${name}`);
      return found;
    };
    const gzEco = await unitNamed('赣州市生态环境局');
    ok(
      await admin.POST('/api/v1/users', {
        body: {
          username: 'gz-eco',
          displayName: '赣州市生态环境局',
          unitId: gzEco.id,
          password: USER_PASSWORD,
          mustChangePassword: false,
          roles: [{ role: 'unit_reporter', scope: 'unit', pairId: pair.id, cityId: null, unitId: gzEco.id }],
        },
      }),
    );
    const gzOffice = ok(await admin.GET('/api/v1/units', { params: { query: { pairId: pair.id, type: 'coordination_office' } } })).items.find(
      (u) => u.cityId === gzEco.cityId,
    )!;
    ok(
      await admin.POST('/api/v1/users', {
        body: {
          username: 'gz-office',
          displayName: '赣州市对口办',
          unitId: gzOffice.id,
          password: USER_PASSWORD,
          mustChangePassword: false,
          roles: [{ role: 'office_admin', scope: 'all', pairId: pair.id, cityId: null, unitId: null }],
        },
      }),
    );
    // The default pair comes with its two 东江 boundary sections.
    const sections = ok(await admin.GET('/api/v1/water/sections', { params: { query: { pairId: pair.id } } })).items;
    dingnanId = sections.find((s) => s.code === 'DN-MJL')!.id;
    const xunwuSection = sections.find((s) => s.code === 'XW-XNDZ')!;
    ok(
      await admin.POST('/api/v1/water/agreements', {
        body: {
          pairId: pair.id,
          name: '东江流域上下游横向生态补偿协议',
          upstreamParty: '江西省',
          downstreamParty: '广东省',
          fromYear: 2024,
          toYear: 2026,
          upstreamAmount: '10000',
          downstreamAmount: '10000',
          sectionIds: [dingnanId, xunwuSection.id],
          rule: { kind: 'compliance', requiredMonthlyCompliancePercent: '90', amounts: { pass: '10000', fail: '0' } },
        },
      }),
    );
  });

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      await recordFailure(page, 'water', task.name);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  const storedSamples = async () =>
    ok(await admin.GET('/api/v1/water/sections/{id}/samples', { params: { path: { id: dingnanId }, query: { year: 2025 } } })).items;

  it('a file with bad rows is refused with every row error and nothing is written', async () => {
    await logIn(page, platform.baseUrl, { username: 'gz-eco', password: USER_PASSWORD });
    await page.getByRole('navigation').getByRole('link', { name: '生态补偿' }).click();
    await shown(page.getByRole('heading', { level: 1, name: '东江水质监测断面' }));
    await shown(page.getByRole('link', { name: '定南庙咀里' }));
    await page.getByRole('link', { name: '导入监测数据' }).click();
    await shown(page.getByRole('heading', { level: 1, name: '导入水质监测数据' }));

    await page
      .getByLabel('监测数据文件')
      .setInputFiles(
        csvFile('定南-有错.csv', [
          `断面编码,采样时间,${HEADER_ITEMS}`,
          line('DN-MJL', '2025-01-10', '0.3'),
          line('DN-MJL', '2025-02-10', '-0.2'),
          line('DN-MJL', '2025-01-10', '0.3'),
        ]),
      );
    await shown(page.getByText('已选择：定南-有错.csv（3 行数据）'));
    const mapping = page.getByTestId('water-mapping');
    await shown(mapping.getByRole('cell', { name: '断面编码' }));
    await page.getByRole('button', { name: /^校\s?验$/ }).click();
    await shown(page.getByTestId('import-errors-summary').getByText('发现 2 处错误'));
    const errors = page.getByTestId('import-errors');
    await shown(errors.getByRole('cell', { name: '第3行 氨氮(mg/L)：氨氮不能为负数' }));
    await shown(errors.getByRole('cell', { name: '第4行 采样时间：与第2行重复（同一断面、同一采样时间）' }));
    await shown(errors.getByRole('cell', { name: 'IMPOSSIBLE_VALUE' }));
    await shown(page.getByText('未导入任何数据。请修改文件后重新选择并校验。'));
    await errors.scrollIntoViewIfNeeded();
    expect(await overlaps(page)).toEqual([]);
    await screenshot(page, 'water-import-errors');
    expect(await storedSamples()).toEqual([]);
  });

  it('a good file, its section column mapped by hand, is previewed and imported; the section shows each class', async () => {
    const months = Array.from({ length: 12 }, (_, i) => line('DN-MJL', `2025-${String(i + 1).padStart(2, '0')}-10 09:30`, i === 5 ? '1.2' : '0.3'));
    await page.getByLabel('监测数据文件').setInputFiles(csvFile('定南-2025.csv', [`站点,采样时间,${HEADER_ITEMS}`, ...months]));
    await shown(page.getByText('已选择：定南-2025.csv（12 行数据）'));
    await pick(page, '“站点”列对应的字段', '断面（编码或名称）');
    await page.getByRole('button', { name: /^校\s?验$/ }).click();
    await shown(page.getByTestId('import-valid-summary').getByText('校验通过：共 12 条监测数据'));
    const preview = page.getByTestId('import-preview');
    await shown(preview.getByRole('row').filter({ hasText: '2025年6月10日 09:30' }).getByRole('cell', { name: 'IV类' }));
    await preview.scrollIntoViewIfNeeded();
    expect(await overlaps(page)).toEqual([]);
    await screenshot(page, 'water-import-preview');
    expect(await storedSamples()).toEqual([]);
    await page.getByRole('button', { name: /确认导入 12 条/ }).click();
    await shown(page.getByText('已导入 12 条监测数据，新增预警 1 条'));
    await shown(page.getByRole('heading', { level: 1, name: '东江水质监测断面' }));
    expect(await storedSamples()).toHaveLength(12);

    await page.getByRole('link', { name: '定南庙咀里' }).click();
    // The section by its name; its code in the title's tooltip.
    const title = page.getByRole('heading', { level: 1, name: '定南庙咀里', exact: true });
    await shown(title);
    expect(await title.locator('[data-code]').getAttribute('data-code')).toBe('DN-MJL');
    // The way back sits where every detail page has it: above the title, on its left edge.
    const back = page.getByTestId('page-back');
    expect(await back.textContent()).toBe(' 返回断面列表');
    const [backBox, titleBox] = [await back.boundingBox(), await title.boundingBox()];
    expect(backBox!.y + backBox!.height).toBeLessThanOrEqual(titleBox!.y);
    expect(Math.abs(backBox!.x - titleBox!.x)).toBeLessThan(2);
    await pick(page, '年度', '2025年');
    await shown(page.getByTestId('water-compliance').getByText('月度达标率 91.67%（11/12 个月达到III类）；年均水质：II类'));
    // Sampling times in the app's one date format; figures exact, without trailing zeros.
    const june = page.getByTestId('water-samples').getByRole('row').filter({ hasText: '2025年6月10日 09:30' });
    await shown(june.getByText('IV类 · 超标').first());
    await shown(page.getByTestId('water-samples').getByRole('row').filter({ hasText: '2025年1月10日 09:30' }).getByText('II类 · 达标'));
    await shown(page.getByRole('img', { name: /氨氮月均值：2025年1月 0.3、2025年2月 0.3、/ }));
    const monthly = page.getByRole('row').filter({ hasText: '2025年6月' }).filter({ hasText: '1.2（IV类）' });
    await shown(monthly);
    // The figure and its class stay on one line.
    expect(await monthly.getByText('1.2（IV类）').evaluate((e) => getComputedStyle(e).whiteSpace)).toBe('nowrap');
    expect(await page.locator('main').textContent()).not.toMatch(/\d\.\d*00\b|\d{4}-\d{2}-\d{2}/);
    await shown(page.getByTestId('water-warnings').getByText('2025年6月10日 氨氮 1.2 mg/L，超过III类标准限值 1.0 mg/L'));
    expect(await overlaps(page)).toEqual([]);
    await screenshot(page, 'water-section');
  });

  it('the assessment shows the verdict, the amount and the figures behind them; the warning is listed', async () => {
    await page.getByRole('link', { name: '年度考核' }).click();
    await shown(page.getByRole('heading', { level: 1, name: '东江流域生态补偿年度考核' }));
    await pick(page, '年度', '2025年');
    const row = page
      .getByTestId('water-assessments')
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: '定南庙咀里', exact: true }) });
    expect(await row.textContent()).not.toContain('DN-MJL');
    await shown(row.getByText('91.67%（11/12），要求 90%'));
    await shown(row.getByText('达标', { exact: true }));
    // Money in 万元 in every row and in the total alike.
    await shown(row.getByText('10,000万元'));
    await shown(page.getByText('合计金额：10,000万元'));
    expect(await page.getByTestId('water-assessments').textContent()).not.toContain('亿元');
    // 2025 has ended: no provisional notice.
    expect(await page.getByTestId('water-assessment-provisional').count()).toBe(0);
    await row.getByRole('button').first().click();
    const detail = page.getByRole('region', { name: '定南庙咀里 的考核过程' });
    await shown(detail.getByText('月度达标率 91.67%（11/12个月达到III类），达到要求的 90%'));
    await shown(detail.getByText('年均水质为II类，达到III类目标（决定项目：溶解氧、高锰酸盐指数、氨氮、总磷）'));
    await shown(detail.getByText('2025年6月 IV类 超标'));
    expect(await overlaps(page)).toEqual([]);
    await screenshot(page, 'water-assessment');

    await page.getByRole('link', { name: '水质预警' }).click();
    await shown(page.getByRole('heading', { level: 1, name: '水质预警' }));
    await pick(page, '年度', '2025年');
    const warning = page.getByTestId('water-warnings').getByRole('row').filter({ hasText: '定南庙咀里' });
    await shown(warning.getByText('超过目标限值'));
    await shown(warning.getByText('2025年6月10日 氨氮 1.2 mg/L，超过III类标准限值 1.0 mg/L'));
    expect(await overlaps(page)).toEqual([]);
    await screenshot(page, 'water-warnings');
    expect(pageErrors).toEqual([]);
  });

  it('a year that has not ended is assessed provisionally, and the screen says through which month', async () => {
    const pairId = ok(await admin.GET('/api/v1/pairs')).items[0]!.id;
    // The months of the platform's current year before this one (at least January), which has not ended.
    const year = new Date().getFullYear();
    const covered = Math.max(new Date().getMonth(), 1);
    const months = Array.from({ length: covered }, (_, i) => line('DN-MJL', `${year}-${String(i + 1).padStart(2, '0')}-01 09:30`, '0.3'));
    const csv = Buffer.from(`断面编码,采样时间,${HEADER_ITEMS}\r\n${months.join('\r\n')}\r\n`, 'utf8').toString('base64');
    ok(await admin.POST('/api/v1/water/samples/import', { body: { pairId, fileBase64: csv, fileName: `定南-${year}.csv` } }));
    await page.getByRole('link', { name: '年度考核' }).click();
    await shown(page.getByRole('heading', { level: 1, name: '东江流域生态补偿年度考核' }));
    await pick(page, '年度', `${year}年`);
    await shown(
      page
        .getByTestId('water-assessment-provisional')
        .getByText(new RegExp(`^${year}年度尚未结束：以下为截至${year}年${covered}月的暂定结论（按${year}年\\d+月\\d+日已有的监测数据），以全年数据为准$`)),
    );
    const row = page
      .getByTestId('water-assessments')
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: '定南庙咀里', exact: true }) });
    await shown(row.getByText('达标', { exact: true }));
    await shown(row.getByText('暂定', { exact: true }));
    expect(await overlaps(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('the office adds a section (a taken code is refused beside its field) and sees the agreement with its rule', async () => {
    await logOut(page);
    await logIn(page, platform.baseUrl, { username: 'gz-office', password: USER_PASSWORD });
    await page.getByRole('navigation').getByRole('link', { name: '生态补偿' }).click();
    await shown(page.getByRole('heading', { level: 1, name: '东江水质监测断面' }));
    await page.getByRole('button', { name: /新增断面/ }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: '新增断面' });
    await shown(dialog);
    await dialog.getByLabel('断面编码').fill('DN-MJL');
    await dialog.getByLabel('断面名称').fill('安远三百山东江源');
    await dialog.getByLabel('河流', { exact: true }).fill('东江源');
    await pick(page, '所在城市', '赣州市');
    await search(page, '所在区县', '安远', '安远县');
    await search(page, '负责部门（接收预警）', '赣州市生态', '赣州市生态环境局', true);
    await search(page, '负责部门（接收预警）', '深圳市生态', '深圳市生态环境局', true);
    await dialog.getByRole('button', { name: /^保\s?存$/ }).click();
    await shown(dialog.getByText('本结对已有相同编码的断面'));
    expect(await overlaps(page)).toEqual([]);
    await screenshot(page, 'water-section-form');
    await dialog.getByLabel('断面编码').fill('AY-SBS');
    await dialog.getByRole('button', { name: /^保\s?存$/ }).click();
    await dialog.waitFor({ state: 'hidden', ...WAIT });
    await shown(page.getByRole('row').filter({ hasText: 'AY-SBS' }).getByText('安远三百山东江源'));

    // The office corrects the river on the section's page.
    await page.getByRole('link', { name: '安远三百山东江源' }).click();
    const added = page.getByRole('heading', { level: 1, name: '安远三百山东江源', exact: true });
    await shown(added);
    expect(await added.locator('[data-code]').getAttribute('data-code')).toBe('AY-SBS');
    await page.getByRole('button', { name: /修改断面/ }).click();
    const edit = page.getByRole('dialog').filter({ hasText: '修改断面' });
    await shown(edit);
    await expect.poll(() => edit.getByLabel('断面编码').inputValue(), WAIT).toBe('AY-SBS');
    await edit.getByLabel('河流', { exact: true }).fill('东江源（三百山）');
    await edit.getByRole('button', { name: /^保\s?存$/ }).click();
    await edit.waitFor({ state: 'hidden', ...WAIT });
    await shown(page.locator('.ant-descriptions-item').filter({ hasText: '河流' }).getByText('东江源（三百山）'));

    await page.getByRole('link', { name: '补偿协议' }).click();
    await shown(page.getByRole('heading', { level: 1, name: '生态补偿协议' }));
    const agreement = page.getByRole('row').filter({ hasText: '东江流域上下游横向生态补偿协议' });
    await shown(agreement.getByText('达标率 ≥ 90%且年均达标；达标 10,000万元，未达标 0万元'));
    await shown(agreement.getByText('20,000万元'));
    expect(await overlaps(page)).toEqual([]);
    await screenshot(page, 'water-agreements');
    expect(pageErrors).toEqual([]);
  });
});
