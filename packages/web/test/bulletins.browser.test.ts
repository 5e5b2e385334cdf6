import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
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
  recordFailure,
  SKIP_BROWSER_TESTS,
  screenshot,
  shown,
  WAIT,
} from './support/browser.js';
import { type RunningPlatform, startPlatform } from './support/platform.js';

// 情况通报 in a real browser against the real platform: the Ganzhou office picks the city and a
// quarter, previews the figures (each a link to the supervision list filtered to its items; the
// supervision routes are being rewritten, so the platform has no items here and the API test
// counts them), makes a draft, publishes it and downloads it as Word; the county then finds it.
if (BROWSER_MISSING) {
  console.warn(`bulletin browser tests skipped: ${CHROMIUM} not found (install it with \`apt-get install -y chromium fonts-noto-cjk\`)`);
}

const ADMIN_PASSWORD = 'Duikou#Pass2026';
const USER_PASSWORD = 'Unit#Pass2026x';

const button = (page: Page, text: string) => page.locator('button:visible').filter({ hasText: new RegExp(`^\\s*${[...text].join('\\s?')}\\s*$`) });
const openDropdownOption = (page: Page, text: string) =>
  page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: text }).first();

async function choose(page: Page, label: string, option: string) {
  const input = page.getByLabel(label, { exact: true }).last();
  await input.locator('xpath=ancestor::div[contains(concat(" ", @class, " "), " ant-select ")][1]').click();
  await (await shown(openDropdownOption(page, option))).click();
}

/** Today in China as YYYY-MM-DD (the tests run with TZ=Asia/Shanghai). */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

async function login(page: Page, baseUrl: string, username: string) {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(USER_PASSWORD);
  await button(page, '登录').click();
  await shown(page.getByRole('navigation').getByRole('link', { name: '督办' }));
}

/** 情况通报 opens from the 督办 page, beside 领导批示 and 单位考评. */
async function openBulletins(page: Page) {
  await page.getByRole('navigation').getByRole('link', { name: '督办', exact: true }).click();
  await page.getByRole('button', { name: /情况通报/ }).click();
}

describe.skipIf(SKIP_BROWSER_TESTS)('supervision bulletins in Chromium against the running platform', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  let page: Page;
  let cityId: string;
  let bulletinUrl: string;
  const year = Number(today().slice(0, 4));
  const quarter = Math.ceil(Number(today().slice(5, 7)) / 3);
  const title = `督办工作情况通报（${year}年第1期）`;

  beforeAll(async () => {
    if (!HAS_CHROMIUM) throw new Error(MISSING_CHROMIUM);
    platform = await startPlatform(ADMIN_PASSWORD, { defaultPlan: false });
    browser = await launchBrowser();
    page = browser.page;
    const admin = await apiSession(platform.baseUrl, 'admin', ADMIN_PASSWORD);
    const pair = ok(await admin.GET('/api/v1/pairs')).items[0]!;
    const unitNamed = async (name: string) => {
      const found = ok(await admin.GET('/api/v1/units', { params: { query: { pairId: pair.id, q: name } } })).items.find((u) => u.name === name);
      if (!found) throw new Error(`no unit ${name}`);
      return found;
    };
    const xingguo = await unitNamed('兴国县');
    const office = ok(await admin.GET('/api/v1/units', { params: { query: { pairId: pair.id, type: 'coordination_office' } } })).items.find(
      (u) => u.cityId === xingguo.cityId,
    )!;
    const user = (username: string, unitId: string, role: Record<string, unknown>) =>
      admin.POST('/api/v1/users', {
        body: { username, displayName: username, unitId, password: USER_PASSWORD, mustChangePassword: false, roles: [role as never] },
      });
    ok(await user('gz-office', office.id, { role: 'office_admin', scope: 'city', pairId: pair.id, cityId: xingguo.cityId, unitId: null }));
    ok(await user('xg-reporter', xingguo.id, { role: 'unit_reporter', scope: 'unit', pairId: pair.id, cityId: null, unitId: xingguo.id }));
    cityId = xingguo.cityId;
  });

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      await recordFailure(page, 'bulletins', task.name);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it('the office previews a quarter of Ganzhou: the figures, each linking to the filtered supervision list', async () => {
    await login(page, platform.baseUrl, 'gz-office');
    await openBulletins(page);
    await shown(page.getByRole('heading', { level: 1, name: '督办情况通报' }));
    await shown(page.getByText('暂无情况通报'));
    await choose(page, '城市', '赣州市');
    await page.getByText('季度', { exact: true }).first().click();
    await choose(page, '年度', `${year}年`);
    await choose(page, '季度', `第${['一', '二', '三', '四'][quarter - 1]}季度`);
    const previewed = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/bulletins/preview', WAIT);
    await button(page, '预览').click();
    expect((await previewed).status()).toBe(200);
    const preview = page.getByTestId('bulletin-preview');
    await shown(preview.getByRole('cell', { name: '合计' }));
    await shown(preview.getByText('一、总体情况'));
    await shown(preview.getByText(/赣州市本期共交办督办事项0件/));
    // The city's figure links to the city's items (a unit's, with its unitId: bulletins.routes.test.ts counts them).
    const link = preview.getByTestId('figure-raised-total');
    const href = new URL((await link.getAttribute('href'))!, platform.baseUrl);
    const from = `${year}-${String((quarter - 1) * 3 + 1).padStart(2, '0')}-01`;
    expect(href.pathname).toBe('/supervision');
    expect(Object.fromEntries(href.searchParams)).toMatchObject({ cityId, event: 'raised', from });
    expect(href.searchParams.get('to')!.startsWith(`${year}-${String(quarter * 3).padStart(2, '0')}-`)).toBe(true);
    await screenshot(page, 'bulletins-preview');
  });

  it('makes a draft, publishes it and downloads it as Word', async () => {
    await button(page, '生成草稿').click();
    await shown(page.getByRole('heading', { level: 1, name: `赣州市${title}` }));
    bulletinUrl = page.url();
    await expect.poll(() => page.getByTestId('bulletin-status').textContent(), WAIT).toBe('草稿');
    await button(page, '发布').click();
    const published = page.waitForResponse((r) => r.url().endsWith('/publish'), WAIT);
    await page
      .locator('.ant-modal-confirm')
      .getByRole('button', { name: /发\s?布/ })
      .click();
    expect((await published).status()).toBe(200);
    await expect.poll(() => page.getByTestId('bulletin-status').textContent(), WAIT).toBe('已发布');
    await expect.poll(() => button(page, '发布').count(), WAIT).toBe(0);

    const [download] = await Promise.all([page.waitForEvent('download', WAIT), page.getByRole('button', { name: /下载 Word/ }).click()]);
    expect(download.suggestedFilename()).toBe(`赣州市${title}.docx`);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'duikou-bulletin-')), 'bulletin.docx');
    await download.saveAs(file);
    const xml = await (await JSZip.loadAsync(fs.readFileSync(file))).file('word/document.xml')!.async('string');
    const text = xml.replace(/<[^>]+>/g, '');
    for (const expected of ['督办工作情况通报', `${year}年第1期`, '赣州市对口合作工作领导小组办公室', '合计', '一、总体情况', '四、下步工作'])
      expect(text).toContain(expected);
  });

  it('the county finds the published bulletin and its notice', async () => {
    await page.context().clearCookies();
    await login(page, platform.baseUrl, 'xg-reporter');
    await openBulletins(page);
    await (await shown(page.getByRole('link', { name: title }))).click();
    await expect.poll(() => page.url(), WAIT).toBe(bulletinUrl);
    await expect.poll(() => page.getByTestId('bulletin-status').textContent(), WAIT).toBe('已发布');
    expect(await button(page, '发布').count()).toBe(0);
    await page.goto(`${platform.baseUrl}/notifications`);
    await shown(page.getByText(`情况通报：${title}`));
  });
});
