import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiSession, defaultPlanId, ok } from './support/api.js';
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
  shown,
  WAIT,
} from './support/browser.js';
import { type RunningPlatform, startPlatform } from './support/platform.js';
import { type Credentials, chinaDate } from './support/ui.js';

// The app on a phone (issue 13): at 375×812 every main screen, with data, fits the width (the page
// never scrolls sideways; wide tables scroll inside their card), the menu is a drawer opened from a
// top bar, list filters fold behind one button, table cells keep names readable and actions are
// large enough to tap.
if (BROWSER_MISSING) {
  console.warn(
    `phone browser tests skipped: ${CHROMIUM} not found (install it with \`apt-get install -y chromium fonts-noto-cjk\`; under CI they fail instead)`,
  );
}

const PHONE = { width: 375, height: 812 };
// Texts that must not run into each other: the header's pair, labels, cells, helps and counters.
const TEXT_SELECTORS =
  'a, button, label, h1, h2, h3, th, td, li, .ant-tag, .ant-descriptions-item-label, .ant-card-head-title, .ant-form-item-extra, .ant-input-data-count, [data-testid="pair-name"]';
const ADMIN_PASSWORD = 'Duikou#Pass2026';
const OFFICE = { username: 'gz-office', password: 'Office#Pass2026x' };
const REPORTER = { username: 'xg-reporter', password: 'County#Pass2026x' };
const TASK = '兴国县红色研学线路建设与深圳中小学生研学合作';
const MEETING = '深圳市与赣州市对口合作联席会议第一次会议';
const PROJECT = '兴国县深赣现代农业产业园项目';

/** Logs in on a phone: the menu waits in its drawer, the top bar's menu button shows. */
async function logIn(page: Page, baseUrl: string, user: Credentials): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('用户名').fill(user.username);
  await page.getByLabel('密码', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: /^登\s?录$/ }).click();
  await shown(page.getByRole('button', { name: '打开菜单' }));
}

/** How far the page scrolls sideways (0 when it fits the viewport). */
const sidewaysOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** Waits for the screen to settle: its h1, no loading spinner, the network idle. */
async function settle(page: Page): Promise<void> {
  await page
    .locator('main h1, #main h1')
    .first()
    .waitFor({ state: 'visible', ...WAIT });
  await page.waitForLoadState('networkidle');
  await expect.poll(() => page.locator('#main .ant-spin-spinning').count(), WAIT).toBe(0);
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
}

/** Visible table cells (antd tables and plain tables) narrower than four characters of the body font. */
async function squeezedCells(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const cell of document.querySelectorAll<HTMLElement>('#main td, #main th')) {
      const text = (cell.textContent ?? '').trim();
      if ([...text].length < 4 || cell.offsetParent === null) continue;
      const style = getComputedStyle(cell);
      const padding = Number.parseFloat(style.paddingLeft) + Number.parseFloat(style.paddingRight);
      const width = cell.getBoundingClientRect().width - padding;
      const fontSize = Number.parseFloat(style.fontSize);
      if (width < fontSize * 4 - 1) out.push(`"${text.slice(0, 12)}" ${Math.round(width)}px`);
    }
    return out;
  });
}

/** Visible buttons in the page (not the menus') that are less than 44 px tall or wide. */
async function smallButtons(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('#main button, #main .ant-pagination-item, #main a.ant-btn')) {
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      // A control inside a table's header (sorter) or a select's own parts are not actions; a row's
      // expand button (antd draws its sign at 17 px) is left for later.
      if (el.closest('.ant-select, .ant-picker, .ant-table-thead, .ant-tabs-nav-operations, .ant-input-affix-wrapper, .ant-table-row-expand-icon')) continue;
      if (rect.height < 44 - 0.5 || rect.width < 44 - 0.5)
        out.push(
          `${el.tagName} "${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 12)}" ${Math.round(rect.width)}×${Math.round(rect.height)}`,
        );
    }
    return out;
  });
}

describe.skipIf(SKIP_BROWSER_TESTS)('the app on a 375×812 phone', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    if (!HAS_CHROMIUM) throw new Error(MISSING_CHROMIUM);
    platform = await startPlatform(ADMIN_PASSWORD);
    browser = await launchBrowser();
    page = browser.page;
    await page.setViewportSize(PHONE);
    page.on('pageerror', (error) => pageErrors.push(error.message));

    const admin = await apiSession(platform.baseUrl, 'admin', ADMIN_PASSWORD);
    const pair = ok(await admin.GET('/api/v1/pairs')).items[0]!;
    const pairId = pair.id;
    const planId = await defaultPlanId(admin, pairId);
    const unit = async (name: string) => {
      const found = ok(await admin.GET('/api/v1/units', { params: { query: { pairId, q: name } } })).items.find((u) => u.name === name);
      if (!found) throw new Error(`no unit ${name}`);
      return found;
    };
    const xingguo = await unit('兴国县');
    const futian = await unit('福田区');
    const office = ok(await admin.GET('/api/v1/units', { params: { query: { pairId, type: 'coordination_office' } } })).items.find(
      (u) => u.cityId === xingguo.cityId,
    )!;
    ok(
      await admin.POST('/api/v1/users', {
        body: {
          ...OFFICE,
          displayName: '赣州市对口合作工作领导小组办公室',
          unitId: office.id,
          mustChangePassword: false,
          roles: [{ role: 'office_admin', scope: 'all', pairId }],
        },
      }),
    );
    const reporterId = ok(
      await admin.POST('/api/v1/users', {
        body: {
          ...REPORTER,
          displayName: '兴国县填报员',
          unitId: xingguo.id,
          mustChangePassword: false,
          roles: [{ role: 'unit_reporter', scope: 'unit', unitId: xingguo.id }],
        },
      }),
    ).user.id;

    const year = chinaDate().slice(0, 4);
    const month = Number(chinaDate().slice(5, 7));
    const quarterStart = `${year}-${String(Math.floor((month - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;
    ok(
      await admin.POST('/api/v1/plans/{id}/report-periods', {
        params: { path: { id: planId } },
        body: { kind: 'quarterly', from: `${year}-01-01`, to: `${year}-12-31`, dueDays: 10 },
      }),
    );
    const tasks: [string, string, string][] = [
      ['四', TASK, '兴国县'],
      ['五', '兴国县农产品进深圳直供基地建设', '兴国县'],
      ['六', '于都县长征源红色旅游合作', '于都县'],
    ];
    for (const [articleNo, title, lead] of tasks) {
      const task = ok(
        await admin.POST('/api/v1/tasks', {
          body: {
            planId,
            articleNo,
            title,
            startOn: quarterStart,
            dueOn: `${Number(year) + 1}-06-30`,
            leadUnitIds: [(await unit(lead)).id],
            supportUnitIds: [futian.id],
            indicators: [{ name: '完成投资', unitOfMeasure: '万元', target: '5000' }],
          },
        }),
      );
      ok(await admin.PATCH('/api/v1/tasks/{id}', { params: { path: { id: task.id } }, body: { status: 'in_progress', progress: 40 } }));
      if (!ids.task) ids.task = task.id;
    }
    const reporter = await apiSession(platform.baseUrl, REPORTER.username, REPORTER.password);
    const todo = ok(await reporter.GET('/api/v1/reports/todo', { params: { query: { pageSize: 100 } } })).items;
    const owed = todo.find((row) => row.taskId === ids.task)!;
    ids.report = ok(
      await reporter.PUT('/api/v1/reports', {
        body: {
          taskId: ids.task!,
          unitId: xingguo.id,
          periodId: owed.periodId,
          narrative: '本季度接待深圳研学团队33批、3300人次，完成两条研学线路的讲解员培训。',
          progress: 40,
          values: [],
          submit: true,
        },
      }),
    ).id;
    const second = todo.find((row) => row.taskId !== ids.task)!;
    ids.fill = `/reports/fill?${new URLSearchParams({ taskId: second.taskId, unitId: second.unitId, periodId: second.periodId })}`;
    ids.supervision = ok(
      await admin.POST('/api/v1/supervision', {
        body: { unitId: xingguo.id, requirement: '请报送红色研学线路建设的工作进展和存在问题', deadline: `${Number(year) + 1}-03-31`, ownerUserId: reporterId },
      }),
    ).id;
    const ganzhou = pair.cities.find((c) => c.id === xingguo.cityId)!;
    ids.meeting = ok(
      await admin.POST('/api/v1/meetings', {
        body: {
          pairId,
          title: MEETING,
          startsAt: `${Number(year) + 1}-01-15T09:30:00+08:00`,
          place: '赣州市行政中心第一会议室',
          hostCityId: ganzhou.id,
          chairs: [{ name: '张三', title: '赣州市副市长', cityId: ganzhou.id }],
          attendees: [{ unitId: xingguo.id }, { unitId: futian.id }],
          agenda: [{ title: '研学线路建设进展汇报', link: { kind: 'task', id: ids.task! } }],
          decisions: [{ text: '兴国县牵头制定红色研学线路方案并报联席会议办公室', ownerUnitId: xingguo.id, deadline: `${Number(year) + 1}-03-31` }],
        },
      }),
    ).id;
    const shenzhen = pair.cities.find((c) => c.id !== xingguo.cityId)!;
    ids.project = ok(
      await admin.POST('/api/v1/registries/{type}/records', {
        params: { path: { type: 'project' } },
        body: {
          pairId,
          data: {
            name: PROJECT,
            investor: '深圳某农业科技有限公司',
            originCityId: shenzhen.id,
            locationCode: '360732',
            industry: '农业',
            plannedInvestment: '800',
            stage: '洽谈',
            ownerUnitId: xingguo.id,
          },
        },
      }),
    ).id;
    const amr = await unit('赣州市市场监督管理局');
    for (const [badgeNo, name] of [
      ['GZ-0001', '张明'],
      ['GZ-0002', '李华'],
    ] as const) {
      ok(await admin.POST('/api/v1/inspections/inspectors', { body: { pairId, cityId: ganzhou.id, badgeNo, name, unitId: amr.id } }));
    }
    ids.inspectionPlan = ok(
      await admin.POST('/api/v1/inspections/plans', { body: { pairId, cityId: ganzhou.id, title: `${year}年赣州市对口合作园区双随机抽查计划` } }),
    ).id;
    const sections = ok(await admin.GET('/api/v1/water/sections', { params: { query: { pairId } } })).items;
    ids.section = sections[0]!.id;
    ok(
      await admin.POST('/api/v1/water/agreements', {
        body: {
          pairId,
          name: '东江流域上下游横向生态补偿协议',
          upstreamParty: '江西省',
          downstreamParty: '广东省',
          fromYear: 2024,
          toYear: 2026,
          upstreamAmount: '10000',
          downstreamAmount: '10000',
          sectionIds: sections.map((s) => s.id),
          rule: { kind: 'compliance', requiredMonthlyCompliancePercent: '90', amounts: { pass: '10000', fail: '0' } },
        },
      }),
    );
  }, 240_000);

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      await recordFailure(page, 'phone', task.name);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  /** Visits each screen and collects what does not fit a phone, so one run names every screen at fault. */
  async function sweep(paths: string[]): Promise<string[]> {
    const problems: string[] = [];
    for (const path of paths) {
      await page.goto(`${platform.baseUrl}${path}`);
      await settle(page);
      const overflow = await sidewaysOverflow(page);
      if (overflow > 0) problems.push(`${path}: the page scrolls ${overflow}px sideways`);
      const squeezed = await squeezedCells(page);
      if (squeezed.length > 0) problems.push(`${path}: squeezed cells ${squeezed.slice(0, 3).join(', ')}`);
      const overlaps = await overlappingTexts(page, '.ant-layout', TEXT_SELECTORS);
      if (overlaps.length > 0) problems.push(`${path}: overlapping texts ${overlaps.slice(0, 3).join(', ')}`);
      const small = await smallButtons(page);
      if (small.length > 0) problems.push(`${path}: small actions ${small.slice(0, 4).join(', ')}`);
    }
    return problems;
  }

  it('the office admin: every main screen fits 375 px, with readable cells and large enough actions', async () => {
    await logIn(page, platform.baseUrl, OFFICE);
    const problems = await sweep([
      '/',
      '/plans',
      '/tasks',
      `/tasks/${ids.task}`,
      '/tasks/new',
      `/tasks/${ids.task}/edit`,
      '/reports/review',
      '/reports/periods',
      `/reports/${ids.report}`,
      '/supervision',
      `/supervision/${ids.supervision}`,
      '/meetings',
      `/meetings/${ids.meeting}`,
      '/meetings/new',
      `/meetings/${ids.meeting}/edit`,
      '/registries',
      '/registries/project',
      '/registries/project?view=map',
      '/registries/project/new',
      `/registries/project/${ids.project}`,
      '/registries/indicators',
      '/inspections',
      `/inspections/plans/${ids.inspectionPlan}`,
      '/water',
      `/water/sections/${ids.section}`,
      '/water/agreements',
      '/water/assessment',
      '/water/warnings',
      '/water/import',
      '/admin/users',
      '/admin/units',
      '/admin/audit',
      '/notifications',
    ]);
    expect(problems).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 600_000);

  it('the county reporter: every main screen fits 375 px, with readable cells and large enough actions', async () => {
    await page.context().clearCookies();
    await logIn(page, platform.baseUrl, REPORTER);
    const problems = await sweep([
      '/',
      '/tasks',
      `/tasks/${ids.task}`,
      '/reports/todo',
      '/reports/mine',
      ids.fill!,
      `/reports/${ids.report}`,
      '/supervision',
      `/supervision/${ids.supervision}`,
      '/meetings',
      `/meetings/${ids.meeting}`,
      '/registries/project',
      '/registries/project/new',
    ]);
    expect(problems).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 600_000);

  it('a top bar opens the menu as a drawer with full labels, which navigates and closes', async () => {
    await page.goto(`${platform.baseUrl}/`);
    await settle(page);
    // No side bar takes the left edge: the page starts at the screen's edge.
    const mainLeft = await page.locator('#main').evaluate((el) => el.getBoundingClientRect().left);
    expect(mainLeft).toBe(0);
    const menuButton = page.getByRole('button', { name: '打开菜单' });
    await shown(menuButton);
    const box = (await menuButton.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(44);
    expect(box.width).toBeGreaterThanOrEqual(44);
    await menuButton.click();
    const drawer = page.getByRole('dialog').filter({ has: page.getByRole('navigation') });
    await shown(drawer);
    const link = drawer.getByRole('link', { name: '督办' });
    await shown(link);
    // The whole item, label and all, is as wide as the drawer: not a bar of icons.
    const itemBox = (await drawer.getByRole('menuitem', { name: '督办' }).boundingBox())!;
    expect(itemBox.width).toBeGreaterThan(200);
    expect(itemBox.height).toBeGreaterThanOrEqual(44);
    await link.click();
    await shown(page.getByRole('heading', { level: 1, name: /督办/ }));
    await expect.poll(() => drawer.isVisible(), WAIT).toBe(false);
    expect(new URL(page.url()).pathname).toBe('/supervision');
  });

  it('list filters fold behind one 筛选 button that shows them and counts the active ones', async () => {
    await page.goto(`${platform.baseUrl}/tasks`);
    await settle(page);
    // The first screen shows the data, not eight filters.
    await shown(page.getByRole('link', { name: TASK }));
    const keyword = page.locator('#task-q');
    expect(await keyword.isVisible()).toBe(false);
    const toggle = page.getByRole('button', { name: /^筛选/ });
    await shown(toggle);
    await toggle.click();
    await shown(keyword);
    await keyword.fill('研学');
    await keyword.press('Enter');
    await expect.poll(async () => ((await toggle.textContent()) ?? '').replace(/\s/g, ''), WAIT).toContain('1');
    for (const path of ['/supervision', '/meetings', '/registries/project', '/reports/mine']) {
      await page.goto(`${platform.baseUrl}${path}`);
      await settle(page);
      await shown(page.getByRole('button', { name: /^筛选/ }));
      expect(await page.locator('#main form[name$="filters"] .ant-form-item:visible').count(), path).toBe(0);
    }
  });

  it('on a desktop the side menu takes one Tab stop per item, each with a visible focus ring', async () => {
    await page.setViewportSize({ width: 1366, height: 768 });
    try {
      await page.goto(`${platform.baseUrl}/`);
      await settle(page);
      const links = await page.getByRole('navigation').getByRole('link').allTextContents();
      await page.locator('body').focus();
      // The skip link first, then the menu's links one by one, nothing in between.
      await page.keyboard.press('Tab');
      const stops: string[] = [];
      for (let i = 0; i < links.length; i++) {
        await page.keyboard.press('Tab');
        const stop = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement;
          // The ring is drawn by the link's ::before over its whole item (styles.css).
          const ring = getComputedStyle(el, '::before');
          return {
            tag: el.tagName,
            text: (el.textContent ?? '').trim(),
            ring: ring.outlineStyle !== 'none' && Number.parseFloat(ring.outlineWidth) >= 2,
          };
        });
        stops.push(`${stop.tag} ${stop.text} ${stop.ring ? 'ring' : 'no ring'}`);
      }
      expect(stops).toEqual(links.map((text) => `A ${text} ring`));
    } finally {
      await page.setViewportSize(PHONE);
    }
  });
});
