import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ApiClient, apiSession, defaultPlanId, ok } from './support/api.js';
import {
  BROWSER_MISSING,
  type Browser,
  CHROMIUM,
  HAS_CHROMIUM,
  launchBrowser,
  MISSING_CHROMIUM,
  recordFailure,
  SKIP_BROWSER_TESTS_ON_ANY_DATABASE,
  shown,
  WAIT,
} from './support/browser.js';
import { type RunningPlatform, startPlatform } from './support/platform.js';
import { chinaDate, confirmDialog, logIn } from './support/ui.js';

// Lists that keep up: the office's open review queue shows a report a county submits in another
// browser, and its bell counts a new notice, without a reload (server-sent change notices); and a
// list re-reads when its menu item is clicked again, even without them. Skipped without
// /usr/bin/chromium, except under CI.
if (BROWSER_MISSING) {
  console.warn(`live-list browser tests skipped: ${CHROMIUM} not found (install it with \`apt-get install -y chromium fonts-noto-cjk\`)`);
}

const ADMIN_PASSWORD = 'Duikou#Pass2026';
const OFFICE = { username: 'gz.office', password: 'Office#Pass2026' };
const REPORTER = { username: 'xg.reporter', password: 'County#Pass2026' };
const LIVE_TASK = '兴国县红色研学线路建设';
const MENU_TASK = '兴国县脐橙深加工项目';

/** The first day of the current quarter: its period is open for reports today. */
function quarterStart(today: string): string {
  const [year, month] = today.split('-').map(Number) as [number, number];
  return `${year}-${String(Math.floor((month - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;
}

describe.skipIf(SKIP_BROWSER_TESTS_ON_ANY_DATABASE)('lists and queues keep up without a reload, in Chromium against the running platform', () => {
  let platform: RunningPlatform;
  let officeBrowser: Browser;
  let reporterBrowser: Browser;
  let office: Page;
  let reporter: Page;
  let admin: ApiClient;
  let pairId: string;
  let officeUnit: string;
  let officeUserId: string;
  let xingguo: string;
  let periodId: string;
  const taskIds: Record<string, string> = {};
  let indicatorIds: Record<string, string> = {};
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!HAS_CHROMIUM) throw new Error(MISSING_CHROMIUM);
    platform = await startPlatform(ADMIN_PASSWORD);
    officeBrowser = await launchBrowser();
    reporterBrowser = await launchBrowser();
    office = officeBrowser.page;
    reporter = reporterBrowser.page;
    for (const page of [office, reporter]) page.on('pageerror', (error) => pageErrors.push(error.message));

    admin = await apiSession(platform.baseUrl, 'admin', ADMIN_PASSWORD);
    pairId = ok(await admin.GET('/api/v1/pairs')).items[0]!.id;
    const planId = await defaultPlanId(admin, pairId);
    const unitId = async (name: string) => {
      const found = ok(await admin.GET('/api/v1/units', { params: { query: { pairId, q: name } } })).items.find((u) => u.name === name);
      if (!found) throw new Error(`no unit ${name}`);
      return found.id;
    };
    officeUnit = await unitId('赣州市对口合作工作领导小组办公室');
    xingguo = await unitId('兴国县');
    officeUserId = ok(
      await admin.POST('/api/v1/users', {
        body: {
          ...OFFICE,
          displayName: '赣州市合作办',
          unitId: officeUnit,
          mustChangePassword: false,
          roles: [{ role: 'office_admin', scope: 'all', pairId }],
        },
      }),
    ).user.id;
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
    const from = quarterStart(today);
    for (const title of [LIVE_TASK, MENU_TASK]) {
      const task = ok(
        await admin.POST('/api/v1/tasks', {
          body: {
            planId,
            articleNo: '四',
            title,
            startOn: from,
            dueOn: chinaDate(365),
            leadUnitIds: [xingguo],
            indicators: [{ name: '接待研学人次', unitOfMeasure: '人次', target: '5000' }],
          },
        }),
      );
      taskIds[title] = task.id;
      indicatorIds = { ...indicatorIds, [title]: task.indicators[0]!.id };
    }
    const periods = ok(
      await admin.POST('/api/v1/plans/{id}/report-periods', { params: { path: { id: planId } }, body: { kind: 'quarterly', from, to: today, dueDays: 10 } }),
    ).items;
    periodId = periods[0]!.id;
  });

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      await recordFailure(office, 'office-', task.name);
      await recordFailure(reporter, 'reporter-', task.name);
    });
  });

  afterAll(async () => {
    await officeBrowser?.close();
    await reporterBrowser?.close();
    await platform?.stop();
    expect(pageErrors).toEqual([]);
  });

  const queueRows = () => office.getByTestId('review-table').locator('tbody tr.ant-table-row');

  it('the office’s open review queue shows a report submitted in the county’s browser within 2 s, without a reload', async () => {
    await logIn(office, platform.baseUrl, OFFICE);
    await office.getByRole('navigation').getByRole('link', { name: '进展报告' }).click();
    await shown(office.getByRole('tab', { name: '待审核', selected: true }));
    await shown(office.getByText('暂无待审核的报告'));
    const officeUrl = office.url();

    await logIn(reporter, platform.baseUrl, REPORTER);
    await reporter.goto(`${platform.baseUrl}/reports/fill?${new URLSearchParams({ taskId: taskIds[LIVE_TASK]!, unitId: xingguo, periodId })}`);
    await shown(reporter.getByRole('heading', { level: 1, name: '填报进展报告' }));
    await reporter.getByLabel('完成进度').fill('40');
    await reporter.getByLabel('接待研学人次（人次）').fill('1800');
    await reporter.getByLabel('进展情况').fill('本季度接待深圳研学团队18批、1800人次。');
    await reporter.getByRole('button', { name: /^提\s?交$/ }).click();
    await confirmDialog(reporter, '确认提交本期进展报告？', '确认提交');
    await shown(reporter.getByTestId('report-status').getByText('待审核'));

    // Submitted (the answer is on the county's screen): the office's queue follows within 2 s.
    await expect.poll(() => queueRows().filter({ hasText: LIVE_TASK }).count(), { timeout: 2000, interval: 50 }).toBe(1);
    expect(office.url()).toBe(officeUrl);
  });

  it('the office’s bell counts a notice sent to it while its screen is open', async () => {
    const bell = office.getByRole('button', { name: /^通知，\d+ 条未读$/ });
    const before = Number((await bell.getAttribute('aria-label'))!.match(/(\d+)/)![1]);
    ok(
      await admin.POST('/api/v1/supervision', {
        body: { unitId: officeUnit, ownerUserId: officeUserId, requirement: '请督促兴国县按期报送研学接待佐证材料。', deadline: chinaDate(30) },
      }),
    );
    await expect.poll(() => bell.getAttribute('aria-label'), { timeout: 2000, interval: 50 }).toBe(`通知，${before + 1} 条未读`);
  });

  it('clicking the menu item or the tab of the open list again, or focusing the window, re-reads it (with no change notices reaching the page)', async () => {
    // Cut this tab off from the change notices: only the click may bring the new report.
    await office.route('**/api/v1/events', (route) => route.abort());
    await office.reload();
    await shown(office.getByRole('tab', { name: '待审核', selected: true }));
    await expect.poll(() => queueRows().count(), WAIT).toBe(1);

    const reporterApi = await apiSession(platform.baseUrl, REPORTER.username, REPORTER.password);
    ok(
      await reporterApi.PUT('/api/v1/reports', {
        body: {
          taskId: taskIds[MENU_TASK]!,
          unitId: xingguo,
          periodId,
          narrative: '脐橙深加工生产线完成设备安装。',
          progress: 30,
          values: [{ indicatorId: indicatorIds[MENU_TASK]!, value: '100' }],
          submit: true,
        },
      }),
    );
    // Nothing tells the page: it still shows the one report…
    await office.waitForTimeout(1500);
    expect(await queueRows().filter({ hasText: MENU_TASK }).count()).toBe(0);
    // …until its menu item is clicked again.
    await office.getByRole('navigation').getByRole('link', { name: '进展报告' }).click();
    await expect.poll(() => queueRows().filter({ hasText: MENU_TASK }).count(), WAIT).toBe(1);
    // And the tab of the open queue, clicked again, re-reads it as well.
    ok(await admin.POST('/api/v1/reports/{id}/review', { params: { path: { id: await reportIdOf(MENU_TASK) } }, body: { decision: 'accept' } }));
    await office.waitForTimeout(500);
    expect(await queueRows().filter({ hasText: MENU_TASK }).count()).toBe(1);
    await office.getByRole('tab', { name: '待审核' }).click();
    await expect.poll(() => queueRows().filter({ hasText: MENU_TASK }).count(), WAIT).toBe(0);
    // The window coming back into focus re-reads the open queue too.
    ok(await admin.POST('/api/v1/reports/{id}/review', { params: { path: { id: await reportIdOf(LIVE_TASK) } }, body: { decision: 'accept' } }));
    await office.waitForTimeout(500);
    expect(await queueRows().filter({ hasText: LIVE_TASK }).count()).toBe(1);
    await office.evaluate(() => window.dispatchEvent(new Event('focus')));
    await expect.poll(() => queueRows().count(), WAIT).toBe(0);
    await shown(office.getByText('暂无待审核的报告'));
    await office.unroute('**/api/v1/events');
  });

  async function reportIdOf(title: string): Promise<string> {
    const list = ok(await admin.GET('/api/v1/reports', { params: { query: { taskId: taskIds[title]! } } }));
    return list.items[0]!.id;
  }
});
