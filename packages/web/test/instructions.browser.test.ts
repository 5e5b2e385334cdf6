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

// Leader instructions (领导批示) in a real browser against the real platform: the office opens them
// from the supervision items, records one with its document attached, lands on its page (the
// instruction, the document, no items yet, 据此交办) and finds it in the list.
if (BROWSER_MISSING) {
  console.warn(
    `instruction browser tests skipped: ${CHROMIUM} not found (install it with \`apt-get install -y chromium fonts-noto-cjk\`; under CI they fail instead)`,
  );
}

const ADMIN_PASSWORD = 'Duikou#Pass2026';
const USER_PASSWORD = 'Unit#Pass2026x';
const TEXT_SELECTORS = 'a, button, label, h1, h2, h3, th, td, li, .ant-tag, .ant-descriptions-item-label, .ant-card-head-title';

const LEADER = '李市长';
const CONTENT = '请市合作办牵头，督促兴国县加快红色研学线路建设，每月报告进展。';
const DOCUMENT = '关于深赣红色研学合作情况的报告（赣市合作办〔2026〕5号）';
const FILE_NAME = '市领导批示件.pdf';

// By the text the user sees (antd spaces two-character labels: 保 存).
const button = (page: Page, text: string) => page.locator('button:visible').filter({ hasText: new RegExp(`^\\s*${[...text].join('\\s?')}\\s*$`) });
const openDropdownOption = (page: Page, text: string) =>
  page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: text }).first();

describe.skipIf(SKIP_BROWSER_TESTS)('leader instructions in Chromium against the running platform', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!HAS_CHROMIUM) throw new Error(MISSING_CHROMIUM);
    platform = await startPlatform(ADMIN_PASSWORD, { defaultPlan: false });
    browser = await launchBrowser();
    page = browser.page;
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const admin = await apiSession(platform.baseUrl, 'admin', ADMIN_PASSWORD);
    const pair = ok(await admin.GET('/api/v1/pairs')).items[0]!;
    const offices = ok(await admin.GET('/api/v1/units', { params: { query: { pairId: pair.id, type: 'coordination_office' } } })).items;
    const ganzhou = pair.cities.find((c) => c.name === '赣州市')!;
    ok(
      await admin.POST('/api/v1/users', {
        body: {
          username: 'gz-office',
          displayName: '赣州市对口办',
          unitId: offices.find((u) => u.cityId === ganzhou.id)!.id,
          password: USER_PASSWORD,
          mustChangePassword: false,
          roles: [{ role: 'office_admin', scope: 'all', pairId: pair.id, cityId: null, unitId: null }],
        },
      }),
    );
  });

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      await recordFailure(page, 'instructions', task.name);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it('the office records an instruction with its document and sees it on its page and in the list', async () => {
    await page.goto(`${platform.baseUrl}/login`);
    await page.getByLabel('用户名').fill('gz-office');
    await page.getByLabel('密码', { exact: true }).fill(USER_PASSWORD);
    await button(page, '登录').click();
    await page.getByRole('navigation').getByRole('link', { name: '督办' }).click();
    await shown(page.getByRole('heading', { level: 1, name: '督办事项' }));
    await page.getByRole('button', { name: /领导批示/ }).click();
    await shown(page.getByRole('heading', { level: 1, name: '领导批示' }));
    await shown(page.getByText('暂无领导批示'));

    await page.getByRole('button', { name: /录入批示/ }).click();
    const drawer = page.locator('.ant-drawer-content');
    await shown(drawer.getByText('录入领导批示'));
    // A pair-wide office chooses the city; the date starts at today.
    await drawer.getByLabel('批示领导所在城市').locator('xpath=ancestor::div[contains(concat(" ", @class, " "), " ant-select ")][1]').click();
    await (await shown(openDropdownOption(page, '赣州市'))).click();
    await drawer.getByLabel('批示领导', { exact: true }).fill(LEADER);
    expect(await drawer.getByLabel('批示日期').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await drawer.getByLabel('批示内容').fill(CONTENT);
    await drawer.getByLabel('批示文件').fill(DOCUMENT);

    // Choosing the file saves the instruction first, then uploads the file to it.
    const created = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/instructions' && r.request().method() === 'POST', WAIT);
    const uploaded = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/attachments' && r.request().method() === 'POST', WAIT);
    await drawer.locator('input[type="file"]').setInputFiles({ name: FILE_NAME, mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 批示件') });
    expect((await created).status()).toBe(201);
    const id = ((await (await created).json()) as { id: string }).id;
    expect((await uploaded).status()).toBe(201);
    await shown(drawer.getByTestId('attachment-name').filter({ hasText: FILE_NAME }));
    await shown(drawer.getByText('修改领导批示'));
    expect(await overlappingTexts(page, '.ant-drawer-content', TEXT_SELECTORS)).toEqual([]);
    await screenshot(page, 'instructions-form');

    // 保存 keeps what was saved (one instruction, not two) and opens its page.
    const saved = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1/instructions/${id}` && r.request().method() === 'PATCH', WAIT);
    await button(page, '保存').click();
    expect((await saved).status()).toBe(200);
    await page.waitForURL(`**/supervision/instructions/${id}`, WAIT);
    await shown(page.getByRole('heading', { level: 1, name: new RegExp(`${LEADER}批示`) }));
    expect(await page.getByTestId('instruction-content').textContent()).toBe(CONTENT);
    await shown(page.getByText(DOCUMENT));
    await shown(page.getByTestId('attachment-name').filter({ hasText: FILE_NAME }));
    await shown(page.getByTestId('instruction-item-counts').filter({ hasText: '尚未据此交办督办事项' }));
    await shown(page.getByRole('button', { name: /据此交办/ }));
    expect(await overlappingTexts(page, 'main', TEXT_SELECTORS)).toEqual([]);
    await screenshot(page, 'instructions-detail');

    // The document downloads as it was uploaded.
    const [download] = await Promise.all([page.waitForEvent('download', WAIT), page.getByRole('button', { name: `下载附件：${FILE_NAME}` }).click()]);
    expect(download.suggestedFilename()).toBe(FILE_NAME);

    // 据此交办 opens the supervision create form with the instruction as its source.
    await page.getByRole('button', { name: /据此交办/ }).click();
    await page.waitForURL((url) => url.pathname === '/supervision/new' && url.searchParams.get('instructionId') === id, WAIT);
    await shown(page.getByTestId('supervision-create-source').getByText('据此交办：领导批示'));

    await page.goto(`${platform.baseUrl}/supervision/instructions`);
    const row = page.getByTestId('instructions-table').locator('tbody tr').filter({ hasText: LEADER });
    await shown(row);
    expect(await row.count()).toBe(1);
    await shown(row.getByText('赣州市', { exact: false }));
    await shown(row.getByText(DOCUMENT));
    await shown(row.getByText('0 项（未办结 0 项）'));
    // The list's search finds it by its document.
    await page.getByRole('searchbox', { name: /搜索/ }).fill('5号');
    await page.getByRole('searchbox', { name: /搜索/ }).press('Enter');
    await shown(page.getByTestId('instructions-table').locator('tbody tr').filter({ hasText: LEADER }));
    await page.getByRole('searchbox', { name: /搜索/ }).fill('没有这个批示');
    await page.getByRole('searchbox', { name: /搜索/ }).press('Enter');
    await shown(page.getByText('没有符合条件的领导批示'));
    await page.getByRole('searchbox', { name: /搜索/ }).fill('');
    await page.getByRole('searchbox', { name: /搜索/ }).press('Enter');
    await page
      .getByTestId('instructions-table')
      .getByRole('link', { name: new RegExp(LEADER) })
      .click();
    await page.waitForURL(`**/supervision/instructions/${id}`, WAIT);
    expect(pageErrors).toEqual([]);
  });
});
