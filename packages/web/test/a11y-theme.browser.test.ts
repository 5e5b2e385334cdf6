import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ApiClient, apiSession, defaultPlanId, ok } from './support/api.js';
import { seriousViolations } from './support/axe.js';
import { type Browser, HAS_CHROMIUM, launchBrowser, MISSING_CHROMIUM, recordFailure, SKIP_BROWSER_TESTS, shown } from './support/browser.js';
import { type RunningPlatform, startPlatform } from './support/platform.js';
import { logIn } from './support/ui.js';

// The theme and the names of the app's controls, checked with axe-core on representative screens
// that hold data (tiles, the plan tree, forms with required selects, a list with tags and
// pagination, the users page), as an office administrator: no serious or critical violation
// (contrast, names, roles and ARIA attributes), accessible names that contain what the control
// shows (WCAG 2.5.3), no English icon names, and a visible focus ring wherever Tab lands.

const ADMIN_PASSWORD = 'Duikou#Pass2026';
const OFFICE_PASSWORD = 'Office#Pass2026';
/** axe-core's serious and critical findings on the page as it is now, one line per element. */
async function axeFindings(page: Page): Promise<string[]> {
  return (await seriousViolations(page)).flatMap((v) =>
    v.nodes.map((node) => `${v.id} (${v.impact}) ${node.target.join(' ')}: ${(node.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 300)}`),
  );
}

/**
 * Tabs through the page (up to `stops` times) and lists the focused elements that show no focus
 * ring: an outline of at least 2 px, or a solid box-shadow ring, on the element or the antd box
 * around it (a select's or picker's input sits inside the box that draws the ring).
 */
async function focusWithoutRing(page: Page, stops: number): Promise<string[]> {
  await page.locator('body').focus();
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const missing: string[] = [];
  for (let i = 0; i < stops; i++) {
    await page.keyboard.press('Tab');
    // A select marks itself focused 10 ms after the focus (rc-select): the ring may come a moment later.
    let problem: string | null = null;
    for (let attempt = 0; attempt < 10; attempt++) {
      if (attempt > 0) await page.waitForTimeout(50);
      problem = await ringProblem(page);
      if (!problem) break;
    }
    if (problem) missing.push(problem);
  }
  return [...new Set(missing)];
}

/** What is focused, if it shows no focus ring; null when it does (or nothing is focused). */
async function ringProblem(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const focused = document.activeElement as HTMLElement | null;
    if (!focused || focused === document.body) return null;
    // The ring may be drawn by the element or by its ::before / ::after (the side menu's link draws
    // it on a ::before that covers its whole item).
    const ring = (el: Element) =>
      [null, '::before', '::after'].some((pseudo) => {
        const style = getComputedStyle(el, pseudo);
        const outline = style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) >= 2 && !/rgba\(.*, 0\)$|transparent/.test(style.outlineColor);
        const shadow = /(rgb\([^)]*\)|#\w+)[^,]*\b[2-9]px\b/.test(style.boxShadow) && !/rgba/.test(style.boxShadow);
        return outline || shadow;
      });
    let el: Element | null = focused;
    for (let depth = 0; el && depth < 6; depth++, el = el.parentElement) {
      if (ring(el)) return null;
    }
    const label = focused.getAttribute('aria-label') ?? focused.textContent ?? '';
    return `${focused.tagName.toLowerCase()}.${[...focused.classList].join('.')} "${label.trim().slice(0, 30)}"`;
  });
}

/** The accessible name Chromium computes for the element (from its accessibility snapshot). */
async function accessibleName(locator: Locator): Promise<string> {
  const snapshot = await locator.ariaSnapshot();
  const match = /^- \w+ "((?:[^"\\]|\\.)*)"/.exec(snapshot);
  if (!match) throw new Error(`no name in ${snapshot}`);
  return JSON.parse(`"${match[1]}"`) as string;
}

/**
 * Icons the app renders in the page's main part that still name themselves in English ("plus
 * 新建", "close-circle 红灯"). The icons antd draws inside its own components (the date picker's
 * calendar, the pagination arrows, the search button, a finished progress bar) are left out here.
 */
async function englishIconNames(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('main .anticon[role="img"][aria-label]')]
      .filter((icon) => icon.checkVisibility({ visibilityProperty: true }))
      .filter((icon) => !icon.closest('[aria-hidden="true"], .ant-picker-suffix, .ant-pagination, .ant-input-search, .ant-progress'))
      .map((icon) => `${icon.getAttribute('aria-label')} in ${icon.parentElement?.outerHTML.slice(0, 120)}`),
  );
}

describe.skipIf(SKIP_BROWSER_TESTS)('the theme and accessible names in Chromium', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  let page: Page;
  let admin: ApiClient;
  let registryType = '';
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!HAS_CHROMIUM) throw new Error(MISSING_CHROMIUM);
    // The built-in plan loads on the first start: the plan tree and the dashboard have a plan.
    platform = await startPlatform(ADMIN_PASSWORD);
    browser = await launchBrowser();
    page = browser.page;
    page.on('pageerror', (error) => pageErrors.push(error.message));

    admin = await apiSession(platform.baseUrl, 'admin', ADMIN_PASSWORD);
    const pairId = ok(await admin.GET('/api/v1/pairs')).items[0]!.id;
    const planId = await defaultPlanId(admin, pairId);
    const unitNamed = async (name: string) => {
      const found = ok(await admin.GET('/api/v1/units', { params: { query: { pairId, q: name } } })).items.find((u) => u.name === name);
      if (!found) throw new Error(`no unit ${name}`);
      return found;
    };
    const xingguo = await unitNamed('兴国县');
    const ningdu = await unitNamed('宁都县');
    const office = await unitNamed('赣州市对口合作工作领导小组办公室');
    ok(
      await admin.POST('/api/v1/users', {
        body: {
          username: 'gz.office',
          displayName: '赣州市合作办',
          unitId: office.id,
          password: OFFICE_PASSWORD,
          mustChangePassword: false,
          roles: [{ role: 'office_admin', scope: 'all', pairId }],
        },
      }),
    );
    // 25 tasks: two pages of the task list, lights of every colour, tiles with figures.
    for (let i = 1; i <= 25; i++) {
      const created = ok(
        await admin.POST('/api/v1/tasks', {
          body: {
            planId,
            articleNo: i % 2 ? '四' : '五',
            title: `无障碍检查任务 ${i}`,
            startOn: '2026-01-01',
            dueOn: i % 5 === 0 ? '2026-01-31' : '2027-06-30',
            leadUnitIds: [i % 3 ? xingguo.id : ningdu.id],
          },
        }),
      );
      if (i % 4 === 0) ok(await admin.PATCH('/api/v1/tasks/{id}', { params: { path: { id: created.id } }, body: { status: 'done', progress: 100 } }));
    }
    registryType = ok(await admin.GET('/api/v1/registry-types', { params: { query: { pairId } } })).items[0]!.type;
  });

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      await recordFailure(page, 'a11y-theme', task.name);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it('logs in as the office', async () => {
    await logIn(page, platform.baseUrl, { username: 'gz.office', password: OFFICE_PASSWORD });
  });

  const screens: [string, () => string, (page: Page) => Promise<void>][] = [
    ['the dashboard with its tiles', () => '/', async (p) => void (await shown(p.locator('.unit-tile')))],
    ['the plan tree', () => '/plans', async (p) => void (await shown(p.getByTestId('plan-tree-article')))],
    ['the task form', () => '/tasks/new', async (p) => void (await shown(p.locator('form .ant-select')))],
    ['the meeting form', () => '/meetings/new', async (p) => void (await shown(p.locator('form .ant-select')))],
    ['a registry form', () => `/registries/${registryType}/new`, async (p) => void (await shown(p.locator('form .ant-select')))],
    ['the task list with tags and pagination', () => '/tasks', async (p) => void (await shown(p.locator('.ant-pagination-item-2')))],
    ['the users page', () => '/admin/users', async (p) => void (await shown(p.locator('.ant-table-row')))],
  ];

  for (const [name, url, ready] of screens) {
    it(`${name}: no serious or critical axe finding, a focus ring at every Tab stop`, async () => {
      await page.goto(`${platform.baseUrl}${url()}`);
      await ready(page);
      expect(await axeFindings(page)).toEqual([]);
      expect(await englishIconNames(page)).toEqual([]);
      expect(await focusWithoutRing(page, 40)).toEqual([]);
    });
  }

  it('names each county tile by what it shows, then the words a screen reader needs (WCAG 2.5.3)', async () => {
    await page.goto(`${platform.baseUrl}/`);
    const tiles = await shown(page.locator('a.unit-tile'));
    expect(await tiles.count()).toBe(29);
    for (const tile of await tiles.all()) {
      const name = await accessibleName(tile);
      const visible = await tile.evaluate((el) =>
        [...el.querySelectorAll(':scope > span')].map((span) =>
          [...span.childNodes]
            .filter((node) => !(node instanceof Element && node.classList.contains('visually-hidden')))
            .map((node) => node.textContent)
            .join(''),
        ),
      );
      expect(name.startsWith(visible[0]!), `${name} starts with ${visible[0]}`).toBe(true);
      for (const part of visible) expect(name, `${name} holds ${part}`).toContain(part);
    }
    // The tile shows the short name (兴国); the tooltip says the whole sentence.
    const xingguo = page.locator('a.unit-tile', { hasText: '兴国' });
    expect(await accessibleName(xingguo)).toMatch(/^兴国 完成率 \d+(\.\d)?% 任务 17 项 · 红灯 \d+$/);
    expect(await xingguo.getAttribute('title')).toMatch(/^兴国县：完成率 .*，任务 17 项，红灯 \d+ 项$/);
  });

  it("names the plan tree's expand buttons by their task count, and keeps the page clean when open", async () => {
    await page.goto(`${platform.baseUrl}/plans`);
    const article = (await shown(page.getByTestId('plan-tree-article'))).and(page.locator('[data-article="四"]'));
    const expand = article.getByRole('button', { name: /^13 项任务 ?（第四条）$/ });
    expect(await expand.getAttribute('aria-expanded')).toBe('false');
    await expand.click();
    await shown(page.getByTestId('plan-tree-tasks'));
    expect(await expand.getAttribute('aria-expanded')).toBe('true');
    expect(await axeFindings(page)).toEqual([]);
  });

  it('keeps aria-required on the combobox of a required select, and only there', async () => {
    await page.goto(`${platform.baseUrl}/tasks/new`);
    const lead = await shown(page.getByRole('combobox', { name: '牵头单位' }));
    expect(await lead.getAttribute('aria-required')).toBe('true');
    expect(await page.locator('.ant-select[aria-required], .ant-tree-select[aria-required]').count()).toBe(0);
  });

  it('raised no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
