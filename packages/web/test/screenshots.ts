/**
 * Takes the README's screenshots (docs/screenshots/*.png) from the real platform: a fresh first start
 * (the built-in plan published), an office and a county with a task, quarterly report periods and a
 * submitted report, in Debian's chromium. `npm run screenshots` after `npm run build`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { apiSession, defaultPlanId, ok } from './support/api.js';
import { HAS_CHROMIUM, launchBrowser, MISSING_CHROMIUM } from './support/browser.js';
import { REPO_ROOT, startPlatform } from './support/platform.js';

const OUT = path.join(REPO_ROOT, 'docs', 'screenshots');
const ADMIN_PASSWORD = 'Duikou#Pass2026';
const OFFICE = { username: 'gz.office', password: 'Office#Pass2026' };
const REPORTER = { username: 'xg.reporter', password: 'County#Pass2026' };

/** Today in China as YYYY-MM-DD, `days` from now. */
function chinaDay(days = 0): string {
  return new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
}

async function logIn(page: Page, baseUrl: string, user: { username: string; password: string }): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('用户名').fill(user.username);
  await page.getByLabel('密码', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: /^登\s?录$/ }).click();
  await page.getByRole('navigation').getByRole('link').first().waitFor({ timeout: 20_000 });
}

async function take(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
  const file = path.join(OUT, `${name}.png`);
  await page.screenshot({ path: file, animations: 'disabled' });
  console.log(`wrote ${path.relative(REPO_ROOT, file)}`);
}

async function main(): Promise<void> {
  if (!HAS_CHROMIUM) throw new Error(MISSING_CHROMIUM);
  fs.mkdirSync(OUT, { recursive: true });
  const platform = await startPlatform(ADMIN_PASSWORD);
  const browser = await launchBrowser();
  try {
    const admin = await apiSession(platform.baseUrl, 'admin', ADMIN_PASSWORD);
    const pairId = ok(await admin.GET('/api/v1/pairs')).items[0]!.id;
    const planId = await defaultPlanId(admin, pairId);
    const unitId = async (name: string) => {
      const found = ok(await admin.GET('/api/v1/units', { params: { query: { pairId, q: name } } })).items.find((u) => u.name === name);
      if (!found) throw new Error(`no unit ${name}`);
      return found.id;
    };
    const office = await unitId('赣州市对口合作工作领导小组办公室');
    const county: Record<string, string> = {};
    for (const name of ['兴国县', '于都县', '宁都县', '瑞金市', '福田区', '南山区']) county[name] = await unitId(name);
    const xingguo = await unitId('兴国县');
    ok(
      await admin.POST('/api/v1/users', {
        body: { ...OFFICE, displayName: '赣州市合作办', unitId: office, mustChangePassword: false, roles: [{ role: 'office_admin', scope: 'all', pairId }] },
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
    const year = chinaDay().slice(0, 4);
    ok(
      await admin.POST('/api/v1/plans/{id}/report-periods', {
        params: { path: { id: planId } },
        body: { kind: 'quarterly', from: `${year}-01-01`, to: `${year}-12-31`, dueDays: 10 },
      }),
    );
    // The tasks start with the current quarter, so each owes this quarter's report; one is past its
    // due date (a red light with its reason).
    const month = Number(chinaDay().slice(5, 7));
    const quarterStart = `${year}-${String(Math.floor((month - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;
    const tasks: [string, string, string, string, number, string?][] = [
      ['四', '兴国县红色研学线路建设', '兴国县', '福田区', 60],
      ['四', '于都县长征源红色旅游合作', '于都县', '南山区', 45],
      ['五', '宁都县农产品进深圳直供基地', '宁都县', '福田区', 30, chinaDay(-5)],
      ['六', '瑞金市干部互派挂职交流', '瑞金市', '南山区', 80],
      ['三', '赣深产业园区共建招商', '于都县', '福田区', 20],
    ];
    let reportTaskId = '';
    for (const [articleNo, title, lead, support, progress, dueOn] of tasks) {
      const task = ok(
        await admin.POST('/api/v1/tasks', {
          body: {
            planId,
            articleNo,
            title,
            startOn: quarterStart,
            dueOn: dueOn ?? `${Number(year) + 1}-06-30`,
            leadUnitIds: [county[lead]!],
            supportUnitIds: [county[support]!],
            indicators: [{ name: '完成投资', unitOfMeasure: '万元', target: '5000' }],
          },
        }),
      );
      ok(await admin.PATCH('/api/v1/tasks/{id}', { params: { path: { id: task.id } }, body: { status: 'in_progress', progress } }));
      if (!reportTaskId) reportTaskId = task.id;
    }
    const reporter = await apiSession(platform.baseUrl, REPORTER.username, REPORTER.password);
    const todo = ok(await reporter.GET('/api/v1/reports/todo', { params: { query: { pageSize: 100 } } })).items;
    const owed = todo.find((row) => row.taskId === reportTaskId);
    if (!owed) throw new Error('the county owes no report for its task');
    const report = ok(
      await reporter.PUT('/api/v1/reports', {
        body: {
          taskId: reportTaskId,
          unitId: xingguo,
          periodId: owed.periodId,
          narrative: '本季度接待深圳研学团队33批、3300人次，完成两条研学线路的讲解员培训；下季度计划新增一条线路，并与福田区学校签订研学合作协议。',
          progress: 60,
          values: [],
          submit: true,
        },
      }),
    );

    const page = browser.page;
    await logIn(page, platform.baseUrl, OFFICE);
    await page.goto(`${platform.baseUrl}/`);
    await page.getByTestId('home-review').waitFor({ timeout: 20_000 });
    await take(page, 'dashboard');
    await page.goto(`${platform.baseUrl}/tasks`);
    await page.getByRole('link', { name: '兴国县红色研学线路建设' }).first().waitFor({ timeout: 20_000 });
    await take(page, 'tasks');
    await page.goto(`${platform.baseUrl}/reports/${report.id}`);
    await page.getByText('本季度接待深圳研学团队33批').first().waitFor({ timeout: 20_000 });
    await take(page, 'report');
  } finally {
    await browser.close();
    await platform.stop();
  }
}

await main();
