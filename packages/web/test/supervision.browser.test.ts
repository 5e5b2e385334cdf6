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
  VIEWPORT,
  WAIT,
} from './support/browser.js';
import { type RunningPlatform, startPlatform } from './support/platform.js';
import { chinaDate, logIn, logOut, typeDate } from './support/ui.js';

// The 督办 loop in a real browser (issue 15): the county signs and asks for more time on a phone,
// the office approves it from its 延期审批 queue and chases; the county applies to close, the
// office returns it; the office widens the warning window and the item turns 临期.
if (BROWSER_MISSING) {
  console.warn(
    `supervision browser tests skipped: ${CHROMIUM} not found (install it with \`apt-get install -y chromium fonts-noto-cjk\`; under CI they fail instead)`,
  );
}

const ADMIN_PASSWORD = 'Duikou#Pass2026';
const USER_PASSWORD = 'Unit#Pass2026x';
const OFFICE = { username: 'gz-office', password: USER_PASSWORD };
const COUNTY = { username: 'xingguo', password: USER_PASSWORD };
const PHONE = { width: 375, height: 812 };
const REQUIREMENT = '请兴国县报送红色研学基地建设推进计划';
const DEADLINE_DAYS = 12;

const dialogButton = (page: Page, title: RegExp | string) =>
  page
    .getByRole('dialog')
    .filter({ hasText: title })
    .getByRole('button', { name: /^确\s?定$/ });
// A queue of the list: antd's Segmented draws each option as a label over a hidden radio.
const chooseQueue = (page: Page, name: string) => page.locator('.ant-segmented-item').filter({ hasText: name }).click();
const noSidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

describe.skipIf(SKIP_BROWSER_TESTS)('the 督办 loop in Chromium against the running platform', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  let page: Page;
  let itemUrl: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!HAS_CHROMIUM) throw new Error(MISSING_CHROMIUM);
    platform = await startPlatform(ADMIN_PASSWORD, { defaultPlan: false });
    browser = await launchBrowser();
    page = browser.page;
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const admin = await apiSession(platform.baseUrl, 'admin', ADMIN_PASSWORD);
    const pair = ok(await admin.GET('/api/v1/pairs')).items[0]!;
    const units = ok(await admin.GET('/api/v1/units', { params: { query: { pairId: pair.id, pageSize: 200 } } })).items;
    const ganzhou = pair.cities.find((c) => c.name === '赣州市')!;
    const office = units.find((u) => u.cityId === ganzhou.id && u.type === 'coordination_office')!;
    const xingguo = units.find((u) => u.name === '兴国县')!;
    for (const [user, unitId, role] of [
      [OFFICE, office.id, { role: 'office_admin' as const, scope: 'all' as const, pairId: pair.id, cityId: null, unitId: null }],
      [COUNTY, xingguo.id, { role: 'unit_reporter' as const, scope: 'unit' as const, pairId: pair.id, cityId: null, unitId: xingguo.id }],
    ] as const) {
      ok(
        await admin.POST('/api/v1/users', {
          body: {
            username: user.username,
            displayName: user.username === 'xingguo' ? '兴国县填报员' : '赣州市合作办',
            unitId,
            password: USER_PASSWORD,
            mustChangePassword: false,
            roles: [role],
          },
        }),
      );
    }
    const officeApi = await apiSession(platform.baseUrl, OFFICE.username, USER_PASSWORD);
    const item = ok(
      await officeApi.POST('/api/v1/supervision', { body: { unitId: xingguo.id, requirement: REQUIREMENT, deadline: chinaDate(DEADLINE_DAYS) } }),
    );
    itemUrl = `/supervision/${item.id}`;
  });

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      await recordFailure(page, 'supervision', task.name);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it('on a phone, the county finds the item in 待签收, signs it and asks for more time', async () => {
    await logIn(page, platform.baseUrl, COUNTY);
    await page.setViewportSize(PHONE);
    await page.goto(`${platform.baseUrl}/supervision`);
    await shown(page.getByRole('heading', { level: 1, name: '督办事项' }));
    // The unit's queue opens on what it must do first.
    await chooseQueue(page, '待签收');
    const rows = page.getByTestId('supervision-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count(), WAIT).toBe(1);
    expect(await noSidewaysScroll(page)).toBe(true);
    await screenshot(page, 'supervision-queue-phone');
    await rows.getByRole('link', { name: REQUIREMENT }).click();
    await page.waitForURL(`**${itemUrl}`);
    await shown(page.getByTestId('supervision-status').getByText('待签收'));
    const actions = page.getByTestId('supervision-actions');
    await actions.getByRole('button', { name: /^签\s?收$/ }).click();
    await dialogButton(page, '签收后即进入办理').click();
    await shown(page.getByTestId('supervision-status').getByText('办理中'));

    await actions.getByRole('button', { name: '申请延期' }).click();
    const ask = page.getByRole('dialog').filter({ hasText: '延期理由' });
    await ask.getByRole('button', { name: /^确\s?定$/ }).click();
    await shown(ask.getByText('请填写延期理由'));
    await ask.getByLabel('延期理由').fill('汛期施工受阻，需顺延两周');
    await typeDate(ask.getByLabel('申请延至'), chinaDate(DEADLINE_DAYS + 14));
    await ask.getByRole('button', { name: /^确\s?定$/ }).click();
    await shown(page.getByTestId('supervision-pending-extension').getByText(/汛期施工受阻/));
    // Asked once: no second request while it waits.
    expect(await actions.getByRole('button', { name: '申请延期' }).count()).toBe(0);
    expect(await noSidewaysScroll(page)).toBe(true);
    await screenshot(page, 'supervision-item-phone');
    await page.setViewportSize(VIEWPORT);
    await logOut(page);
  });

  it('the office approves it from 延期审批, the deadline moves and the history keeps it; then it chases', async () => {
    await logIn(page, platform.baseUrl, OFFICE);
    await page.goto(`${platform.baseUrl}/supervision`);
    await chooseQueue(page, '延期审批');
    const rows = page.getByTestId('supervision-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count(), WAIT).toBe(1);
    await rows.getByRole('link', { name: REQUIREMENT }).click();
    const pending = await shown(page.getByTestId('supervision-pending-extension'));
    await pending.getByLabel('审批意见（可选）').fill('同意顺延');
    await pending.getByRole('button', { name: '同意延期' }).click();
    await expect.poll(() => page.getByTestId('supervision-pending-extension').count(), WAIT).toBe(0);
    const newDeadline = chinaDate(DEADLINE_DAYS + 14);
    const [year, month, day] = newDeadline.split('-').map(Number);
    await shown(page.getByTestId('supervision-deadline').getByText(`${year}年${month}月${day}日`));
    await shown(page.getByTestId('supervision-extensions').getByText('已同意：同意顺延'));
    await shown(page.getByTestId('supervision-counts').getByText('催办 0 次 · 延期 1 次'));

    await page
      .getByTestId('supervision-actions')
      .getByRole('button', { name: /^催\s?办$/ })
      .click();
    const chase = page.getByRole('dialog').filter({ hasText: '催办意见' });
    await chase.getByLabel('催办意见（可选）').fill('请按新时限加快推进');
    await chase.getByRole('button', { name: /^确\s?定$/ }).click();
    await shown(page.getByTestId('supervision-counts').getByText('催办 1 次 · 延期 1 次'));
    const timeline = page.getByTestId('supervision-timeline');
    for (const step of ['立项交办', '签收', '申请延期', '同意延期', '催办']) await shown(timeline.getByText(step, { exact: true }));
    await shown(timeline.getByText('请按新时限加快推进'));
    await screenshot(page, 'supervision-item-office');
    await logOut(page);
  });

  it('the county applies to close; the office returns it from 待审核 with a reason; the county sees it back in 待办理', async () => {
    await logIn(page, platform.baseUrl, COUNTY);
    await page.goto(`${platform.baseUrl}${itemUrl}`);
    await page.getByTestId('supervision-actions').getByRole('button', { name: '申请办结' }).click();
    const apply = page.getByRole('dialog').filter({ hasText: '办结情况' });
    await apply.getByLabel('办结情况').fill('推进计划已报送市合作办');
    await apply.getByRole('button', { name: /^确\s?定$/ }).click();
    await shown(page.getByTestId('supervision-status').getByText('待审核办结'));
    await logOut(page);

    await logIn(page, platform.baseUrl, OFFICE);
    await page.goto(`${platform.baseUrl}/supervision?queue=to_review`);
    const rows = page.getByTestId('supervision-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count(), WAIT).toBe(1);
    await rows.getByRole('link', { name: REQUIREMENT }).click();
    await page.getByTestId('supervision-actions').getByRole('button', { name: '退回重办' }).click();
    const back = page.getByRole('dialog').filter({ hasText: '退回理由' });
    await back.getByLabel('退回理由').fill('请补充各线路接待能力数据');
    await back.getByRole('button', { name: /^确\s?定$/ }).click();
    await shown(page.getByTestId('supervision-status').getByText('办理中'));
    await shown(page.getByTestId('supervision-timeline').getByText('请补充各线路接待能力数据'));
    await logOut(page);

    await logIn(page, platform.baseUrl, COUNTY);
    await page.goto(`${platform.baseUrl}/supervision?queue=to_handle`);
    const mine = page.getByTestId('supervision-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => mine.count(), WAIT).toBe(1);
    await logOut(page);
  });

  it('the office widens the warning window in 督办设置 and the item turns 临期', async () => {
    await logIn(page, platform.baseUrl, OFFICE);
    await page.goto(`${platform.baseUrl}/supervision`);
    const row = page.getByTestId('supervision-table').locator('tbody tr.ant-table-row').filter({ hasText: REQUIREMENT });
    await shown(row.locator('[data-light="green"]'));
    await page.getByRole('button', { name: '督办设置' }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: '督办设置（本结对城市）' });
    const warn = dialog.getByLabel('临期预警（天）');
    await expect.poll(() => warn.inputValue(), WAIT).toBe('3');
    await warn.fill('40');
    await dialog.getByRole('button', { name: /^保\s?存$/ }).click();
    await dialog.waitFor({ state: 'hidden', ...WAIT });
    await page.reload();
    await shown(page.getByTestId('supervision-table').locator('tbody tr.ant-table-row').filter({ hasText: REQUIREMENT }).locator('[data-light="yellow"]'));
    expect(pageErrors).toEqual([]);
  });
});
